#include "layout/component_shapes.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "layout/decorations.hpp"

#include "layout/flowchart_shapes.hpp"

namespace dg::layout::shapes {
namespace {

constexpr double kKappa = 0.5522847498;  // cubic control distance for a quarter ellipse
constexpr double kCornerPt = 6;          // corner radius of boxes, points
constexpr double kCylinderCapPt = 8;     // database / queue end cap radius, points
constexpr double kDepthPt = 10;          // node 3-D depth, points
constexpr double kTabPt = 10;            // folder / package tab height, points
constexpr double kFoldPt = 10;           // note / file dog-ear, points
constexpr double kCloudBumpPt = 7;       // cloud bump height, points
constexpr double kIconGapPt = 4;         // between an icon and its label below, points
constexpr double kInterfaceRadiusPt = 8;  // an interface's (or circle's) circle
constexpr double kClusterPadX = 10, kClusterPadY = 5;  // around a cluster label, points
constexpr double kHeadPerWidth = 0.15;  // person: head radius per body width
constexpr double kMinHeadPt = 12, kMaxHeadPt = 30;  // person: head radius bounds, points
constexpr double kHeadGapPt = 2;         // person: head to body, points
constexpr double kShadowOffsetPt = 4;    // shadow below and right of its shape, points
constexpr double kShadowOpacity = 0.18;

struct Insets {
  double left, top, right, bottom;
};

/// Size rules of a keyword: padding around the label, minimum size, and for
/// icon kinds (label below) the icon's size.
struct Look {
  std::string_view kind;
  gv::NodeShape shape;
  Insets pad;
  Size min;
  Size icon;  // non-zero: icon on top, label below, no box
};

constexpr Look kDefaultLook = {"rectangle", gv::NodeShape::kBox, {14, 10, 14, 10}, {60, 36}, {}};

constexpr Look kLooks[] = {
    {"component", gv::NodeShape::kBox, {28, 12, 28, 12}, {70, 40}, {}},
    {"database", gv::NodeShape::kCylinder, {14, 2 * kCylinderCapPt + 10, 14, 10}, {60, 54}, {}},
    {"queue",
     gv::NodeShape::kBox,
     {14 + kCylinderCapPt, 10, 14 + 2 * kCylinderCapPt, 10},
     {70, 36},
     {}},
    {"node", gv::NodeShape::kBox, {14, 12 + kDepthPt, 14 + kDepthPt, 12}, {70, 44}, {}},
    {"folder", gv::NodeShape::kBox, {14, 10 + kTabPt, 14, 10}, {70, 44}, {}},
    {"package", gv::NodeShape::kBox, {14, 10 + kTabPt, 14, 10}, {70, 44}, {}},
    {"frame", gv::NodeShape::kBox, {10, 6, 34, 24}, {70, 44}, {}},
    {"cloud", gv::NodeShape::kBox, {26, 18, 26, 18}, {80, 50}, {}},
    {"usecase", gv::NodeShape::kEllipse, {0, 0, 0, 0}, {70, 36}, {}},
    {"artifact", gv::NodeShape::kBox, {26, 12, 26, 12}, {70, 40}, {}},
    {"file", gv::NodeShape::kBox, {14, 12, 14 + kFoldPt, 10}, {60, 40}, {}},
    {"card", gv::NodeShape::kBox, {14, 10, 14, 10}, {60, 36}, {}},
    {"agent", gv::NodeShape::kBox, {14, 10, 14, 10}, {60, 36}, {}},
    {"storage", gv::NodeShape::kBox, {24, 10, 24, 10}, {70, 36}, {}},
    {"stack", gv::NodeShape::kBox, {20, 12, 20, 10}, {70, 40}, {}},
    {"collections", gv::NodeShape::kBox, {14, 14, 18, 10}, {64, 40}, {}},
    {"hexagon", gv::NodeShape::kBox, {26, 10, 26, 10}, {70, 36}, {}},
    {"process", gv::NodeShape::kBox, {14, 10, 28, 10}, {70, 36}, {}},
    {"person", gv::NodeShape::kBox, {14, 12, 14, 12}, {70, 60}, {}},  // + the head: PersonHead
    {"label", gv::NodeShape::kBox, {2, 2, 2, 2}, {4, 4}, {}},
    {"actor", gv::NodeShape::kBox, {}, {}, {26, 44}},
    {"interface", gv::NodeShape::kBox, {}, {}, {18, 18}},
    {"circle", gv::NodeShape::kBox, {}, {}, {18, 18}},
    {"boundary", gv::NodeShape::kBox, {}, {}, {36, 26}},
    {"control", gv::NodeShape::kBox, {}, {}, {26, 28}},
    {"entity", gv::NodeShape::kBox, {}, {}, {26, 28}},
    {"port", gv::NodeShape::kBox, {}, {}, {12, 12}},
    {"portin", gv::NodeShape::kBox, {}, {}, {12, 12}},
    {"portout", gv::NodeShape::kBox, {}, {}, {12, 12}},
    {"action", gv::NodeShape::kBox, {14, 10, 28, 10}, {70, 36}, {}},
};

const Look& LookFor(std::string_view kind) {
  for (const Look& l : kLooks)
    if (l.kind == kind) return l;
  return kDefaultLook;
}

bool HasIcon(const Look& l) { return l.icon.w > 0; }

Insets PadFor(std::string_view kind, std::string_view component_style) {
  if (kind == "component" && component_style == "rectangle") return kDefaultLook.pad;
  if (kind == "component" && component_style == "uml1") return {24, 12, 24, 12};
  return LookFor(kind).pad;
}

// ------------------------------------------------------------ path helpers

void Add(std::vector<Shape>* out, Role role, const Paint& p, Path path) {
  out->push_back({role, p, std::move(path)});
}

Path Line(Point a, Point b) {
  Path p;
  p.MoveTo(a);
  p.LineTo(b);
  return p;
}

Paint StrokeOnly(const Paint& p) {
  Paint s = p;
  s.fill.clear();
  return s;
}

/// A cubic bump from a to b bulging `h` to the left of the direction a→b.
void Bump(Path* p, Point a, Point b, double h) {
  double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
  double nx = dy / len * h * 1.33, ny = -dx / len * h * 1.33;
  p->CubicTo({a.x + dx * 0.1 + nx, a.y + dy * 0.1 + ny}, {a.x + dx * 0.9 + nx, a.y + dy * 0.9 + ny},
             b);
}

Path CloudPath(const Rect& r) {
  double h = kCloudBumpPt;
  Rect in{r.x + h, r.y + h, r.w - 2 * h, r.h - 2 * h};
  Point corners[4] = {
      {in.x, in.y}, {in.x + in.w, in.y}, {in.x + in.w, in.y + in.h}, {in.x, in.y + in.h}};
  Path p;
  p.MoveTo(corners[0]);
  for (int s = 0; s < 4; ++s) {
    Point a = corners[s], b = corners[(s + 1) % 4];
    double len = std::hypot(b.x - a.x, b.y - a.y);
    int n = std::max(1, int(std::round(len / 28)));
    for (int k = 0; k < n; ++k) {
      Point from{a.x + (b.x - a.x) * k / n, a.y + (b.y - a.y) * k / n};
      Point to{a.x + (b.x - a.x) * (k + 1) / n, a.y + (b.y - a.y) * (k + 1) / n};
      Bump(&p, from, to, h);
    }
  }
  p.Close();
  return p;
}

/// Closed outline of a vertical cylinder, and its front lip as an open path.
void Cylinder(const Rect& r, const Paint& paint, Role role, std::vector<Shape>* out) {
  double rx = r.w / 2, ry = std::min(kCylinderCapPt, r.h / 4), cx = r.x + rx, k = kKappa;
  double top = r.y + ry, bot = r.y + r.h - ry;
  Path body;
  body.MoveTo({r.x, top});
  body.CubicTo({r.x, top - k * ry}, {cx - k * rx, r.y}, {cx, r.y});
  body.CubicTo({cx + k * rx, r.y}, {r.x + r.w, top - k * ry}, {r.x + r.w, top});
  body.LineTo({r.x + r.w, bot});
  body.CubicTo({r.x + r.w, bot + k * ry}, {cx + k * rx, r.y + r.h}, {cx, r.y + r.h});
  body.CubicTo({cx - k * rx, r.y + r.h}, {r.x, bot + k * ry}, {r.x, bot});
  body.Close();
  Add(out, role, paint, body);
  Path lip;
  lip.MoveTo({r.x, top});
  lip.CubicTo({r.x, top + k * ry}, {cx - k * rx, top + ry}, {cx, top + ry});
  lip.CubicTo({cx + k * rx, top + ry}, {r.x + r.w, top + k * ry}, {r.x + r.w, top});
  Add(out, role, StrokeOnly(paint), lip);
}

/// Horizontal cylinder (queue): caps left and right, lip on the right.
void Queue(const Rect& r, const Paint& paint, std::vector<Shape>* out) {
  double ry = r.h / 2, rx = std::min(kCylinderCapPt, r.w / 4), cy = r.y + ry, k = kKappa;
  double left = r.x + rx, right = r.x + r.w - rx;
  Path body;
  body.MoveTo({left, r.y});
  body.LineTo({right, r.y});
  body.CubicTo({right + k * rx, r.y}, {r.x + r.w, cy - k * ry}, {r.x + r.w, cy});
  body.CubicTo({r.x + r.w, cy + k * ry}, {right + k * rx, r.y + r.h}, {right, r.y + r.h});
  body.LineTo({left, r.y + r.h});
  body.CubicTo({left - k * rx, r.y + r.h}, {r.x, cy + k * ry}, {r.x, cy});
  body.CubicTo({r.x, cy - k * ry}, {left - k * rx, r.y}, {left, r.y});
  body.Close();
  Add(out, Role::kBox, paint, body);
  Path lip;
  lip.MoveTo({right, r.y});
  lip.CubicTo({right - k * rx, r.y}, {right - rx, cy - k * ry}, {right - rx, cy});
  lip.CubicTo({right - rx, cy + k * ry}, {right - k * rx, r.y + r.h}, {right, r.y + r.h});
  Add(out, Role::kBox, StrokeOnly(paint), lip);
}

void ThreeD(const Rect& r, const Paint& paint, Role role, std::vector<Shape>* out) {
  double d = std::min(kDepthPt, std::min(r.w, r.h) / 4);
  Rect front{r.x, r.y + d, r.w - d, r.h - d, 0};
  Add(out, role, paint,
      Polygon({{r.x, r.y + d},
               {r.x + d, r.y},
               {r.x + r.w, r.y},
               {r.x + r.w, r.y + r.h - d},
               {r.x + r.w - d, r.y + r.h},
               {r.x, r.y + r.h}}));
  out->push_back({role, paint, front});
  Add(out, role, StrokeOnly(paint), Line({r.x + r.w - d, r.y + d}, {r.x + r.w, r.y}));
}

/// Folder/package: a tab of `tab_w` at the top left, body below it.
void Tabbed(const Rect& r, double tab_w, double tab_h, const Paint& paint, Role role,
            std::vector<Shape>* out) {
  tab_w = std::min(tab_w, r.w);
  Add(out, role, paint,
      Polygon({{r.x, r.y + tab_h},
               {r.x, r.y + 2},
               {r.x + 2, r.y},
               {r.x + tab_w - 4, r.y},
               {r.x + tab_w, r.y + tab_h},
               {r.x + r.w, r.y + tab_h},
               {r.x + r.w, r.y + r.h},
               {r.x, r.y + r.h}}));
  Add(out, role, StrokeOnly(paint), Line({r.x, r.y + tab_h}, {r.x + tab_w, r.y + tab_h}));
}

void FrameTab(const Rect& r, const Rect& tab, const Paint& paint, Role role,
              std::vector<Shape>* out) {
  out->push_back({role, paint, Rect{r.x, r.y, r.w, r.h, 2}});
  double right = std::min(tab.x + tab.w, r.x + r.w), bottom = tab.y + tab.h;
  Path p;
  p.MoveTo({r.x, bottom});
  p.LineTo({right - 6, bottom});
  p.LineTo({right, bottom - 6});
  p.LineTo({right, r.y});
  Add(out, role, StrokeOnly(paint), p);
}

void DogEar(const Rect& r, const Paint& paint, Role role, std::vector<Shape>* out) {
  double f = std::min(kFoldPt, std::min(r.w, r.h) / 3);
  Add(out, role, paint,
      Polygon({{r.x, r.y},
               {r.x + r.w - f, r.y},
               {r.x + r.w, r.y + f},
               {r.x + r.w, r.y + r.h},
               {r.x, r.y + r.h}}));
  Path fold;
  fold.MoveTo({r.x + r.w - f, r.y});
  fold.LineTo({r.x + r.w - f, r.y + f});
  fold.LineTo({r.x + r.w, r.y + f});
  Add(out, role, StrokeOnly(paint), fold);
}

// ------------------------------------------------------------------ icons

Paint IconPaint(const Paint& p) {
  Paint i;
  i.stroke = p.stroke;
  return i;
}

void ComponentIcon(const Rect& r, const Paint& p, std::vector<Shape>* out) {
  double x = r.x + r.w - 22, y = r.y + 8;
  out->push_back({Role::kIcon, IconPaint(p), Rect{x + 3, y, 12, 14, 1}});
  out->push_back({Role::kIcon, IconPaint(p), Rect{x, y + 3, 7, 3, 0}});
  out->push_back({Role::kIcon, IconPaint(p), Rect{x, y + 8, 7, 3, 0}});
}

void Uml1Component(const Rect& r, const Paint& p, std::vector<Shape>* out) {
  out->push_back({Role::kBox, p, Rect{r.x + 6, r.y, r.w - 6, r.h, 2}});
  out->push_back({Role::kBox, p, Rect{r.x, r.y + r.h / 2 - 14, 12, 8, 0}});
  out->push_back({Role::kBox, p, Rect{r.x, r.y + r.h / 2 + 6, 12, 8, 0}});
}

void ArtifactIcon(const Rect& r, const Paint& p, std::vector<Shape>* out) {
  DogEar({r.x + r.w - 20, r.y + 7, 11, 14, 0}, IconPaint(p), Role::kIcon, out);
}

void Actor(const Rect& icon, const Paint& p, std::vector<Shape>* out) {
  double cx = icon.x + icon.w / 2, y = icon.y, r = 6;
  out->push_back({Role::kBox, p, Ellipse{cx, y + r, r, r}});
  Paint s = StrokeOnly(p);
  Add(out, Role::kBox, s, Line({cx, y + 2 * r}, {cx, y + 30}));
  Add(out, Role::kBox, s, Line({cx - 12, y + 18}, {cx + 12, y + 18}));
  Path legs;
  legs.MoveTo({cx - 11, y + icon.h});
  legs.LineTo({cx, y + 30});
  legs.LineTo({cx + 11, y + icon.h});
  Add(out, Role::kBox, s, legs);
}

/// A person's head grows with the body, as PlantUML's does (C4's
/// SHOW_PERSON_OUTLINE), within bounds.
double HeadRadius(double body_width) {
  return std::clamp(body_width * kHeadPerWidth, kMinHeadPt, kMaxHeadPt);
}

void Person(const Rect& r, const Paint& p, std::vector<Shape>* out) {
  double head = HeadRadius(r.w), top = 2 * head + kHeadGapPt;
  out->push_back({Role::kBox, p, Ellipse{r.x + r.w / 2, r.y + head, head, head}});
  out->push_back({Role::kBox, p, Rect{r.x, r.y + top, r.w, r.h - top, head * 0.8}});
}

void Robustness(std::string_view kind, const Rect& icon, const Paint& p, std::vector<Shape>* out) {
  double r = 12, cy = icon.y + r + (icon.h - 2 * r) / 2, cx = icon.x + icon.w - r;
  if (kind != "boundary") cx = icon.x + icon.w / 2;
  out->push_back({Role::kBox, p, Ellipse{cx, cy, r, r}});
  Paint s = StrokeOnly(p);
  if (kind == "boundary") {
    Add(out, Role::kBox, s, Line({icon.x, cy - r}, {icon.x, cy + r}));
    Add(out, Role::kBox, s, Line({icon.x, cy}, {cx - r, cy}));
  } else if (kind == "entity") {
    Add(out, Role::kBox, s, Line({cx - r, cy + r + 2}, {cx + r, cy + r + 2}));
  } else {  // control: a small arrowhead on the circle's top
    Path a;
    a.MoveTo({cx + 4, cy - r - 4});
    a.LineTo({cx - 1, cy - r});
    a.LineTo({cx + 4, cy - r + 4});
    Add(out, Role::kBox, s, a);
  }
}

Rect IconRect(const Look& l, const Rect& box) {
  return {box.x + (box.w - l.icon.w) / 2, box.y, l.icon.w, l.icon.h, 0};
}

void DrawIconKind(const Look& l, const Rect& box, const Paint& paint, std::vector<Shape>* out) {
  Rect icon = IconRect(l, box);
  if (l.kind == "actor") {
    Actor(icon, paint, out);
  } else if (l.kind.rfind("port", 0) == 0) {
    out->push_back({Role::kBox, paint, Rect{icon.x, icon.y, icon.w, icon.h, 0}});
  } else if (l.kind == "interface" || l.kind == "circle") {
    out->push_back({Role::kBox, paint,
                    Ellipse{icon.x + icon.w / 2, icon.y + icon.h / 2, kInterfaceRadiusPt, kInterfaceRadiusPt}});
  } else {
    Robustness(l.kind, icon, paint, out);
  }
}

/// A rectangle with round or cut corners.
void BoxOutline(const Rect& r, double corner, double diagonal, Role role, const Paint& p,
                std::vector<Shape>* out) {
  double d = std::min({diagonal, r.w / 3, r.h / 3});
  if (d <= 0) return out->push_back({role, p, Rect{r.x, r.y, r.w, r.h, corner}});
  double x1 = r.x + r.w, y1 = r.y + r.h;
  Add(out, role, p,
      Polygon({{r.x + d, r.y}, {x1 - d, r.y}, {x1, r.y + d}, {x1, y1 - d}, {x1 - d, y1},
               {r.x + d, y1}, {r.x, y1 - d}, {r.x, r.y + d}}));
}

void DrawBoxKind(std::string_view kind, const Rect& r, const Paint& p, std::string_view style,
                 const Corners& corners, std::vector<Shape>* out) {
  double h2 = r.h / 2;
  if (kind == "component" && style == "uml1") return Uml1Component(r, p, out);
  if (kind == "database") return Cylinder(r, p, Role::kBox, out);
  if (kind == "queue") return Queue(r, p, out);
  if (kind == "node") return ThreeD(r, p, Role::kBox, out);
  if (kind == "folder" || kind == "package")
    return Tabbed(r, std::min(r.w * 0.4, 60.0), kTabPt, p, Role::kBox, out);
  if (kind == "frame") return FrameTab(r, {r.x, r.y, r.w - 20, r.h - 18, 0}, p, Role::kBox, out);
  if (kind == "cloud") return Add(out, Role::kBox, p, CloudPath(r));
  if (kind == "usecase") {
    out->push_back({Role::kBox, p, Ellipse{r.x + r.w / 2, r.y + h2, r.w / 2, h2}});
    return;
  }
  if (kind == "file") return DogEar(r, p, Role::kBox, out);
  if (kind == "person") return Person(r, p, out);
  if (kind == "label") return;
  if (kind == "storage") {
    out->push_back({Role::kBox, p, Rect{r.x, r.y, r.w, r.h, std::min(h2, 18.0)}});
    return;
  }
  if (kind == "hexagon")
    return Add(out, Role::kBox, p,
               Polygon({{r.x, r.y + h2},
                        {r.x + 14, r.y},
                        {r.x + r.w - 14, r.y},
                        {r.x + r.w, r.y + h2},
                        {r.x + r.w - 14, r.y + r.h},
                        {r.x + 14, r.y + r.h}}));
  if (kind == "process" || kind == "action")
    return Add(out, Role::kBox, p,
               Polygon({{r.x, r.y},
                        {r.x + r.w - 16, r.y},
                        {r.x + r.w, r.y + h2},
                        {r.x + r.w - 16, r.y + r.h},
                        {r.x, r.y + r.h}}));
  if (kind == "collections") {
    out->push_back({Role::kBox, p, Rect{r.x + 5, r.y, r.w - 5, r.h - 5, 3}});
    out->push_back({Role::kBox, p, Rect{r.x, r.y + 5, r.w - 5, r.h - 5, 3}});
    return;
  }
  if (kind == "stack") {
    out->push_back({Role::kBox, p, Rect{r.x + 6, r.y, r.w - 12, r.h, 4}});
    Add(out, Role::kBox, StrokeOnly(p), Line({r.x, r.y}, {r.x + 6, r.y}));
    Add(out, Role::kBox, StrokeOnly(p), Line({r.x + r.w - 6, r.y}, {r.x + r.w, r.y}));
    return;
  }
  double corner = corners.round.value_or(kind == "agent" ? 0 : (kind == "card" ? 10 : kCornerPt));
  BoxOutline(r, corner, corners.diagonal, Role::kBox, p, out);
  if (kind == "component" && style != "rectangle") ComponentIcon(r, p, out);
  if (kind == "artifact") ArtifactIcon(r, p, out);
}

}  // namespace

Path EllipsePath(Point c, double rx, double ry) {
  double k = kKappa;
  Path p;
  p.MoveTo({c.x + rx, c.y});
  p.CubicTo({c.x + rx, c.y + k * ry}, {c.x + k * rx, c.y + ry}, {c.x, c.y + ry});
  p.CubicTo({c.x - k * rx, c.y + ry}, {c.x - rx, c.y + k * ry}, {c.x - rx, c.y});
  p.CubicTo({c.x - rx, c.y - k * ry}, {c.x - k * rx, c.y - ry}, {c.x, c.y - ry});
  p.CubicTo({c.x + k * rx, c.y - ry}, {c.x + rx, c.y - k * ry}, {c.x + rx, c.y});
  p.Close();
  return p;
}

Path Polygon(const std::vector<Point>& pts) {
  Path p;
  for (size_t i = 0; i < pts.size(); ++i) i ? p.LineTo(pts[i]) : p.MoveTo(pts[i]);
  p.Close();
  return p;
}

gv::NodeShape GraphvizShape(std::string_view kind) {
  if (IsFlowchartKind(kind)) return FlowchartGraphvizShape(kind);
  return LookFor(kind).shape;
}

Size NodeSize(std::string_view kind, Size text, std::string_view component_style) {
  if (IsFlowchartKind(kind)) return FlowchartNodeSize(kind, text);
  const Look& l = LookFor(kind);
  if (HasIcon(l)) {
    double gap = text.h > 0 ? kIconGapPt : 0;
    return {std::ceil(std::max(l.icon.w, text.w) + 4), std::ceil(l.icon.h + gap + text.h)};
  }
  if (kind == "usecase") {
    // The label's box must fit inside the ellipse: scale by √2 plus a margin.
    return {std::ceil(std::max(l.min.w, (text.w + 16) * 1.42)),
            std::ceil(std::max(l.min.h, (text.h + 6) * 1.42))};
  }
  Insets p = PadFor(kind, component_style);
  double w = std::max(l.min.w, text.w + p.left + p.right);
  double head = kind == "person" ? 2 * HeadRadius(w) + kHeadGapPt : 0;
  return {std::ceil(w), std::ceil(std::max(l.min.h, text.h + p.top + p.bottom) + head)};
}

TextPlace NodeTextPlace(std::string_view kind, const Rect& box, Size text,
                        std::string_view component_style) {
  if (IsFlowchartKind(kind)) return FlowchartTextPlace(kind, box, text);
  const Look& l = LookFor(kind);
  if (HasIcon(l))
    return {{box.x + (box.w - text.w) / 2, box.y + l.icon.h + kIconGapPt, text.w, text.h, 0}, true};
  if (kind == "frame") return {{box.x + 8, box.y + 6, text.w, text.h, 0}, false};
  Insets p = kind == "usecase" ? Insets{0, 0, 0, 0} : PadFor(kind, component_style);
  if (kind == "person") p.top += 2 * HeadRadius(box.w) + kHeadGapPt;
  double iw = box.w - p.left - p.right, ih = box.h - p.top - p.bottom;
  return {
      {box.x + p.left + (iw - text.w) / 2, box.y + p.top + (ih - text.h) / 2, text.w, text.h, 0},
      true};
}

std::optional<Rect> IconOutline(std::string_view kind, const Rect& box, bool* round) {
  const Look& l = LookFor(kind);
  *round = kind == "interface" || kind == "circle";
  // Line-art figures (actor, boundary …) take edges on their whole box, label
  // included, as in PlantUML; a circle or a port is a shape edges end on.
  bool port = kind.rfind("port", 0) == 0;
  if (!HasIcon(l) || !(*round || port)) return std::nullopt;
  Rect icon = IconRect(l, box);
  if (!*round) return icon;
  return Rect{icon.x + icon.w / 2 - kInterfaceRadiusPt, icon.y + icon.h / 2 - kInterfaceRadiusPt,
              2 * kInterfaceRadiusPt, 2 * kInterfaceRadiusPt, 0};
}

void DrawNode(std::string_view kind, const Rect& box, const Paint& paint,
              std::string_view component_style, std::vector<Shape>* out, const Corners& corners) {
  if (IsFlowchartKind(kind)) return DrawFlowchartNode(kind, box, paint, out);
  const Look& l = LookFor(kind);
  if (HasIcon(l)) return DrawIconKind(l, box, paint, out);
  DrawBoxKind(kind, box, paint, component_style, corners, out);
}

std::vector<Shape> Shadow(const std::vector<Shape>& outline) {
  std::vector<Shape> shadow;
  for (const Shape& s : outline) {
    Shape copy = s;
    ShiftShape(&copy, kShadowOffsetPt, kShadowOffsetPt);
    bool closed = !std::holds_alternative<Path>(s.geometry) ||
                  (!std::get<Path>(s.geometry).segs.empty() &&
                   std::get<Path>(s.geometry).segs.back().op == PathOp::kClose);
    if (!closed || std::holds_alternative<Text>(s.geometry)) continue;
    copy.paint = Paint{};
    copy.paint.fill = "#000000";
    copy.paint.stroke = "none";
    copy.paint.opacity = kShadowOpacity;
    shadow.push_back(std::move(copy));
  }
  return shadow;
}

// ----------------------------------------------------------------- clusters

namespace {

/// Room a cluster kind needs above its label (3-D top, cylinder lip, bumps).
double ClusterExtraTop(std::string_view kind) {
  if (kind == "node") return kDepthPt;
  if (kind == "database") return 2 * kCylinderCapPt;
  if (kind == "cloud") return kCloudBumpPt;
  return 0;
}

double ClusterExtraLeft(std::string_view kind) { return kind == "cloud" ? kCloudBumpPt + 4 : 0; }

}  // namespace

Size ClusterLabelSize(std::string_view kind, Size text) {
  if (text.w <= 0) return {};
  double icon = kind == "component" ? 24 : 0;  // room for the component icon
  return {std::ceil(text.w + 2 * kClusterPadX + ClusterExtraLeft(kind) + icon),
          std::ceil(text.h + 2 * kClusterPadY + ClusterExtraTop(kind))};
}

Rect ClusterTextArea(std::string_view kind, const Rect& b, Size text) {
  double top = b.y + ClusterExtraTop(kind) + kClusterPadY;
  return {b.x + ClusterExtraLeft(kind) + kClusterPadX, top, text.w, text.h, 0};
}

bool CentresClusterLabel(std::string_view kind) { return kind == "rectangle"; }

bool ClusterTitleSlides(std::string_view kind) {
  return kind != "package" && kind != "folder" && kind != "frame";
}

void DrawCluster(std::string_view kind, const Rect& r, const Rect& label, const Paint& paint,
                 std::vector<Shape>* out, const Corners& corners) {
  Role role = Role::kCluster;
  double tab_h = label.y + label.h - r.y, tab_w = label.x + label.w - r.x;
  if (kind == "package" || kind == "folder") {
    if (label.w <= 0) return out->push_back({role, paint, Rect{r.x, r.y, r.w, r.h, 2}});
    return Tabbed(r, tab_w, tab_h, paint, role, out);
  }
  if (kind == "node") return ThreeD(r, paint, role, out);
  if (kind == "database") return Cylinder(r, paint, role, out);
  if (kind == "cloud") return Add(out, role, paint, CloudPath(r));
  if (kind == "frame") return FrameTab(r, {r.x, r.y, tab_w, tab_h, 0}, paint, role, out);
  if (kind == "file") return DogEar(r, paint, role, out);
  BoxOutline(r, corners.round.value_or(kCornerPt), corners.diagonal, role, paint, out);
  if (kind == "component") ComponentIcon(r, paint, out);
}

// -------------------------------------------------------------------- notes

Size NoteSize(Size text) { return {std::ceil(text.w + 24 + kFoldPt / 2), std::ceil(text.h + 18)}; }

Rect NoteTextArea(const Rect& box, Size text) { return {box.x + 12, box.y + 9, text.w, text.h, 0}; }

void DrawNote(const Rect& box, const Paint& paint, std::vector<Shape>* out) {
  DogEar(box, paint, Role::kNote, out);
}

}  // namespace dg::layout::shapes
