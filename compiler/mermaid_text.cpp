#include "compiler/mermaid_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "compiler/lower_common.hpp"
#include "grammar/css_colors.hpp"
#include "grammar/text.hpp"

namespace dg::compiler::mermaid {
namespace {

struct NamedEntity {
  std::string_view name;
  std::string_view text;
};

// The HTML entity names people write in diagram labels (Mermaid accepts
// any HTML name; these are the ones its docs and common diagrams use).
constexpr NamedEntity kEntities[] = {
    {"amp", "&"},      {"apos", "'"},     {"bull", "\u2022"}, {"cent", "\u00A2"},  {"check", "\u2713"},
    {"copy", "\u00A9"}, {"darr", "\u2193"}, {"deg", "\u00B0"},  {"divide", "\u00F7"}, {"euro", "\u20AC"},
    {"ge", "\u2265"},   {"gt", ">"},       {"harr", "\u2194"}, {"hearts", "\u2665"}, {"hellip", "\u2026"},
    {"infin", "\u221E"}, {"laquo", "\u00AB"}, {"larr", "\u2190"}, {"ldquo", "\u201C"}, {"le", "\u2264"},
    {"lsquo", "\u2018"}, {"lt", "<"},      {"mdash", "\u2014"}, {"middot", "\u00B7"}, {"nbsp", "\u00A0"},
    {"ndash", "\u2013"}, {"ne", "\u2260"},  {"para", "\u00B6"}, {"plusmn", "\u00B1"}, {"pound", "\u00A3"},
    {"quot", "\""},     {"raquo", "\u00BB"}, {"rarr", "\u2192"}, {"rdquo", "\u201D"}, {"reg", "\u00AE"},
    {"rsquo", "\u2019"}, {"sect", "\u00A7"}, {"times", "\u00D7"}, {"trade", "\u2122"}, {"uarr", "\u2191"},
    {"yen", "\u00A5"},
};

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// The text an entity body ("quot", "9829", "#x2764" after '&#') stands for.
bool DecodeEntity(std::string_view body, bool hex, std::string* out) {
  if (body.empty()) return false;
  if (hex || std::isdigit(static_cast<unsigned char>(body[0]))) {
    uint32_t cp = 0;
    auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), cp, hex ? 16 : 10);
    if (ec != std::errc() || end != body.data() + body.size()) return false;
    AppendUtf8(cp, out);
    return true;
  }
  for (const NamedEntity& e : kEntities) {
    if (e.name == body) {
      *out += e.text;
      return true;
    }
  }
  return false;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Length of a Font Awesome icon name at `i` ("fa:fa-car", "fab:fa-github",
/// "fak:fa-custom"), 0 when none starts there.
size_t IconLength(std::string_view text, size_t i) {
  if (i > 0 && IsWordChar(text[i - 1])) return 0;
  size_t colon = i;
  while (colon < text.size() && colon - i < 3 && std::islower(static_cast<unsigned char>(text[colon]))) ++colon;
  if (colon - i < 2 || text.substr(i, 2) != "fa") return 0;
  if (text.substr(colon, 4) != ":fa-") return 0;
  size_t end = colon + 4;
  while (end < text.size() && (IsWordChar(text[end]) || text[end] == '-')) ++end;
  return end - i;
}

/// Drops Font Awesome icon names, which Mermaid draws from the page's icon
/// font; an image cannot load it.
std::string DropIcons(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t len = IconLength(text, i);
    if (len == 0) {
      out += text[i++];
      continue;
    }
    i += len;
    if (i < text.size() && text[i] == ' ') ++i;
  }
  return out;
}

/// Builds rich text run by run; a style switch starts a new run.
class RunBuilder {
 public:
  void Text(std::string_view s) {
    if (s.empty()) return;
    if (lines_.empty()) lines_.emplace_back();
    std::vector<ir::TextRun>& line = lines_.back();
    if (line.empty() || !SameStyle(line.back())) {
      line.push_back(style_);
      line.back().text.clear();
    }
    line.back().text += s;
  }
  void Break() {
    if (lines_.empty()) lines_.emplace_back();
    lines_.emplace_back();
  }
  ir::TextRun& style() { return style_; }
  ir::RichText Finish() {
    for (auto& line : lines_)
      for (ir::TextRun& run : line) run.text = DecodeEntities(run.text);
    // Blank first and last lines come from the source's layout, not the text.
    while (!lines_.empty() && Blank(lines_.back())) lines_.pop_back();
    while (!lines_.empty() && Blank(lines_.front())) lines_.erase(lines_.begin());
    return ir::RichText{std::move(lines_)};
  }

 private:
  bool SameStyle(const ir::TextRun& r) const {
    return r.bold == style_.bold && r.italic == style_.italic && r.mono == style_.mono &&
           r.underline == style_.underline && r.strike == style_.strike;
  }
  static bool Blank(const std::vector<ir::TextRun>& line) {
    return std::all_of(line.begin(), line.end(),
                       [](const ir::TextRun& r) { return TrimSpace(r.text).empty(); });
  }
  std::vector<ir::TextLine> lines_;
  ir::TextRun style_;
};

/// Markdown strings: **bold** / __bold__, *italic* / _italic_, `code`,
/// ~~strike~~; each source line is a line (trimmed, as Mermaid does).
ir::RichText Markdown(std::string_view text) {
  RunBuilder b;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = std::min(text.find('\n', start), text.size());
    std::string_view line = TrimSpace(text.substr(start, nl - start));
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      bool doubled = i + 1 < line.size() && line[i + 1] == c;
      bool boundary_before = i == 0 || !IsWordChar(line[i - 1]);
      bool boundary_after = i + 1 >= line.size() || !IsWordChar(line[i + 1]);
      if ((c == '*' || c == '_') && doubled) {
        b.style().bold = !b.style().bold;
        ++i;
      } else if (c == '*' || (c == '_' && (b.style().italic ? boundary_after : boundary_before))) {
        b.style().italic = !b.style().italic;
      } else if (c == '`') {
        b.style().mono = !b.style().mono;
      } else if (c == '~' && doubled) {
        b.style().strike = !b.style().strike;
        ++i;
      } else {
        b.Text(line.substr(i, 1));
      }
    }
    if (nl >= text.size()) break;
    b.Break();
    start = nl + 1;
  }
  return b.Finish();
}

/// One HTML tag at `text[i]` ('<'): its lower-case name, closing or not, and
/// where it ends. False when this '<' starts no tag ("a < b").
bool ReadTag(std::string_view text, size_t i, std::string* name, bool* closing, size_t* end) {
  size_t j = i + 1;
  *closing = j < text.size() && text[j] == '/';
  if (*closing) ++j;
  size_t name_at = j;
  while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
  if (j == name_at || !std::isalpha(static_cast<unsigned char>(text[name_at]))) return false;
  size_t close = text.find('>', j);
  if (close == std::string_view::npos || text.substr(j, close - j).find_first_of("<\n") != std::string_view::npos)
    return false;
  *name = Lower(text.substr(name_at, j - name_at));
  *end = close + 1;
  return true;
}

/// Plain labels: `<br>` breaks lines; b/strong, i/em, u, s/del/strike and
/// code/tt/kbd style the text; other tags are dropped. Newlines and runs of
/// blanks read as one space, as in an HTML label.
ir::RichText Html(std::string_view text) {
  RunBuilder b;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    std::string name;
    bool closing = false;
    size_t end = 0;
    if (c == '<' && ReadTag(text, i, &name, &closing, &end)) {
      bool on = !closing;
      if (space && name != "br") b.Text(" ");  // the blank keeps the style before the tag
      space = false;
      if (name == "br") b.Break();
      if (name == "b" || name == "strong") b.style().bold = on;
      if (name == "i" || name == "em") b.style().italic = on;
      if (name == "u") b.style().underline = on;
      if (name == "s" || name == "del" || name == "strike") b.style().strike = on;
      if (name == "code" || name == "tt" || name == "kbd") b.style().mono = on;
      i = end - 1;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space) b.Text(" ");
    space = false;
    b.Text(text.substr(i, 1));
  }
  ir::RichText out = b.Finish();
  for (auto& line : out.lines) {  // a <br> leaves the blank it followed
    if (!line.empty()) {
      std::string& first = line.front().text;
      first.erase(0, first.find_first_not_of(' '));
    }
  }
  return out;
}

std::optional<double> Number(std::string_view text) {
  text = TrimSpace(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data() || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// rgb(r, g, b) / rgba(r, g, b, a): alpha is blended over white, since an
/// IR colour is opaque.
ir::Color Rgb(std::string_view text) {
  size_t open = text.find('('), close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
  std::vector<double> parts;
  std::string_view args = text.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= args.size() && parts.size() < 5) {
    size_t comma = std::min(args.find(',', start), args.size());
    std::optional<double> v = Number(args.substr(start, comma - start));
    if (!v) return {};
    parts.push_back(*v);
    start = comma + 1;
  }
  if (parts.size() != 3 && parts.size() != 4) return {};
  double alpha = parts.size() == 4 ? std::clamp(parts[3], 0.0, 1.0) : 1.0;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex = "#";
  for (int k = 0; k < 3; ++k) {
    double channel = std::clamp(parts[k], 0.0, 255.0) * alpha + 255.0 * (1 - alpha);
    int v = static_cast<int>(std::lround(channel));
    hex += kHex[v >> 4];
    hex += kHex[v & 15];
  }
  return {hex};
}

}  // namespace

std::string DecodeEntities(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '#' && c != '&') {
      out += c;
      continue;
    }
    size_t body = i + 1;
    bool hex = false;
    if (c == '&' && body < text.size() && text[body] == '#') {
      ++body;
      if (body < text.size() && (text[body] == 'x' || text[body] == 'X')) hex = true, ++body;
    }
    size_t semi = body;
    while (semi < text.size() && semi - body < 10 && IsWordChar(text[semi])) ++semi;
    if (semi < text.size() && text[semi] == ';' && DecodeEntity(text.substr(body, semi - body), hex, &out)) {
      i = semi;
      continue;
    }
    out += c;
  }
  return out;
}

ir::RichText Label(const grammar::mermaid::Text& text) {
  std::string body = DropIcons(text.value);
  return text.markdown ? Markdown(body) : Html(body);
}

ir::RichText Label(std::string_view plain) { return Html(DropIcons(plain)); }

ir::Color Color(std::string_view text) {
  text = TrimSpace(text);
  std::string lower = Lower(text);
  if (lower.rfind("rgb", 0) == 0) return Rgb(lower);
  if (!lower.empty() && lower[0] == '#') return ParseColor(lower);
  if (CssColorRgb(lower)) return {lower};
  return {};
}

void ApplyStyleProps(const std::vector<grammar::mermaid::StyleProp>& props, ir::Style* style) {
  for (const grammar::mermaid::StyleProp& p : props) {
    std::string value(TrimSpace(p.value));
    if (p.name == "fill" || p.name == "background" || p.name == "background-color") {
      if (ir::Color c = Color(value); c.set()) style->fill = c;
    } else if (p.name == "stroke" || p.name == "border-color") {
      if (ir::Color c = Color(value); c.set()) style->stroke = c;
    } else if (p.name == "color") {
      if (ir::Color c = Color(value); c.set()) style->text = c;
    } else if (p.name == "stroke-width") {
      if (auto w = Number(value); w && *w >= 0 && *w <= 50) style->stroke_width = *w;
    } else if (p.name == "stroke-dasharray") {
      style->dashed = value != "0" && value != "none" && !value.empty();
    } else if (p.name == "font-size") {
      if (auto size = Number(value); size && *size > 0 && *size <= 200) style->font_size = *size;
    }
  }
}

void ClassStyles::Add(const grammar::mermaid::ClassDef& def) {
  for (const std::string& name : def.names) defs_[name].insert(defs_[name].end(), def.props.begin(), def.props.end());
}

void ClassStyles::Add(const grammar::mermaid::ClassAssign& assign) {
  for (const std::string& id : assign.ids) assigned_[id].push_back(assign.cls);
}

ir::Style ClassStyles::StyleFor(const std::string& id, const std::vector<std::string>& inline_classes,
                                const std::vector<grammar::mermaid::StyleProp>& own) const {
  ir::Style style;
  auto apply = [&](const std::string& name) {
    if (auto def = defs_.find(name); def != defs_.end()) ApplyStyleProps(def->second, &style);
  };
  apply("default");
  for (const std::string& c : inline_classes) apply(c);
  if (auto it = assigned_.find(id); it != assigned_.end())
    for (const std::string& c : it->second) apply(c);
  ApplyStyleProps(own, &style);
  return style;
}

}  // namespace dg::compiler::mermaid
