#include "layout/graphviz_plan.hpp"

#include <algorithm>
#include <cmath>

#include "layout/edge_draw.hpp"

namespace dg::layout::gv {
namespace {

constexpr double kLabelGapPt = 2;      // between an edge's line and its label
constexpr double kEndLabelGapPt = 6;   // from an edge's end to a tail/head label
constexpr double kSafeEffort = 0.01;   // the safe plan's share of dot's full search effort
constexpr double kSelfLoopPt = 24;     // how far a straight-drawn self-loop reaches out
constexpr int kSamplesPerCubic = 32;   // for finding where a path crosses a frame
constexpr int kBisections = 30;
constexpr double kMultiEdgeGapPt = 8;  // between an edge and its copies (multi-edges)
constexpr double kDeepInsidePt = 2;    // an edge end this far inside its node was not clipped

// ------------------------------------------------------------- geometry

bool HasBox(Size s) { return s.w > 0 && s.h > 0; }

Point Lerp(Point a, Point b, double t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

double Distance(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

Point Unit(Point from, Point to) {
  double len = Distance(from, to);
  if (len < 1e-9) return {1, 0};
  return {(to.x - from.x) / len, (to.y - from.y) / len};
}

Rect BoxRect(const NodeBox& b) {
  return {b.center.x - b.size.w / 2, b.center.y - b.size.h / 2, b.size.w, b.size.h, 0};
}

bool Contains(const Rect& r, Point p) {
  return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}

double DistanceTo(const Rect& r, Point p) {
  double dx = std::max({r.x - p.x, 0.0, p.x - (r.x + r.w)});
  double dy = std::max({r.y - p.y, 0.0, p.y - (r.y + r.h)});
  return std::hypot(dx, dy);
}

/// A path of cubic segments (3k+1 points), addressed by u in [0, k].
class CubicPath {
 public:
  explicit CubicPath(const std::vector<Point>& pts) : pts_(pts) {}
  int segments() const { return int(pts_.size() - 1) / 3; }

  Point At(double u) const {
    int k = std::clamp(int(u), 0, segments() - 1);
    double t = std::clamp(u - k, 0.0, 1.0);
    const Point* p = &pts_[3 * k];
    Point a = Lerp(p[0], p[1], t), b = Lerp(p[1], p[2], t), c = Lerp(p[2], p[3], t);
    return Lerp(Lerp(a, b, t), Lerp(b, c, t), t);
  }

  /// The points of the path from its start to u.
  std::vector<Point> Before(double u) const {
    int k = std::clamp(int(u), 0, segments() - 1);
    double t = std::clamp(u - k, 0.0, 1.0);
    std::vector<Point> out(pts_.begin(), pts_.begin() + 3 * k + 1);
    const Point* p = &pts_[3 * k];
    Point a = Lerp(p[0], p[1], t), b = Lerp(p[1], p[2], t), c = Lerp(p[2], p[3], t);
    Point ab = Lerp(a, b, t), bc = Lerp(b, c, t);
    out.push_back(a);
    out.push_back(ab);
    out.push_back(Lerp(ab, bc, t));
    return out;
  }

  /// Walking back from the end, the boundary where `keeps` stops holding
  /// (the last u at which it fails to hold, refined); nullopt when it holds
  /// everywhere or not even at the end.
  template <typename Pred>
  std::optional<double> LastChange(Pred keeps) const {
    double end = segments();
    if (!keeps(At(end))) return std::nullopt;
    double step = 1.0 / kSamplesPerCubic, inside = end;
    for (double u = end - step; u > -step / 2; u -= step) {
      double at = std::max(u, 0.0);
      if (!keeps(At(at))) {
        double out = at;
        for (int i = 0; i < kBisections; ++i) {
          double mid = (out + inside) / 2;
          (keeps(At(mid)) ? inside : out) = mid;
        }
        return inside;
      }
      inside = at;
    }
    return std::nullopt;
  }

 private:
  const std::vector<Point>& pts_;
};

std::vector<Point> StraightCubic(Point a, Point b) { return {a, Lerp(a, b, 1.0 / 3), Lerp(a, b, 2.0 / 3), b}; }

void AppendStraight(std::vector<Point>* pts, Point to) {
  Point from = pts->back();
  pts->push_back(Lerp(from, to, 1.0 / 3));
  pts->push_back(Lerp(from, to, 2.0 / 3));
  pts->push_back(to);
}

/// The same dot edge, head to tail: ends, ports, arrows and end labels swapped.
void ReverseEnds(EdgeSpec* e) {
  std::swap(e->tail, e->head);
  std::swap(e->tail_port, e->head_port);
  std::swap(e->tail_arrow, e->head_arrow);
  std::swap(e->tail_label, e->head_label);
}

/// Where a node sits on the rank axis (y for top-to-bottom ranks, x for left-to-right).
double RankCoordinate(const NodeBox& b, RankDir dir) {
  bool horizontal = dir == RankDir::kLeftRight || dir == RankDir::kRightLeft;
  return horizontal ? b.center.x : b.center.y;
}

EdgeGeometry Reversed(EdgeGeometry g) {
  std::reverse(g.points.begin(), g.points.end());
  std::swap(g.tail_tip, g.head_tip);
  std::swap(g.tail_label, g.head_label);
  return g;
}

/// dot stores some splines head to tail; ours always run tail to head.
EdgeGeometry Oriented(EdgeGeometry g, const Rect& tail, const Rect& head) {
  if (g.points.size() < 4) return g;
  Point front = g.tail_tip.value_or(g.points.front()), back = g.head_tip.value_or(g.points.back());
  bool flipped = DistanceTo(head, front) + DistanceTo(tail, back) <
                 DistanceTo(tail, front) + DistanceTo(head, back);
  return flipped ? Reversed(std::move(g)) : g;
}

/// The label box's centre beside the middle of the path, clear of the line.
Point BesidePath(const std::vector<Point>& pts, Size label) {
  Point before;
  Point mid = BezierMidpoint(pts, &before);
  Point d = Unit(before, mid), n{-d.y, d.x};
  if (n.x < -1e-9 || (std::abs(n.x) <= 1e-9 && n.y > 0)) n = {-n.x, -n.y};  // right, or up
  double off = std::abs(n.x) * label.w / 2 + std::abs(n.y) * label.h / 2 + kLabelGapPt;
  return {mid.x + n.x * off, mid.y + n.y * off};
}

/// A tail or head label's centre near that end of the path.
Point NearEnd(const EdgeGeometry& g, bool at_head, Size label) {
  const std::vector<Point>& p = g.points;
  Point end = at_head ? g.head_tip.value_or(p.back()) : g.tail_tip.value_or(p.front());
  Point inward = at_head ? p[p.size() - 2] : p[1];
  Point d = Unit(end, inward), n{-d.y, d.x};
  if (n.x < -1e-9 || (std::abs(n.x) <= 1e-9 && n.y > 0)) n = {-n.x, -n.y};
  double along = kEndLabelGapPt + std::abs(d.x) * label.w / 2 + std::abs(d.y) * label.h / 2;
  double off = kLabelGapPt + std::abs(n.x) * label.w / 2 + std::abs(n.y) * label.h / 2;
  return {end.x + d.x * along + n.x * off, end.y + d.y * along + n.y * off};
}

EdgeGeometry SelfLoop(const Rect& r, bool tail_arrow, bool head_arrow) {
  double right = r.x + r.w, top = r.y + r.h / 4, bottom = r.y + 3 * r.h / 4;
  EdgeGeometry g;
  Point start{right, top}, end{right, bottom};
  if (tail_arrow) g.tail_tip = start;
  if (head_arrow) g.head_tip = end;
  if (tail_arrow) start.x += kArrowLengthPt;
  if (head_arrow) end.x += kArrowLengthPt;
  g.points = {start, {right + kSelfLoopPt, top - kSelfLoopPt / 2},
              {right + kSelfLoopPt, bottom + kSelfLoopPt / 2}, end};
  return g;
}

/// Makes the path end at its head's tip, then leaves room for an arrowhead
/// there again when `arrow`.
void EndAtHead(EdgeGeometry* edge, bool arrow) {
  if (edge->head_tip) AppendStraight(&edge->points, *edge->head_tip);
  edge->head_tip.reset();
  if (!arrow) return;
  Point tip = edge->points.back();
  CubicPath shaft(edge->points);
  std::optional<double> base =
      shaft.LastChange([&](Point p) { return Distance(p, tip) < kArrowLengthPt; });
  edge->points = base ? shaft.Before(*base) : StraightCubic(edge->points.front(), edge->points.front());
  edge->head_tip = tip;
}

/// Applies `fix` to the head end, or through a reversal to the tail end.
template <typename Fix>
void AtEnd(EdgeGeometry* edge, bool at_head, Fix fix) {
  if (at_head) return fix(edge);
  EdgeGeometry r = Reversed(std::move(*edge));
  fix(&r);
  *edge = Reversed(std::move(r));
}

}  // namespace

void ClipAtFrame(EdgeGeometry* edge, const Rect& frame, bool at_head);

namespace {

/// dot 2.42 sometimes leaves a same-rank edge with ports unclipped, ending
/// at its node's centre; such an end is cut back to the node's box.
void ClipIfInside(EdgeGeometry* edge, const Rect& box, bool at_head) {
  if (edge->points.size() < 4) return;
  Point end = at_head ? edge->head_tip.value_or(edge->points.back())
                      : edge->tail_tip.value_or(edge->points.front());
  Rect inner{box.x + kDeepInsidePt, box.y + kDeepInsidePt, box.w - 2 * kDeepInsidePt,
             box.h - 2 * kDeepInsidePt, 0};
  if (inner.w > 0 && inner.h > 0 && Contains(inner, end)) ClipAtFrame(edge, box, at_head);
}

}  // namespace

// ------------------------------------------------------- exposed helpers

EdgeGeometry StraightEdge(const NodeBox& tail, const NodeBox& head, bool tail_arrow,
                          bool head_arrow) {
  Rect tr = BoxRect(tail), hr = BoxRect(head);
  if (Distance(tail.center, head.center) < 1e-6) return SelfLoop(tr, tail_arrow, head_arrow);
  Point a = BorderPoint(tr, head.center), b = BorderPoint(hr, tail.center);
  double len = Distance(a, b);
  // Arrowheads share what room there is when the boxes nearly touch.
  double room = (tail_arrow ? 1 : 0) + (head_arrow ? 1 : 0);
  double arrow = room > 0 ? std::min(kArrowLengthPt, len / (room + 1)) : 0;
  Point d = Unit(a, b);
  EdgeGeometry g;
  Point start = a, end = b;
  if (tail_arrow) {
    g.tail_tip = a;
    start = {a.x + d.x * arrow, a.y + d.y * arrow};
  }
  if (head_arrow) {
    g.head_tip = b;
    end = {b.x - d.x * arrow, b.y - d.y * arrow};
  }
  g.points = StraightCubic(start, end);
  return g;
}

void OffsetPath(EdgeGeometry* edge, double offset) {
  std::vector<Point>& p = edge->points;
  if (p.size() < 4) return;
  if (edge->tail_tip) p.insert(p.begin(), {*edge->tail_tip, Lerp(*edge->tail_tip, p.front(), 1.0 / 3),
                                           Lerp(*edge->tail_tip, p.front(), 2.0 / 3)});
  if (edge->head_tip) AppendStraight(&p, *edge->head_tip);
  edge->tail_tip.reset();
  edge->head_tip.reset();
  std::vector<Point> moved(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    // Direction along the path here, from the neighbouring points that differ.
    size_t a = i, b = i;
    while (a > 0 && Distance(p[a], p[i]) < 1e-6) --a;
    while (b + 1 < p.size() && Distance(p[b], p[i]) < 1e-6) ++b;
    Point d = Unit(p[a], p[b]);
    moved[i] = {p[i].x - d.y * offset, p[i].y + d.x * offset};
  }
  p = std::move(moved);
}

void FitArrows(EdgeGeometry* edge, bool tail_arrow, bool head_arrow) {
  if (edge->points.size() < 4) return;
  if (edge->head_tip.has_value() != head_arrow)
    AtEnd(edge, true, [&](EdgeGeometry* e) { EndAtHead(e, head_arrow); });
  if (edge->tail_tip.has_value() != tail_arrow)
    AtEnd(edge, false, [&](EdgeGeometry* e) { EndAtHead(e, tail_arrow); });
}

void ClipAtFrame(EdgeGeometry* edge, const Rect& frame, bool at_head) {
  if (edge->points.size() < 4) return;
  AtEnd(edge, at_head, [&](EdgeGeometry* e) {
    bool arrow = e->head_tip.has_value();
    std::vector<Point> pts = e->points;
    if (arrow) AppendStraight(&pts, *e->head_tip);  // the arrow may be what crosses the frame
    CubicPath path(pts);
    std::optional<double> entry = path.LastChange([&](Point p) { return Contains(frame, p); });
    if (!entry) return;  // the head is outside the frame, or the whole path is inside it
    e->points = path.Before(*entry);
    e->head_tip.reset();
    EndAtHead(e, arrow);
  });
}

// -------------------------------------------------------------- planning

DotPlan::DotPlan(const GraphSpec& spec, Plan plan, std::set<int> reversed)
    : spec_(spec), plan_(plan), reversed_(std::move(reversed)) {
  dot_.settings = spec.settings;
  dot_.nodes = spec.nodes;
  dot_.clusters = spec.clusters;
  // Graphviz 2.42's orthogonal router asserts (maze.c chkSgraph) on ordinary
  // clustered graphs; until our own router lands, ortho is routed as splines.
  if (dot_.settings.splines == Splines::kOrtho) dot_.settings.splines = Splines::kSpline;
  if (plan == Plan::kSafe) {
    dot_.settings.splines = Splines::kNone;
    dot_.settings.effort = std::min(dot_.settings.effort, kSafeEffort);
  }
  // As dot does for labels: ranks are halved so a label node sits on a rank
  // of its own between its edge's ends.
  bool rank_labels = false;
  for (const EdgeSpec& e : spec.edges) rank_labels = rank_labels || (NeedsLabelNode(e) && e.minlen > 0);
  if (rank_labels) dot_.settings.ranksep /= 2;
  for (const EdgeSpec& e : spec.edges) AddEdge(e, rank_labels);
}

bool DotPlan::NeedsLabelNode(const EdgeSpec& e) const {
  int n = int(spec_.nodes.size());
  return plan_ == Plan::kFull && HasBox(e.label) && e.constraint && e.tail != e.head &&
         e.tail >= 0 && e.tail < n && e.head >= 0 && e.head < n;
}

int DotPlan::LabelCluster(const EdgeSpec& e) const {
  int count = int(spec_.clusters.size());
  auto valid = [&](int c) { return c >= 0 && c < count; };
  auto parent = [&](int c) { return valid(spec_.clusters[c].parent) ? spec_.clusters[c].parent : -1; };
  // An end clipped at a cluster is outside that cluster.
  auto where = [&](int node, int clipped) {
    return valid(clipped) ? parent(clipped) : spec_.nodes[node].cluster;
  };
  std::vector<int> tail_chain;
  for (int c = where(e.tail, e.ltail); valid(c) && int(tail_chain.size()) <= count; c = parent(c))
    tail_chain.push_back(c);
  int steps = 0;
  for (int c = where(e.head, e.lhead); valid(c) && steps <= count; c = parent(c), ++steps)
    if (std::find(tail_chain.begin(), tail_chain.end(), c) != tail_chain.end()) return c;
  return -1;
}

void DotPlan::AddEdge(const EdgeSpec& e, bool rank_labels) {
  Route route;
  EdgeSpec base = e;
  base.lhead = base.ltail = -1;  // clipped in MapBack
  if (plan_ == Plan::kSafe) {
    // Nothing is routed: only ranking edges matter, and none on one rank.
    if (!e.constraint) {
      routes_.push_back(route);
      return;
    }
    base.minlen = std::max(1, base.minlen);
    base.label = base.tail_label = base.head_label = Size{};
    base.tail_port.clear();
    base.head_port.clear();
  }
  if (!NeedsLabelNode(e) && AddCopy(e, &route)) {
    routes_.push_back(route);
    return;
  }
  if (!NeedsLabelNode(e)) {
    if (rank_labels) base.minlen *= 2;
    route.first = dot_.AddEdge(std::move(base));
    routes_.push_back(route);
    return;
  }
  bool ranked = e.minlen > 0;
  bool lr = spec_.settings.rankdir == RankDir::kLeftRight;
  Size l = e.label;
  NodeSpec node{{}, NodeShape::kBox, LabelCluster(e)};
  std::string in, out;
  if (ranked) {
    // As dot's own label nodes: the line passes through a thin cell beside
    // the label, entering and leaving on the rank axis.
    node.shape = NodeShape::kEdgeLabel;
    route.side = lr ? LabelSide::kAboveHorizontal : LabelSide::kRightOfVertical;
    node.size = lr ? Size{l.w, l.h + kLabelGapPt} : Size{l.w + kLabelGapPt, l.h};
    in = lr ? "p:w" : "p:n";
    out = lr ? "p:e" : "p:s";
  } else {
    // A same-rank edge runs through the middle of the rank, or, when its ends
    // are not neighbours, comes in over the rank (from above in TB, from the
    // left in LR): the label takes the other half. No ports: dot 2.42
    // mishandles same-rank edges with ports (arrows swapped, ends unclipped).
    route.side = lr ? LabelSide::kRightOfMiddle : LabelSide::kBelowMiddle;
    node.size = lr ? Size{2 * l.w + kLabelGapPt, l.h + 2 * kLabelGapPt}
                   : Size{l.w + 2 * kLabelGapPt, 2 * l.h + kLabelGapPt};
  }
  route.label_node = dot_.AddNode(node);
  route.reversed = reversed_.count(int(routes_.size())) > 0;
  // A reversed chain enters the label's cell from the head's side.
  if (route.reversed) std::swap(in, out);
  base.label = Size{};
  EdgeSpec to_label = base, from_label = base;
  to_label.head = route.label_node;
  to_label.head_port = in;
  to_label.head_arrow = false;
  // dot may put the label node anywhere between the ends' columns; a heavier
  // first half keeps it under (or beside) the tail, where the line can leave
  // the tail straight instead of sideways through a half-height rank gap.
  to_label.weight = 2 * std::max(1, e.weight);
  to_label.head_label = Size{};
  from_label.tail = route.label_node;
  from_label.tail_port = out;
  from_label.tail_arrow = false;
  from_label.tail_label = Size{};
  if (route.reversed) {
    ReverseEnds(&to_label);
    ReverseEnds(&from_label);
  }
  route.first = dot_.AddEdge(std::move(to_label));
  route.second = dot_.AddEdge(std::move(from_label));
  routes_.push_back(route);
}

// dot 2.42 asserts (class2.c merge_chain) or loops (mincross.c flat_rev) on
// multi-edges and two-way edges between clusters. dot gets one edge per pair
// of ends; the others are drawn beside it. Where they disagree, the ranked
// edge wins over the same-rank one (same-rank edges are the fragile kind).
bool DotPlan::AddCopy(const EdgeSpec& e, Route* route) {
  int n = int(spec_.nodes.size());
  if (e.tail == e.head || e.tail < 0 || e.tail >= n || e.head < 0 || e.head >= n) return false;
  auto forward = std::make_tuple(e.tail, e.tail_port, e.head, e.head_port);
  auto backward = std::make_tuple(e.head, e.head_port, e.tail, e.tail_port);
  auto it = multi_.find(forward);
  bool reversed = false;
  if (it == multi_.end()) {
    it = multi_.find(backward);
    reversed = true;
  }
  if (it == multi_.end()) {
    multi_[forward] = {int(routes_.size()), 0};
    return false;
  }
  auto& [original, copies] = it->second;
  route->copy_of = original;
  route->copy_reversed = reversed;
  route->copy_rank = ++copies;
  EdgeSpec& kept = dot_.edges[routes_[original].first];
  if (e.constraint && e.minlen > 0 && kept.minlen == 0) kept.minlen = e.minlen;
  kept.constraint = kept.constraint || e.constraint;
  return true;
}

// ------------------------------------------------------------ mapping back

Point DotPlan::LabelCenter(const Route& r, const NodeBox& box, Size l) const {
  Point c = box.center;
  double left = c.x - box.size.w / 2, top = c.y - box.size.h / 2;
  switch (r.side) {
    case LabelSide::kRightOfVertical:  // thin cell (1 pt), gap, label
      return {left + 1 + kLabelGapPt + l.w / 2, c.y};
    case LabelSide::kAboveHorizontal:  // label, gap, thin cell
      return {c.x, top + l.h / 2};
    case LabelSide::kBelowMiddle:
      return {c.x, c.y + kLabelGapPt / 2 + l.h / 2};
    case LabelSide::kRightOfMiddle:
      return {c.x + kLabelGapPt / 2 + l.w / 2, c.y};
    case LabelSide::kNone:
      break;
  }
  return c;
}

EdgeGeometry DotPlan::Routed(size_t i, const LayoutResult& dot, int* lost) const {
  const EdgeSpec& s = spec_.edges[i];
  const Route& route = routes_[i];
  const NodeBox &tail = dot.nodes[s.tail], &head = dot.nodes[s.head];
  if (route.copy_of >= 0) {
    EdgeGeometry g = Routed(size_t(route.copy_of), dot, lost);
    g.label.reset();
    // Copies alternate sides of the original: +1, -1, +2, -2 … gaps.
    int side = route.copy_rank % 2 ? 1 : -1;
    OffsetPath(&g, side * kMultiEdgeGapPt * ((route.copy_rank + 1) / 2));
    if (route.copy_reversed) g = Reversed(std::move(g));
    FitArrows(&g, s.tail_arrow, s.head_arrow);
    return g;
  }
  Rect tail_rect = BoxRect(tail), head_rect = BoxRect(head);
  // Each piece dot routed, tail to head, its arrows where they were asked.
  auto piece = [&](int k, const Rect& from, const Rect& to) {
    EdgeGeometry p = Oriented(dot.edges[k], from, to);
    const EdgeSpec& given = dot_.edges[k];
    if (route.reversed) FitArrows(&p, given.head_arrow, given.tail_arrow);
    else FitArrows(&p, given.tail_arrow, given.head_arrow);
    ClipIfInside(&p, from, false);
    ClipIfInside(&p, to, true);
    return p;
  };
  EdgeGeometry g;
  if (route.label_node >= 0) {
    Rect label_rect = BoxRect(dot.nodes[route.label_node]);
    EdgeGeometry in = piece(route.first, tail_rect, label_rect);
    EdgeGeometry out = piece(route.second, label_rect, head_rect);
    if (in.points.size() >= 4 && out.points.size() >= 4) {
      g = std::move(in);
      AppendStraight(&g.points, out.points.front());
      g.points.insert(g.points.end(), out.points.begin() + 1, out.points.end());
      g.head_tip = out.head_tip;
      g.head_label = out.head_label;
      g.label = LabelCenter(route, dot.nodes[route.label_node], s.label);
    }
  } else if (route.first >= 0) {
    g = piece(route.first, tail_rect, head_rect);
    FitArrows(&g, s.tail_arrow, s.head_arrow);  // an original may carry its copies' needs
  }
  if (g.points.size() < 4) {  // not routed (safe plan, or not asked), or dot lost the edge
    bool asked = dot_.settings.splines != Splines::kNone;
    if (plan_ == Plan::kFull && asked) ++*lost;
    if (!asked && route.label_node >= 0) return ThroughLabel(route, s, tail, head, dot.nodes[route.label_node]);
    EdgeGeometry straight = StraightEdge(tail, head, s.tail_arrow, s.head_arrow);
    straight.label = g.label;
    g = std::move(straight);
  }
  return g;
}

// Without dot's lines (the caller routes them itself), a labelled edge runs
// straight to its label node's thin cell, along it and on to the head, as dot's
// line would: whoever routes it later sees which side of the label it passes.
EdgeGeometry DotPlan::ThroughLabel(const Route& r, const EdgeSpec& s, const NodeBox& tail, const NodeBox& head,
                                   const NodeBox& label) const {
  Rect box = BoxRect(label);
  Point in = label.center, out = label.center;
  if (r.side == LabelSide::kRightOfVertical) {
    in = {box.x + 0.5, box.y};
    out = {box.x + 0.5, box.y + box.h};
  } else if (r.side == LabelSide::kAboveHorizontal) {
    in = {box.x, box.y + box.h - 0.5};
    out = {box.x + box.w, box.y + box.h - 0.5};
  }
  if (r.reversed) std::swap(in, out);
  EdgeGeometry g = StraightEdge(tail, NodeBox{in, {0, 0}}, s.tail_arrow, false);
  AppendStraight(&g.points, out);
  EdgeGeometry rest = StraightEdge(NodeBox{out, {0, 0}}, head, false, s.head_arrow);
  g.points.insert(g.points.end(), rest.points.begin() + 1, rest.points.end());
  g.head_tip = rest.head_tip;
  g.label = LabelCenter(r, label, s.label);
  return g;
}

EdgeGeometry DotPlan::EdgeFor(size_t i, const LayoutResult& dot, int* lost) const {
  const EdgeSpec& s = spec_.edges[i];
  EdgeGeometry g = Routed(i, dot, lost);
  if (s.lhead >= 0 && s.lhead < int(dot.clusters.size())) {
    ClipAtFrame(&g, dot.clusters[s.lhead].rect, true);
    g.head_label.reset();
  }
  if (s.ltail >= 0 && s.ltail < int(dot.clusters.size())) {
    ClipAtFrame(&g, dot.clusters[s.ltail].rect, false);
    g.tail_label.reset();
  }
  if (HasBox(s.label) && !g.label) g.label = BesidePath(g.points, s.label);
  if (HasBox(s.tail_label) && !g.tail_label) g.tail_label = NearEnd(g, false, s.tail_label);
  if (HasBox(s.head_label) && !g.head_label) g.head_label = NearEnd(g, true, s.head_label);
  return g;
}

std::set<int> DotPlan::BackwardLabels(const LayoutResult& dot) const {
  std::set<int> backward;
  RankDir dir = spec_.settings.rankdir;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    bool ranked = r.side == LabelSide::kRightOfVertical || r.side == LabelSide::kAboveHorizontal;
    if (r.label_node < 0 || !ranked || r.label_node >= int(dot.nodes.size())) continue;
    const EdgeSpec& e = spec_.edges[i];
    double tail = RankCoordinate(dot.nodes[e.tail], dir), head = RankCoordinate(dot.nodes[e.head], dir);
    double label = RankCoordinate(dot.nodes[r.label_node], dir);
    bool between = (label - tail) * (head - label) > 0;
    if (!between && tail != head) backward.insert(int(i));
  }
  return backward;
}

LayoutResult DotPlan::MapBack(const LayoutResult& dot) const {
  LayoutResult r;
  r.size = dot.size;
  r.clusters = dot.clusters;
  r.warnings = dot.warnings;
  size_t n = std::min(spec_.nodes.size(), dot.nodes.size());
  r.nodes.assign(dot.nodes.begin(), dot.nodes.begin() + n);
  int lost = 0;
  for (size_t i = 0; i < spec_.edges.size(); ++i) r.edges.push_back(EdgeFor(i, dot, &lost));
  if (lost > 0)
    r.warnings.push_back("could not route " + std::to_string(lost) + (lost == 1 ? " edge" : " edges") +
                         " around the boxes; drawn straight");
  return r;
}

}  // namespace dg::layout::gv
