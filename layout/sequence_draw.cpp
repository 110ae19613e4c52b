#include "layout/sequence_draw.hpp"

#include <algorithm>
#include <cmath>

#include "layout/text_block.hpp"

namespace dg::layout::seq {
namespace {

constexpr double kHeadPadX = 10.0;       // text to head border, points
constexpr double kHeadPadY = 7.0;        // text to head border, points
constexpr double kMinHeadWidth = 40.0;   // points
constexpr double kIconHeight = 32.0;     // actor / boundary / control / entity figure, points
constexpr double kIconGap = 4.0;         // figure to its text, points
constexpr double kCylinderCap = 8.0;     // database / queue ellipse depth, points
constexpr double kStackOffset = 4.0;     // collections: second card offset, points
constexpr double kArrowLen = 10.0;       // arrowhead length, points
constexpr double kArrowHalf = 4.0;       // arrowhead half width, points
constexpr double kMarkRadius = 4.0;      // `o` end mark radius, points
constexpr double kLostGap = 6.0;         // `->x`: the cross short of its target, points
constexpr double kCorner = 8.0;          // note fold, points
constexpr double kTabPadX = 8.0;         // fragment tab text padding, points
constexpr double kTabSlant = 6.0;        // fragment tab's cut corner, points
constexpr double kTabPadY = 2.0;         // fragment tab text padding, points
constexpr double kChipPad = 2.0;         // else guard to its backing chip, points

bool IsIcon(const std::string& kind) {
  return kind == "actor" || kind == "boundary" || kind == "control" || kind == "entity";
}

Shape Line(Point a, Point b, Role role) {
  Path p;
  p.MoveTo(a);
  p.LineTo(b);
  return {role, {}, p};
}

void DrawIcon(std::vector<Shape>& out, const std::string& kind, double cx, double top, const Paint& paint) {
  double r = kIconHeight * 0.3;
  double cy = top + kIconHeight / 2;
  if (kind == "actor") {
    double head = 5.5;
    out.push_back({Role::kIcon, paint, Ellipse{cx, top + head, head, head}});
    double neck = top + 2 * head, hip = top + kIconHeight * 0.7;
    out.push_back(Line({cx, neck}, {cx, hip}, Role::kIcon));
    out.push_back(Line({cx - 10, neck + 5}, {cx + 10, neck + 5}, Role::kIcon));
    out.push_back(Line({cx, hip}, {cx - 8, top + kIconHeight}, Role::kIcon));
    out.push_back(Line({cx, hip}, {cx + 8, top + kIconHeight}, Role::kIcon));
    return;
  }
  out.push_back({Role::kIcon, paint, Ellipse{cx, cy, r, r}});
  if (kind == "boundary") {
    out.push_back(Line({cx - r - 8, cy - r}, {cx - r - 8, cy + r}, Role::kIcon));
    out.push_back(Line({cx - r - 8, cy}, {cx - r, cy}, Role::kIcon));
  } else if (kind == "control") {
    Path tip;  // the small arrow on top of the circle
    tip.MoveTo({cx + 4, cy - r - 4});
    tip.LineTo({cx - 1, cy - r});
    tip.LineTo({cx + 4, cy - r + 4});
    out.push_back({Role::kIcon, {}, tip});
  } else {
    out.push_back(Line({cx - r, cy + r + 2}, {cx + r, cy + r + 2}, Role::kIcon));
  }
}

Path Cylinder(Rect r) {
  Path p;
  double k = 0.55 * kCylinderCap;
  p.MoveTo({r.x, r.y + kCylinderCap});
  p.CubicTo({r.x, r.y + kCylinderCap - k}, {r.x + r.w, r.y + kCylinderCap - k}, {r.x + r.w, r.y + kCylinderCap});
  p.LineTo({r.x + r.w, r.y + r.h - kCylinderCap});
  p.CubicTo({r.x + r.w, r.y + r.h - kCylinderCap + k}, {r.x, r.y + r.h - kCylinderCap + k},
            {r.x, r.y + r.h - kCylinderCap});
  p.Close();
  return p;
}

Path SideCylinder(Rect r) {
  Path p;
  double k = 0.55 * kCylinderCap;
  p.MoveTo({r.x + kCylinderCap, r.y});
  p.LineTo({r.x + r.w - kCylinderCap, r.y});
  p.CubicTo({r.x + r.w - kCylinderCap + k, r.y}, {r.x + r.w - kCylinderCap + k, r.y + r.h},
            {r.x + r.w - kCylinderCap, r.y + r.h});
  p.LineTo({r.x + kCylinderCap, r.y + r.h});
  p.CubicTo({r.x + kCylinderCap - k, r.y + r.h}, {r.x + kCylinderCap - k, r.y}, {r.x + kCylinderCap, r.y});
  p.Close();
  return p;
}

void DrawBody(std::vector<Shape>& out, const std::string& kind, Rect r, const Paint& paint) {
  if (kind == "database") {
    out.push_back({Role::kBox, paint, Cylinder(r)});
    Path rim;
    double k = 0.55 * kCylinderCap;
    rim.MoveTo({r.x, r.y + kCylinderCap});
    rim.CubicTo({r.x, r.y + kCylinderCap + k}, {r.x + r.w, r.y + kCylinderCap + k}, {r.x + r.w, r.y + kCylinderCap});
    out.push_back({Role::kEdge, {}, rim});
  } else if (kind == "queue") {
    out.push_back({Role::kBox, paint, SideCylinder(r)});
  } else if (kind == "collections") {
    out.push_back({Role::kBox, paint, Rect{r.x + kStackOffset, r.y - kStackOffset, r.w, r.h, 0}});
    out.push_back({Role::kBox, paint, r});
  } else {
    r.rx = 2;
    out.push_back({Role::kBox, paint, r});
  }
}

// A triangle (filled or hollow), an open "V", or one barb of it.
void DrawHeadShape(std::vector<Shape>& out, ir::SeqHead head, Point tip, double dir) {
  if (head == ir::SeqHead::kNone) return;
  Point back{tip.x - dir * kArrowLen, tip.y};
  Point up{back.x, tip.y - kArrowHalf}, down{back.x, tip.y + kArrowHalf};
  Path p;
  switch (head) {
    case ir::SeqHead::kFilled:
      p.MoveTo(up);
      p.LineTo(tip);
      p.LineTo(down);
      p.LineTo({tip.x - dir * kArrowLen * 0.7, tip.y});
      p.Close();
      out.push_back({Role::kArrowFilled, {}, p});
      return;
    case ir::SeqHead::kOpen:
      p.MoveTo(up);
      p.LineTo(tip);
      p.LineTo(down);
      break;
    case ir::SeqHead::kHalfTop:
      p.MoveTo(up);
      p.LineTo(tip);
      p.LineTo(back);
      p.Close();
      out.push_back({Role::kArrowFilled, {}, p});
      return;
    case ir::SeqHead::kHalfBottom:
      p.MoveTo(down);
      p.LineTo(tip);
      p.LineTo(back);
      p.Close();
      out.push_back({Role::kArrowFilled, {}, p});
      return;
    case ir::SeqHead::kOpenHalfTop:
      p.MoveTo(up);
      p.LineTo(tip);
      break;
    case ir::SeqHead::kOpenHalfBottom:
      p.MoveTo(down);
      p.LineTo(tip);
      break;
    case ir::SeqHead::kNone: return;
  }
  out.push_back({Role::kEdge, {}, p});
}

void DrawMark(std::vector<Shape>& out, ir::SeqEndMark mark, Point at) {
  if (mark == ir::SeqEndMark::kCircle) {
    out.push_back({Role::kArrowOpen, {}, Ellipse{at.x, at.y, kMarkRadius, kMarkRadius}});
  } else if (mark == ir::SeqEndMark::kCross) {
    double d = kMarkRadius;
    out.push_back(Line({at.x - d, at.y - d}, {at.x + d, at.y + d}, Role::kEdge));
    out.push_back(Line({at.x - d, at.y + d}, {at.x + d, at.y - d}, Role::kEdge));
  }
}

Paint LinePaint(const ir::Message& msg) {
  Paint p;
  p.stroke = msg.style.stroke.value;
  p.stroke_width = msg.style.stroke_width.value_or(0);
  if (msg.dashed || msg.style.dashed) p.dash = {5, 5};
  else if (msg.style.dotted) p.dash = {1, 3};
  return p;
}

}  // namespace

// Through the shared text blocks, so sequence labels read creole as the
// graph diagrams do: sizes, colours, headings, sprites, tables (C4's heads).
Size MeasureText(const ir::RichText& text, const FontSpec& font, const TextMeasurer& m) {
  TextBlock block = layout::MeasureText(text, font, m, 0);
  return {block.width, block.height};
}

void DrawText(std::vector<Shape>& out, const ir::RichText& text, double x, double top, Anchor anchor,
              const FontSpec& font, Role role, const TextMeasurer& m, const Paint& paint) {
  EmitText(layout::MeasureText(text, font, m, 0), x, top, anchor, role, paint, &out);
}

std::string PlainText(const ir::RichText& text) {
  std::string out;
  for (const auto& line : text.lines) {
    if (!out.empty()) out += ' ';
    for (const ir::TextRun& run : line) out += run.text;
  }
  return out;
}

std::string FirstLine(const ir::RichText& text) {
  std::string out;
  if (!text.lines.empty())
    for (const ir::TextRun& run : text.lines.front()) out += run.text;
  return out;
}

namespace {

constexpr double kStereotypeScale = 0.85;  // «stereotype» text relative to the name, as in graphs

/// «stereotype» text: italic and smaller, as PlantUML and the graph layouts draw it.
FontSpec StereotypeFont(const ir::Participant& p, const FontSpec& font) {
  FontSpec f = font;
  f.size = p.style.stereo_size.value_or(font.size * kStereotypeScale);
  f.bold = false;
  f.italic = true;
  return f;
}

ir::RichText StereotypeText(const ir::Participant& p) {
  std::string all;
  for (const std::string& s : p.stereotypes) all += "\u00ab" + s + "\u00bb";
  ir::RichText text;
  text.lines.push_back({ir::TextRun{all}});
  return text;
}

}  // namespace

Size MeasureHead(const ir::Participant& p, const FontSpec& font, const TextMeasurer& m) {
  Size t = seq::MeasureText(p.label, font, m);
  if (!p.stereotypes.empty()) {
    Size st = seq::MeasureText(StereotypeText(p), StereotypeFont(p, font), m);
    t = {std::max(t.w, st.w), t.h + st.h};
  }
  if (IsIcon(p.kind)) return {std::max(t.w, kIconHeight + 16), kIconHeight + kIconGap + t.h};
  Size s{std::max(kMinHeadWidth, t.w + 2 * kHeadPadX), t.h + 2 * kHeadPadY};
  if (p.kind == "database") s.h += 2 * kCylinderCap;
  if (p.kind == "queue") s.w += 2 * kCylinderCap;
  return s;
}

void DrawHead(std::vector<Shape>& out, const ir::Participant& p, double cx, double top, Size size,
              const FontSpec& font, const TextMeasurer& m) {
  Paint paint = FillPaint(p.style);
  double text_top = top + kHeadPadY;
  if (IsIcon(p.kind)) {
    DrawIcon(out, p.kind, cx, top, paint);
    text_top = top + kIconHeight + kIconGap;
  } else {
    DrawBody(out, p.kind, Rect{cx - size.w / 2, top, size.w, size.h, 0}, paint);
    if (p.kind == "database") text_top += 1.5 * kCylinderCap;
  }
  if (!p.stereotypes.empty()) {
    ir::RichText st = StereotypeText(p);
    FontSpec stereo_font = StereotypeFont(p, font);
    DrawText(out, st, cx, text_top, Anchor::kMiddle, stereo_font, Role::kStereotype, m, TextPaint(p.style.stereo_text));
    text_top += m.LineHeight(stereo_font);
  }
  DrawText(out, p.label, cx, text_top, Anchor::kMiddle, font, Role::kText, m, TextPaint(p.style.text));
}

void DrawArrow(std::vector<Shape>& out, const ir::Message& msg, Point from, Point to) {
  double dir = to.x >= from.x ? 1 : -1;
  Point end = to, start = from;
  ir::SeqHead head = msg.head;
  if (msg.head_mark == ir::SeqEndMark::kCross) {
    // A lost message: the cross replaces the head and stops short of the target.
    head = ir::SeqHead::kNone;
    end.x -= dir * kLostGap;
    to = end;
  }
  if (msg.head_mark == ir::SeqEndMark::kCircle) end.x -= dir * kMarkRadius;
  if (msg.tail_mark == ir::SeqEndMark::kCircle) start.x += dir * kMarkRadius;
  Shape line = Line(start, end, Role::kEdge);
  line.paint = LinePaint(msg);
  out.push_back(std::move(line));
  size_t ends = out.size();
  DrawHeadShape(out, head, end, dir);
  DrawHeadShape(out, msg.tail_head, start, -dir);
  DrawMark(out, msg.head_mark, msg.head_mark == ir::SeqEndMark::kCircle ? Point{to.x - dir * kMarkRadius, to.y} : to);
  DrawMark(out, msg.tail_mark, msg.tail_mark == ir::SeqEndMark::kCircle ? Point{from.x + dir * kMarkRadius, from.y} : from);
  // Heads and marks in the line's colour (`skinparam arrow { Color … }`, `-[#red]->`).
  for (size_t i = ends; i < out.size() && msg.style.stroke.set(); ++i) {
    out[i].paint.stroke = msg.style.stroke.value;
    if (out[i].role == Role::kArrowFilled) out[i].paint.fill = msg.style.stroke.value;
  }
}

void DrawVerticalDoubleArrow(std::vector<Shape>& out, Point top, Point bottom) {
  out.push_back(Line(top, bottom, Role::kEdge));
  for (auto [tip, dir] : {std::pair{top, -1.0}, std::pair{bottom, 1.0}}) {
    Path p;
    p.MoveTo({tip.x - kArrowHalf, tip.y - dir * kArrowLen});
    p.LineTo(tip);
    p.LineTo({tip.x + kArrowHalf, tip.y - dir * kArrowLen});
    p.LineTo({tip.x, tip.y - dir * kArrowLen * 0.7});
    p.Close();
    out.push_back({Role::kArrowFilled, {}, p});
  }
}

void DrawSelfArrow(std::vector<Shape>& out, const ir::Message& msg, Point start, double width,
                   double height) {
  Path p;
  p.MoveTo(start);
  p.LineTo({start.x + width, start.y});
  p.LineTo({start.x + width, start.y + height});
  p.LineTo({start.x, start.y + height});
  Shape loop{Role::kEdge, LinePaint(msg), p};
  out.push_back(std::move(loop));
  Point tip{start.x, start.y + height};
  DrawHeadShape(out, msg.head, tip, -1);
  DrawHeadShape(out, msg.tail_head, start, -1);
  DrawMark(out, msg.head_mark, tip);
  DrawMark(out, msg.tail_mark, start);
}

void DrawNoteShape(std::vector<Shape>& out, ir::SeqNote::Shape shape, Rect r, const Paint& paint) {
  Path p;
  switch (shape) {
    case ir::SeqNote::Shape::kNote:
      p.MoveTo({r.x, r.y});
      p.LineTo({r.x + r.w - kCorner, r.y});
      p.LineTo({r.x + r.w, r.y + kCorner});
      p.LineTo({r.x + r.w, r.y + r.h});
      p.LineTo({r.x, r.y + r.h});
      p.Close();
      out.push_back({Role::kNote, paint, p});
      {
        Path fold;
        fold.MoveTo({r.x + r.w - kCorner, r.y});
        fold.LineTo({r.x + r.w - kCorner, r.y + kCorner});
        fold.LineTo({r.x + r.w, r.y + kCorner});
        out.push_back({Role::kEdge, {}, fold});
      }
      return;
    case ir::SeqNote::Shape::kHexagon: {
      double k = std::min(kCorner, r.h / 2);
      p.MoveTo({r.x + k, r.y});
      p.LineTo({r.x + r.w - k, r.y});
      p.LineTo({r.x + r.w, r.y + r.h / 2});
      p.LineTo({r.x + r.w - k, r.y + r.h});
      p.LineTo({r.x + k, r.y + r.h});
      p.LineTo({r.x, r.y + r.h / 2});
      p.Close();
      out.push_back({Role::kNote, paint, p});
      return;
    }
    case ir::SeqNote::Shape::kRect: out.push_back({Role::kNote, paint, r}); return;
    case ir::SeqNote::Shape::kRef: out.push_back({Role::kBox, paint, r}); return;
  }
}

Size FrameTabSize(const std::string& op, const ir::RichText& guard, const FontSpec& font,
                  const TextMeasurer& m) {
  FontSpec bold = font;
  bold.bold = true;
  Size g = seq::MeasureText(guard, font, m);
  double w = m.Width(op, bold) + 2 * kTabPadX + (guard.empty() ? 0 : g.w + kTabPadX);
  double h = std::max(m.LineHeight(bold), g.h) + 2 * kTabPadY;
  return {w + kTabSlant, h};
}

void DrawFrame(std::vector<Shape>& out, Rect r, const std::string& op, const ir::RichText& guard,
               const FontSpec& font, const TextMeasurer& m) {
  out.push_back({Role::kFragment, {}, r});
  Size tab_size = FrameTabSize(op, guard, font, m);
  double tw = tab_size.w - kTabSlant, th = tab_size.h;
  // A closed, band-filled tab holding the operator and its guard: it sits
  // above lifelines and bars, so they never run through the text.
  Path tab;
  tab.MoveTo({r.x, r.y});
  tab.LineTo({r.x, r.y + th});
  tab.LineTo({r.x + tw, r.y + th});
  tab.LineTo({r.x + tw + kTabSlant, r.y + th - kTabSlant});
  tab.LineTo({r.x + tw + kTabSlant, r.y});
  tab.Close();
  out.push_back({Role::kDivider, {}, tab});
  ir::RichText label;
  label.lines.push_back({ir::TextRun{op, true}});
  DrawText(out, label, r.x + kTabPadX, r.y + kTabPadY, Anchor::kStart, font, Role::kText, m);
  if (guard.empty()) return;
  FontSpec bold = font;
  bold.bold = true;
  DrawText(out, guard, r.x + 2 * kTabPadX + m.Width(op, bold), r.y + kTabPadY, Anchor::kStart, font,
           Role::kText, m);
}

void DrawLabelChip(std::vector<Shape>& out, const ir::RichText& text, double x, double top,
                   const FontSpec& font, const TextMeasurer& m) {
  if (text.empty()) return;
  Size s = seq::MeasureText(text, font, m);
  out.push_back({Role::kDivider, {}, Rect{x, top, s.w + 2 * kChipPad, s.h + 2 * kChipPad, 2}});
  DrawText(out, text, x + kChipPad, top + kChipPad, Anchor::kStart, font, Role::kText, m);
}

Paint FillPaint(const ir::Style& style) {
  Paint p;
  p.fill = style.fill.value;
  p.stroke = style.stroke.value;
  if (style.dashed) p.dash = {5, 5};
  return p;
}

Paint TextPaint(const ir::Color& color) {
  Paint p;
  p.fill = color.value;
  return p;
}

}  // namespace dg::layout::seq
