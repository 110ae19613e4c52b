// Mermaid sequence diagrams → ir::SequenceModel, following Mermaid's
// sequenceDb: participants appear in order of first mention (declaration,
// message or note), `+`/`-` on an arrow (de)activate, `destroy X` takes
// effect at X's next message, `end` closes the innermost block or box.
#include <unordered_map>

#include "compiler/lower_component.hpp"
#include "compiler/lower_mermaid.hpp"
#include "compiler/mermaid_text.hpp"

namespace dg::compiler::mermaid {
namespace {

namespace gm = grammar::mermaid;

struct ArrowLook {
  std::string_view arrow;
  bool dashed;
  ir::SeqHead head;
  ir::SeqEndMark mark;
  bool both_ends;
};

constexpr ArrowLook kArrows[] = {
    {"->", false, ir::SeqHead::kNone, ir::SeqEndMark::kNone, false},
    {"-->", true, ir::SeqHead::kNone, ir::SeqEndMark::kNone, false},
    {"->>", false, ir::SeqHead::kFilled, ir::SeqEndMark::kNone, false},
    {"-->>", true, ir::SeqHead::kFilled, ir::SeqEndMark::kNone, false},
    {"-x", false, ir::SeqHead::kNone, ir::SeqEndMark::kCross, false},
    {"--x", true, ir::SeqHead::kNone, ir::SeqEndMark::kCross, false},
    {"-)", false, ir::SeqHead::kOpen, ir::SeqEndMark::kNone, false},
    {"--)", true, ir::SeqHead::kOpen, ir::SeqEndMark::kNone, false},
    {"<<->>", false, ir::SeqHead::kFilled, ir::SeqEndMark::kNone, true},
    {"<<-->>", true, ir::SeqHead::kFilled, ir::SeqEndMark::kNone, true},
};

class SeqLowerer {
 public:
  explicit SeqLowerer(grammar::Diagnostics& diags) : diags_(diags) { model_.pages.emplace_back(); }

  ir::SequenceModel Run(const gm::Sequence& seq) {
    for (const gm::SeqStatement& st : seq.statements) std::visit(*this, st);
    if (seq.title) model_.decorations.title = Label(*seq.title);
    return std::move(model_);
  }

  void operator()(const gm::SeqParticipant& p);
  void operator()(const gm::SeqMessage& m);
  void operator()(const gm::SeqNote& n);
  void operator()(const gm::SeqActivation& a) {
    int p = Participant(a.id, a.id_span);
    Emit(ir::Activation{p, a.activate ? ir::ActivationOp::kActivate : ir::ActivationOp::kDeactivate, {}, a.span});
  }
  void operator()(const gm::SeqDestroy& d) { pending_destroy_.push_back(Participant(d.id, d.id_span)); }
  void operator()(const gm::SeqBlockStart& b);
  void operator()(const gm::SeqBlockElse& e) { Emit(ir::FragmentElse{Label(e.text), e.span}); }
  void operator()(const gm::SeqEnd& e) {
    if (ends_.empty()) return;  // reported by the parser
    if (ends_.back() == End::kBlock) Emit(ir::FragmentEnd{e.span});
    if (ends_.back() == End::kBox) box_ = -1;
    ends_.pop_back();
  }
  void operator()(const gm::SeqBoxStart& b);
  void operator()(const gm::SeqAutonumber& a) {
    autonumber_ = a.on;
    number_ = a.start;
    step_ = a.step;
  }
  void operator()(const gm::SeqLink& l);

 private:
  enum class End { kBlock, kBox };

  int Participant(const std::string& id, grammar::Span origin, const std::string& kind = "participant");
  /// Built in place: a temporary SeqEvent set off GCC 12's -Wmaybe-uninitialized.
  template <typename Event>
  void Emit(Event&& e) { model_.pages.back().events.emplace_back(std::forward<Event>(e)); }
  void DestroyAfter(const ir::Message& m);

  grammar::Diagnostics& diags_;
  ir::SequenceModel model_;
  std::unordered_map<std::string, int> index_;
  std::vector<int> pending_destroy_;
  std::vector<End> ends_;
  int box_ = -1;
  bool autonumber_ = false;
  int number_ = 1;
  int step_ = 1;
};

int SeqLowerer::Participant(const std::string& id, grammar::Span origin, const std::string& kind) {
  auto [it, added] = index_.emplace(id, static_cast<int>(model_.participants.size()));
  if (added) {
    ir::Participant p;
    p.id = id;
    p.kind = kind;
    p.label = Label(id);
    p.box = box_;
    p.origin = origin;
    model_.participants.push_back(std::move(p));
  }
  return it->second;
}

void SeqLowerer::operator()(const gm::SeqParticipant& d) {
  int index = Participant(d.id, d.span, d.kind);
  ir::Participant& p = model_.participants[index];
  p.kind = d.kind;  // a later declaration may say what an earlier mention was
  if (d.alias) p.label = Label(*d.alias);
  if (d.create) {
    p.created = true;
    Emit(ir::Activation{index, ir::ActivationOp::kCreate, {}, d.span});
  }
}

void SeqLowerer::operator()(const gm::SeqMessage& m) {
  ir::Message msg;
  msg.from = Participant(m.from, m.from_span);
  msg.to = Participant(m.to, m.to_span);
  msg.label = Label(m.text);
  for (const ArrowLook& look : kArrows) {
    if (look.arrow != m.arrow) continue;
    msg.dashed = look.dashed;
    msg.head = look.head;
    msg.head_mark = look.mark;
    if (look.both_ends) msg.tail_head = look.head;
  }
  if (autonumber_) {
    msg.number = std::to_string(number_);
    number_ += step_;
  }
  msg.origin = m.span;
  Emit(msg);
  if (m.activation == '+') Emit(ir::Activation{msg.to, ir::ActivationOp::kActivate, {}, m.span});
  if (m.activation == '-') Emit(ir::Activation{msg.from, ir::ActivationOp::kDeactivate, {}, m.span});
  DestroyAfter(msg);
}

/// `destroy X` marks X; its lifeline ends at the next message to or from it.
void SeqLowerer::DestroyAfter(const ir::Message& m) {
  for (auto it = pending_destroy_.begin(); it != pending_destroy_.end();) {
    if (*it == m.from || *it == m.to) {
      Emit(ir::Activation{*it, ir::ActivationOp::kDestroy, {}, m.origin});
      it = pending_destroy_.erase(it);
    } else {
      ++it;
    }
  }
}

/// Mermaid shows a menu of links on a participant; an image can carry one
/// link per element, so the first is kept (its label becomes the tooltip).
void SeqLowerer::operator()(const gm::SeqLink& l) {
  ir::Participant& p = model_.participants[Participant(l.id, l.id_span)];
  if (!p.link.empty()) return;
  p.link = KeepSafeLink(l.url, l.span, "mermaid-link", diags_);
  if (p.link.empty()) return;
  p.tooltip = DecodeEntities(l.label);
}

void SeqLowerer::operator()(const gm::SeqNote& n) {
  ir::SeqNote note;
  note.first = Participant(n.first, n.first_span);
  note.last = n.second.empty() ? note.first : Participant(n.second, n.second_span);
  note.position = n.position == "left of"    ? ir::SeqNote::Position::kLeft
                  : n.position == "right of" ? ir::SeqNote::Position::kRight
                                             : ir::SeqNote::Position::kOver;
  note.text = Label(n.text);
  note.origin = n.span;
  Emit(std::move(note));
}

void SeqLowerer::operator()(const gm::SeqBlockStart& b) {
  ir::FragmentStart f;
  f.origin = b.span;
  if (b.op == "rect") {
    f.op = "rect";
    f.style.fill = Color(b.text.value);
  } else {
    f.op = b.op == "par_over" ? "par" : b.op;
    f.label = Label(b.text);
  }
  Emit(std::move(f));
  ends_.push_back(End::kBlock);
}

void SeqLowerer::operator()(const gm::SeqBoxStart& b) {
  ir::ParticipantBox box;
  box.label = Label(b.label);
  box.style.fill = Color(b.color);
  box.style.bold = false;  // Mermaid writes box titles in the body font
  box.origin = b.span;
  model_.boxes.push_back(std::move(box));
  box_ = static_cast<int>(model_.boxes.size()) - 1;
  ends_.push_back(End::kBox);
}

}  // namespace

ir::SequenceModel LowerSequence(const gm::Sequence& seq, grammar::Diagnostics& diags) {
  return SeqLowerer(diags).Run(seq);
}

}  // namespace dg::compiler::mermaid
