#include "compiler/lower_sequence.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "compiler/lower_common.hpp"
#include "compiler/lower_component.hpp"
#include "compiler/sprites.hpp"
#include "compiler/sequence_lower_state.hpp"

namespace dg::compiler {

using namespace grammar::puml;
using grammar::Span;

namespace {

constexpr double kDefaultSpacingPt = 20.0;  // `|||` without a number, points

ir::SeqHead ToHead(SeqArrowHead h) {
  switch (h) {
    case SeqArrowHead::kNone: return ir::SeqHead::kNone;
    case SeqArrowHead::kFilled: return ir::SeqHead::kFilled;
    case SeqArrowHead::kOpen: return ir::SeqHead::kOpen;
    case SeqArrowHead::kHalfTop: return ir::SeqHead::kHalfTop;
    case SeqArrowHead::kHalfBottom: return ir::SeqHead::kHalfBottom;
    case SeqArrowHead::kOpenHalfTop: return ir::SeqHead::kOpenHalfTop;
    case SeqArrowHead::kOpenHalfBottom: return ir::SeqHead::kOpenHalfBottom;
  }
  return ir::SeqHead::kFilled;
}

ir::SeqEndMark ToMark(char m) {
  return m == 'x' ? ir::SeqEndMark::kCross : m == 'o' ? ir::SeqEndMark::kCircle : ir::SeqEndMark::kNone;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// `-[#red,dashed,thickness=2]->` → style; unknown words are ignored as PlantUML does.
void ApplyArrowStyle(std::string_view spec, ir::Message& m) {
  size_t b = 0;
  while (b <= spec.size()) {
    size_t e = spec.find_first_of(",;", b);
    if (e == std::string_view::npos) e = spec.size();
    std::string word = LowerAscii(spec.substr(b, e - b));
    word.erase(std::remove(word.begin(), word.end(), ' '), word.end());
    if (!word.empty() && word[0] == '#') m.style.stroke = ParseColor(word);
    else if (word == "dashed") m.dashed = true;
    else if (word == "dotted") m.style.dotted = true;
    else if (word == "bold") m.style.stroke_width = 2;
    else if (word.starts_with("thickness=")) {
      double w = 0;
      auto [p, ec] = std::from_chars(word.data() + 10, word.data() + word.size(), w);
      if (ec == std::errc()) m.style.stroke_width = std::clamp(w, 0.0, 20.0);
    }
    b = e + 1;
  }
}

}  // namespace

// ------------------------------------------------------------ participants

int SequenceLowerer::Declare(const SeqName& name, std::string_view kind, Span origin) {
  auto it = index_.find(name.text);
  if (it != index_.end()) return it->second;
  ir::Participant p;
  p.id = name.text;
  p.kind = std::string(kind);
  p.label = ir::ParseCreole(name.text, &sprites_);
  p.box = boxes_.empty() ? -1 : boxes_.back();
  p.origin = origin;
  model_.participants.push_back(std::move(p));
  order_.push_back(0);
  int index = static_cast<int>(model_.participants.size()) - 1;
  index_.emplace(name.text, index);
  return index;
}

void SequenceLowerer::operator()(const SeqParticipantDecl& d) {
  bool existed = index_.count(d.name.text) > 0;
  int i = Declare(d.name, d.keyword, d.span);
  ir::Participant& p = model_.participants[i];
  if (existed) {
    // A declaration after first use changes the look, never the position.
    p.kind = d.keyword;
  }
  if (!d.display.empty()) p.label = ir::ParseCreole(d.display, &sprites_);
  p.stereotypes = d.stereotypes;
  if (!d.color.empty()) p.style.fill = ParseColor(d.color);
  if (d.order) order_[i] = *d.order;
  if (!d.link.empty()) p.link = KeepSafeLink(d.link, d.link_span, "puml-link", diags_);
  if (d.create) Create(i, d.span);
}

void SequenceLowerer::operator()(const SeqCreate& c) { Create(Declare(c.name, "participant", c.span), c.span); }

void SequenceLowerer::Create(int participant, Span origin) {
  model_.participants[participant].created = true;
  Emit(ir::Activation{participant, ir::ActivationOp::kCreate, {}, origin});
}

// ------------------------------------------------------------ messages

void SequenceLowerer::operator()(const SeqMessage& s) {
  ir::Message m;
  m.origin = s.span;
  // The arrow points right unless it only has a head on its left.
  bool right = s.arrow.right_head != SeqArrowHead::kNone || s.arrow.left_head == SeqArrowHead::kNone;
  int left = s.left ? Declare(*s.left, "participant", s.left->span) : -1;
  int rightp = s.right ? Declare(*s.right, "participant", s.right->span) : -1;
  m.from = right ? left : rightp;
  m.to = right ? rightp : left;
  m.from_edge_short = (right ? s.left_edge : s.right_edge) == SeqEdge::kShort;
  m.to_edge_short = (right ? s.right_edge : s.left_edge) == SeqEdge::kShort;
  m.from_outside_right = !right && m.from < 0;
  m.to_outside_left = !right && m.to < 0;
  m.head = ToHead(right ? s.arrow.right_head : s.arrow.left_head);
  m.tail_head = right ? ToHead(s.arrow.left_head) : ir::SeqHead::kNone;
  m.head_mark = ToMark(right ? s.arrow.right_mark : s.arrow.left_mark);
  m.tail_mark = ToMark(right ? s.arrow.left_mark : s.arrow.right_mark);
  m.dashed = s.arrow.dashed;
  ApplyArrowStyle(s.arrow.style, m);
  m.label = ir::ParseCreole(s.label, &sprites_);
  m.stereotypes = s.stereotypes;
  m.anchor = s.anchor;
  m.link = KeepSafeLink(s.link, s.link_span, "puml-link", diags_);
  ir::Message base = m;
  EmitMessage(std::move(m), s.shortcuts, s.shortcut_color);
  // teoz `A -> B & C`: the same arrow to each further target, unlabelled and on
  // the same row, as PlantUML draws them.
  for (const SeqName& name : s.also_to) {
    ir::Message extra = base;
    extra.label = {};
    extra.same_row_as_previous = true;
    (right ? extra.to : extra.from) = Declare(name, "participant", name.span);
    EmitMessage(std::move(extra), "", "");
  }
}

void SequenceLowerer::EmitMessage(ir::Message m, std::string_view shortcuts, std::string_view color) {
  if (autonumber_.on && !m.same_row_as_previous) {  // a multicast is numbered once
    m.number = detail::FormatAutonumber(autonumber_.value, autonumber_.format);
    autonumber_.value += autonumber_.step;
  }
  int from = m.from, to = m.to;
  bool dashed = m.dashed;
  Span origin = m.origin;
  if (shortcuts.find("**") != std::string_view::npos && to >= 0) Create(to, origin);
  last_message_ = {from, to, true};
  Emit(std::move(m));
  ir::Style style;
  style.fill = ParseColor(color);
  bool activates = shortcuts.find("++") != std::string_view::npos;
  bool deactivates = shortcuts.find("--") != std::string_view::npos;
  if (autoactivate_ && shortcuts.empty()) {
    activates = !dashed && to >= 0 && to != from;
    deactivates = dashed && from >= 0 && IsActive(from);
  }
  // `--` ends the sender's activation before `++` starts the target's.
  if (deactivates && from >= 0) Deactivate(from, origin);
  if (activates && to >= 0) Activate(to, from, style, origin);
  if (shortcuts.find("!!") != std::string_view::npos && to >= 0)
    Emit(ir::Activation{to, ir::ActivationOp::kDestroy, {}, origin});
}

void SequenceLowerer::operator()(const SeqReturn& r) {
  if ((active_.empty() || active_.back().caller < 0) && last_message_.valid &&
      last_message_.from >= 0 && last_message_.to >= 0) {
    // No activation to end: PlantUML answers the last message.
    ir::Message m;
    m.from = last_message_.to;
    m.to = last_message_.from;
    m.dashed = true;
    m.label = ir::ParseCreole(r.label, &sprites_);
    m.origin = r.span;
    EmitMessage(std::move(m), "", "");
    return;
  }
  if (active_.empty() || active_.back().caller < 0) {
    diags_.Error(r.span, "puml-return",
                 "\"return\" needs an activation started by a message (\"A -> B ++\" or "
                 "\"activate B\" after a message to B)");
    return;
  }
  Active top = active_.back();
  ir::Message m;
  m.from = top.participant;
  m.to = top.caller;
  m.dashed = true;
  m.label = ir::ParseCreole(r.label, &sprites_);
  m.origin = r.span;
  EmitMessage(std::move(m), "", "");
  Deactivate(top.participant, r.span);
}

// ------------------------------------------------------------ activations

bool SequenceLowerer::IsActive(int participant) const {
  return std::any_of(active_.begin(), active_.end(),
                     [&](const Active& a) { return a.participant == participant; });
}

void SequenceLowerer::Activate(int participant, int caller, const ir::Style& style, Span origin) {
  active_.push_back({participant, caller});
  Emit(ir::Activation{participant, ir::ActivationOp::kActivate, style, origin});
}

void SequenceLowerer::Deactivate(int participant, Span origin) {
  for (size_t i = active_.size(); i-- > 0;) {
    if (active_[i].participant == participant) {
      active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  Emit(ir::Activation{participant, ir::ActivationOp::kDeactivate, {}, origin});
}

void SequenceLowerer::operator()(const SeqActivation& a) {
  int p = -1;
  if (a.name) {
    p = Declare(*a.name, "participant", a.name->span);
  } else if (!active_.empty()) {
    p = active_.back().participant;
  } else {
    diags_.Error(a.span, "puml-deactivate", "\"deactivate\" without a name needs an active participant");
    return;
  }
  ir::Style style;
  style.fill = ParseColor(a.color);
  switch (a.op) {
    case SeqActivation::Op::kActivate: {
      // `activate B` right after `A -> B` remembers A, so `return` can answer it.
      int caller = last_message_.valid && last_message_.to == p ? last_message_.from : -1;
      Activate(p, caller, style, a.span);
      break;
    }
    case SeqActivation::Op::kDeactivate: Deactivate(p, a.span); break;
    case SeqActivation::Op::kDestroy:
      active_.erase(std::remove_if(active_.begin(), active_.end(),
                                   [&](const Active& x) { return x.participant == p; }),
                    active_.end());
      Emit(ir::Activation{p, ir::ActivationOp::kDestroy, {}, a.span});
      break;
  }
}

void SequenceLowerer::operator()(const SeqAutoactivate& a) { autoactivate_ = a.on; }

// ------------------------------------------------------------ notes

void SequenceLowerer::operator()(const SeqNote& n) {
  ir::SeqNote note;
  note.shape = static_cast<ir::SeqNote::Shape>(n.shape);
  note.position = static_cast<ir::SeqNote::Position>(n.position);
  note.text = ir::ParseCreole(n.text, &sprites_);
  note.style.fill = ParseColor(n.color);
  note.same_row_as_previous = n.same_row;
  note.link = KeepSafeLink(n.link, n.link_span, "puml-link", diags_);
  note.origin = n.span;
  if (n.position == SeqNote::Position::kAcross) {
    note.first = note.last = -1;
  } else if (n.names.empty()) {
    if (!AttachToLastMessage(note)) return;
  } else {
    note.first = Declare(n.names.front(), "participant", n.names.front().span);
    note.last = Declare(n.names.back(), "participant", n.names.back().span);
    for (const SeqName& name : n.names) Declare(name, "participant", name.span);
  }
  Emit(std::move(note));
}

// `note left : …` sits beside the previous message, on its left- or right-most end;
// teoz's `note bottom : …` spans it.
bool SequenceLowerer::AttachToLastMessage(ir::SeqNote& note) {
  if (!last_message_.valid || (last_message_.from < 0 && last_message_.to < 0)) {
    diags_.Error(note.origin, "puml-note",
                 "a note without \"of PARTICIPANT\" must follow a message, as in \"note left of A\"");
    return false;
  }
  int a = last_message_.from, b = last_message_.to;
  if (a < 0) a = b;
  if (b < 0) b = a;
  if (note.position == ir::SeqNote::Position::kOver) {  // teoz `note bottom`: across the message
    note.first = std::min(a, b);
    note.last = std::max(a, b);
    return true;
  }
  bool left = note.position == ir::SeqNote::Position::kLeft;
  note.first = note.last = left ? std::min(a, b) : std::max(a, b);
  return true;
}

// ------------------------------------------------------------ fragments, pages, numbering

void SequenceLowerer::operator()(const SeqFragmentStart& f) {
  ir::FragmentStart s;
  s.op = f.op;
  s.label = ir::ParseCreole(f.label, &sprites_);
  s.style.fill = ParseColor(f.color);
  s.origin = f.span;
  Emit(std::move(s));
}
void SequenceLowerer::operator()(const SeqFragmentElse& e) {
  Emit(ir::FragmentElse{ir::ParseCreole(e.label, &sprites_), e.span});
}
void SequenceLowerer::operator()(const SeqFragmentEnd& e) { Emit(ir::FragmentEnd{e.span}); }
void SequenceLowerer::operator()(const SeqDivider& d) {
  Emit(ir::Divider{ir::ParseCreole(d.text, &sprites_), d.span});
}
void SequenceLowerer::operator()(const SeqDelay& d) {
  Emit(ir::Delay{ir::ParseCreole(d.text, &sprites_), d.span});
}
void SequenceLowerer::operator()(const SeqSpacing& s) {
  Emit(ir::Spacing{s.points.value_or(kDefaultSpacingPt), s.span});
}
void SequenceLowerer::operator()(const SeqDuration& d) {
  Emit(ir::Duration{d.from, d.to, ir::ParseCreole(d.label, &sprites_), d.span});
}
void SequenceLowerer::operator()(const SeqNewPage& p) {
  model_.pages.push_back({});
  model_.pages.back().title = ir::ParseCreole(p.title, &sprites_);
}

void SequenceLowerer::operator()(const SeqAutonumber& a) {
  if (a.op == SeqAutonumber::Op::kStop) {
    autonumber_.on = false;
    return;
  }
  autonumber_.on = true;
  if (a.op == SeqAutonumber::Op::kStart) {
    autonumber_.value = a.start.value_or(1);
    autonumber_.step = 1;
    autonumber_.format.clear();
  }
  if (a.step) autonumber_.step = *a.step;
  if (a.format) autonumber_.format = *a.format;
}

void SequenceLowerer::operator()(const SeqBoxStart& b) {
  ir::ParticipantBox box;
  box.label = ir::ParseCreole(b.label, &sprites_);
  box.stereotypes = b.stereotypes;
  box.style.fill = ParseColor(b.color);
  box.origin = b.span;
  model_.boxes.push_back(std::move(box));
  boxes_.push_back(static_cast<int>(model_.boxes.size()) - 1);
}
void SequenceLowerer::operator()(const SeqBoxEnd&) {
  if (!boxes_.empty()) boxes_.pop_back();
}

void SequenceLowerer::Emit(ir::SeqEvent event) { model_.pages.back().events.push_back(std::move(event)); }

// ------------------------------------------------------------ driver

SequenceLowerer::SequenceLowerer(grammar::Diagnostics& diags) : diags_(diags) { model_.pages.push_back({}); }

ir::SequenceModel SequenceLowerer::Lower(const SequenceDocument& doc) {
  sprites_ = DecodeSprites(doc.common.sprites, diags_);  // before any label reads `<$name>`
  for (const SeqStatement& s : doc.statements) std::visit(*this, s);
  LowerCommonStatements(doc.common);
  ApplyOrderAndHiding(doc.common);
  return std::move(model_);
}

std::optional<ir::SequenceModel> LowerSequenceDocument(const SequenceDocument& doc,
                                                       grammar::Diagnostics& diags) {
  size_t errors_before = diags.ErrorCount();
  ir::SequenceModel model = SequenceLowerer(diags).Lower(doc);
  if (diags.ErrorCount() > errors_before) return std::nullopt;
  return model;
}

std::optional<ir::SequenceModel> LowerSequence(const Block& block, const grammar::SourceFile& file,
                                               grammar::Diagnostics& diags) {
  size_t errors_before = diags.ErrorCount();
  SequenceDocument doc = ParseSequence(block, diags);
  std::optional<ir::SequenceModel> model = LowerSequenceDocument(doc, diags);
  if (diags.ErrorCount() > errors_before) return std::nullopt;
  return model;
}

}  // namespace dg::compiler
