// Sequence lowering, second half: shared statements, `order` / `hide
// unlinked`, autonumber text.
#include <algorithm>
#include <cctype>
#include <numeric>

#include "compiler/lower_common.hpp"
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

// Skinparams only sequence layout reads: kept in SequenceModel::skinparams and
// not passed to LowerCommon, which would call them unsupported.
bool IsSequenceSkinparam(std::string_view lower) {
  constexpr std::string_view kNames[] = {"sequencemessagealign", "responsemessagebelowarrow",
                                         "lifelinestrategy", "boxpadding", "participantpadding",
                                         "sequencereferencealign", "maxmessagesize"};
  return std::find(std::begin(kNames), std::end(kNames), lower) != std::end(kNames);
}

// Fills unset colours of `style` from `from`.
void Inherit(ir::Style& style, const ir::Style& from) {
  if (!style.fill.set()) style.fill = from.fill;
  if (!style.stroke.set()) style.stroke = from.stroke;
  if (!style.text.set()) style.text = from.text;
  if (!style.font_size) style.font_size = from.font_size;
  if (!style.stroke_width) style.stroke_width = from.stroke_width;
  if (!style.stereo_text.set()) style.stereo_text = from.stereo_text;
  if (!style.stereo_size) style.stereo_size = from.stereo_size;
  style.dashed = style.dashed || from.dashed;
}

// A message's own `<<st>>` styles (`arrow<<st>>`, then `.st`) before plain `arrow`.
template <typename Find>
void InheritArrowStyles(ir::Message& m, const Find& find) {
  for (const std::string& stereo : m.stereotypes) {
    if (const ir::Style* s = find("arrow<<" + stereo + ">>")) Inherit(m.style, *s);
    if (const ir::Style* s = find("<<" + stereo + ">>")) Inherit(m.style, *s);
  }
  if (const ir::Style* s = find("arrow")) Inherit(m.style, *s);
}

}  // namespace

namespace detail {

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

void SequenceLowerer::LowerCommonStatements(const grammar::puml::CommonStatements& common) {
  grammar::puml::CommonStatements shared = common;
  shared.skinparams.clear();
  for (const grammar::puml::SkinParam& p : common.skinparams) {
    std::string name = Lowered(p.name);
    model_.skinparams[name] = p.value;
    if (!IsSequenceSkinparam(name)) shared.skinparams.push_back(p);
  }
  std::map<std::string, ir::Style> kind_styles;
  LowerCommon(shared, model_.decorations, model_.skin, kind_styles, diags_, StyleScope::kSequence, &sprites_);
  ApplyKindStyles(kind_styles);
  for (const std::string& h : common.hides)
    if (h == "footbox") model_.hide_footbox = true;
  for (const std::string& s : common.shows)
    if (s == "footbox") model_.hide_footbox = false;
}

// `skinparam participantBackgroundColor`, `actor<<api>>`, `<<api>>`, `note…`:
// the most specific key wins; `#color` written on the element beats them all.
void SequenceLowerer::ApplyKindStyles(const std::map<std::string, ir::Style>& kind_styles) {
  if (kind_styles.empty()) return;
  auto find = [&](const std::string& key) -> const ir::Style* {
    auto it = kind_styles.find(key);
    return it == kind_styles.end() ? nullptr : &it->second;
  };
  for (ir::Participant& p : model_.participants) {
    for (const std::string& stereo : p.stereotypes) {
      if (const ir::Style* s = find(p.kind + "<<" + stereo + ">>")) Inherit(p.style, *s);
      if (const ir::Style* s = find("<<" + stereo + ">>")) Inherit(p.style, *s);
    }
    if (const ir::Style* s = find(p.kind)) Inherit(p.style, *s);
    if (const ir::Style* s = find("participant")) Inherit(p.style, *s);
    if (const ir::Style* s = find("element")) Inherit(p.style, *s);  // `<style> root { … }`
  }
  // `skinparam sequencebox<<system_boundary>> { … }` (C4-PlantUML's boundaries);
  // a `#color` on the box line wins, as on participants.
  for (ir::ParticipantBox& box : model_.boxes) {
    for (const std::string& stereo : box.stereotypes) {
      if (const ir::Style* s = find("sequencebox<<" + stereo + ">>")) Inherit(box.style, *s);
    }
    if (const ir::Style* s = find("sequencebox")) Inherit(box.style, *s);
  }
  const ir::Style* note = find("note");
  for (ir::SequencePage& page : model_.pages)
    for (ir::SeqEvent& e : page.events) {
      if (auto* n = std::get_if<ir::SeqNote>(&e); n && note) Inherit(n->style, *note);
      if (auto* m = std::get_if<ir::Message>(&e)) InheritArrowStyles(*m, find);
    }
}

void SequenceLowerer::ApplyOrderAndHiding(const grammar::puml::CommonStatements& common) {
  size_t n = model_.participants.size();
  std::vector<bool> keep(n, true);
  if (Contains(common.hides, "unlinked") || Contains(common.hides, "@unlinked")) {
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
