// Lines of text: variables and calls substituted where PlantUML substitutes
// them, procedures called from the middle of a line, JSON paths.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "grammar/preproc_engine.hpp"

namespace dg::grammar::puml::preproc {
namespace {

bool IsNameStart(char c) { return IsNameChar(c) && !(c >= '0' && c <= '9'); }

size_t SkipBlanks(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

std::string_view Trim(std::string_view s) {
  size_t b = SkipBlanks(s, 0), e = s.size();
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

/// A name may start right after "\n" although "n" is a letter (PlantUML).
bool AfterBackslashN(std::string_view s, size_t i) { return i >= 2 && s[i - 2] == '\\' && s[i - 1] == 'n'; }

/// `$name =` (or `name =`) at s[i]: a keyword argument of an unquoted call.
size_t KeywordArgAt(std::string_view s, size_t i) {
  size_t j = i;
  if (j < s.size() && s[j] == '$') ++j;
  if (j >= s.size() || !IsNameStart(s[j])) return 0;
  while (j < s.size() && IsNameChar(s[j])) ++j;
  size_t k = SkipBlanks(s, j);
  return k < s.size() && s[k] == '=' && (k + 1 >= s.size() || s[k + 1] != '=') ? j : 0;
}

/// An unquoted argument: a quoted string (without its quotes), or the text
/// up to a ',' or ')' outside parentheses, trimmed.
std::string RawArgument(std::string_view s, size_t* pos) {
  size_t i = SkipBlanks(s, *pos);
  if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
    size_t close = s.find(s[i], i + 1);
    if (close == std::string_view::npos) throw PreprocError{"unterminated string in the arguments"};
    *pos = close + 1;
    return std::string(s.substr(i + 1, close - i - 1));
  }
  int depth = 0;
  size_t j = i;
  for (; j < s.size(); ++j) {
    if (depth == 0 && (s[j] == ',' || s[j] == ')')) break;
    if (s[j] == '(') ++depth;
    if (s[j] == ')') --depth;
  }
  if (j >= s.size()) throw PreprocError{"expected \")\" to close the arguments"};
  *pos = j;
  return std::string(Trim(s.substr(i, j - i)));
}

/// PlantUML's private-use characters for line breaks and escapes, as diagc's
/// diagram parsers read them.
void ExpandPrivateCharacters(std::string& text) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"\xEE\x84\x80", "\\n"}, {"\xEE\x84\x81", "\\l"}, {"\xEE\x84\x82", "\\r"},
      {"\xEE\x84\x90", "\\"},  {"\xEE\x84\x91", "\t"}};
  if (text.find("\xEE\x84") == std::string::npos) return;
  for (const auto& [from, to] : kMap) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + std::strlen(to))) {
      text.replace(at, 3, to);
    }
  }
}

}  // namespace

std::optional<Value> Engine::LookupVariable(std::string_view name) {
  std::string n(name);
  if (n.find_first_of(".[") == std::string::npos) return GetVariable(n);
  // `$json.key[0]` in an expression: substitute, then read the text as JSON.
  std::string text = Substitute(name);
  if (std::optional<Json> json = ParseJson(text)) return Value::FromJson(std::move(*json));
  return Value::Str(std::move(text));
}

std::string Engine::Substitute(std::string_view text) { return Apply(text, current_span_).value_or(""); }

void Engine::EmitPlain(const Body& body, uint32_t pc, bool in_function) {
  const SrcLine& line = (*body.lines)[pc];
  Span origin{line.span.begin + body.base, line.span.end + body.base};
  std::optional<std::string> text = Apply(line.text, origin);
  if (!text || in_function) return;  // in a function, text lines run only for their calls
  bool exact = line.exact && *text == line.text && !frames_.back().call_line;
  ExpandPrivateCharacters(*text);
  Emit(std::move(*text), origin, exact);
}

std::optional<std::string> Engine::Apply(std::string_view s, Span line_span) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    bool sigil = c == '$' || c == '%';
    if (!sigil && !(IsNameStart(c) && (i == 0 || !IsNameChar(s[i - 1]) || AfterBackslashN(s, i)))) {
      out += c;
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < s.size() && IsNameChar(s[j])) ++j;
    std::string name(s.substr(i, j - i));
    if (j < s.size() && s[j] == '(' && functions_.count(name)) {
      bool took_rest = false;
      i = CallInText(s, i, j, name, line_span, &out, &took_rest);
      if (took_rest) return std::nullopt;
      continue;
    }
    if (std::optional<Value> value = GetVariable(name)) {
      i = ReplaceVariable(s, i, j, *value, &out);
      continue;
    }
    // "$x" that is no variable may still hold a variable "x" (`!x = 1`).
    size_t skip = sigil ? 1 : j - i;
    out.append(s, i, skip);
    i += skip;
  }
  return out;
}

size_t Engine::ReplaceVariable(std::string_view s, size_t begin, size_t end, const Value& value, std::string* out) {
  // `##` glues a variable to the text around it.
  if (out->size() >= 2 && out->compare(out->size() - 2, 2, "##") == 0) out->resize(out->size() - 2);
  size_t i = end;
  if (value.is_json() && (value.json().is_object() || value.json().is_array()) && i < s.size() &&
      (s[i] == '.' || s[i] == '[')) {
    const Json* cur = &value.json();
    while (cur && i < s.size() && (s[i] == '.' || s[i] == '[')) {
      if (s[i] == '.') {
        size_t j = i + 1;
        while (j < s.size() && (IsNameChar(s[j]) || s[j] == '$')) ++j;
        std::string key(s.substr(i + 1, j - i - 1));
        cur = cur->is_object() && cur->contains(key) ? &(*cur)[key] : nullptr;
        i = j;
        continue;
      }
      int depth = 0;
      size_t close = i;
      for (; close < s.size(); ++close) {
        if (s[close] == '[') ++depth;
        if (s[close] == ']' && --depth == 0) break;
      }
      if (close >= s.size()) break;
      std::string index = Substitute(s.substr(i + 1, close - i - 1));
      if (cur->is_array()) {
        char* stop = nullptr;
        long n = std::strtol(index.c_str(), &stop, 10);
        cur = (stop && *stop == 0 && n >= 0 && static_cast<size_t>(n) < cur->size()) ? &(*cur)[static_cast<size_t>(n)]
                                                                                     : nullptr;
      } else {
        cur = cur->is_object() && cur->contains(index) ? &(*cur)[index] : nullptr;
      }
      i = close + 1;
    }
    if (cur) *out += cur->is_string() ? cur->get<std::string>() : DumpJson(*cur);
  } else {
    *out += value.ToString();
  }
  if (s.compare(i, 2, "##") == 0) i += 2;
  return i;
}

void Engine::ParseTextArgs(std::string_view s, size_t* pos, bool raw, std::vector<Value>* args, NamedArgs* named) {
  size_t i = SkipBlanks(s, *pos);
  if (i < s.size() && s[i] == ')') {
    *pos = i + 1;
    return;
  }
  while (true) {
    i = SkipBlanks(s, i);
    size_t key_end = KeywordArgAt(s, i);
    std::string key;
    if (key_end) {
      key = std::string(s.substr(i, key_end - i));
      i = SkipBlanks(s, key_end) + 1;
    }
    Value value = raw ? Value::Str(Substitute(RawArgument(s, &i))) : EvaluateArgument(s, &i, *this);
    if (key.empty()) args->push_back(std::move(value));
    else named->emplace_back(std::move(key), std::move(value));
    i = SkipBlanks(s, i);
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == ')') break;
    throw PreprocError{raw ? "expected \",\" or \")\" after an argument (an unquoted call's arguments are text, not "
                             "expressions)"
                           : "expected \",\" or \")\" after an argument"};
  }
  *pos = i + 1;
}

size_t Engine::CallInText(std::string_view s, size_t name_begin, size_t open, const std::string& name,
                          Span line_span, std::string* out, bool* took_rest) {
  const std::vector<Function>& overloads = functions_.at(name);
  bool legacy = std::any_of(overloads.begin(), overloads.end(), [](const Function& f) {
    return f.kind == FunctionKind::kLegacyDefine || f.kind == FunctionKind::kLegacyDefineLong;
  });
  bool unquoted = std::any_of(overloads.begin(), overloads.end(), [](const Function& f) { return f.unquoted; });
  std::vector<Value> args;
  NamedArgs named;
  size_t pos = open + 1;
  if (legacy) {
    // !define arguments are text: a quoted one loses its quotes, none is a keyword.
    size_t i = SkipBlanks(s, pos);
    if (i < s.size() && s[i] == ')') {
      pos = i + 1;
    } else {
      while (true) {
        args.push_back(Value::Str(Substitute(RawArgument(s, &i))));
        i = SkipBlanks(s, i);
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (i < s.size() && s[i] == ')') break;
        throw PreprocError{"expected \",\" or \")\" after an argument of " + name};
      }
      pos = i + 1;
    }
  } else {
    ParseTextArgs(s, &pos, unquoted, &args, &named);
  }
  const Function& fn = Resolve(name, args.size(), named);
  if (fn.kind == FunctionKind::kProcedure || fn.kind == FunctionKind::kLegacyDefineLong) {
    // The text before the call starts the procedure's first line; the text
    // after it ends its last line (unsubstituted), as in PlantUML.
    pending_prefix_ += *out;
    std::string rest(s.substr(pos));
    CallProcedure(fn, std::move(args), std::move(named), line_span);
    if (fn.kind == FunctionKind::kProcedure && !rest.empty() && !out_->empty()) {
      // Appended to the line as the procedure wrote it, trailing blanks and all.
      Line& last = out_->back();
      last_untrimmed_ += rest;
      last.text = std::string(Trim(last_untrimmed_));
      last.substituted = true;
    }
    *took_rest = true;
    return s.size();
  }
  *out += CallValue(fn, std::move(args), std::move(named)).ToString();
  (void)name_begin;
  return pos;
}

}  // namespace dg::grammar::puml::preproc
