#include "layout/edge_draw.hpp"

#include <algorithm>
#include <cmath>

#include "layout/component_shapes.hpp"

namespace dg::layout {
namespace {

constexpr double kHalfWidthPt = 3.5;    // "normal" arrow half-width, points
constexpr double kWideHalfPt = 5.0;     // hollow triangle half-width, points
constexpr double kSlimHalfPt = 3.0;     // `->>`: PlantUML's slim filled head, half-width, points
constexpr double kDiamondHalfPt = 5;      // diamond half-width, points
constexpr double kDiamondLengthPt = 15;   // longer than the 10 pt dot reserves, as UML draws them
constexpr double kSocketRadiusPt = 7;   // socket / lollipop arc radius, points
constexpr double kBallRadiusPt = 5;     // lollipop ball radius, points

struct Frame {
  Point tip;
  double dx, dy;  // unit vector base → tip
  /// The point `back` behind the tip and `side` to its left.
  Point At(double back, double side) const {
    return {tip.x - dx * back - dy * side, tip.y - dy * back + dx * side};
  }
};

Frame MakeFrame(Point tip, Point base) {
  double dx = tip.x - base.x, dy = tip.y - base.y, len = std::hypot(dx, dy);
  if (len < 1e-9) return {tip, 0, 1};
  return {tip, dx / len, dy / len};
}

Paint Filled(const Paint& edge) {
  Paint p;
  p.fill = edge.stroke;
  p.stroke = edge.stroke;
  p.stroke_width = edge.stroke_width;
  return p;
}

Paint Hollow(const Paint& edge) {
  Paint p;
  p.stroke = edge.stroke;
  p.stroke_width = edge.stroke_width;
  return p;
}

void Lines(const std::vector<Point>& pts, const Paint& edge, std::vector<Shape>* out) {
  Path p;
  for (size_t i = 0; i < pts.size(); ++i) i ? p.LineTo(pts[i]) : p.MoveTo(pts[i]);
  out->push_back({Role::kEdge, Hollow(edge), p});
}

/// Half circle of radius r centred on c, bulging toward -d (away from the tip).
Path Arc(const Frame& f, Point c, double r) {
  Frame at{c, f.dx, f.dy};
  double k = 0.5522847498 * r;
  Path p;
  p.MoveTo(at.At(0, r));
  p.CubicTo(at.At(k, r), at.At(r, k), at.At(r, 0));
  p.CubicTo(at.At(r, -k), at.At(k, -r), at.At(0, -r));
  return p;
}

void Circle(Point c, double r, Role role, const Paint& p, std::vector<Shape>* out) {
  out->push_back({role, p, Ellipse{c.x, c.y, r, r}});
}

}  // namespace

double ShaftExtension(ir::ArrowHead head) {
  switch (head) {
    case ir::ArrowHead::kHat:
    case ir::ArrowHead::kCross:
      return kArrowLengthPt;
    case ir::ArrowHead::kSocket:
      return kArrowLengthPt - kSocketRadiusPt;
    default:
      return 0;
  }
}

void DrawArrowHead(ir::ArrowHead head, Point tip, Point base, const Paint& edge,
                   std::vector<Shape>* out) {
  Frame f = MakeFrame(tip, base);
  const double L = kArrowLengthPt;
  using shapes::Polygon;
  switch (head) {
    case ir::ArrowHead::kNone:
      return;
    case ir::ArrowHead::kNormal:
      out->push_back({Role::kArrowFilled, Filled(edge),
                      Polygon({tip, f.At(L, kHalfWidthPt), f.At(L, -kHalfWidthPt)})});
      return;
    case ir::ArrowHead::kTriangle:
      out->push_back({Role::kArrowOpen, Hollow(edge),
                      Polygon({tip, f.At(L, kWideHalfPt), f.At(L, -kWideHalfPt)})});
      return;
    case ir::ArrowHead::kOpen:  // as PlantUML draws `->>` (C4's relations): slim and filled
      out->push_back({Role::kArrowFilled, Filled(edge),
                      Polygon({tip, f.At(L, kSlimHalfPt), f.At(L, -kSlimHalfPt)})});
      return;
    case ir::ArrowHead::kHat:
      return Lines({f.At(L * 0.6, 6), tip, f.At(L * 0.6, -6)}, edge, out);
    case ir::ArrowHead::kDiamond:
    case ir::ArrowHead::kOpenDiamond: {
      bool filled = head == ir::ArrowHead::kDiamond;
      out->push_back(
          {filled ? Role::kArrowFilled : Role::kArrowOpen, filled ? Filled(edge) : Hollow(edge),
           Polygon({tip, f.At(kDiamondLengthPt / 2, kDiamondHalfPt), f.At(kDiamondLengthPt, 0),
                    f.At(kDiamondLengthPt / 2, -kDiamondHalfPt)})});
      return;
    }
    case ir::ArrowHead::kCircle:
      return Circle(f.At(L / 2, 0), L / 2, Role::kArrowOpen, Hollow(edge), out);
    case ir::ArrowHead::kPlus:
      Circle(f.At(L / 2, 0), L / 2, Role::kArrowOpen, Hollow(edge), out);
      Lines({f.At(0, 0), f.At(L, 0)}, edge, out);
      return Lines({f.At(L / 2, L / 2), f.At(L / 2, -L / 2)}, edge, out);
    case ir::ArrowHead::kSquare:
      return out->push_back({Role::kArrowOpen, Hollow(edge),
                             Polygon({f.At(0, 4), f.At(L - 2, 4), f.At(L - 2, -4), f.At(0, -4)})});
    case ir::ArrowHead::kCross:
      Lines({f.At(L * 0.2, 4), f.At(L * 0.8, -4)}, edge, out);
      return Lines({f.At(L * 0.2, -4), f.At(L * 0.8, 4)}, edge, out);
    case ir::ArrowHead::kSocket:
      return out->push_back({Role::kEdge, Hollow(edge), Arc(f, tip, kSocketRadiusPt)});
  }
}

void DrawLollipop(Point mid, Point from, const Paint& edge, std::vector<Shape>* out) {
  Frame f = MakeFrame(mid, from);
  Point ball = f.At(3, 0);  // ball a little toward `from`; socket cups it from the far side
  Circle(ball, kBallRadiusPt, Role::kArrowOpen, Hollow(edge), out);
  Frame back{ball, -f.dx, -f.dy};
  out->push_back({Role::kEdge, Hollow(edge), Arc(back, ball, kSocketRadiusPt + 2)});
}

Point BorderPoint(const Rect& r, Point p) {
  Point c{r.x + r.w / 2, r.y + r.h / 2};
  double dx = p.x - c.x, dy = p.y - c.y;
  if (std::abs(dx) < 1e-9 && std::abs(dy) < 1e-9) return c;
  double tx = std::abs(dx) > 1e-9 ? (r.w / 2) / std::abs(dx) : 1e18;
  double ty = std::abs(dy) > 1e-9 ? (r.h / 2) / std::abs(dy) : 1e18;
  double t = std::min({tx, ty, 1.0});
  return {c.x + dx * t, c.y + dy * t};
}

Point BezierMidpoint(const std::vector<Point>& pts, Point* before) {
  if (pts.size() < 4) {
    *before = pts.empty() ? Point{} : pts.front();
    return pts.empty() ? Point{} : pts.back();
  }
  size_t segs = (pts.size() - 1) / 3, s = segs / 2;
  const Point* p = &pts[3 * s];
  auto at = [&](double t) {
    double u = 1 - t;
    return Point{
        u * u * u * p[0].x + 3 * u * u * t * p[1].x + 3 * u * t * t * p[2].x + t * t * t * p[3].x,
        u * u * u * p[0].y + 3 * u * u * t * p[1].y + 3 * u * t * t * p[2].y + t * t * t * p[3].y};
  };
  double t = segs % 2 ? 0.5 : 0.0;
  *before = at(std::max(0.0, t - 0.1));
  if (t == 0.0 && s > 0) {
    p = &pts[3 * (s - 1)];
    *before = at(0.9);
    p = &pts[3 * s];
  }
  return at(t);
}

}  // namespace dg::layout
