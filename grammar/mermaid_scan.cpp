#include "grammar/mermaid_scan.hpp"

#include <cctype>

#include "grammar/text.hpp"

namespace dg::grammar::mermaid::detail {
namespace {

void Blank(std::string& text, size_t begin, size_t end) {
  for (size_t i = begin; i < end && i < text.size(); ++i)
    if (text[i] != '\n') text[i] = ' ';
}

size_t LineEnd(std::string_view text, size_t pos) {
  size_t nl = text.find('\n', pos);
  return nl == std::string_view::npos ? text.size() : nl;
}

std::string Unquote(std::string_view v) {
  v = Trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    v = v.substr(1, v.size() - 2);
  return std::string(v);
}

/// `key: value` settings Mermaid reads from the front matter and directives.
void ApplySetting(std::string_view key, std::string value, Span span, Config& config) {
  if (key == "theme") {
    config.theme = std::move(value);
    config.theme_span = span;
  } else if (key == "look") {
    config.hand_drawn = value == "handDrawn";
  }
}

/// The YAML front matter: `title:` at the top level, `theme:` and `look:`
/// anywhere (they live under `config:`). Only what diagc uses is read.
void ReadFrontMatter(std::string_view text, size_t begin, size_t end, Config& config) {
  for (size_t pos = begin; pos < end;) {
    size_t eol = std::min(LineEnd(text, pos), end);
    std::string_view line = text.substr(pos, eol - pos);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view key = Trim(line.substr(0, colon));
      std::string value = Unquote(line.substr(colon + 1));
      uint32_t value_at = static_cast<uint32_t>(pos + colon + 1);
      Span span{value_at, static_cast<uint32_t>(eol)};
      bool top_level = !line.empty() && line[0] != ' ' && line[0] != '\t';
      if (key == "title" && top_level) {
        config.title = Text{value, false, span};
      } else {
        ApplySetting(key, value, span, config);
      }
    }
    pos = eol + 1;
  }
}

/// `theme` and `look` inside `%%{init: {"theme": "dark", 'look': 'handDrawn'}}%%`:
/// a key token (quoted or bare) followed by ':' and a value token.
void ReadDirective(std::string_view text, size_t begin, size_t end, Config& config) {
  auto token_end = [&](size_t p) {
    if (text[p] == '"' || text[p] == '\'') {
      size_t close = text.find(text[p], p + 1);
      return close == std::string_view::npos || close >= end ? end : close + 1;
    }
    while (p < end && (std::isalnum(static_cast<unsigned char>(text[p])) || text[p] == '_' || text[p] == '-'))
      ++p;
    return p;
  };
  for (size_t p = begin; p < end;) {
    size_t e = token_end(p);
    if (e == p) {
      ++p;
      continue;
    }
    std::string key = Unquote(text.substr(p, e - p));
    size_t q = e;
    while (q < end && (text[q] == ' ' || text[q] == '\t' || text[q] == '\n')) ++q;
    if (q < end && text[q] == ':' && (key == "theme" || key == "look")) {
      ++q;
      while (q < end && (text[q] == ' ' || text[q] == '\t' || text[q] == '\n')) ++q;
      size_t ve = q < end ? token_end(q) : q;
      ApplySetting(key, Unquote(text.substr(q, ve - q)),
                   {static_cast<uint32_t>(q), static_cast<uint32_t>(ve)}, config);
      e = ve > e ? ve : e;
    }
    p = e;
  }
}

bool IsDashLine(std::string_view line) { return Trim(line) == "---"; }

/// Front matter must open the file (blank lines before it are allowed).
void BlankFrontMatter(Prepared& p, const SourceFile& file, Diagnostics& diags) {
  std::string_view text = p.text;
  size_t pos = 0;
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  pos = text.rfind('\n', pos) == std::string_view::npos ? 0 : text.rfind('\n', pos) + 1;
  size_t eol = LineEnd(text, pos);
  if (!IsDashLine(text.substr(pos, eol - pos))) return;
  for (size_t line = eol + 1; line < text.size();) {
    size_t end = LineEnd(text, line);
    if (IsDashLine(text.substr(line, end - line))) {
      ReadFrontMatter(file.text(), eol + 1, line, p.config);
      Blank(p.text, pos, end);
      return;
    }
    line = end + 1;
  }
  diags.Error({static_cast<uint32_t>(pos), static_cast<uint32_t>(eol)}, "mermaid-syntax",
              "front matter opened with \"---\" is never closed: expected a \"---\" line");
  Blank(p.text, pos, text.size());
}

/// `%%{ … }%%` directives (possibly over several lines) and `%%` comment
/// lines. Comments after a statement are left to the diagram parsers.
void BlankDirectivesAndComments(Prepared& p, const SourceFile& file, Diagnostics& diags) {
  std::string& text = p.text;
  for (size_t pos = 0; pos < text.size();) {
    size_t first = text.find_first_not_of(" \t\r", pos);
    if (first == std::string::npos) break;
    size_t eol = LineEnd(text, first);
    if (text.compare(first, 3, "%%{") == 0) {
      size_t close = text.find("}%%", first + 3);
      if (close == std::string::npos) {
        diags.Error({static_cast<uint32_t>(first), static_cast<uint32_t>(first + 3)}, "mermaid-syntax",
                    "directive opened with \"%%{\" is never closed: expected \"}%%\"");
        Blank(text, first, text.size());
        return;
      }
      ReadDirective(file.text(), first + 3, close, p.config);
      Blank(text, first, close + 3);
      pos = close + 3;
      continue;
    }
    if (text.compare(first, 2, "%%") == 0) Blank(text, first, eol);
    pos = eol + 1;
  }
}

}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Prepared Prepare(const SourceFile& file, Diagnostics& diags) {
  Prepared p;
  p.text = file.text();
  if (p.text.compare(0, 3, "\xEF\xBB\xBF") == 0) Blank(p.text, 0, 3);  // byte order mark
  BlankFrontMatter(p, file, diags);
  BlankDirectivesAndComments(p, file, diags);
  size_t begin = p.text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) {
    p.body = static_cast<uint32_t>(p.text.size());
    p.type_span = {p.body, p.body};
    return p;
  }
  size_t end = begin;
  while (end < p.text.size() && (IsNameChar(p.text[end]) || p.text[end] == '-')) ++end;
  p.type = p.text.substr(begin, end - begin);
  p.type_span = {static_cast<uint32_t>(begin), static_cast<uint32_t>(std::max(end, begin + 1))};
  p.body = static_cast<uint32_t>(end);
  return p;
}

bool Scanner::EatKeyword(std::string_view word, bool ignore_case) {
  if (end_ - pos_ < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = text_[pos_ + i];
    if (ignore_case ? std::tolower(static_cast<unsigned char>(c)) != word[i] : c != word[i]) return false;
  }
  if (IsNameChar(Peek(static_cast<uint32_t>(word.size())))) return false;
  pos_ += static_cast<uint32_t>(word.size());
  return true;
}

std::string_view Scanner::Until(std::string_view stops) {
  uint32_t from = pos_;
  while (pos_ < end_ && stops.find(text_[pos_]) == std::string_view::npos) ++pos_;
  return text_.substr(from, pos_ - from);
}

std::string Describe(const Scanner& s) {
  if (s.AtEnd()) return s.AtTextEnd() ? "end of file" : "end of line";
  if (s.Peek() == '\n') return "end of line";
  std::string token;
  for (uint32_t k = 0; s.Peek(k) != '\0' && s.Peek(k) != '\n' && s.Peek(k) != ' ' && token.size() < 24; ++k)
    token += s.Peek(k);
  return "\"" + token + "\"";
}

void Expected(const Scanner& s, std::string_view expected, Diagnostics& diags) {
  uint32_t at = s.pos();
  uint32_t width = 1;
  while (s.Peek(width) != '\0' && s.Peek(width) != '\n' && s.Peek(width) != ' ' && width < 24) ++width;
  if (s.AtEnd() || s.Peek() == '\n') width = 0;
  diags.Error({at, at + std::max(width, 1u)}, "mermaid-syntax",
              "unexpected " + Describe(s) + ", expected " + std::string(expected));
}

std::vector<Span> Statements(std::string_view text, uint32_t begin, bool split_semicolons) {
  std::vector<Span> out;
  auto push = [&](uint32_t b, uint32_t e) {
    std::string_view piece = text.substr(b, e - b);
    size_t lead = piece.find_first_not_of(" \t\r");
    if (lead == std::string_view::npos) return;
    size_t trail = piece.find_last_not_of(" \t\r");
    out.push_back({static_cast<uint32_t>(b + lead), static_cast<uint32_t>(b + trail + 1)});
  };
  uint32_t start = begin;
  for (uint32_t i = begin; i < text.size(); ++i) {
    char c = text[i];
    if (c == '#' && split_semicolons) {  // skip an entity code such as #59; whole
      uint32_t j = i + 1;
      while (j < text.size() && IsNameChar(text[j]) && j - i < 12) ++j;
      if (j < text.size() && text[j] == ';' && j > i + 1) i = j;
      continue;
    }
    if (c == '\n' || (c == ';' && split_semicolons)) {
      push(start, i);
      start = i + 1;
    }
  }
  push(start, static_cast<uint32_t>(text.size()));
  return out;
}

std::string ReadDirection(Scanner& s) {
  uint32_t at = s.pos();
  std::string dir = Lower(s.Until(" \t\r\n;"));
  if (dir == "td") dir = "tb";
  if (dir != "tb" && dir != "bt" && dir != "lr" && dir != "rl") {
    s.set_pos(at);
    return "";
  }
  for (char& c : dir) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return dir;
}

std::vector<StyleProp> ParseStyleProps(std::string_view text) {
  std::vector<StyleProp> props;
  std::string piece;
  int depth = 0;
  auto flush = [&] {
    std::string_view p = Trim(piece);
    size_t colon = p.find(':');
    if (colon != std::string_view::npos) {
      props.push_back({Lower(Trim(p.substr(0, colon))), std::string(Trim(p.substr(colon + 1)))});
    }
    piece.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == ',') {
      piece += ',';
      ++i;
    } else if (c == ',' && depth == 0) {
      flush();
    } else if (c != ';' || depth > 0) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      piece += c;
    }
  }
  flush();
  return props;
}

namespace {

/// `a,b,c` (ids of nodes or classes) up to a blank.
std::vector<std::string> ReadIdList(Scanner& s) {
  std::vector<std::string> ids;
  std::string_view list = s.Until(" \t\r\n");
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view id = Trim(list.substr(start, comma - start));
    if (!id.empty()) ids.emplace_back(id);
    start = comma + 1;
  }
  return ids;
}

bool NeedBlank(Scanner& s, std::string_view what, Diagnostics& diags) {
  if (!s.AtBlank()) {
    Expected(s, what, diags);
    return false;
  }
  s.SkipBlanks();
  return true;
}

}  // namespace

bool ParseClassDef(Scanner& s, Span span, Diagnostics& diags, ClassDef* out) {
  if (!NeedBlank(s, "a space and a class name after \"classDef\"", diags)) return false;
  out->names = ReadIdList(s);
  if (out->names.empty()) {
    Expected(s, "a class name after \"classDef\"", diags);
    return false;
  }
  s.SkipBlanks();
  out->props = ParseStyleProps(s.Until("\n;"));
  out->span = span;
  return true;
}

bool ParseClassAssign(Scanner& s, Span span, Diagnostics& diags, ClassAssign* out) {
  if (!NeedBlank(s, "a space and node ids after \"class\"", diags)) return false;
  out->ids = ReadIdList(s);
  s.SkipBlanks();
  std::string_view cls = s.Until(" \t\r\n;");
  if (out->ids.empty() || cls.empty()) {
    Expected(s, "node ids and a class name: class ID[,ID…] CLASS", diags);
    return false;
  }
  out->cls = std::string(cls);
  out->span = span;
  return true;
}

bool ParseNodeStyle(Scanner& s, Span span, Diagnostics& diags, NodeStyle* out) {
  if (!NeedBlank(s, "a space and a node id after \"style\"", diags)) return false;
  out->id = std::string(s.Until(" \t\r\n"));
  s.SkipBlanks();
  if (out->id.empty() || s.AtEnd() || s.Peek() == '\n' || s.Peek() == ';') {
    Expected(s, "a node id and style properties: style ID fill:#f9f,stroke:#333", diags);
    return false;
  }
  out->props = ParseStyleProps(s.Until("\n;"));
  out->span = span;
  return true;
}

}  // namespace dg::grammar::mermaid::detail
