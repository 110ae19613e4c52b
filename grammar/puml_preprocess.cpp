// PlantUML preprocessing: blocks, comments, continuations and the legacy
// !define macro language. Kind detection lives in puml_detect.cpp.
#include "grammar/puml_preprocess.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace dg::grammar::puml {
namespace {

constexpr int kMaxExpansionPasses = 64;        // !define rescans of one line before "recursive"
constexpr size_t kMaxExpandedLineBytes = 1 << 16;  // a line may not grow past 64 KiB by !define
constexpr size_t kMaxDefineParams = 32;

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && Lower(s.substr(0, prefix.size())) == prefix;
}

std::string_view TrimView(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

/// Directives of PlantUML's newer preprocessor that diagc does not run.
bool IsKnownUnsupported(const std::string& name) {
  static const char* kNames[] = {"import", "if", "elseif", "function", "endfunction", "procedure",
                                 "endprocedure", "return", "global", "local", "foreach", "endfor",
                                 "while", "endwhile", "log", "dump_memory", "assert", "unquoted",
                                 "startsub", "endsub"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

/// A physical line of the source.
struct RawLine {
  std::string_view text;
  uint32_t begin = 0;
};

struct Define {
  std::vector<std::string> params;
  bool function_like = false;
  std::string body;
};

/// Per-block state: the !define table and conditional stack.
class BlockPreprocessor {
 public:
  BlockPreprocessor(Diagnostics& diags, std::map<std::string, Define>& defines)
      : diags_(diags), defines_(defines) {}

  /// Feeds one physical line; finished logical lines go to `out`.
  void Feed(const RawLine& raw, std::vector<Line>& out);
  void Finish(std::vector<Line>& out);

 private:
  void StripComments(std::string& text);
  void Emit(Line line, std::vector<Line>& out);
  void Directive(const Line& line, std::vector<Line>& out);
  bool ParseDefine(const Line& line, std::string_view rest, std::string* name, Define* def);
  bool Expand(Line& line);
  bool ExpandOnce(std::string& text, std::string* applied);
  bool Active() const { return std::all_of(conds_.begin(), conds_.end(), [](bool b) { return b; }); }

  Diagnostics& diags_;
  std::map<std::string, Define>& defines_;
  bool in_block_comment_ = false;
  std::optional<Line> pending_;  ///< a line ending in '\', waiting for its continuation
  std::vector<bool> conds_;      ///< !ifdef stack
  bool exited_ = false;          ///< after !exit
  std::optional<std::pair<std::string, Define>> long_define_;  ///< inside !definelong
  Span long_define_span_;
};

// Block comments may open and close anywhere outside quotes; their bytes are
// blanked so the remaining text keeps its columns.
void BlockPreprocessor::StripComments(std::string& text) {
  bool in_quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (in_block_comment_) {
      if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '/') {
        text[i] = text[i + 1] = ' ';
        ++i;
        in_block_comment_ = false;
      } else {
        text[i] = ' ';
      }
      continue;
    }
    if (text[i] == '"') in_quote = !in_quote;
    if (!in_quote && text[i] == '/' && i + 1 < text.size() && text[i + 1] == '\'') {
      text[i] = text[i + 1] = ' ';
      ++i;
      in_block_comment_ = true;
    }
  }
  // A line whose first visible character is a quote mark is a comment.
  std::string_view t = TrimView(text);
  if (!t.empty() && t[0] == '\'') text.assign(text.size(), ' ');
}

void BlockPreprocessor::Feed(const RawLine& raw, std::vector<Line>& out) {
  if (exited_) return;
  bool was_comment = in_block_comment_;
  std::string text(raw.text);
  StripComments(text);
  bool has_comment = was_comment || text != raw.text;
  Line line{std::move(text), {raw.begin, raw.begin + static_cast<uint32_t>(raw.text.size())}, false};
  if (has_comment && TrimView(line.text).empty()) return;  // comment-only lines vanish
  if (pending_) {
    pending_->text += line.text;
    pending_->span.end = line.span.end;
    pending_->substituted = true;
    line = std::move(*pending_);
    pending_.reset();
  }
  if (!line.text.empty() && line.text.back() == '\\') {
    line.text.pop_back();
    pending_ = std::move(line);
    return;
  }
  Emit(std::move(line), out);
}

void BlockPreprocessor::Finish(std::vector<Line>& out) {
  if (long_define_) {
    diags_.Error(long_define_span_, "puml-preprocess",
                 "\"!definelong " + long_define_->first + "\" is not closed: expected \"!enddefinelong\"");
    long_define_.reset();
  }
  if (pending_) {
    Line line = std::move(*pending_);
    pending_.reset();
    Emit(std::move(line), out);
  }
}

void BlockPreprocessor::Emit(Line line, std::vector<Line>& out) {
  // Trim, moving the span so byte i of text stays byte span.begin + i.
  size_t lead = 0;
  while (lead < line.text.size() && IsSpace(line.text[lead])) ++lead;
  size_t tail = line.text.size();
  while (tail > lead && IsSpace(line.text[tail - 1])) --tail;
  if (!line.substituted) {
    line.span.begin += static_cast<uint32_t>(lead);
    line.span.end = line.span.begin + static_cast<uint32_t>(tail - lead);
  }
  line.text = line.text.substr(lead, tail - lead);
  if (long_define_) {
    if (StartsWithNoCase(line.text, "!enddefinelong")) {
      defines_[long_define_->first] = std::move(long_define_->second);
      long_define_.reset();
    } else {
      std::string& body = long_define_->second.body;
      body += (body.empty() ? "" : "\n") + line.text;
    }
    return;
  }
  if (!line.text.empty() && line.text[0] == '!') {
    Directive(line, out);
    return;
  }
  if (!Active()) return;
  if (!Expand(line)) return;
  if (line.text.find('\n') == std::string::npos) {
    out.push_back(std::move(line));
    return;
  }
  // A !definelong body expands to several lines, all pointing at the call.
  size_t start = 0;
  for (size_t nl = line.text.find('\n'); ; nl = line.text.find('\n', start)) {
    std::string part = line.text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    out.push_back({std::string(TrimView(part)), line.span, true});
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

void BlockPreprocessor::Directive(const Line& line, std::vector<Line>& out) {
  std::string_view text = line.text;
  size_t n = 1;
  while (n < text.size() && (std::isalpha(static_cast<unsigned char>(text[n])) || text[n] == '_')) ++n;
  std::string name = Lower(text.substr(1, n - 1));
  std::string_view rest = TrimView(text.substr(n));
  Span at{line.span.begin, line.substituted ? line.span.end : line.span.begin + static_cast<uint32_t>(n)};
  if (name == "ifdef" || name == "ifndef") {
    bool defined = defines_.count(std::string(rest)) > 0;
    conds_.push_back(Active() && (name == "ifdef") == defined);
    return;
  }
  if (name == "if") {
    // Expressions are not evaluated: report, and keep !endif balanced.
    if (Active()) diags_.Error(at, "puml-preprocess", "!if is not supported");
    conds_.push_back(Active());
    return;
  }
  if (name == "else" || name == "endif") {
    if (conds_.empty()) {
      diags_.Error(at, "puml-preprocess", "\"!" + name + "\" without a matching \"!ifdef\"");
    } else if (name == "else") {
      conds_.back() = !conds_.back();
    } else {
      conds_.pop_back();
    }
    return;
  }
  if (!Active()) return;
  if (name == "define" || name == "definelong") {
    std::string def_name;
    Define def;
    if (!ParseDefine(line, rest, &def_name, &def)) return;
    if (name == "define") defines_[def_name] = std::move(def);
    else long_define_.emplace(def_name, std::move(def)), long_define_span_ = line.span;
    return;
  }
  if (name == "enddefinelong") {
    diags_.Error(at, "puml-preprocess", "\"!enddefinelong\" without a matching \"!definelong\"");
    return;
  }
  if (name == "undef") {
    defines_.erase(std::string(rest));
    return;
  }
  if (name == "pragma") return;
  if (name == "exit") {
    exited_ = true;  // the rest of the block is not read
    return;
  }
  if (name == "theme") {
    diags_.Warning(line.span, "puml-ignored", "!theme is ignored; diagc uses its own theme");
    return;
  }
  if (name.empty() && text.size() > 1 && text[1] == '$') {
    diags_.Error(line.span, "puml-preprocess", "preprocessor variables (\"!$name = …\") are not supported");
    return;
  }
  if (name.rfind("include", 0) == 0 || IsKnownUnsupported(name)) {
    diags_.Error(at, "puml-preprocess", "!" + name + " is not supported");
    return;
  }
  diags_.Error(at, "puml-preprocess",
               "unknown preprocessor directive \"!" + name +
                   "\", expected !define, !undef, !ifdef, !ifndef, !else, !endif or !pragma");
}

bool BlockPreprocessor::ParseDefine(const Line& line, std::string_view rest, std::string* out_name,
                                    Define* out) {
  size_t n = 0;
  while (n < rest.size() && IsWordChar(rest[n])) ++n;
  if (n == 0) {
    diags_.Error(line.span, "puml-preprocess", "expected a name after \"!define\"");
    return false;
  }
  std::string name(rest.substr(0, n));
  Define def;
  if (n < rest.size() && rest[n] == '(') {
    size_t close = rest.find(')', n);
    if (close == std::string_view::npos) {
      diags_.Error(line.span, "puml-preprocess", "expected \")\" to close the parameters of \"" + name + "\"");
      return false;
    }
    def.function_like = true;
    std::string_view params = rest.substr(n + 1, close - n - 1);
    while (!TrimView(params).empty() && def.params.size() < kMaxDefineParams) {
      size_t comma = params.find(',');
      def.params.emplace_back(TrimView(params.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      params.remove_prefix(comma + 1);
    }
    n = close + 1;
  }
  def.body = std::string(TrimView(rest.substr(n)));
  *out_name = std::move(name);
  *out = std::move(def);
  return true;
}

/// Splits "a, b" arguments of a macro call at top-level commas.
std::vector<std::string> SplitArgs(std::string_view args) {
  std::vector<std::string> out;
  int depth = 0;
  bool quote = false;
  std::string cur;
  for (char c : args) {
    if (c == '"') quote = !quote;
    if (!quote && c == '(') ++depth;
    if (!quote && c == ')') --depth;
    if (!quote && depth == 0 && c == ',') {
      out.emplace_back(TrimView(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.emplace_back(TrimView(cur));
  return out;
}

std::string ReplaceWords(std::string_view body, const std::vector<std::string>& from,
                         const std::vector<std::string>& to) {
  std::string out;
  for (size_t i = 0; i < body.size();) {
    if (!IsWordChar(body[i])) {
      out += body[i++];
      continue;
    }
    size_t j = i;
    while (j < body.size() && IsWordChar(body[j])) ++j;
    std::string_view word = body.substr(i, j - i);
    auto it = std::find(from.begin(), from.end(), word);
    if (it != from.end() && size_t(it - from.begin()) < to.size()) {
      out += to[it - from.begin()];
    } else {
      out += word;
    }
    i = j;
  }
  return out;
}

/// One left-to-right pass replacing whole words that name a define.
bool BlockPreprocessor::ExpandOnce(std::string& text, std::string* applied) {
  bool changed = false;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool word_start = IsWordChar(text[i]) && (i == 0 || !IsWordChar(text[i - 1]));
    if (!word_start) {
      out += text[i++];
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsWordChar(text[j])) ++j;
    auto it = defines_.find(text.substr(i, j - i));
    if (it == defines_.end()) {
      out.append(text, i, j - i);
      i = j;
      continue;
    }
    const Define& def = it->second;
    if (!def.function_like) {
      out += def.body;
      i = j;
    } else {
      size_t close = j < text.size() && text[j] == '(' ? text.find(')', j) : std::string::npos;
      // Find the matching parenthesis, allowing nested ones.
      int depth = 0;
      for (size_t k = j; k < text.size() && j < text.size() && text[j] == '('; ++k) {
        if (text[k] == '(') ++depth;
        if (text[k] == ')' && --depth == 0) {
          close = k;
          break;
        }
      }
      if (close == std::string::npos) {
        out.append(text, i, j - i);
        i = j;
        continue;
      }
      std::string body =
          ReplaceWords(def.body, def.params, SplitArgs(std::string_view(text).substr(j + 1, close - j - 1)));
      // `##` pastes tokens: `##a##b` → the arguments joined.
      for (size_t paste = body.find("##"); paste != std::string::npos; paste = body.find("##", paste)) {
        body.erase(paste, 2);
      }
      out += body;
      i = close + 1;
    }
    changed = true;
    *applied = it->first;
    if (out.size() > kMaxExpandedLineBytes) {
      text = std::move(out);
      return true;
    }
  }
  text = std::move(out);
  return changed;
}

bool BlockPreprocessor::Expand(Line& line) {
  if (defines_.empty()) return true;
  std::string applied;
  for (int pass = 0; pass < kMaxExpansionPasses; ++pass) {
    if (!ExpandOnce(line.text, &applied)) return true;
    line.substituted = true;
    if (line.text.size() > kMaxExpandedLineBytes) break;
  }
  diags_.Error(line.span, "puml-preprocess",
               "recursive !define \"" + applied + "\": expansion does not terminate");
  return false;
}

std::vector<RawLine> SplitLines(const SourceFile& file) {
  std::vector<RawLine> lines;
  for (uint32_t i = 1; i <= file.LineCount(); ++i) {
    lines.push_back({file.LineText(i), file.LineStart(i)});
  }
  // A trailing newline yields one empty last line; it is not content.
  if (!lines.empty() && lines.back().text.empty() && lines.back().begin == file.text().size()) {
    lines.pop_back();
  }
  return lines;
}

/// "@startuml name" → tag "uml", name "name"; also `@startuml(id=name)`.
bool ParseStart(std::string_view line, std::string* tag, std::string* name) {
  std::string_view t = TrimView(line);
  if (!StartsWithNoCase(t, "@start")) return false;
  size_t n = 6;
  while (n < t.size() && std::isalpha(static_cast<unsigned char>(t[n]))) ++n;
  *tag = Lower(t.substr(6, n - 6));
  std::string_view rest = TrimView(t.substr(n));
  if (!rest.empty() && rest.front() == '(' && rest.back() == ')') {
    rest = TrimView(rest.substr(1, rest.size() - 2));
    if (StartsWithNoCase(rest, "id=")) rest = TrimView(rest.substr(3));
  }
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
  *name = std::string(rest);
  return true;
}

bool IsEnd(std::string_view line) { return StartsWithNoCase(TrimView(line), "@end"); }

Span LineSpan(const RawLine& raw) {
  return {raw.begin, raw.begin + static_cast<uint32_t>(raw.text.size())};
}

}  // namespace

std::vector<Block> Preprocess(const SourceFile& file, Diagnostics& diags,
                              const PreprocessOptions& options) {
  std::vector<RawLine> raw = SplitLines(file);
  bool any_start = std::any_of(raw.begin(), raw.end(), [](const RawLine& r) {
    std::string tag, name;
    return ParseStart(r.text, &tag, &name);
  });
  std::vector<Block> blocks;
  std::map<std::string, Define> defines;  // PlantUML keeps !define across blocks of one file
  for (const auto& [name, value] : options.defines) defines[name] = Define{{}, false, value};
  std::optional<BlockPreprocessor> pre;
  for (const RawLine& r : raw) {
    Block block;
    if (!pre && !any_start) {
      blocks.push_back({"uml", "", {0, 0}, {}});
      pre.emplace(diags, defines);
    } else if (!pre) {
      if (ParseStart(r.text, &block.tag, &block.name)) {
        block.start = LineSpan(r);
        blocks.push_back(std::move(block));
        pre.emplace(diags, defines);
      }
      continue;
    } else if (any_start && IsEnd(r.text)) {
      pre->Finish(blocks.back().lines);
      pre.reset();
      continue;
    }
    pre->Feed(r, blocks.back().lines);
  }
  if (pre) {
    pre->Finish(blocks.back().lines);
    if (any_start) {
      // PlantUML draws nothing for such a block ("No diagram found"): a
      // truncated file must not pass as a smaller diagram.
      diags.Error(blocks.back().start, "puml-unterminated",
                  "\"@start" + blocks.back().tag + "\" has no matching \"@end" + blocks.back().tag +
                      "\": expected \"@end" + blocks.back().tag + "\" before the end of the file");
    }
  }
  if (blocks.empty() && !any_start) blocks.push_back({"uml", "", {0, 0}, {}});
  return blocks;
}

}  // namespace dg::grammar::puml
