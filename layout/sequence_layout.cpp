#include "layout/sequence_layout.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <cmath>
#include <limits>
#include <set>

#include "layout/decorations.hpp"
#include "layout/sequence_draw.hpp"
#include "layout/sequence_page.hpp"

namespace dg::layout {

std::vector<Scene> LayoutSequence(const ir::SequenceModel& model, const TextMeasurer& measurer,
                                  const LayoutOptions& options, grammar::Diagnostics& diags) {
  std::vector<Scene> scenes;
  scenes.reserve(model.pages.size());
  for (size_t i = 0; i < model.pages.size(); ++i) {
    seq::PageLayout page(model, model.pages[i], measurer, options);
    page.set_page_number(static_cast<int>(i) + 1, static_cast<int>(model.pages.size()));
    scenes.push_back(page.Run());
  }
  if (scenes.empty()) {
    ir::SequencePage empty;
    scenes.push_back(seq::PageLayout(model, empty, measurer, options).Run());
  }
  return scenes;
}

namespace seq {
namespace {

/// The diagram's decorations as page `n` of `last` shows them: its own
/// title (`newpage Title`) if it has one, %page% and %lastpage% numbered.
ir::Decorations PageDecorations(const ir::SequenceModel& model, const ir::SequencePage& page, int n,
                                int last) {
  ir::Decorations d = model.decorations;
  if (!page.title.empty()) d.title = page.title;
  return NumberPages(d, n, last);
}

constexpr double kFontSize = 13.0;          // participant and label text, points
constexpr double kParticipantGap = 20.0;    // between neighbouring heads, points
constexpr double kLabelPad = 10.0;          // label to each lifeline, points
constexpr double kRowGap = 10.0;            // between rows, points
constexpr double kArrowGap = 4.0;           // label bottom to its arrow, points
constexpr double kFirstRowGap = 14.0;       // head bottom to the first row, points
constexpr double kSelfWidth = 35.0;         // self-message loop width, points
constexpr double kSelfHeight = 14.0;        // self-message loop height, points
constexpr double kBarWidth = 10.0;          // activation bar width, points
constexpr double kBarNest = 5.0;            // x offset per nested activation, points
constexpr double kNotePad = 6.0;            // note text to border, points
constexpr double kNoteGap = 8.0;            // note to its lifeline, points
constexpr double kFramePad = 10.0;          // fragment frame around its content, points
constexpr double kTabHeight = 22.0;         // ref header row, points
constexpr double kTabToContent = 8.0;       // fragment tab bottom to its first row, points
constexpr double kElseGap = 8.0;            // else line (and its guard) to the next row, points
constexpr double kChipGap = 3.0;            // else line to its guard chip, points
constexpr double kDelayDash = 2.0;          // dotted lifeline through a delay: dot, points
constexpr double kDelayGap = 3.0;           //   and gap, points
constexpr double kDelayPad = 8.0;           // delay text to the band's ends, points
constexpr double kMinDelay = 24.0;          // height of a delay band without text, points
constexpr double kBorderGap = 30.0;         // outside arrows beyond the outer heads, points
constexpr double kShortArrow = 40.0;        // `?->` arrow length at least, points
constexpr double kBoxPad = 8.0;             // participant box around its heads, points
constexpr double kDestroySize = 8.0;        // half size of the destroy cross, points
constexpr double kMargin = 10.0;            // scene border, points
constexpr double kDecorationGap = 10.0;     // title/footer to the body, points

constexpr double kMaxSkinLength = 500.0;    // skinparam paddings are clamped to this, points

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string SafeId(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

std::string Param(const std::map<std::string, std::string>& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

// A skinparam length in points, clamped; `fallback` when unset or not a number.
double Number(const std::map<std::string, std::string>& params, const std::string& name,
              double fallback) {
  std::string v = Param(params, name);
  double out = fallback;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || v.empty()) return fallback;
  return std::clamp(out, 0.0, kMaxSkinLength);
}

ir::RichText Bracketed(ir::RichText t) {
  if (t.empty()) return t;
  t.lines.front().insert(t.lines.front().begin(), ir::TextRun{"["});
  t.lines.back().push_back(ir::TextRun{"]"});
  return t;
}

// `group Text` shows its text in the tab; other operators show "[guard]" beside it.
std::string TabText(const std::string& op, const ir::RichText& label) {
  return op == "group" && !label.empty() ? FirstLine(label) : op;
}
ir::RichText GuardText(const std::string& op, const ir::RichText& label) {
  return op == "group" ? ir::RichText{} : Bracketed(label);
}

bool PointsLeft(const ir::Message& m) {
  if (m.from >= 0 && m.to >= 0) return m.to < m.from;
  return m.from < 0 ? m.from_outside_right : m.to_outside_left;
}

std::string Trimmed(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

PageLayout::PageLayout(const ir::SequenceModel& model, const ir::SequencePage& page,
                       const TextMeasurer& m, const LayoutOptions& options)
    : model_(model), page_(page), m_(m), options_(options),
      decorations_(PageDecorations(model, page, 1, 1)) {
  font_.size = model.skin.font_size.value_or(kFontSize);
  padding_ = Number(model.skinparams, "participantpadding", 0.0);
  box_pad_ = Number(model.skinparams, "boxpadding", kBoxPad);
  // PlantUML places messages by defaultTextAlignment too (C4 sets center).
  std::string align = Lower(Param(model.skinparams, "sequencemessagealign"));
  if (align.empty()) align = Lower(Param(model.skinparams, "defaulttextalignment"));
  align_ = align == "center" ? Align::kCenter
           : align == "right" ? Align::kRight
           : align == "direction" ? Align::kDirection
           : align == "reversedirection" ? Align::kReverseDirection
                                          : Align::kLeft;
  response_below_ = Lower(Param(model.skinparams, "responsemessagebelowarrow")) == "true";
  solid_lifelines_ = Lower(Param(model.skinparams, "lifelinestrategy")) == "solid";
}

Scene PageLayout::Run() {
  MeasureHeads();
  AssignColumns();
  StackEvents();
  return EmitScene();
}

// ------------------------------------------------------------ measuring

ir::RichText PageLayout::MessageText(const ir::Message& msg) const {
  ir::RichText text = msg.label;
  if (msg.number.empty()) return text;
  if (text.lines.empty()) text.lines.emplace_back();
  ir::TextRun number{msg.number + " ", true};
  text.lines.front().insert(text.lines.front().begin(), number);
  return text;
}

void PageLayout::MeasureHeads() {
  size_t n = model_.participants.size();
  heads_.resize(n);
  head_h_ = 0;
  for (size_t i = 0; i < n; ++i) {
    heads_[i] = MeasureHead(model_.participants[i], font_, m_);
    head_h_ = std::max(head_h_, heads_[i].h);
  }
}

// Constraints (lo, hi, width) say x[hi] - x[lo] >= width. Bucketing them by
// `hi` lets one left-to-right sweep satisfy all of them: linear in their number.
void PageLayout::AssignColumns() {
  size_t n = heads_.size();
  std::vector<std::vector<std::pair<int, double>>> by_hi(n + 1);
  auto need = [&](int lo, int hi, double w) {
    if (lo >= 0 && hi > lo && hi <= static_cast<int>(n)) by_hi[hi].push_back({lo, w});
  };
  for (const ir::SeqEvent& e : page_.events) {
    if (const auto* msg = std::get_if<ir::Message>(&e)) {
      double w = MeasureText(MessageText(*msg), font_, m_).w + 2 * kLabelPad + kBarWidth;
      if (msg->from >= 0 && msg->to >= 0 && msg->from != msg->to) {
        need(std::min(msg->from, msg->to), std::max(msg->from, msg->to), w);
      } else if (msg->from >= 0 && msg->from == msg->to) {
        need(msg->from, msg->from + 1, w + kSelfWidth);
        if (msg->from + 1 == static_cast<int>(n)) right_extra_ = std::max(right_extra_, w + kSelfWidth);
      } else {
        bool left = (msg->from < 0 && !msg->from_outside_right) || (msg->to < 0 && msg->to_outside_left);
        double& extra = left ? left_extra_ : right_extra_;
        extra = std::max(extra, w + kBorderGap);
      }
    } else if (const auto* note = std::get_if<ir::SeqNote>(&e)) {
      if (note->first < 0) continue;
      double w = MeasureText(note->text, font_, m_).w + 2 * kNotePad + kNoteGap + kBarWidth;
      int p = note->first;
      if (note->position == ir::SeqNote::Position::kLeft) need(p - 1, p, w + heads_[p - (p > 0)].w / 2);
      if (note->position == ir::SeqNote::Position::kRight) need(p, p + 1, w + heads_[p + (p + 1 < static_cast<int>(n))].w / 2);
      if (note->position == ir::SeqNote::Position::kOver && note->first == note->last) {
        need(p - 1, p, w / 2 + heads_[p - (p > 0)].w / 2);
        need(p, p + 1, w / 2 + heads_[p + (p + 1 < static_cast<int>(n))].w / 2);
      }
    }
  }
  x_.assign(n, 0);
  for (size_t i = 1; i < n; ++i) {
    int box_a = model_.participants[i - 1].box, box_b = model_.participants[i].box;
    double boxes = box_a == box_b ? 0 : (box_a >= 0) * box_pad_ + (box_b >= 0) * box_pad_;
    x_[i] = x_[i - 1] + heads_[i - 1].w / 2 + kParticipantGap + 2 * padding_ + boxes + heads_[i].w / 2;
    for (auto [lo, w] : by_hi[i]) x_[i] = std::max(x_[i], x_[lo] + w);
  }
}

// ------------------------------------------------------------ rows

double PageLayout::EndX(int p, double toward) const {
  const auto& bars = open_bars_[p];
  if (bars.empty()) return x_[p];
  double center = x_[p] + (bars.size() - 1) * kBarNest;
  return center + toward * kBarWidth / 2;
}

double PageLayout::LeftBorder() const {
  return (x_.empty() ? 0 : x_.front() - heads_.front().w / 2) - left_extra_;
}
double PageLayout::RightBorder() const {
  return (x_.empty() ? 0 : x_.back() + heads_.back().w / 2) + right_extra_;
}

// How far open activation bars reach either side of a lifeline (at least one bar).
double PageLayout::BarReach(int p) const {
  size_t depth = std::max<size_t>(open_bars_[p].size(), 1);
  return kBarWidth / 2 + (depth - 1) * kBarNest;
}

void PageLayout::Extend(double lo, double hi) {
  if (frames_.empty()) return;
  frames_.back().min_x = std::min(frames_.back().min_x, lo);
  frames_.back().max_x = std::max(frames_.back().max_x, hi);
}

void PageLayout::StackEvents() {
  size_t n = heads_.size();
  open_bars_.assign(n, {});
  bars_.assign(n, {});
  head_top_.assign(n, -1);
  pending_create_.assign(n, false);
  destroyed_y_.assign(n, -1);
  top_ = DecorationTop();
  if (!model_.boxes.empty()) top_ += BoxLabelHeight() + kBoxPad;
  y_ = top_ + head_h_ + kFirstRowGap;
  for (size_t i = 0; i < page_.events.size(); ++i) {
    std::visit([&](const auto& ev) { Place(ev, i); }, page_.events[i]);
  }
  // Unclosed fragments cannot reach layout (the parser closes them), but stay safe.
  while (!frames_.empty()) Place(ir::FragmentEnd{}, page_.events.size());
  bottom_ = y_ + kRowGap;
  for (size_t p = 0; p < n; ++p)
    while (!open_bars_[p].empty()) CloseBar(static_cast<int>(p), bottom_);
}

void PageLayout::Place(const ir::Message& msg, size_t index) {
  ir::RichText text = MessageText(msg);
  Size label = MeasureText(text, font_, m_);
  double top = y_;
  bool self = msg.from >= 0 && msg.from == msg.to;
  // A response (pointing left) may carry its label under the arrow.
  bool below = response_below_ && !self && PointsLeft(msg);
  double arrow_y = below ? top + kArrowGap : top + label.h + kArrowGap;
  if (msg.same_row_as_previous && last_was_message_ && !self) {
    top = row_top_;
    arrow_y = last_arrow_y_;
  }
  double label_top = below ? arrow_y + kArrowGap : top;
  Group g;
  g.cls = std::string("message") + (msg.dashed ? " dashed" : "") + (self ? " self" : "") +
          (msg.from < 0 ? " incoming" : "") + (msg.to < 0 ? " outgoing" : "");
  g.id = options_.id_prefix + "msg-" + std::to_string(page_no_) + "-" + std::to_string(messages_.size() + 1);
  g.title = PlainText(text);
  g.link = msg.link;
  double lo, hi;
  if (self) {
    double start = EndX(msg.from, 1);
    DrawSelfArrow(g.shapes, msg, {start, arrow_y}, kSelfWidth, kSelfHeight);
    DrawText(g.shapes, text, start + 4, top, Anchor::kStart, font_, Role::kEdgeLabel, m_, TextPaint(msg.style.text));
    lo = x_[msg.from] - kBarWidth;
    hi = std::max(start + kSelfWidth, start + 4 + label.w);
    y_ = arrow_y + kSelfHeight + kRowGap;
  } else {
    auto [from_x, to_x] = Endpoints(msg, label.w, arrow_y);
    DrawArrow(g.shapes, msg, {from_x, arrow_y}, {to_x, arrow_y});
    if (!msg.anchor.empty()) anchors_[msg.anchor] = {(from_x + to_x) / 2, arrow_y};
    lo = std::min(from_x, to_x);
    hi = std::max(from_x, to_x);
    Anchor anchor = Anchor::kStart;
    double x = LabelX(from_x, to_x, label.w, &anchor);
    DrawText(g.shapes, text, x, label_top, anchor, font_, Role::kEdgeLabel, m_, TextPaint(msg.style.text));
    double left = anchor == Anchor::kStart ? x : anchor == Anchor::kMiddle ? x - label.w / 2 : x - label.w;
    lo = std::min(lo, left);
    hi = std::max(hi, left + label.w);
    y_ = std::max(y_, (below ? label_top + label.h : arrow_y) + kRowGap);
  }
  Extend(lo, hi);
  // The frame also holds the activation bars on the lifelines it touches.
  for (int p : {msg.from, msg.to})
    if (p >= 0) Extend(x_[p] - BarReach(p), x_[p] + BarReach(p));
  row_top_ = top;
  last_arrow_y_ = arrow_y;
  last_from_ = msg.from;
  last_to_ = msg.to;
  last_was_message_ = true;
  messages_.push_back(std::move(g));
}

// skinparam SequenceMessageAlign: where the label sits along its arrow.
double PageLayout::LabelX(double from_x, double to_x, double label_w, Anchor* anchor) const {
  double lo = std::min(from_x, to_x), hi = std::max(from_x, to_x);
  bool rightward = to_x >= from_x;
  Align align = align_;
  if (align == Align::kDirection) align = rightward ? Align::kLeft : Align::kRight;
  if (align == Align::kReverseDirection) align = rightward ? Align::kRight : Align::kLeft;
  if (hi - lo < label_w + 2 * kLabelPad) align = Align::kLeft;  // short arrow: no room to move
  switch (align) {
    case Align::kCenter: *anchor = Anchor::kMiddle; return (lo + hi) / 2;
    case Align::kRight: *anchor = Anchor::kEnd; return hi - kLabelPad;
    default: *anchor = Anchor::kStart; return lo + kLabelPad;
  }
}

std::pair<double, double> PageLayout::Endpoints(const ir::Message& msg, double label_w, double arrow_y) {
  double from_x, to_x;
  double short_len = std::max(kShortArrow, label_w + 2 * kLabelPad);
  if (msg.to >= 0 && pending_create_[msg.to]) {
    // The created participant's head sits on this arrow.
    pending_create_[msg.to] = false;
    head_top_[msg.to] = arrow_y - heads_[msg.to].h / 2;
    y_ = std::max(y_, head_top_[msg.to] + heads_[msg.to].h + kRowGap);
  }
  if (msg.from >= 0 && msg.to >= 0) {
    double dir = x_[msg.to] >= x_[msg.from] ? 1 : -1;
    from_x = EndX(msg.from, dir);
    to_x = EndX(msg.to, -dir);
    if (head_top_[msg.to] >= 0 && std::abs(head_top_[msg.to] + heads_[msg.to].h / 2 - arrow_y) < 0.01)
      to_x = x_[msg.to] - dir * heads_[msg.to].w / 2;
  } else if (msg.from < 0) {
    double dir = msg.from_outside_right ? -1 : 1;
    to_x = msg.to >= 0 ? EndX(msg.to, -dir) : 0;
    from_x = msg.from_edge_short ? to_x - dir * short_len
                                 : (msg.from_outside_right ? RightBorder() : LeftBorder());
  } else {
    double dir = msg.to_outside_left ? -1 : 1;
    from_x = EndX(msg.from, dir);
    to_x = msg.to_edge_short ? from_x + dir * short_len
                             : (msg.to_outside_left ? LeftBorder() : RightBorder());
  }
  return {from_x, to_x};
}

void PageLayout::Place(const ir::Activation& a, size_t) {
  int p = a.participant;
  if (p < 0 || p >= static_cast<int>(heads_.size())) return;
  bool touches = last_was_message_ && (last_from_ == p || last_to_ == p);
  double at = touches ? last_arrow_y_ : y_;
  // A self message changes the activation where its loop comes back.
  if (touches && last_from_ == p && last_to_ == p) at += kSelfHeight;
  switch (a.op) {
    case ir::ActivationOp::kActivate:
      open_bars_[p].push_back({at, FillPaint(a.style)});
      break;
    case ir::ActivationOp::kDeactivate:
      if (!open_bars_[p].empty()) CloseBar(p, std::max(at, open_bars_[p].back().start + 4));
      break;
    case ir::ActivationOp::kDestroy:
      while (!open_bars_[p].empty()) CloseBar(p, std::max(at, open_bars_[p].back().start + 4));
      destroyed_y_[p] = at + (touches ? 0 : kDestroySize);
      if (head_top_[p] >= 0) {
        // Destroyed right after its creation: the cross goes under the head, not on it.
        double below = head_top_[p] + heads_[p].h + kRowGap + kDestroySize;
        if (destroyed_y_[p] < below) {
          destroyed_y_[p] = below;
          y_ = std::max(y_, below + kDestroySize + kRowGap);
        }
      }
      if (!touches) y_ += 2 * kDestroySize;
      break;
    case ir::ActivationOp::kCreate:
      pending_create_[p] = true;
      head_top_[p] = y_;  // used when no message ever creates it
      break;
  }
  if (a.op != ir::ActivationOp::kCreate) last_was_message_ = last_was_message_ && touches;
}

void PageLayout::CloseBar(int p, double end) {
  OpenBar bar = open_bars_[p].back();
  open_bars_[p].pop_back();
  double cx = x_[p] + open_bars_[p].size() * kBarNest;
  bars_[p].push_back({p, Rect{cx - kBarWidth / 2, bar.start, kBarWidth, std::max(end - bar.start, 1.0), 0}, bar.paint});
}

void PageLayout::Place(const ir::SeqNote& note, size_t) {
  Size text = MeasureText(note.text, font_, m_);
  double w = text.w + 2 * kNotePad + (note.shape == ir::SeqNote::Shape::kNote ? 8 : 0);
  double h = text.h + 2 * kNotePad;
  double x;
  if (note.shape == ir::SeqNote::Shape::kRef) h += kTabHeight;
  if (note.first < 0) {
    x = LeftBorder() + left_extra_;
    w = std::max(w, RightBorder() - right_extra_ - x);
  } else if (note.position == ir::SeqNote::Position::kLeft) {
    x = EndX(note.first, -1) - kNoteGap - w;
  } else if (note.position == ir::SeqNote::Position::kRight) {
    x = EndX(note.first, 1) + kNoteGap;
  } else {
    double lo = x_[std::min(note.first, note.last)], hi = x_[std::max(note.first, note.last)];
    if (hi > lo) w = std::max(w, hi - lo + 2 * kNoteGap);
    x = (lo + hi) / 2 - w / 2;
  }
  double top = note.same_row_as_previous ? row_top_ : y_;
  Group g;
  g.cls = note.shape == ir::SeqNote::Shape::kRef ? "note ref" : "note";
  g.id = options_.id_prefix + "note-" + std::to_string(page_no_) + "-" + std::to_string(notes_.size() + 1);
  g.link = note.link;
  Rect r{x, top, w, h, 0};
  DrawNoteShape(g.shapes, note.shape, r, FillPaint(note.style));
  double text_top = top + kNotePad;
  if (note.shape == ir::SeqNote::Shape::kRef) {
    DrawFrame(g.shapes, r, "ref", {}, font_, m_);
    text_top += kTabHeight;
    DrawText(g.shapes, note.text, x + w / 2, text_top, Anchor::kMiddle, font_, Role::kText, m_);
  } else {
    DrawText(g.shapes, note.text, x + kNotePad, text_top, Anchor::kStart, font_, Role::kText, m_);
  }
  Extend(x, x + w);
  row_top_ = top;
  y_ = std::max(y_, top + h + kRowGap);
  last_was_message_ = false;
  notes_.push_back(std::move(g));
}

void PageLayout::Place(const ir::FragmentStart& f, size_t) {
  OpenFrame frame;
  frame.op = f.op;
  frame.label = f.label;
  frame.top = y_;
  frame.paint = FillPaint(f.style);
  frames_.push_back(std::move(frame));
  // Mermaid's `rect` is a background band only: no frame, no tab.
  y_ += f.op == "rect" ? kTabToContent
                       : FrameTabSize(TabText(f.op, f.label), GuardText(f.op, f.label), font_, m_).h + kTabToContent;
  last_was_message_ = false;
}

void PageLayout::Place(const ir::FragmentElse& e, size_t) {
  if (frames_.empty()) return;
  frames_.back().elses.push_back({y_, e.label});
  y_ += (e.label.empty() ? 0 : MeasureText(e.label, font_, m_).h + 2 * kChipGap) + kElseGap;
  last_was_message_ = false;
}

void PageLayout::Place(const ir::FragmentEnd&, size_t) {
  if (frames_.empty()) return;
  OpenFrame f = std::move(frames_.back());
  frames_.pop_back();
  y_ += kFramePad / 2;
  std::string tab = TabText(f.op, f.label);
  ir::RichText guard = GuardText(f.op, f.label);
  double header_w = FrameTabSize(tab, guard, font_, m_).w + kFramePad;
  if (f.min_x > f.max_x) {
    f.min_x = x_.empty() ? 0 : x_.front();
    f.max_x = f.min_x;
  }
  Rect r{f.min_x - kFramePad, f.top, std::max(f.max_x - f.min_x + 2 * kFramePad, header_w), y_ - f.top, 0};
  Group g;
  g.cls = "fragment " + SafeId(f.op);
  g.id = options_.id_prefix + "frag-" + std::to_string(page_no_) + "-" + std::to_string(fragments_.size() + 1);
  g.title = f.op + (f.label.empty() ? "" : " " + PlainText(f.label));
  if (f.op == "rect") f.paint.stroke = "none";
  if (!f.paint.fill.empty()) {
    Group fill;  // under the lifelines, unlike the frame and its text
    fill.cls = "fragment-fill";
    fill.shapes.push_back({Role::kFragment, f.paint, r});
    fragment_fills_.push_back(std::move(fill));
  }
  if (f.op == "rect") {
    Extend(r.x, r.x + r.w);
    y_ += kRowGap;
    return;
  }
  DrawFrame(g.shapes, r, tab, guard, font_, m_);
  for (const auto& [ey, label] : f.elses) {
    Path sep;
    sep.MoveTo({r.x, ey});
    sep.LineTo({r.x + r.w, ey});
    g.shapes.push_back({Role::kFragment, Paint{"", "", 0, {5, 3}}, sep});
    DrawLabelChip(g.shapes, Bracketed(label), r.x + kFramePad, ey + kChipGap, font_, m_);
  }
  fragments_.push_back(std::move(g));
  Extend(r.x, r.x + r.w);
  y_ += kRowGap;
  last_was_message_ = false;
}

void PageLayout::Place(const ir::Divider& d, size_t) {
  Size t = MeasureText(d.text, font_, m_);
  bands_.push_back({y_, t.h + 8, d.text, true});
  y_ += t.h + 8 + kRowGap;
  last_was_message_ = false;
}

void PageLayout::Place(const ir::Delay& d, size_t) {
  Size t = MeasureText(d.text, font_, m_);
  double h = std::max(t.h + 2 * kDelayPad, kMinDelay);
  bands_.push_back({y_, h, d.text, false});
  y_ += h + kRowGap;
  last_was_message_ = false;
}

void PageLayout::Place(const ir::Spacing& s, size_t) {
  y_ += std::clamp(s.points, 0.0, 10000.0);
  last_was_message_ = false;
}

// A double arrow down the middle of the first anchored message, to the row of
// the second, labelled on its right; it takes no row of its own. PlantUML 1.2026
// puts it there between two participants (it differs for border messages).
void PageLayout::Place(const ir::Duration& d, size_t) {
  auto from = anchors_.find(d.from), to = anchors_.find(d.to);
  if (from == anchors_.end() || to == anchors_.end()) return;
  double x = from->second.x, top = std::min(from->second.y, to->second.y);
  double bottom = std::max(from->second.y, to->second.y);
  Group g;
  g.cls = "duration";
  g.id = options_.id_prefix + "duration-" + std::to_string(page_no_) + "-" + std::to_string(messages_.size() + 1);
  g.title = PlainText(d.label);
  DrawVerticalDoubleArrow(g.shapes, {x, top}, {x, bottom});
  Size label = MeasureText(d.label, font_, m_);
  DrawText(g.shapes, d.label, x + kLabelPad, (top + bottom) / 2 - label.h / 2, Anchor::kStart, font_,
           Role::kEdgeLabel, m_);
  Extend(x, x + kLabelPad + label.w);
  messages_.push_back(std::move(g));
}

// ------------------------------------------------------------ scene

void PageLayout::set_page_number(int n, int last) {
  page_no_ = n;
  decorations_ = PageDecorations(model_, page_, n, last);
}

double PageLayout::DecorationTop() const {
  double top = 0;
  const ir::RichText& title = decorations_.title;
  FontSpec big = font_;
  big.size = font_.size * 1.3;
  big.bold = true;
  if (!decorations_.header.empty()) top += MeasureText(decorations_.header, font_, m_).h + kDecorationGap;
  if (!title.empty()) top += MeasureText(title, big, m_).h + kDecorationGap;
  return top;
}

Scene PageLayout::EmitScene() {
  Scene scene;
  scene.background = model_.skin.background.value;
  scene.monochrome = model_.skin.monochrome;
  scene.handwritten = model_.skin.handwritten;
  EmitBoxes(scene);
  for (Group& g : fragment_fills_) scene.groups.push_back(std::move(g));
  EmitParticipants(scene);
  for (Group& g : fragments_) scene.groups.push_back(std::move(g));
  EmitBands(scene);
  for (Group& g : messages_) scene.groups.push_back(std::move(g));
  for (Group& g : notes_) scene.groups.push_back(std::move(g));
  EmitDecorations(scene);
  Normalize(scene);
  return scene;
}

// Box titles are bold unless the front says otherwise (PlantUML's are, Mermaid's are not).
FontSpec PageLayout::BoxFont(const ir::ParticipantBox& box) const {
  FontSpec f = font_;
  f.bold = box.style.bold.value_or(true);
  return f;
}

// The tallest box label (C4's boundaries have two lines), at least one line.
double PageLayout::BoxLabelHeight() const {
  double h = m_.LineHeight(font_);
  for (const ir::ParticipantBox& box : model_.boxes) h = std::max(h, MeasureText(box.label, BoxFont(box), m_).h);
  return h;
}

void PageLayout::EmitBoxes(Scene& scene) {
  double label_h = BoxLabelHeight();
  for (size_t b = 0; b < model_.boxes.size(); ++b) {
    double lo = kInf, hi = -kInf;
    for (size_t p = 0; p < heads_.size(); ++p) {
      if (model_.participants[p].box != static_cast<int>(b)) continue;
      lo = std::min(lo, x_[p] - heads_[p].w / 2);
      hi = std::max(hi, x_[p] + heads_[p].w / 2);
    }
    if (lo > hi) continue;
    const ir::ParticipantBox& box = model_.boxes[b];
    Group g;
    g.cls = "cluster box";
    g.id = options_.id_prefix + "box-" + std::to_string(b + 1);
    g.title = FirstLine(box.label);
    double bottom = model_.hide_footbox ? bottom_ : bottom_ + head_h_;
    Rect r{lo - box_pad_, top_ - label_h - kBoxPad, hi - lo + 2 * box_pad_, bottom - top_ + label_h + 2 * kBoxPad, 0};
    g.shapes.push_back({Role::kCluster, FillPaint(box.style), r});
    DrawText(g.shapes, box.label, r.x + r.w / 2, r.y + kBoxPad / 2, Anchor::kMiddle, BoxFont(box), Role::kText, m_,
             TextPaint(box.style.text));
    scene.groups.push_back(std::move(g));
  }
}

void PageLayout::EmitParticipants(Scene& scene) {
  std::set<std::string> used;
  for (size_t p = 0; p < heads_.size(); ++p) {
    const ir::Participant& part = model_.participants[p];
    Group g;
    g.cls = "participant " + SafeId(part.kind);
    std::string id = options_.id_prefix + "part-" + SafeId(part.id);
    if (!used.insert(id).second) id += "-" + std::to_string(p + 1);
    g.id = id;
    g.title = Trimmed(FirstLine(part.label));
    g.link = part.link;
    g.tooltip = part.tooltip;
    Size size = heads_[p];
    double head_top = head_top_[p] >= 0 ? head_top_[p] : top_ + head_h_ - size.h;
    double line_top = head_top + size.h;
    double line_end = destroyed_y_[p] >= 0 ? destroyed_y_[p] : bottom_;
    AddLifeline(g, x_[p], line_top, std::max(line_top, line_end));
    DrawHead(g.shapes, part, x_[p], head_top, size, font_, m_);
    for (const Bar& bar : bars_[p]) g.shapes.push_back({Role::kActivation, bar.paint, bar.rect});
    if (destroyed_y_[p] >= 0) {
      double y = destroyed_y_[p];
      Path a, b;
      a.MoveTo({x_[p] - kDestroySize, y - kDestroySize});
      a.LineTo({x_[p] + kDestroySize, y + kDestroySize});
      b.MoveTo({x_[p] - kDestroySize, y + kDestroySize});
      b.LineTo({x_[p] + kDestroySize, y - kDestroySize});
      g.shapes.push_back({Role::kEdge, {}, a});
      g.shapes.push_back({Role::kEdge, {}, b});
    } else if (!model_.hide_footbox) {
      DrawHead(g.shapes, part, x_[p], bottom_, size, font_, m_);
    }
    scene.groups.push_back(std::move(g));
  }
}

// Dashed (or solid) from top to bottom, dotted through each delay band.
void PageLayout::AddLifeline(Group& g, double x, double top, double bottom) const {
  // An empty dash means the role's default (dashed); "1 0" draws solid.
  Paint line{"", "", 0, solid_lifelines_ ? std::vector<double>{1, 0} : std::vector<double>{5, 5}};
  Paint dotted{"", "", 0, {kDelayDash, kDelayGap}};
  auto add = [&](double a, double b, const Paint& paint) {
    if (b - a < 0.5) return;
    Path path;
    path.MoveTo({x, a});
    path.LineTo({x, b});
    g.shapes.push_back({Role::kLifeline, paint, path});
  };
  double y = top;
  for (const Band& band : bands_) {  // in y order: bands are placed top to bottom
    if (band.divider || band.y + band.h <= y || band.y >= bottom) continue;
    double a = std::max(band.y, y), b = std::min(band.y + band.h, bottom);
    add(y, a, line);
    add(a, b, dotted);
    y = b;
  }
  add(y, bottom, line);
}

void PageLayout::EmitBands(Scene& scene) {
  double lo = LeftBorder() + left_extra_, hi = RightBorder() - right_extra_;
  for (size_t i = 0; i < bands_.size(); ++i) {
    const Band& b = bands_[i];
    Group g;
    g.cls = b.divider ? "divider" : "delay";
    g.id = options_.id_prefix + g.cls + "-" + std::to_string(page_no_) + "-" + std::to_string(i + 1);
    g.title = PlainText(b.text);
    double mid = b.y + b.h / 2;
    if (b.divider) {
      Path line;
      line.MoveTo({lo - kFramePad, mid});
      line.LineTo({hi + kFramePad, mid});
      g.shapes.push_back({Role::kDivider, {}, line});
      Size t = MeasureText(b.text, font_, m_);
      if (t.w > 0)
        g.shapes.push_back({Role::kDivider, {}, Rect{(lo + hi) / 2 - t.w / 2 - 6, b.y, t.w + 12, b.h, 0}});
    }
    double text_h = MeasureText(b.text, font_, m_).h;
    DrawText(g.shapes, b.text, (lo + hi) / 2, b.y + (b.h - text_h) / 2, Anchor::kMiddle, font_,
             Role::kText, m_);
    scene.groups.push_back(std::move(g));
  }
}

void PageLayout::EmitDecorations(Scene& scene) {
  const ir::Decorations& d = decorations_;
  double lo = LeftBorder(), hi = RightBorder();
  double y = 0;
  FontSpec big = font_;
  big.size = font_.size * 1.3;
  big.bold = true;
  auto add = [&](const char* cls, const ir::RichText& text, double x, double top, Anchor anchor,
                 const FontSpec& font) {
    if (text.empty()) return;
    Group g;
    g.cls = cls;
    g.id = options_.id_prefix + cls;
    g.title = PlainText(text);
    DrawText(g.shapes, text, x, top, anchor, font, Role::kTitle, m_);
    scene.groups.push_back(std::move(g));
  };
  if (!d.header.empty()) {
    add("header", d.header, hi, y, Anchor::kEnd, font_);
    y += MeasureText(d.header, font_, m_).h + kDecorationGap;
  }
  add("title", d.title, (lo + hi) / 2, y, Anchor::kMiddle, big);
  double bottom = (model_.hide_footbox ? bottom_ : bottom_ + head_h_) + kDecorationGap;
  if (!d.legend.empty()) {
    Size s = MeasureText(d.legend, font_, m_);
    Group g;
    g.cls = "legend";
    g.id = options_.id_prefix + "legend";
    double x = d.legend_align == "left" ? lo : d.legend_align == "center" ? (lo + hi - s.w) / 2 - kNotePad
                                                                         : hi - s.w - 2 * kNotePad;
    g.shapes.push_back({Role::kLegend, {}, Rect{x, bottom, s.w + 2 * kNotePad, s.h + 2 * kNotePad, 0}});
    DrawText(g.shapes, d.legend, x + kNotePad, bottom + kNotePad, Anchor::kStart, font_, Role::kText, m_);
    scene.groups.push_back(std::move(g));
    bottom += s.h + 2 * kNotePad + kDecorationGap;
  }
  add("caption", d.caption, (lo + hi) / 2, bottom, Anchor::kMiddle, font_);
  if (!d.caption.empty()) bottom += MeasureText(d.caption, font_, m_).h + kDecorationGap;
  add("footer", d.footer, (lo + hi) / 2, bottom, Anchor::kMiddle, font_);
}


namespace {

struct Bounds {
  double x0 = kInf, y0 = kInf, x1 = -kInf, y1 = -kInf;
  void Add(double x, double y) {
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
  }
};

void AddShape(Bounds& b, const Shape& s) {
  if (const auto* r = std::get_if<Rect>(&s.geometry)) {
    b.Add(r->x, r->y);
    b.Add(r->x + r->w, r->y + r->h);
  } else if (const auto* e = std::get_if<Ellipse>(&s.geometry)) {
    b.Add(e->cx - e->rx, e->cy - e->ry);
    b.Add(e->cx + e->rx, e->cy + e->ry);
  } else if (const auto* p = std::get_if<Path>(&s.geometry)) {
    for (const PathSeg& seg : p->segs) {
      int count = seg.op == PathOp::kCubic ? 3 : seg.op == PathOp::kClose ? 0 : 1;
      for (int i = 0; i < count; ++i) b.Add(seg.p[i].x, seg.p[i].y);
    }
  } else if (const auto* t = std::get_if<Text>(&s.geometry)) {
    double size = t->spans.empty() ? 12 : t->spans.front().font.size;
    double left = t->anchor == Anchor::kStart ? t->x : t->anchor == Anchor::kMiddle ? t->x - t->width / 2 : t->x - t->width;
    b.Add(left, t->y - size);
    b.Add(left + t->width, t->y + 0.3 * size);
  }
}

void ShiftShape(Shape& s, double dx, double dy) {
  if (auto* r = std::get_if<Rect>(&s.geometry)) {
    r->x += dx;
    r->y += dy;
  } else if (auto* e = std::get_if<Ellipse>(&s.geometry)) {
    e->cx += dx;
    e->cy += dy;
  } else if (auto* p = std::get_if<Path>(&s.geometry)) {
    for (PathSeg& seg : p->segs)
      for (Point& pt : seg.p) {
        pt.x += dx;
        pt.y += dy;
      }
  } else if (auto* t = std::get_if<Text>(&s.geometry)) {
    t->x += dx;
    t->y += dy;
  }
}

}  // namespace

void Normalize(Scene& scene) {
  Bounds b;
  for (const Group& g : scene.groups)
    for (const Shape& s : g.shapes) AddShape(b, s);
  if (b.x0 > b.x1) b = {0, 0, 0, 0};
  double dx = kMargin - b.x0, dy = kMargin - b.y0;
  for (Group& g : scene.groups)
    for (Shape& s : g.shapes) ShiftShape(s, dx, dy);
  scene.width = std::ceil(b.x1 - b.x0 + 2 * kMargin);
  scene.height = std::ceil(b.y1 - b.y0 + 2 * kMargin);
}

}  // namespace seq
}  // namespace dg::layout
