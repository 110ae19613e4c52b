// Sequence lowering, second half: shared statements, `order` / `hide
// unlinked`, and the small text helpers (labels, colours, autonumber).
#include <algorithm>
#include <cctype>
#include <numeric>

#include "compiler/sequence_lower_state.hpp"

namespace dg::compiler {
namespace {

std::string Lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// Splits on the two-character escape "\n" (and PlantUML's %newline()).
std::vector<std::string> SplitEscapedLines(std::string_view text) {
  std::vector<std::string> lines(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'r')) {
      if (text[i + 1] == 'n') lines.emplace_back();
      ++i;
    } else if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 't') {
      lines.back() += ' ';
      ++i;
    } else if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\\') {
      lines.back() += '\\';
      ++i;
    } else if (text.substr(i).starts_with("%newline()")) {
      lines.emplace_back();
      i += 9;
    } else if (text[i] == '\n') {
      lines.emplace_back();
    } else {
      lines.back() += text[i];
    }
  }
  return lines;
}

// Known inline HTML-ish creole tags: styling is applied or dropped, never shown.
bool ApplyTag(std::string_view tag, ir::TextRun& style) {
  std::string t = Lowered(tag);
  bool close = t.starts_with("/");
  if (close) t = t.substr(1);
  if (t == "b") style.bold = !close;
  else if (t == "i") style.italic = !close;
  else if (t == "u") style.underline = !close;
  else if (t == "s" || t == "strike" || t == "del") style.strike = !close;
  else if (!(t.starts_with("color") || t.starts_with("size") || t.starts_with("font") ||
             t.starts_with("back") || t.starts_with("&") || t.starts_with("img") || t == "w" ||
             t.starts_with("plain")))
    return false;
  return true;
}

struct Marker {
  const char* text;
  bool ir::TextRun::*flag;
};
constexpr Marker kMarkers[] = {{"**", &ir::TextRun::bold},      {"//", &ir::TextRun::italic},
                               {"\"\"", &ir::TextRun::mono},    {"__", &ir::TextRun::underline},
                               {"--", &ir::TextRun::strike}};

std::vector<ir::TextRun> ParseCreoleLine(std::string_view line) {
  std::vector<ir::TextRun> runs(1);
  auto flush = [&](const ir::TextRun& style) {
    if (runs.back().text.empty()) runs.back() = style;
    else {
      ir::TextRun next = style;
      next.text.clear();
      runs.push_back(next);
    }
  };
  for (size_t i = 0; i < line.size();) {
    bool handled = false;
    for (const Marker& m : kMarkers) {
      std::string_view mk = m.text;
      // A marker toggles only when it is closed later on (or closes an open one).
      if (!line.substr(i).starts_with(mk)) continue;
      bool open = runs.back().*m.flag;
      if (!open && line.find(mk, i + 2) == std::string_view::npos) continue;
      if (mk == "//" && i > 0 && line[i - 1] == ':') continue;  // URLs
      ir::TextRun style = runs.back();
      style.*m.flag = !open;
      flush(style);
      i += 2;
      handled = true;
      break;
    }
    if (handled) continue;
    if (line[i] == '<') {
      size_t close = line.find('>', i);
      ir::TextRun style = runs.back();
      if (close != std::string_view::npos && ApplyTag(line.substr(i + 1, close - i - 1), style)) {
        flush(style);
        i = close + 1;
        continue;
      }
    }
    if (line[i] == '~' && i + 1 < line.size()) ++i;  // creole escape
    runs.back().text += line[i++];
  }
  runs.erase(std::remove_if(runs.begin(), runs.end(), [](const ir::TextRun& r) { return r.text.empty(); }),
             runs.end());
  return runs;
}

}  // namespace

namespace detail {

ir::RichText SequenceText(std::string_view text) {
  ir::RichText out;
  if (text.empty()) return out;
  for (const std::string& line : SplitEscapedLines(text)) out.lines.push_back(ParseCreoleLine(line));
  return out;
}

ir::Color SequenceColor(std::string_view text) {
  if (!text.empty() && text[0] == '#') text.remove_prefix(1);
  text = text.substr(0, text.find_first_of("/-|\\"));
  std::string s = Lowered(text);
  if (s.empty()) return {};
  if (IsHex(s) && (s.size() == 3 || s.size() == 6 || s.size() == 8)) {
    if (s.size() == 3) s = {s[0], s[0], s[1], s[1], s[2], s[2]};
    return {"#" + s};
  }
  return {s};
}

std::string FormatAutonumber(int value, std::string_view format) {
  std::string plain;
  for (size_t i = 0; i < format.size(); ++i) {
    size_t close = format[i] == '<' ? format.find('>', i) : std::string_view::npos;
    if (close != std::string_view::npos) {
      i = close;
      continue;
    }
    plain += format[i];
  }
  std::string number = std::to_string(value);
  size_t b = plain.find_first_of("0#");
  if (b == std::string::npos) return plain.empty() ? number : plain + number;
  size_t e = plain.find_first_not_of("0#", b);
  if (e == std::string::npos) e = plain.size();
  size_t zeros = static_cast<size_t>(std::count(plain.begin() + b, plain.begin() + e, '0'));
  bool negative = value < 0;
  std::string digits = negative ? number.substr(1) : number;
  if (digits.size() < zeros) digits.insert(0, zeros - digits.size(), '0');
  return plain.substr(0, b) + (negative ? "-" : "") + digits + plain.substr(e);
}

}  // namespace detail

// TEMPORARY: mirrors what LowerCommon (lower_common.hpp) fills, until it lands.
void SequenceLowerer::LowerCommonStatements(const grammar::puml::CommonStatements& common) {
  ir::Decorations& d = model_.decorations;
  d.title = detail::SequenceText(common.title);
  d.caption = detail::SequenceText(common.caption);
  d.header = detail::SequenceText(common.header);
  d.footer = detail::SequenceText(common.footer);
  d.legend = detail::SequenceText(common.legend);
  d.legend_align = common.legend_align;
  for (const grammar::puml::SkinParam& p : common.skinparams) {
    std::string name = Lowered(p.name);
    model_.skinparams[name] = p.value;
    std::string value = Lowered(p.value);
    if (name == "backgroundcolor") model_.skin.background = detail::SequenceColor(p.value);
    if (name == "monochrome") model_.skin.monochrome = value == "true" || value == "reverse";
    if (name == "handwritten") model_.skin.handwritten = value == "true";
    if (name == "shadowing") model_.skin.shadowing = value == "true";
  }
  for (const std::string& h : common.hides)
    if (h == "footbox") model_.hide_footbox = true;
  for (const std::string& s : common.shows)
    if (s == "footbox") model_.hide_footbox = false;
}

void SequenceLowerer::ApplyOrderAndHiding(const grammar::puml::CommonStatements& common) {
  size_t n = model_.participants.size();
  std::vector<bool> keep(n, true);
  if (Contains(common.hides, "unlinked")) {
    std::fill(keep.begin(), keep.end(), false);
    for (const ir::SequencePage& page : model_.pages)
      for (const ir::SeqEvent& e : page.events)
        if (const auto* m = std::get_if<ir::Message>(&e)) {
          if (m->from >= 0) keep[m->from] = true;
          if (m->to >= 0) keep[m->to] = true;
        }
  }
  std::vector<int> sorted(n);
  std::iota(sorted.begin(), sorted.end(), 0);
  std::stable_sort(sorted.begin(), sorted.end(), [&](int a, int b) { return order_[a] < order_[b]; });
  std::vector<int> new_index(n, -1);
  size_t count = 0;
  for (int old : sorted)
    if (keep[old]) new_index[old] = static_cast<int>(count++);
  bool identity = count == n && std::is_sorted(sorted.begin(), sorted.end());
  if (!identity) Reindex(new_index, count);
}

// Moves participants to their new places and rewrites every reference; events
// about a hidden participant are dropped with it.
void SequenceLowerer::Reindex(const std::vector<int>& new_index, size_t count) {
  std::vector<ir::Participant> moved(count);
  for (size_t i = 0; i < new_index.size(); ++i)
    if (new_index[i] >= 0) moved[new_index[i]] = std::move(model_.participants[i]);
  model_.participants = std::move(moved);
  auto map = [&](int& p) {
    if (p < 0) return true;
    p = new_index[p];
    return p >= 0;
  };
  for (ir::SequencePage& page : model_.pages) {
    std::vector<ir::SeqEvent> kept;
    kept.reserve(page.events.size());
    for (ir::SeqEvent& e : page.events) {
      bool ok = true;
      if (auto* m = std::get_if<ir::Message>(&e)) ok = map(m->from) && map(m->to);
      else if (auto* a = std::get_if<ir::Activation>(&e)) ok = map(a->participant);
      else if (auto* note = std::get_if<ir::SeqNote>(&e)) ok = map(note->first) && map(note->last);
      if (ok) kept.push_back(std::move(e));
    }
    page.events = std::move(kept);
  }
}

}  // namespace dg::compiler
