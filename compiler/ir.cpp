// RichText helpers: creole markup to styled runs.
#include "compiler/ir.hpp"
#include "grammar/text.hpp"

#include <array>
#include <cctype>

namespace dg::ir {
namespace {

constexpr size_t kMinSeparatorChars = 2;  // "--", "==", "..", "__" and longer are rules

/// Splits at literal newlines and at the escapes \n, \l, \r (PlantUML's
/// centred, left and right line breaks); "\\" keeps a backslash.
std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines(1);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n' || c == '\r') {
      lines.emplace_back();
    } else if (c == '\\' && i + 1 < text.size() &&
               (text[i + 1] == 'n' || text[i + 1] == 'l' || text[i + 1] == 'r')) {
      lines.emplace_back();
      ++i;
    } else if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\\') {
      lines.back() += '\\';
      ++i;
    } else {
      lines.back() += c;
    }
  }
  return lines;
}

bool IsSeparator(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (line.size() < kMinSeparatorChars) return false;
  char c = line[0];
  if (c != '-' && c != '=' && c != '.' && c != '_') return false;
  return line.find_first_not_of(c) == std::string_view::npos;
}

/// Builds the runs of one line, merging neighbours of the same style.
class RunBuilder {
 public:
  void Add(char c) {
    if (runs_.empty() || !SameStyle(runs_.back())) {
      runs_.push_back(style_);
      runs_.back().text.clear();
    }
    runs_.back().text += c;
  }
  TextRun& style() { return style_; }
  std::vector<TextRun> Take() { return std::move(runs_); }

 private:
  bool SameStyle(const TextRun& r) const {
    return r.bold == style_.bold && r.italic == style_.italic && r.mono == style_.mono &&
           r.underline == style_.underline && r.strike == style_.strike;
  }
  TextRun style_;
  std::vector<TextRun> runs_;
};

/// Handles `<b>`, `</i>`, `<color:red>` …; returns the tag length, 0 if not a tag.
size_t ApplyTag(std::string_view rest, TextRun& style) {
  size_t close = rest.find('>');
  if (close == std::string_view::npos || close < 2) return 0;
  std::string tag = Lower(rest.substr(1, close - 1));
  bool end = !tag.empty() && tag[0] == '/';
  std::string name = end ? tag.substr(1) : tag;
  name = name.substr(0, name.find_first_of(":= "));
  if (name == "b") style.bold = !end;
  else if (name == "i") style.italic = !end;
  else if (name == "u") style.underline = !end;
  else if (name == "s" || name == "strike" || name == "del") style.strike = !end;
  else if (name != "color" && name != "size" && name != "font" && name != "back") return 0;
  return close + 1;
}

std::vector<TextRun> ParseInline(std::string_view line) {
  RunBuilder b;
  TextRun& s = b.style();
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    char next = i + 1 < line.size() ? line[i + 1] : '\0';
    if (c == '~' && next != '\0') {
      b.Add(next);
      ++i;
    } else if (c == next && c == '*') {
      s.bold = !s.bold, ++i;
    } else if (c == next && c == '/' && (i == 0 || line[i - 1] != ':')) {  // not in "http://"
      s.italic = !s.italic, ++i;
    } else if (c == next && c == '"') {
      s.mono = !s.mono, ++i;
    } else if (c == next && c == '_') {
      s.underline = !s.underline, ++i;
    } else if (c == next && c == '-') {
      s.strike = !s.strike, ++i;
    } else if (size_t n = c == '<' ? ApplyTag(line.substr(i), s) : 0; n > 0) {
      i += n - 1;
    } else {
      b.Add(c);
    }
  }
  return b.Take();
}

}  // namespace

std::string RichText::Plain() const {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    for (const TextRun& run : lines[i]) out += run.text;
  }
  return out;
}

RichText ParseCreole(std::string_view text) {
  RichText out;
  if (text.empty()) return out;
  for (const std::string& line : SplitLines(text)) {
    if (IsSeparator(line)) {
      TextRun rule;
      size_t b = line.find_first_not_of(" \t");
      size_t e = line.find_last_not_of(" \t");
      rule.text = line.substr(b, e - b + 1);
      out.lines.push_back({rule});
    } else {
      out.lines.push_back(ParseInline(line));
    }
  }
  return out;
}

void Overlay(Style* into, const Style& s) {
  if (s.fill.set()) into->fill = s.fill;
  if (s.stroke.set()) into->stroke = s.stroke;
  if (s.text.set()) into->text = s.text;
  if (s.font_size) into->font_size = s.font_size;
  if (s.stroke_width) into->stroke_width = s.stroke_width;
  into->dashed = into->dashed || s.dashed;
  into->dotted = into->dotted || s.dotted;
}

}  // namespace dg::ir
