// RichText helpers: creole markup to styled runs, headings and table rows,
// as PlantUML's creole reads them.
#include "compiler/ir.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace dg::ir {
namespace {

constexpr size_t kMinSeparatorChars = 2;  // "--", "==", "..", "__" and longer are rules
constexpr int kMaxHeading = 4;            // `=` … `====` before a space
constexpr std::string_view kTab = "    "; // `\t` is drawn as this many spaces
constexpr double kMaxSizePt = 200;        // `<size:N>` is clamped here
constexpr double kMaxSpriteScale = 20;    // `<$s,scale=N>` is clamped here
constexpr size_t kMaxStyleDepth = 64;     // nested `<color>` / `<size>` remembered
constexpr int kMaxSpritesPerLabel = 64;   // `<$name>` drawn in one label

/// Splits at literal newlines and at the escapes \n, \l, \r (PlantUML's
/// centred, left and right line breaks); "\\" keeps a backslash and "\t"
/// becomes spaces. A \l or \r aligns the whole block, as in PlantUML.
std::vector<std::string> SplitLines(std::string_view text, TextAlign* align) {
  std::vector<std::string> lines(1);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c == '\r' && next == '\n') continue;
    if (c == '\n' || c == '\r') {
      lines.emplace_back();
    } else if (c == '\\' && (next == 'n' || next == 'l' || next == 'r')) {
      if (next == 'l') *align = TextAlign::kLeft;
      if (next == 'r') *align = TextAlign::kRight;
      lines.emplace_back();
      ++i;
    } else if (c == '\\' && next == 't') {
      lines.back() += kTab;
      ++i;
    } else if (c == '\\' && next == '\\') {
      lines.back() += '\\';
      ++i;
    } else {
      lines.back() += c;
    }
  }
  return lines;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsSeparator(std::string_view line) {
  line = TrimBlanks(line);
  if (line.size() < kMinSeparatorChars) return false;
  char c = line[0];
  if (c != '-' && c != '=' && c != '.' && c != '_') return false;
  return line.find_first_not_of(c) == std::string_view::npos;
}

void AppendUtf8(uint32_t cp, std::string* out) {
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

std::optional<double> Number(std::string_view s) {
  s = TrimBlanks(s);
  std::string text(s);
  if (!text.empty() && text[0] == '.') text.insert(0, "0");  // `scale=.25`
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(v > 0)) return std::nullopt;
  return v;
}

/// The sprites `<$name>` may name, and how many more one label may draw:
/// each is hundreds of shapes, so a hostile label cannot repeat one
/// thousands of times (the rest stay text).
struct SpriteRefs {
  const SpriteTable* table = nullptr;
  int left = kMaxSpritesPerLabel;
};

/// Builds the runs of one line, merging neighbours of the same style.
class RunBuilder {
 public:
  void Add(std::string_view text) {
    if (style_.size < 0) return;  // inside `<size:0>`: not shown
    if (runs_.empty() || !SameStyle(runs_.back()) || runs_.back().sprite) {
      runs_.push_back(style_);
      runs_.back().text.clear();
    }
    runs_.back().text += text;
  }
  void AddSprite(std::shared_ptr<const Sprite> sprite, double scale) {
    TextRun run = style_;
    run.text.clear();
    run.sprite = std::move(sprite);
    run.sprite_scale = scale;
    runs_.push_back(std::move(run));
  }
  /// A run parsed elsewhere (a link's label), kept as it is.
  void Append(TextRun run) { runs_.push_back(std::move(run)); }
  TextRun& style() { return style_; }
  /// `<color:x>` … `</color>` and `<size:n>` … `</size>` nest.
  void PushColor(std::string color) {
    if (colors_.size() < kMaxStyleDepth) colors_.push_back(style_.color);
    style_.color = std::move(color);
  }
  void PopColor() {
    style_.color = colors_.empty() ? "" : colors_.back();
    if (!colors_.empty()) colors_.pop_back();
  }
  void PushSize(double size) {
    if (sizes_.size() < kMaxStyleDepth) sizes_.push_back(style_.size);
    style_.size = size;
  }
  void PopSize() {
    style_.size = sizes_.empty() ? 0 : sizes_.back();
    if (!sizes_.empty()) sizes_.pop_back();
  }
  std::vector<TextRun> Take() { return std::move(runs_); }

 private:
  bool SameStyle(const TextRun& r) const {
    return r.bold == style_.bold && r.italic == style_.italic && r.mono == style_.mono &&
           r.underline == style_.underline && r.strike == style_.strike &&
           r.color == style_.color && r.size == style_.size && r.link == style_.link;
  }
  TextRun style_;
  std::vector<TextRun> runs_;
  std::vector<std::string> colors_;
  std::vector<double> sizes_;
};

/// The value of `<name:value>`, `<name value>` or `<name=value>`.
std::string TagValue(std::string_view tag, size_t name_len) {
  std::string_view v = TrimBlanks(tag.substr(std::min(name_len, tag.size())));
  if (!v.empty() && (v[0] == ':' || v[0] == '=')) v = TrimBlanks(v.substr(1));
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    v = v.substr(1, v.size() - 2);
  return std::string(v);
}

/// `<size:12>` in points (clamped); `<size:0>` hides its text (-1), as
/// PlantUML's C4 uses it; anything else keeps the label's size (0).
double SizeValue(const std::string& text) {
  if (text == "0") return -1;
  return std::min(Number(text).value_or(0), kMaxSizePt);
}

/// `[[url]]`, `[[url label]]`, `[[url{tooltip} label]]` at the start of
/// `rest`: adds the label (or the url) as linked text; returns the length
/// taken, 0 when `rest` is no link.
size_t AddLink(std::string_view rest, RunBuilder& b, SpriteRefs& sprites);

/// `<U+25AF>`: appends the code point; false when `hex` is not one.
bool AddCodePoint(std::string_view hex, RunBuilder& b) {
  uint32_t cp = 0;
  auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
  if (hex.empty() || ec != std::errc() || ptr != hex.data() + hex.size() || cp == 0 ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return false;
  std::string utf8;
  AppendUtf8(cp, &utf8);
  b.Add(utf8);
  return true;
}

/// `<$name>`, `<$name,scale=0.5>`, `<$name{scale=0.5}>`: false when unknown.
bool AddSprite(std::string_view body, SpriteRefs& sprites, RunBuilder& b) {
  size_t end = body.find_first_of(",{* ");
  std::string name(body.substr(0, end));
  if (!sprites.table || sprites.left == 0) return false;
  auto it = sprites.table->find(name);
  if (it == sprites.table->end()) return false;
  --sprites.left;
  double scale = 1;
  size_t at = body.find("scale");
  if (at != std::string_view::npos) {
    std::string_view v = body.substr(at + 5);
    v = v.substr(0, v.find_first_of(",}"));
    if (!v.empty() && (v[0] == '=' || v[0] == ':')) v.remove_prefix(1);
    scale = std::min(Number(v).value_or(1), kMaxSpriteScale);
  } else if (end != std::string_view::npos && body[end] == '*') {
    scale = std::min(Number(body.substr(end + 1)).value_or(1), kMaxSpriteScale);
  }
  b.AddSprite(it->second, scale);
  return true;
}

/// Handles `<b>`, `</i>`, `<color:red>`, `<size:12>`, `<U+25AF>`, `<$sprite>`
/// …; returns the tag's length, 0 if it is not a tag (then it is text).
size_t ApplyTag(std::string_view rest, RunBuilder& b, SpriteRefs& sprites) {
  size_t close = rest.find('>');
  if (close == std::string_view::npos || close < 2) return 0;
  std::string_view raw = rest.substr(1, close - 1);
  if (raw[0] == '$') return AddSprite(raw.substr(1), sprites, b) ? close + 1 : 0;
  if (raw.size() > 2 && (raw[0] == 'U' || raw[0] == 'u') && raw[1] == '+')
    return AddCodePoint(raw.substr(2), b) ? close + 1 : 0;
  if (raw[0] == '#') return close + 1;  // a table cell colour out of place: dropped
  std::string tag = Lower(raw);
  bool end = tag[0] == '/';
  std::string name = end ? tag.substr(1) : tag;
  name = name.substr(0, name.find_first_of(":= "));
  TextRun& s = b.style();
  if (name == "b") s.bold = !end;
  else if (name == "i") s.italic = !end;
  else if (name == "u") s.underline = !end;
  else if (name == "s" || name == "strike" || name == "del") s.strike = !end;
  else if (name == "color" && end) b.PopColor();
  else if (name == "color") b.PushColor(TagValue(raw, 5));
  else if (name == "size" && end) b.PopSize();
  else if (name == "size") b.PushSize(SizeValue(TagValue(raw, 4)));
  else if (name != "font" && name != "back" && name != "plain") return 0;
  return close + 1;
}

/// A style marker (`**`) opens only when it is closed later on the line,
/// as in PlantUML: a lone `**` is text.
bool Toggles(std::string_view line, size_t i, bool on) {
  return on || line.find(line.substr(i, 2), i + 2) != std::string_view::npos;
}

std::vector<TextRun> ParseInline(std::string_view line, SpriteRefs& sprites) {
  RunBuilder b;
  TextRun& s = b.style();
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    char next = i + 1 < line.size() ? line[i + 1] : '\0';
    bool pair = c == next;
    if (c == '~' && next != '\0') {
      b.Add(line.substr(i + 1, 1));
      ++i;
    } else if (pair && c == '*' && Toggles(line, i, s.bold)) {
      s.bold = !s.bold, ++i;
    } else if (pair && c == '/' && (i == 0 || line[i - 1] != ':') && Toggles(line, i, s.italic)) {
      s.italic = !s.italic, ++i;  // never the "//" of "http://"
    } else if (pair && c == '"' && Toggles(line, i, s.mono)) {
      s.mono = !s.mono, ++i;
    } else if (pair && c == '_' && Toggles(line, i, s.underline)) {
      s.underline = !s.underline, ++i;
    } else if (pair && c == '-' && Toggles(line, i, s.strike)) {
      s.strike = !s.strike, ++i;
    } else if (size_t n = c == '<' ? ApplyTag(line.substr(i), b, sprites) : 0; n > 0) {
      i += n - 1;
    } else if (size_t k = pair && c == '[' ? AddLink(line.substr(i), b, sprites) : 0; k > 0) {
      i += k - 1;
    } else {
      b.Add(line.substr(i, 1));
    }
  }
  return b.Take();
}

size_t AddLink(std::string_view rest, RunBuilder& b, SpriteRefs& sprites) {
  size_t close = rest.find("]]");
  if (close == std::string_view::npos || close <= 2) return 0;
  std::string_view inside = TrimBlanks(rest.substr(2, close - 2));
  size_t brace = inside.find('{'), space = inside.find(' ');
  size_t url_end = std::min(brace, space);
  std::string url(inside.substr(0, url_end));
  std::string_view label;
  if (space != std::string_view::npos) {
    size_t tooltip_end = brace < space ? inside.find('}', brace) : std::string_view::npos;
    size_t from = tooltip_end != std::string_view::npos && tooltip_end > space ? tooltip_end + 1 : space;
    label = TrimBlanks(inside.substr(from));
  }
  TextRun outer = b.style();
  b.style().link = url;
  if (label.empty()) {
    b.Add(url);
  } else {
    for (TextRun& run : ParseInline(label, sprites)) {
      run.link = url;
      run.bold = run.bold || outer.bold;  // `**[[url label]]**`
      run.italic = run.italic || outer.italic;
      if (run.color.empty()) run.color = outer.color;
      if (run.size == 0) run.size = outer.size;
      b.Append(std::move(run));
    }
  }
  b.style().link = outer.link;
  return close + 2;
}

/// `== Title` → heading level 2 and the text after the marker.
int Heading(std::string_view* line) {
  std::string_view t = TrimBlanks(*line);
  int level = 0;
  while (level < int(t.size()) && t[level] == '=') ++level;
  if (level == 0 || level > kMaxHeading || level == int(t.size()) || t[level] != ' ') return 0;
  *line = TrimBlanks(t.substr(level));
  return level;
}

/// `<#fill,#border>` at the start of `*line`: removes it and returns the two colours.
std::pair<std::string, std::string> LeadingColors(std::string_view* line) {
  std::string_view t = *line;
  if (t.size() < 3 || t[0] != '<' || t[1] != '#') return {};
  size_t close = t.find('>');
  if (close == std::string_view::npos) return {};
  std::string_view inside = t.substr(2, close - 2);
  size_t comma = inside.find(',');
  std::string fill = "#" + std::string(TrimBlanks(inside.substr(0, comma))), border;
  if (comma != std::string_view::npos) {
    std::string_view b = TrimBlanks(inside.substr(comma + 1));
    if (!b.empty() && b[0] == '#') b.remove_prefix(1);
    border = "#" + std::string(b);
  }
  *line = t.substr(close + 1);
  return {fill, border};
}

/// `| a |= b |<#red> c |` (optionally after `<#fill,#border>`): a table row.
bool ParseTableRow(std::string_view line, SpriteRefs& sprites, TextLine* out) {
  std::string_view t = TrimBlanks(line);
  auto [row_fill, row_border] = LeadingColors(&t);
  t = TrimBlanks(t);
  if (t.size() < 2 || t.front() != '|' || t.back() != '|') return false;
  out->row_fill = row_fill;
  out->row_border = row_border;
  t = t.substr(1, t.size() - 2);
  size_t begin = 0;
  for (size_t i = 0; i <= t.size(); ++i) {
    if (i < t.size() && t[i] == '~') {
      ++i;  // `~|` is a literal bar
      continue;
    }
    if (i < t.size() && t[i] != '|') continue;
    std::string_view cell = t.substr(begin, i - begin);
    TableCell c;
    if (!cell.empty() && cell[0] == '=') c.header = true, cell.remove_prefix(1);
    cell = TrimBlanks(cell);
    c.fill = LeadingColors(&cell).first;
    c.runs = ParseInline(TrimBlanks(cell), sprites);
    out->cells.push_back(std::move(c));
    begin = i + 1;
  }
  return true;
}

}  // namespace

std::string RichText::Plain() const {
  std::string out;
  auto append = [&out](const std::vector<TextRun>& runs) {
    for (const TextRun& run : runs) out += run.text;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    if (!lines[i].table_row()) append(lines[i]);
    for (size_t c = 0; c < lines[i].cells.size(); ++c) {
      if (c > 0) out += " | ";
      append(lines[i].cells[c].runs);
    }
  }
  return out;
}

void MergeStyle(const ir::Style& from, ir::Style& into) {
  if (from.fill.set()) into.fill = from.fill;
  if (from.header_fill.set()) into.header_fill = from.header_fill;
  if (from.stroke.set()) into.stroke = from.stroke;
  if (from.text.set()) into.text = from.text;
  if (from.font_size) into.font_size = from.font_size;
  if (from.stroke_width) into.stroke_width = from.stroke_width;
  into.dashed = into.dashed || from.dashed;
  into.dotted = into.dotted || from.dotted;
  if (from.round_corner) into.round_corner = from.round_corner;
  if (from.diagonal_corner) into.diagonal_corner = from.diagonal_corner;
  if (from.shadow) into.shadow = from.shadow;
  if (from.bold) into.bold = from.bold;
  if (from.italic) into.italic = from.italic;
  if (from.stereo_text.set()) into.stereo_text = from.stereo_text;
  if (from.stereo_size) into.stereo_size = from.stereo_size;
}

RichText ParseCreole(std::string_view text, const SpriteTable* table) {
  SpriteRefs sprites{table};
  RichText out;
  if (text.empty()) return out;
  for (const std::string& raw : SplitLines(text, &out.align)) {
    TextLine line;
    std::string_view body = raw;
    if (IsSeparator(raw)) {
      TextRun rule;
      rule.text = std::string(TrimBlanks(raw));
      line.push_back(rule);
    } else if (ParseTableRow(raw, sprites, &line)) {
      line.push_back(TextRun{raw});  // the row as written, for readers that know no tables
    } else {
      line.heading = Heading(&body);
      std::vector<TextRun> runs = ParseInline(body, sprites);
      line.assign(runs.begin(), runs.end());
    }
    out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace dg::ir
