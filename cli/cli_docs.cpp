#include "cli/cli_docs.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

namespace dg::cli {
namespace {

std::vector<std::string> SplitNames(const std::string& joined) {
  std::vector<std::string> names;
  std::stringstream in(joined);
  for (std::string name; std::getline(in, name, ',');) names.push_back(name);
  return names;
}

/// "TEXT:{text,json}" (an IsMember check) → {"text", "json"}.
std::vector<std::string> ChoicesOf(const std::string& type_name) {
  size_t open = type_name.find(":{"), close = type_name.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return {};
  return SplitNames(type_name.substr(open + 2, close - open - 2));
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string CommandWords(const CommandDoc& c) { return c.name.empty() ? "diagc" : "diagc " + c.name; }

/// The subcommands' names, space-separated.
std::string SubcommandNames(const std::vector<CommandDoc>& commands) {
  std::string names;
  for (const CommandDoc& c : commands) {
    if (!c.name.empty()) names += (names.empty() ? "" : " ") + c.name;
  }
  return names;
}

// ---- man page (roff) ----

/// Non-ASCII characters as groff's \[uXXXX] escapes (troff reads bytes, not UTF-8).
std::string RoffUnicode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (length == 1 || i + length > text.size()) {
      out += text[i++];
      continue;
    }
    uint32_t code = lead & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    char escape[16];
    std::snprintf(escape, sizeof escape, "\\[u%04X]", code);
    out += escape;
    i += length;
  }
  return out;
}

std::string Roff(const std::string& text) {
  std::string out = RoffUnicode(Replace(Replace(text, "\\", "\\e"), "-", "\\-"));
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string ManSynopsis(const CommandDoc& c) {
  std::string line = ".B " + CommandWords(c) + "\n[\\fIoptions\\fR]";
  for (const OptionDoc& p : c.positionals) {
    std::string name = "\\fI" + Roff(p.names.front()) + "\\fR";
    line += " " + (p.required ? name : "[" + name + "]");
  }
  return line + "\n.br\n";
}

std::string ManOptions(const std::vector<OptionDoc>& options) {
  std::string out;
  for (const OptionDoc& o : options) {
    out += ".TP\n";
    for (size_t i = 0; i < o.names.size(); ++i) out += (i ? ", " : "") + ("\\fB" + Roff(o.names[i]) + "\\fR");
    if (!o.value.empty()) out += " \\fI" + Roff(o.value) + "\\fR";
    out += "\n" + Roff(o.description) + "\n";
  }
  return out;
}

std::string ManFooter(const std::string& footer) {
  std::string out = ".nf\n";
  std::stringstream in(footer);
  for (std::string line; std::getline(in, line);) out += Roff(line) + "\n";
  return out + ".fi\n";
}

// ---- bash ----

std::string AllNames(const std::vector<OptionDoc>& options, bool only_valued) {
  std::string names;
  for (const OptionDoc& o : options) {
    if (only_valued && o.value.empty()) continue;
    for (const std::string& n : o.names) names += (names.empty() ? "" : " ") + n;
  }
  return names;
}

std::string BashChoiceCases(const std::vector<CommandDoc>& commands) {
  std::string out;
  for (const CommandDoc& c : commands) {
    for (const OptionDoc& o : c.options) {
      if (o.choices.empty()) continue;
      std::string words;
      for (const std::string& w : o.choices) words += (words.empty() ? "" : " ") + w;
      for (const std::string& n : o.names) out += "    '" + c.name + " " + n + "') echo '" + words + "' ;;\n";
    }
  }
  return out;
}

// ---- zsh ----

std::string ZshQuote(const std::string& text) {
  std::string out = Replace(Replace(Replace(text, "\\", "\\\\"), "[", "\\["), "]", "\\]");
  return Replace(Replace(out, ":", "\\:"), "'", "'\\''");
}

std::string ZshAction(const OptionDoc& o) {
  std::string message = o.value.substr(0, o.value.find(':'));
  if (!o.choices.empty()) {
    std::string words;
    for (const std::string& w : o.choices) words += (words.empty() ? "" : " ") + w;
    return ":" + message + ":(" + words + ")";
  }
  return ":" + message + ":" + (message == "TEXT" ? "_files" : "");
}

std::string ZshSpecs(const CommandDoc& c) {
  std::string out;
  for (const OptionDoc& o : c.options) {
    for (const std::string& n : o.names) {
      out += "    '*" + n + "[" + ZshQuote(o.description) + "]" + (o.value.empty() ? "" : ZshAction(o)) + "' \\\n";
    }
  }
  if (!c.positionals.empty()) out += std::string("    '*:") + ZshQuote(c.positionals.front().names.front()) + ":" +
                                     (c.name.empty() ? "_diagc_inputs" : "_files") + "' \\\n";
  return out;
}

// ---- fish ----

std::string FishQuote(const std::string& text) { return "'" + Replace(Replace(text, "\\", "\\\\"), "'", "\\'") + "'"; }

std::string FishLine(const std::string& condition, const OptionDoc& o) {
  std::string line = "complete -c diagc -n " + FishQuote(condition);
  for (const std::string& n : o.names) line += (n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1));
  if (!o.choices.empty()) {
    std::string words;
    for (const std::string& w : o.choices) words += (words.empty() ? "" : " ") + w;
    line += " -x -a " + FishQuote(words);
  } else if (!o.value.empty()) {
    line += " -r";
  }
  return line + " -d " + FishQuote(o.description) + "\n";
}

bool WriteText(const std::filesystem::path& path, const std::string& text, std::string* error) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (out.flush()) return true;
  *error = "cannot write " + path.string();
  return false;
}

}  // namespace

CommandDoc DescribeCommand(const CLI::App& app, const std::string& name, const std::string& summary) {
  CommandDoc doc{name, summary, {}, {}, app.get_footer()};
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden: --help does not list it either
    OptionDoc o;
    o.description = opt->get_description();
    if (opt->get_positional() && opt->get_lnames().empty() && opt->get_snames().empty()) {
      o.names = {opt->get_name(true)};
      o.required = opt->get_required();
      doc.positionals.push_back(o);
      continue;
    }
    o.names = SplitNames(opt->get_name(false, true));
    if (opt->get_type_size_max() != 0) o.value = opt->get_type_name();
    o.choices = ChoicesOf(o.value);
    doc.options.push_back(o);
  }
  return doc;
}

std::string ManPage(const std::vector<CommandDoc>& commands, const std::string& version) {
  const CommandDoc& main = commands.front();
  std::string out = ".\\\" Generated by `diagc-full __docs` from diagc's own command line; do not edit.\n";
  out += ".TH DIAGC 1 \"\" \"diagc " + version + "\" \"User Commands\"\n.SH NAME\ndiagc \\- " + Roff(main.summary) + "\n";
  out += ".SH SYNOPSIS\n";
  for (const CommandDoc& c : commands) out += ManSynopsis(c);
  out += ".SH DESCRIPTION\n" + Roff(main.summary) +
         ". Inputs are files, directories, globs or Markdown files; with no input and a pipe on stdin, "
         "stdin is read. See the README for every workflow.\n";
  out += ".SH OPTIONS\n" + ManOptions(main.options);
  out += ".SH COMMANDS\n";
  for (const CommandDoc& c : commands) {
    if (c.name.empty()) continue;
    out += ".SS \"" + CommandWords(c) + "\"\n" + Roff(c.summary) + "\n" + ManOptions(c.options);
  }
  out += ".SH NOTES\n" + ManFooter(main.footer);
  out += ".SH SEE ALSO\n.BR dot (1),\n.BR plantuml (1)\n";
  return out;
}

std::string BashCompletion(const std::vector<CommandDoc>& commands) {
  std::string out =
      "# bash completion for diagc. Generated by `diagc-full __docs` from diagc's own command line; do not edit.\n"
      "_diagc_choices() {\n  case \"$1 $2\" in\n" + BashChoiceCases(commands) + "  esac\n}\n\n"
      "_diagc() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd='' opts valued choices\n"
      "  if ((COMP_CWORD > 1)); then\n    case ${COMP_WORDS[1]} in " + Replace(SubcommandNames(commands), " ", "|") +
      ") cmd=${COMP_WORDS[1]} ;; esac\n  fi\n  case $cmd in\n";
  // The main command is the catch-all (*), so the subcommands come first.
  std::vector<const CommandDoc*> ordered;
  for (const CommandDoc& c : commands) ordered.insert(c.name.empty() ? ordered.end() : ordered.begin(), &c);
  for (const CommandDoc* c : ordered) {
    out += "    " + (c->name.empty() ? std::string("*") : c->name) + ") opts='" + AllNames(c->options, false) +
           "'\n       valued='" + AllNames(c->options, true) + "' ;;\n";
  }
  out +=
      "  esac\n"
      "  if [[ \" $valued \" == *\" $prev \"* ]]; then\n"
      "    choices=$(_diagc_choices \"$cmd\" \"$prev\")\n"
      "    if [[ -n $choices ]]; then COMPREPLY=($(compgen -W \"$choices\" -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n"
      "    return\n"
      "  fi\n"
      "  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\")); return; fi\n"
      "  COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  if ((COMP_CWORD == 1)); then COMPREPLY+=($(compgen -W '" + SubcommandNames(commands) + "' -- \"$cur\")); fi\n"
      "}\n"
      "complete -o filenames -F _diagc diagc\n";
  return out;
}

std::string ZshCompletion(const std::vector<CommandDoc>& commands) {
  std::string out =
      "#compdef diagc\n"
      "# zsh completion for diagc. Generated by `diagc-full __docs` from diagc's own command line; do not edit.\n"
      "_diagc_inputs() {\n  ((CURRENT == 2)) && compadd " + SubcommandNames(commands) + "\n  _files\n}\n\n"
      "_diagc() {\n  local cmd=''\n  ((CURRENT > 2)) && case ${words[2]} in " + Replace(SubcommandNames(commands), " ", "|") +
      ") cmd=${words[2]} ;; esac\n"
      "  if [[ -n $cmd ]]; then shift words; ((CURRENT--)); fi\n  case $cmd in\n";
  for (const CommandDoc& c : commands) {
    out += "  " + (c.name.empty() ? std::string("''") : c.name) + ")\n    _arguments -s \\\n" + ZshSpecs(c) + "    ;;\n";
  }
  return out + "  esac\n}\n\n_diagc \"$@\"\n";
}

std::string FishCompletion(const std::vector<CommandDoc>& commands) {
  std::string subcommands = SubcommandNames(commands);
  std::string out =
      "# fish completion for diagc. Generated by `diagc-full __docs` from diagc's own command line; do not edit.\n";
  for (const CommandDoc& c : commands) {
    if (c.name.empty()) continue;
    out += "complete -c diagc -n '__fish_use_subcommand' -f -a " + c.name + " -d " + FishQuote(c.summary) + "\n";
  }
  for (const CommandDoc& c : commands) {
    std::string condition = c.name.empty() ? "not __fish_seen_subcommand_from " + subcommands
                                           : "__fish_seen_subcommand_from " + c.name;
    for (const OptionDoc& o : c.options) out += FishLine(condition, o);
  }
  return out;
}

bool WriteCliDocs(const std::vector<CommandDoc>& commands, const std::string& version, const std::string& dir,
                  std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path d(dir);
  return WriteText(d / "diagc.1", ManPage(commands, version), error) &&
         WriteText(d / "diagc.bash", BashCompletion(commands), error) &&
         WriteText(d / "_diagc", ZshCompletion(commands), error) &&
         WriteText(d / "diagc.fish", FishCompletion(commands), error);
}

}  // namespace dg::cli
