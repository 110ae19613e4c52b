#include "cli/plantuml_flags.hpp"

#include <set>

#include "cli/driver.hpp"
#include "grammar/puml_common.hpp"
#include "grammar/puml_preprocess.hpp"
#include "render/theme.hpp"

namespace dg::cli {
namespace {

/// "NAME=VALUE" → NAME, VALUE; false when NAME is not an identifier.
bool SplitAssignment(const std::string& arg, std::string* name, std::string* value) {
  size_t eq = arg.find('=');
  *name = arg.substr(0, eq);
  *value = eq == std::string::npos ? "" : arg.substr(eq + 1);
  if (name->empty() || value->find('\n') != std::string::npos) return false;
  for (char c : *name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '$' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> TranslatePlantUmlFlags(int argc, char** argv, std::vector<std::string>* warnings) {
  static const std::set<std::string> kSingleDashLong = {
      "-pipe",  "-checkonly", "-failfast", "-failfast2", "-charset", "-nometadata", "-quiet",
      "-verbose", "-nbthread", "-config", "-theme", "-version", "-help", "-language"};
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-nbthread" && i + 1 < argc && std::string(argv[i + 1]) == "auto") {
      ++i;
      continue;
    }
    // Scripts written for PlantUML pass its themes (cerulean, plain …); like `!theme`
    // in a file, an unknown one is ignored with a warning rather than failing the run.
    if (arg == "-theme" && i + 1 < argc && !render::FindTheme(argv[i + 1])) {
      warnings->push_back(std::string("-theme ") + argv[i + 1] +
                          " is not one of diagc's themes and is ignored; diagc uses its own theme");
      ++i;
      continue;
    }
    args.push_back(kSingleDashLong.count(arg) ? "-" + arg : arg);
  }
  return args;
}

bool ParseDefines(const std::vector<std::string>& args,
                  std::vector<std::pair<std::string, std::string>>* defines, std::string* error) {
  for (const std::string& arg : args) {
    std::string name, value;
    if (!SplitAssignment(arg, &name, &value)) {
      *error = "-D expects NAME=VALUE, got \"" + arg + "\"";
      return false;
    }
    defines->emplace_back(name, value);
  }
  return true;
}

bool SkinparamLines(const std::vector<std::string>& args, std::vector<std::string>* lines,
                    std::string* error) {
  for (const std::string& arg : args) {
    std::string name, value;
    if (!SplitAssignment(arg, &name, &value) || value.empty()) {
      *error = "-S expects NAME=VALUE (a skinparam), got \"" + arg + "\"";
      return false;
    }
    lines->push_back("skinparam " + name + " " + value);
  }
  return true;
}

bool ReadConfigPrelude(const std::string& path, std::vector<std::string>* lines, std::string* error) {
  std::string text;
  if (!ReadFile(path, &text, error)) return false;
  grammar::SourceFile file(path, std::move(text));
  grammar::Diagnostics diags(file);
  std::vector<grammar::puml::Block> blocks = grammar::puml::Preprocess(file, diags);
  for (const grammar::puml::Block& block : blocks) {
    grammar::puml::CommonStatements ignored;
    for (size_t i = 0; i < block.lines.size();) {
      if (grammar::puml::ParseCommonStatement(block.lines, i, ignored, diags)) continue;
      diags.Error(block.lines[i].span, "config-statement",
                  "a -config file may hold only statements every diagram accepts (skinparam, title, "
                  "hide …), got \"" + block.lines[i].text + "\"");
      ++i;
    }
    for (const grammar::puml::Line& line : block.lines) lines->push_back(line.text);
  }
  if (!diags.HasErrors()) return true;
  *error = "in the -config file:\n";
  for (const grammar::Diagnostic& d : diags.items()) error->append(grammar::FormatText(file, d));
  if (!error->empty() && error->back() == '\n') error->pop_back();
  return false;
}

}  // namespace dg::cli
