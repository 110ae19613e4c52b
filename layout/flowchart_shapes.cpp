#include "layout/flowchart_shapes.hpp"

#include <algorithm>
#include <cmath>

namespace dg::layout::shapes {
namespace {

constexpr double kPadX = 14, kPadY = 10;     // label to outline, points
constexpr double kMinW = 60, kMinH = 36;      // smallest box, points
constexpr double kRoundedCornerPt = 14;       // `( )`: rounder than a rectangle's 6
constexpr double kSubroutineBarPt = 8;        // `[[ ]]`: inset of the inner bars
constexpr double kDoubleGapPt = 4;            // `((( )))`: between the two circles
constexpr double kWavePt = 8;                 // document: depth of the bottom wave
constexpr double kMinCirclePt = 36;           // circle diameter at least, points

/// How far a slanted side (parallelogram, trapezoid, asymmetric notch)
/// reaches in, for a box of height h.
double Slant(double h) { return std::min(h * 0.3, 14.0); }

enum class Kind {
  kNone, kRounded, kStadium, kSubroutine, kCircled, kDoubleCircled, kEllipse, kOdd,
  kDiamond, kLeanRight, kLeanLeft, kTrapezoid, kInvTrapezoid, kDocument,
};

struct Named {
  std::string_view name;
  Kind kind;
};

constexpr Named kKinds[] = {
    {"rounded", Kind::kRounded},       {"stadium", Kind::kStadium},
    {"subroutine", Kind::kSubroutine}, {"circled", Kind::kCircled},
    {"double-circled", Kind::kDoubleCircled}, {"ellipse", Kind::kEllipse},
    {"odd", Kind::kOdd},               {"diamond", Kind::kDiamond},
    {"lean-right", Kind::kLeanRight},  {"lean-left", Kind::kLeanLeft},
    {"trapezoid", Kind::kTrapezoid},   {"inv-trapezoid", Kind::kInvTrapezoid},
    {"document", Kind::kDocument},
};

Kind KindOf(std::string_view name) {
  for (const Named& n : kKinds)
    if (n.name == name) return n.kind;
  return Kind::kNone;
}

bool IsRound(Kind k) { return k == Kind::kCircled || k == Kind::kDoubleCircled; }

/// Extra width a slanted or barred outline needs beside the label.
double SideRoom(Kind k, double h) {
  switch (k) {
    case Kind::kSubroutine: return 2 * kSubroutineBarPt;
    case Kind::kStadium: return h / 2;
    case Kind::kOdd: return Slant(h) / 2;
    case Kind::kLeanRight:
    case Kind::kLeanLeft:
    case Kind::kTrapezoid:
    case Kind::kInvTrapezoid: return 2 * Slant(h);
    default: return 0;
  }
}

Path Document(const Rect& r) {
  double wave = std::min(kWavePt, r.h / 4), bottom = r.y + r.h - wave;
  Path p;
  p.MoveTo({r.x, r.y});
  p.LineTo({r.x + r.w, r.y});
  p.LineTo({r.x + r.w, bottom});
  p.CubicTo({r.x + r.w * 0.75, bottom - wave}, {r.x + r.w * 0.5, bottom - wave}, {r.x + r.w * 0.5, bottom});
  p.CubicTo({r.x + r.w * 0.5, bottom + wave}, {r.x + r.w * 0.25, bottom + wave}, {r.x, bottom});
  p.Close();
  return p;
}

}  // namespace

bool IsFlowchartKind(std::string_view kind) { return KindOf(kind) != Kind::kNone; }

gv::NodeShape FlowchartGraphvizShape(std::string_view kind) {
  Kind k = KindOf(kind);
  if (IsRound(k)) return gv::NodeShape::kCircle;
  if (k == Kind::kEllipse) return gv::NodeShape::kEllipse;
  if (k == Kind::kDiamond) return gv::NodeShape::kDiamond;
  return gv::NodeShape::kBox;
}

Size FlowchartNodeSize(std::string_view kind, Size text) {
  Kind k = KindOf(kind);
  if (IsRound(k)) {
    // The label's box must fit inside the circle: its diagonal is the diameter.
    double d = std::max(kMinCirclePt, std::hypot(text.w + 8, text.h + 4));
    if (k == Kind::kDoubleCircled) d += 2 * kDoubleGapPt;
    return {std::ceil(d), std::ceil(d)};
  }
  if (k == Kind::kEllipse) {
    return {std::ceil(std::max(kMinW, (text.w + 16) * 1.42)), std::ceil(std::max(kMinH, (text.h + 6) * 1.42))};
  }
  if (k == Kind::kDiamond) {
    // A rhombus W×H holds the label's w×h box when w/W + h/H <= 1. Aim for
    // Mermaid's look, about twice as wide as high, but not taller than needed.
    double h = std::max({40.0, 2 * text.h + 8, std::min((text.w + 2 * text.h) / 2 + 10, 80.0)});
    double w = std::max(h, text.w / (1 - text.h / h) + 16);
    return {std::ceil(w), std::ceil(h)};
  }
  double h = std::max(kMinH, text.h + 2 * kPadY + (k == Kind::kDocument ? kWavePt : 0));
  return {std::ceil(std::max(kMinW, text.w + 2 * kPadX + SideRoom(k, h))), std::ceil(h)};
}

TextPlace FlowchartTextPlace(std::string_view kind, const Rect& box, Size text) {
  Kind k = KindOf(kind);
  double cx = box.x + box.w / 2, cy = box.y + box.h / 2;
  if (k == Kind::kDocument) cy -= kWavePt / 2;
  if (k == Kind::kOdd) cx += Slant(box.h) / 4;
  return {{cx - text.w / 2, cy - text.h / 2, text.w, text.h, 0}, true};
}

void DrawFlowchartNode(std::string_view kind, const Rect& r, const Paint& p, std::vector<Shape>* out) {
  double s = Slant(r.h), x2 = r.x + r.w, y2 = r.y + r.h, cx = r.x + r.w / 2, cy = r.y + r.h / 2;
  auto add = [&](Path path) { out->push_back({Role::kBox, p, std::move(path)}); };
  Paint line = p;
  line.fill.clear();
  switch (KindOf(kind)) {
    case Kind::kRounded:
      out->push_back({Role::kBox, p, Rect{r.x, r.y, r.w, r.h, std::min(kRoundedCornerPt, r.h / 2)}});
      return;
    case Kind::kStadium:
      out->push_back({Role::kBox, p, Rect{r.x, r.y, r.w, r.h, r.h / 2}});
      return;
    case Kind::kSubroutine: {
      out->push_back({Role::kBox, p, Rect{r.x, r.y, r.w, r.h, 0}});
      for (double x : {r.x + kSubroutineBarPt, x2 - kSubroutineBarPt}) {
        Path bar;
        bar.MoveTo({x, r.y});
        bar.LineTo({x, y2});
        out->push_back({Role::kBox, line, std::move(bar)});
      }
      return;
    }
    case Kind::kCircled:
      out->push_back({Role::kBox, p, Ellipse{cx, cy, r.w / 2, r.w / 2}});
      return;
    case Kind::kDoubleCircled:
      out->push_back({Role::kBox, p, Ellipse{cx, cy, r.w / 2, r.w / 2}});
      out->push_back({Role::kBox, line, Ellipse{cx, cy, r.w / 2 - kDoubleGapPt, r.w / 2 - kDoubleGapPt}});
      return;
    case Kind::kEllipse:
      out->push_back({Role::kBox, p, Ellipse{cx, cy, r.w / 2, r.h / 2}});
      return;
    case Kind::kOdd:
      return add(Polygon({{r.x, r.y}, {x2, r.y}, {x2, y2}, {r.x, y2}, {r.x + s / 2, cy}}));
    case Kind::kDiamond:
      return add(Polygon({{cx, r.y}, {x2, cy}, {cx, y2}, {r.x, cy}}));
    case Kind::kLeanRight:
      return add(Polygon({{r.x + s, r.y}, {x2, r.y}, {x2 - s, y2}, {r.x, y2}}));
    case Kind::kLeanLeft:
      return add(Polygon({{r.x, r.y}, {x2 - s, r.y}, {x2, y2}, {r.x + s, y2}}));
    case Kind::kTrapezoid:
      return add(Polygon({{r.x + s, r.y}, {x2 - s, r.y}, {x2, y2}, {r.x, y2}}));
    case Kind::kInvTrapezoid:
      return add(Polygon({{r.x, r.y}, {x2, r.y}, {x2 - s, y2}, {r.x + s, y2}}));
    case Kind::kDocument:
      return add(Document(r));
    case Kind::kNone:
      return;
  }
}

}  // namespace dg::layout::shapes
