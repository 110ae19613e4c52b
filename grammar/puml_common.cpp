// Statements shared by every PlantUML diagram kind. They are line-based and
// simple enough that a keyword test per line reads better than a grammar.
#include "grammar/puml_common.hpp"
#include "grammar/text.hpp"

#include <cctype>
#include <charconv>

namespace dg::grammar::puml {
namespace {

constexpr size_t kMaxSkinparamDepth = 16;  // nested `skinparam x { y { … } }` blocks

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// If `text` starts with keyword `kw` (case-insensitive) followed by a space
/// or the end, stores the rest (trimmed) and returns true.
bool Keyword(std::string_view text, std::string_view kw, std::string_view* rest = nullptr) {
  if (text.size() < kw.size() || Lower(text.substr(0, kw.size())) != kw) return false;
  if (text.size() > kw.size() && text[kw.size()] != ' ' && text[kw.size()] != '\t') return false;
  if (rest) *rest = Trim(text.substr(kw.size()));
  return true;
}

/// `end title`, `endtitle`, `end legend` … (any spacing, any case).
bool IsEnd(std::string_view text, std::string_view what) {
  std::string l = Lower(Trim(text));
  std::string joined;
  for (char c : l) {
    if (c != ' ' && c != '\t') joined += c;
  }
  return joined == "end" + std::string(what);
}

std::string Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

/// Collects lines after `index` up to the `end<what>` line. Returns false
/// (and reports) when the block is not closed.
bool CollectBlock(const std::vector<Line>& lines, size_t& index, std::string_view what,
                  std::string& text, Diagnostics& diags) {
  const Line& open = lines[index];
  for (size_t i = index + 1; i < lines.size(); ++i) {
    if (IsEnd(lines[i].text, what)) {
      index = i + 1;
      return true;
    }
    if (i > index + 1) text += '\n';
    text += lines[i].text;
  }
  diags.Error(open.span, "puml-unterminated",
              "\"" + std::string(Trim(open.text)) + "\" is not closed: expected \"end " +
                  std::string(what) + "\"");
  index = lines.size();
  return false;
}

/// The text after a title-like keyword (`title: x`, `title x`), or, when the
/// line holds nothing more, the block up to `end <kw>`.
void ReadInlineOrBlock(const std::vector<Line>& lines, size_t& index, std::string_view kw,
                       std::string_view rest, std::string& out, Diagnostics& diags) {
  if (!rest.empty() && rest[0] == ':') rest = Trim(rest.substr(1));
  out.clear();
  if (rest.empty()) {
    CollectBlock(lines, index, kw, out, diags);
    return;
  }
  out = std::string(rest);
  ++index;
}

/// `title x` or `title` … `end title` (also caption).
bool ParseTitleLike(const std::vector<Line>& lines, size_t& index, std::string_view kw,
                    std::string& out, Diagnostics& diags) {
  std::string_view rest;
  if (!Keyword(lines[index].text, kw, &rest)) return false;
  ReadInlineOrBlock(lines, index, kw, rest, out, diags);
  return true;
}

/// `[left|right|center] header x`, or the block form ending in `endheader`.
bool ParseHeaderLike(const std::vector<Line>& lines, size_t& index, std::string_view kw,
                     std::string& out, Diagnostics& diags) {
  std::string_view text = lines[index].text;
  std::string_view rest;
  for (std::string_view align : {"left", "right", "center"}) {
    if (Keyword(text, align, &rest)) {
      text = rest;
      break;
    }
  }
  if (!Keyword(text, kw, &rest)) return false;
  ReadInlineOrBlock(lines, index, kw, rest, out, diags);
  return true;
}

bool ParseLegend(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                 Diagnostics& diags) {
  std::string_view rest;
  if (!Keyword(lines[index].text, "legend", &rest)) return false;
  // `legend "text"` / `legend right : text` are one line, like `footer "x"`;
  // otherwise the text runs to `end legend`.
  size_t text_at = std::min(rest.find_first_of("\":"), rest.size());
  std::string_view inline_text = rest.substr(text_at);
  out.legend_align.clear();
  for (std::string_view word : {"left", "right", "center"}) {
    if (Lower(rest.substr(0, text_at)).find(word) != std::string::npos) out.legend_align = std::string(word);
  }
  out.legend_span = lines[index].span;
  out.legend.clear();
  if (!inline_text.empty()) {
    if (inline_text[0] == ':') inline_text = Trim(inline_text.substr(1));
    out.legend = Unquote(inline_text);
    ++index;
    return true;
  }
  CollectBlock(lines, index, "legend", out.legend, diags);
  return true;
}

/// Splits `name value` of one skinparam line; the name may carry a
/// stereotype (`BackgroundColor<<api>>`).
void SplitParam(std::string_view text, std::string* name, std::string* value) {
  size_t n = 0;
  while (n < text.size() && text[n] != ' ' && text[n] != '\t') {
    if (text[n] == '<' && text.substr(n, 2) == "<<") {
      size_t close = text.find(">>", n);
      if (close == std::string_view::npos) break;
      n = close + 2;
      continue;
    }
    ++n;
  }
  *name = std::string(text.substr(0, n));
  *value = Unquote(text.substr(n));
}

/// The inside of `skinparam prefix { … }`; nested blocks extend the prefix.
bool ParseSkinparamBlock(const std::vector<Line>& lines, size_t& index, std::string prefix,
                         CommonStatements& out, Diagnostics& diags) {
  const Line& open = lines[index];
  std::vector<std::string> prefixes = {std::move(prefix)};
  for (size_t i = index + 1; i < lines.size(); ++i) {
    std::string_view t = Trim(lines[i].text);
    if (t.empty()) continue;
    if (t[0] == '}') {
      prefixes.pop_back();
      if (prefixes.empty()) {
        index = i + 1;
        return true;
      }
      continue;
    }
    std::string name, value;
    SplitParam(t, &name, &value);
    if (value == "{" || (t.back() == '{' && value.empty())) {
      if (!name.empty() && name.back() == '{') name.pop_back();
      if (prefixes.size() >= kMaxSkinparamDepth) {
        diags.Error(lines[i].span, "puml-syntax", "skinparam blocks are nested too deeply");
        continue;
      }
      prefixes.push_back(prefixes.back() + name);
      continue;
    }
    out.skinparams.push_back({prefixes.back() + name, value, lines[i].span});
  }
  diags.Error(open.span, "puml-unterminated",
              "\"" + std::string(Trim(open.text)) + "\" is not closed: expected \"}\"");
  index = lines.size();
  return false;
}

bool ParseSkinparam(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                    Diagnostics& diags) {
  std::string_view rest;
  if (!Keyword(lines[index].text, "skinparam", &rest)) return false;
  if (rest.empty()) {
    diags.Error(lines[index].span, "puml-syntax", "expected a parameter name after \"skinparam\"");
    ++index;
    return true;
  }
  if (rest.back() == '{') {
    std::string prefix(Trim(rest.substr(0, rest.size() - 1)));
    ParseSkinparamBlock(lines, index, prefix, out, diags);
    return true;
  }
  std::string name, value;
  SplitParam(rest, &name, &value);
  if (value.empty()) {
    diags.Error(lines[index].span, "puml-syntax",
                "expected a value after \"skinparam " + name + "\"");
  } else {
    out.skinparams.push_back({name, value, lines[index].span});
  }
  ++index;
  return true;
}

/// Reads a `<style>` block's text: selectors open with `{`, close with `}`,
/// and a property is `Name value` up to a line end or `;`.
class StyleReader {
 public:
  StyleReader(CommonStatements& out, Diagnostics& diags) : out_(out), diags_(diags) {}

  void Line(std::string_view text, Span span) {
    std::string_view t = Trim(text);
    // A second `<style>` before the closing one (a common slip) opens nothing.
    if (t.empty() || t[0] == '\'' || t.substr(0, 2) == "//" || Lower(t).rfind("<style", 0) == 0) return;
    size_t start = 0;
    for (size_t i = 0; i <= t.size(); ++i) {
      char c = i < t.size() ? t[i] : ';';
      if (c != '{' && c != '}' && c != ';') continue;
      std::string_view piece = Trim(t.substr(start, i - start));
      if (c == '{') Open(piece, span);
      else if (!piece.empty()) Property(piece, span);
      if (c == '}') Close(span);
      start = i + 1;
    }
  }
  bool Balanced() const { return selectors_.empty(); }

 private:
  void Open(std::string_view list, Span span) {
    if (selectors_.size() >= kMaxStyleDepth) {
      diags_.Error(span, "puml-syntax", "<style> selectors are nested too deeply");
      selectors_.push_back({});
      return;
    }
    std::vector<std::string> names;
    for (size_t at = 0; at <= list.size();) {
      size_t comma = std::min(list.find(',', at), list.size());
      std::string name(Trim(list.substr(at, comma - at)));
      if (!name.empty()) names.push_back(name[0] == '.' ? name : Lower(name));
      at = comma + 1;
    }
    selectors_.push_back(std::move(names));
  }
  void Close(Span span) {
    if (selectors_.empty()) {
      diags_.Warning(span, "puml-style", "unexpected \"}\" in <style>: no selector is open; it is ignored");
      return;
    }
    selectors_.pop_back();
  }
  void Property(std::string_view text, Span span) {
    size_t cut = text.find_first_of(" \t:");
    std::string name(text.substr(0, cut));
    std::string_view value = cut == std::string_view::npos ? "" : Trim(text.substr(cut));
    if (!value.empty() && value[0] == ':') value = Trim(value.substr(1));
    if (selectors_.empty()) {
      // PlantUML draws such diagrams; so does diagc, saying what it skipped.
      diags_.Warning(span, "puml-style",
                     "expected a selector before \"" + name + "\" in <style>; the line is ignored");
      return;
    }
    std::vector<std::vector<std::string>> paths = {{}};
    for (const std::vector<std::string>& level : selectors_) {
      std::vector<std::vector<std::string>> next;
      for (const auto& path : paths)
        for (const std::string& sel : level)
          if (next.size() < kMaxStylePaths) next.push_back(path), next.back().push_back(sel);
      paths = std::move(next);
    }
    for (auto& path : paths) out_.styles.push_back({std::move(path), name, std::string(value), span});
  }

  static constexpr size_t kMaxStyleDepth = 16;   // nested selectors
  static constexpr size_t kMaxStylePaths = 64;   // `a, b { c, d { … } }` expands to 4
  CommonStatements& out_;
  Diagnostics& diags_;
  std::vector<std::vector<std::string>> selectors_;
};

/// `<style> … </style>`: PlantUML's CSS-like styles (also on one line).
bool ParseStyle(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                Diagnostics& diags) {
  std::string l = Lower(Trim(lines[index].text));
  if (l.rfind("<style", 0) != 0) return false;
  const Line& open = lines[index];
  StyleReader reader(out, diags);
  for (size_t i = index; i < lines.size(); ++i) {
    std::string_view text = lines[i].text;
    if (i == index) text = text.substr(text.find('>') == std::string_view::npos ? text.size() : text.find('>') + 1);
    size_t end = Lower(text).find("</style>");
    reader.Line(text.substr(0, end), lines[i].span);
    if (end != std::string::npos) {
      if (!reader.Balanced())
        diags.Warning(open.span, "puml-style", "a selector in this <style> is not closed: expected \"}\"");
      index = i + 1;
      return true;
    }
  }
  diags.Error(open.span, "puml-unterminated", "\"<style>\" is not closed: expected \"</style>\"");
  index = lines.size();
  return true;
}

/// `[48x48/16]`, `[48x48/16z]`, `[16x16/8]`: size, grey levels, compression.
bool ParseSpriteFormat(std::string_view f, SpriteDecl* s) {
  f = Trim(f);
  if (f.size() < 2 || f.front() != '[' || f.back() != ']') return false;
  f = f.substr(1, f.size() - 2);
  size_t x = f.find('x'), slash = f.find('/');
  if (x == std::string_view::npos || slash == std::string_view::npos || slash < x) return false;
  auto number = [](std::string_view t, int* v) {
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), *v);
    return ec == std::errc() && ptr == t.data() + t.size() && *v > 0;
  };
  std::string_view levels = f.substr(slash + 1);
  s->compressed = !levels.empty() && (levels.back() == 'z' || levels.back() == 'Z');
  if (s->compressed) levels.remove_suffix(1);
  return number(f.substr(0, x), &s->width) && number(f.substr(x + 1, slash - x - 1), &s->height) &&
         number(levels, &s->levels) && (s->levels == 4 || s->levels == 8 || s->levels == 16);
}

/// `sprite $name [WxH/16] {` … `}`, `sprite $name [WxH/16z] data`, `sprite $name {` ….
bool ParseSprite(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                 Diagnostics& diags) {
  std::string_view rest;
  if (!Keyword(lines[index].text, "sprite", &rest)) return false;
  const Line& open = lines[index];
  SpriteDecl s;
  s.span = open.span;
  if (!rest.empty() && rest[0] == '$') rest.remove_prefix(1);
  size_t name_end = rest.find_first_of(" \t[{<");
  s.name = std::string(rest.substr(0, name_end));
  rest = name_end == std::string_view::npos ? "" : Trim(rest.substr(name_end));
  if (!rest.empty() && rest[0] == '[') {
    size_t close = rest.find(']');
    if (s.name.empty() || !ParseSpriteFormat(rest.substr(0, close + 1), &s)) {
      diags.Error(open.span, "puml-syntax",
                  "expected a sprite format such as \"[48x48/16]\" or \"[16x16/8z]\" after \"sprite $" +
                      s.name + "\"");
      s.name.clear();
    }
    rest = close == std::string_view::npos ? "" : Trim(rest.substr(close + 1));
  }
  ++index;
  if (!rest.empty() && rest[0] == '<') {
    diags.Warning(open.span, "puml-ignored", "SVG sprites are not supported; \"$" + s.name + "\" is left out");
    if (Lower(rest).find("</svg>") != std::string::npos) return true;
    while (index < lines.size() && Lower(lines[index].text).find("</svg>") == std::string::npos) ++index;
    if (index < lines.size()) ++index;
    return true;
  }
  if (rest == "{") {
    for (; index < lines.size() && Trim(lines[index].text) != "}"; ++index)
      if (!Trim(lines[index].text).empty()) s.rows.emplace_back(Trim(lines[index].text));
    if (index == lines.size()) {
      diags.Error(open.span, "puml-unterminated", "sprite \"$" + s.name + "\" is not closed: expected \"}\"");
      return true;
    }
    ++index;
  } else if (!rest.empty()) {
    s.rows.emplace_back(rest);
  }
  if (s.name.empty()) return true;
  out.sprites.push_back(std::move(s));
  return true;
}

bool ParseOneLiners(const Line& line, CommonStatements& out) {
  std::string l = Lower(Trim(line.text));
  std::string_view rest;
  if (l == "left to right direction") {
    out.left_to_right = true;
    out.top_to_bottom = false;
  } else if (l == "top to bottom direction") {
    out.top_to_bottom = true;
    out.left_to_right = false;
  } else if (Keyword(line.text, "hide", &rest)) {
    out.hides.push_back(Lower(rest));
  } else if (Keyword(line.text, "show", &rest)) {
    out.shows.push_back(Lower(rest));
  } else if (!Keyword(line.text, "scale") && !Keyword(line.text, "skin")) {
    return false;
  }
  return true;
}

}  // namespace

bool ParseCommonStatement(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                          Diagnostics& diags) {
  if (index >= lines.size()) return false;
  const Line& line = lines[index];
  if (ParseTitleLike(lines, index, "title", out.title, diags)) {
    out.title_span = line.span;
    return true;
  }
  if (ParseTitleLike(lines, index, "caption", out.caption, diags) ||
      ParseHeaderLike(lines, index, "header", out.header, diags) ||
      ParseHeaderLike(lines, index, "footer", out.footer, diags) ||
      ParseLegend(lines, index, out, diags) || ParseSkinparam(lines, index, out, diags) ||
      ParseStyle(lines, index, out, diags) || ParseSprite(lines, index, out, diags)) {
    return true;
  }
  if (ParseOneLiners(line, out)) {
    ++index;
    return true;
  }
  return false;
}

}  // namespace dg::grammar::puml
