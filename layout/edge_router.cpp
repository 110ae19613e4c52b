// From a Graphviz layout to a routing problem and back: nodes, cluster
// titles and reserved labels become obstacles, each drawn edge a request
// whose ends are its nodes' boxes (or a cluster's frame for lhead/ltail),
// and each route becomes the edge's geometry in Graphviz's own form.
#include "layout/edge_router.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "layout/edge_draw.hpp"

namespace dg::layout {
namespace {

constexpr double kLabelClearancePt = 3;  // an edge label sits this close to its own line
constexpr double kTitleClearancePt = 4;  // around a cluster's title
constexpr double kEndLabelGapPt = 3;     // between an end label and its line
constexpr double kEndLabelStepPt = 10;   // between the spots tried along an end
constexpr double kPullClearancePt = 4;   // polyline: straight cuts keep this far from boxes
constexpr double kEndSlackPt = 4;        // a spline end this far off its border is broken
constexpr double kRoundSlack = 0.15;     // round shapes: extra depth allowed, share of the size
constexpr double kCornerRadiusPt = 10;   // a repaired spline's corners are rounded this much
constexpr double kSampleStepPt = 6;      // splines are checked as chords about this long
constexpr int kMaxSamplesPerCubic = 64;

Rect Around(Point c, gv::Size s) { return {c.x - s.w / 2, c.y - s.h / 2, s.w, s.h, 0}; }
bool HasArea(const Rect& r) { return r.w > 0 && r.h > 0; }
Rect Inflate(const Rect& r, double d) { return {r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d, 0}; }

double DistanceToSegment(Point p, Point a, Point b) {
  double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
  return std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

double DistanceToPolyline(Point p, const std::vector<Point>& line) {
  double best = 1e18;
  for (size_t k = 0; k + 1 < line.size(); ++k) best = std::min(best, DistanceToSegment(p, line[k], line[k + 1]));
  if (line.size() == 1) best = std::hypot(p.x - line[0].x, p.y - line[0].y);
  return best;
}

/// Liang-Barsky: does segment a-b pass through r's interior?
bool SegmentHitsRect(Point a, Point b, const Rect& r) {
  if (std::max(a.x, b.x) <= r.x || std::min(a.x, b.x) >= r.x + r.w || std::max(a.y, b.y) <= r.y ||
      std::min(a.y, b.y) >= r.y + r.h)
    return false;
  double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
  const double p[] = {-dx, dx, -dy, dy};
  const double q[] = {a.x - r.x, r.x + r.w - a.x, a.y - r.y, r.y + r.h - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] <= 0) return false;
      continue;
    }
    double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 >= t1) return false;
  }
  return t1 - t0 > 1e-9;
}

bool RectsOverlap(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

Point Toward(Point from, Point to, double dist) {
  double dx = to.x - from.x, dy = to.y - from.y, len = std::hypot(dx, dy);
  if (len < 1e-9) return from;
  double k = std::min(dist, len) / len;
  return {from.x + dx * k, from.y + dy * k};
}

void AddStraight(std::vector<Point>* out, Point b) {
  Point a = out->back();
  out->push_back({a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3});
  out->push_back({a.x + 2 * (b.x - a.x) / 3, a.y + 2 * (b.y - a.y) / 3});
  out->push_back(b);
}

/// The polyline as Graphviz stores splines (3k+1 points): straight cubics,
/// and with radius > 0 a quarter-round cubic at each corner.
std::vector<Point> AsCubics(const std::vector<Point>& line, double radius) {
  constexpr double kArc = 0.5523;  // cubic control distance of a quarter circle, per radius
  std::vector<Point> out{line.front()};
  for (size_t k = 1; k + 1 < line.size(); ++k) {
    Point a = line[k - 1], c = line[k], b = line[k + 1];
    double r = std::min({radius, std::hypot(c.x - a.x, c.y - a.y) / 2, std::hypot(b.x - c.x, b.y - c.y) / 2});
    Point in = Toward(c, a, r), out_pt = Toward(c, b, r);
    AddStraight(&out, in);
    if (r <= 0) continue;
    out.push_back({in.x + (c.x - in.x) * kArc, in.y + (c.y - in.y) * kArc});
    out.push_back({out_pt.x + (c.x - out_pt.x) * kArc, out_pt.y + (c.y - out_pt.y) * kArc});
    out.push_back(out_pt);
  }
  AddStraight(&out, line.back());
  return out;
}

/// The edge as drawn, flattened: tips and sampled cubics.
std::vector<Point> Flatten(const gv::EdgeGeometry& g) {
  std::vector<Point> out;
  if (g.tail_tip) out.push_back(*g.tail_tip);
  for (size_t k = 0; k + 3 < g.points.size(); k += 3) {
    const Point* p = &g.points[k];
    double hull = std::hypot(p[1].x - p[0].x, p[1].y - p[0].y) + std::hypot(p[2].x - p[1].x, p[2].y - p[1].y) +
                  std::hypot(p[3].x - p[2].x, p[3].y - p[2].y);
    int n = std::clamp(int(hull / kSampleStepPt), 2, kMaxSamplesPerCubic);
    for (int s = k == 0 ? 0 : 1; s <= n; ++s) {
      double t = double(s) / n, u = 1 - t;
      double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
      out.push_back({a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
                     a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y});
    }
  }
  if (g.head_tip) out.push_back(*g.head_tip);
  return out;
}

Rect Bounds(std::initializer_list<Point> pts) {
  double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
  for (const Point& p : pts) {
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  return {x0, y0, x1 - x0, y1 - y0, 0};
}

/// Boxes bucketed on a coarse grid, so a segment is tested only against the
/// boxes near it (checking every spline of a 500-node diagram against every
/// node one by one cost a tenth of the layout).
class BoxIndex {
 public:
  static constexpr double kCellPt = 128;

  void Add(int id, const Rect& r) {
    Cells(r, [&](int64_t c) { cells_[c].push_back(id); });
  }
  /// Calls f(id) for every box in a cell that r touches (some more than once).
  template <typename F>
  bool Any(const Rect& r, F f) const {
    bool hit = false;
    Cells(r, [&](int64_t c) {
      auto it = cells_.find(c);
      if (hit || it == cells_.end()) return;
      for (int id : it->second)
        if (f(id)) hit = true;
    });
    return hit;
  }

 private:
  template <typename F>
  static void Cells(const Rect& r, F f) {
    auto cell = [](double v) { return int64_t(std::floor(v / kCellPt)); };
    for (int64_t y = cell(r.y); y <= cell(r.y + r.h); ++y)
      for (int64_t x = cell(r.x); x <= cell(r.x + r.w); ++x) f(y * 1000003 + x);
  }
  std::unordered_map<int64_t, std::vector<int>> cells_;
};

class EdgeRouter {
 public:
  EdgeRouter(const gv::GraphSpec& spec, const OwnLines& lines, gv::LayoutResult* result)
      : spec_(spec), in_(lines), type_(lines.type), result_(*result) {}

  void Run() {
    if (type_ == LineType::kSpline) SlideTitles();
    AddNodes();
    for (const Rect& r : in_.keep_clear) problem_.obstacles.push_back({r, kLabelClearancePt});
    AddClusters();
    solid_obstacles_ = problem_.obstacles.size();  // labels come next
    for (size_t o = 0; o < solid_obstacles_; ++o) index_.Add(int(o), problem_.obstacles[o].box);
    AddEdges();
    if (problem_.edges.empty()) {
      if (type_ == LineType::kSpline) ClearSplineEndLabels();
      return;
    }
    std::vector<route::Route> routes = route::RouteOrthogonal(problem_);
    for (size_t r = 0; r < routes.size(); ++r) {
      if (type_ == LineType::kPolyline) routes[r].points = PullTight(r, routes[r].points);
      lines_.push_back(routes[r].points);
    }
    for (size_t r = 0; r < routes.size(); ++r) WriteBack(r);
    if (type_ == LineType::kSpline) ClearSplineEndLabels();
    FitCanvas();
  }

 private:
  const EdgeRouting& Routing(size_t edge) const {
    static const EdgeRouting kDefault;
    return edge < in_.edges.size() ? in_.edges[edge] : kDefault;
  }

  const NodeOutline& Outline(size_t node) const {
    static const NodeOutline kDefault;
    return node < in_.nodes.size() ? in_.nodes[node] : kDefault;
  }

  /// Each node is an obstacle; an icon node is two: its icon and its label.
  void AddNodes() {
    for (size_t i = 0; i < spec_.nodes.size(); ++i) {
      obstacle_of_node_.push_back(-1);
      if (spec_.nodes[i].shape == gv::NodeShape::kPoint) continue;  // a cluster's anchor
      obstacle_of_node_.back() = int(problem_.obstacles.size());
      problem_.obstacles.push_back({Shape(int(i)), -1});
      const NodeOutline& o = Outline(i);
      if (o.attach && o.label && HasArea(*o.label)) problem_.obstacles.push_back({*o.label, kLabelClearancePt});
    }
  }

  Rect NodeBox(int n) const { return Around(result_.nodes[n].center, result_.nodes[n].size); }
  /// What edges of node n end on.
  Rect Shape(int n) const { return Outline(n).attach.value_or(NodeBox(n)); }

  /// Moves each title that dot's lines cross to the place along its frame's
  /// top (where it is, left, right, middle) that the fewest lines and edge
  /// labels cross: a title off to one side beats a line squared round it.
  void SlideTitles() {
    std::vector<std::vector<Point>> lines;
    std::vector<Rect> labels;
    for (size_t k = 0; k < spec_.edges.size() && k < result_.edges.size(); ++k) {
      if (!Routing(k).drawn) continue;
      const gv::EdgeGeometry& g = result_.edges[k];
      lines.push_back(Flatten(g));
      if (g.label) labels.push_back(Around(*g.label, spec_.edges[k].label));
    }
    auto crossings = [&](const Rect& title) {
      Rect inner = Inflate(title, -2);
      int n = 0;
      for (const std::vector<Point>& l : lines)
        for (size_t k = 0; k + 1 < l.size(); ++k)
          if (SegmentHitsRect(l[k], l[k + 1], inner)) {
            ++n;
            break;
          }
      for (const Rect& r : labels) n += RectsOverlap(inner, r);
      return n;
    };
    for (size_t c = 0; c < result_.clusters.size() && c < in_.sliding_titles.size(); ++c) {
      Rect& title = result_.clusters[c].label;
      const Rect& frame = result_.clusters[c].rect;
      if (!in_.sliding_titles[c] || !HasArea(title) || title.w > frame.w) continue;
      double inset = spec_.clusters[c].margin;
      int best = crossings(title);
      for (double x : {frame.x + inset, frame.x + frame.w - inset - title.w, frame.x + (frame.w - title.w) / 2}) {
        if (best == 0) break;
        Rect moved = title;
        moved.x = x;
        int n = crossings(moved);
        if (n < best) title = moved, best = n;
      }
    }
  }

  void AddClusters() {
    for (size_t c = 0; c < spec_.clusters.size() && c < result_.clusters.size(); ++c) {
      problem_.clusters.push_back({result_.clusters[c].rect, spec_.clusters[c].parent});
      const Rect& title = result_.clusters[c].label;
      if (HasArea(title)) problem_.obstacles.push_back({title, kTitleClearancePt});
    }
  }

  route::End MakeEnd(int node, int cluster_end, const std::vector<route::Port>& ports) const {
    route::End e;
    if (cluster_end >= 0 && cluster_end < int(result_.clusters.size())) {
      e.box = result_.clusters[cluster_end].rect;
      e.cluster = spec_.clusters[cluster_end].parent;
      return e;
    }
    const gv::NodeSpec& n = spec_.nodes[node];
    e.box = Shape(node);
    e.ports = ports;
    e.centred = n.shape == gv::NodeShape::kEllipse || n.shape == gv::NodeShape::kCircle ||
                n.shape == gv::NodeShape::kPoint || Outline(node).round;
    e.obstacle = obstacle_of_node_[node];
    e.cluster = n.cluster;
    return e;
  }

  /// Beside the side of the label box that dot's own line passes closest.
  route::Via ViaBeside(const Rect& label, const std::vector<Point>& dot_line) const {
    const Point mids[] = {{label.x, label.y + label.h / 2},
                          {label.x + label.w, label.y + label.h / 2},
                          {label.x + label.w / 2, label.y},
                          {label.x + label.w / 2, label.y + label.h}};
    const Point out[] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    int best = 0;
    double best_d = 1e18;
    for (int s = 0; s < 4; ++s) {
      double d = dot_line.empty() ? s : DistanceToPolyline(mids[s], dot_line);
      if (d < best_d) best = s, best_d = d;
    }
    Point at{mids[best].x + out[best].x * kLabelClearancePt, mids[best].y + out[best].y * kLabelClearancePt};
    return {at, best < 2};
  }

  void AddEdges() {
    for (size_t k = 0; k < spec_.edges.size() && k < result_.edges.size(); ++k) {
      const EdgeRouting& how = Routing(k);
      if (!how.drawn) continue;
      const gv::EdgeSpec& s = spec_.edges[k];
      route::EdgeRequest req;
      req.tail = MakeEnd(s.tail, s.ltail, how.tail_ports);
      req.head = MakeEnd(s.head, s.lhead, how.head_ports);
      const gv::EdgeGeometry& dot = result_.edges[k];
      if (dot.label && s.label.w > 0 && s.label.h > 0) {
        Rect label = Around(*dot.label, {std::ceil(s.label.w), std::ceil(s.label.h)});
        problem_.obstacles.push_back({label, kLabelClearancePt});
        req.via = ViaBeside(label, dot.points);
      }
      // Splines are Graphviz's own unless broken; only those are rerouted.
      if (type_ == LineType::kSpline) {
        gv::EdgeGeometry mended = dot;
        if (Reach(s.tail_arrow, req.tail, false, &mended) && Reach(s.head_arrow, req.head, true, &mended) &&
            !Broken(mended, req)) {
          result_.edges[k] = mended;
          continue;
        }
      }
      edge_of_request_.push_back(int(k));
      problem_.edges.push_back(req);
    }
  }

  /// A spline that stops short of an end, runs deep into one, or crosses
  /// another node or a cluster's title (dot does all three on big graphs).
  bool Broken(const gv::EdgeGeometry& g, const route::EdgeRequest& req) const {
    std::vector<Point> line = Flatten(g);
    if (line.size() < 2) return true;
    if (Off(req.tail, line.front()) || Off(req.head, line.back())) return true;
    if (Inside(req.tail, line) || Inside(req.head, line)) return true;
    for (size_t k = 0; k + 1 < line.size(); ++k) {
      Point a = line[k], b = line[k + 1];
      bool hit = index_.Any(Bounds({a, b}), [&](int o) {
        if (o == req.tail.obstacle || o == req.head.obstacle) return false;
        return SegmentHitsRect(a, b, Inflate(problem_.obstacles[o].box, -2));
      });
      if (hit) return true;
    }
    return false;
  }

  /// Where a line coming from `from` meets the end's outline.
  static Point OutlinePoint(const route::End& e, Point from) {
    Point c{e.box.x + e.box.w / 2, e.box.y + e.box.h / 2};
    double dx = from.x - c.x, dy = from.y - c.y, len = std::hypot(dx, dy);
    if (len < 1e-9) return c;
    if (e.centred) return {c.x + dx / len * e.box.w / 2, c.y + dy / len * e.box.h / 2};
    double t = std::min(std::abs(dx) > 1e-9 ? e.box.w / 2 / std::abs(dx) : 1e18,
                        std::abs(dy) > 1e-9 ? e.box.h / 2 / std::abs(dy) : 1e18);
    return {c.x + dx * std::min(t, 1.0), c.y + dy * std::min(t, 1.0)};
  }

  /// Graphviz ends edges on the box it was given; an icon node's outline is
  /// inside it. Continues such an end straight to the outline when that
  /// piece crosses nothing (the end's own label included); false if not.
  bool Reach(bool arrow, const route::End& e, bool head, gv::EdgeGeometry* g) const {
    std::optional<Point>& tip = head ? g->head_tip : g->tail_tip;
    if (g->points.size() < 4) return false;
    Point end = tip ? *tip : head ? g->points.back() : g->points.front();
    if (!Off(e, end)) return true;
    Point to = OutlinePoint(e, end);
    for (size_t o = 0; o < solid_obstacles_; ++o)
      if (int(o) != e.obstacle && SegmentHitsRect(end, to, Inflate(problem_.obstacles[o].box, -1))) return false;
    std::vector<Point>& p = g->points;
    Point base = arrow ? Toward(to, end, kArrowLengthPt) : to;
    Point from = head ? p.back() : p.front();
    std::vector<Point> piece{from, {from.x + (base.x - from.x) / 3, from.y + (base.y - from.y) / 3},
                             {from.x + 2 * (base.x - from.x) / 3, from.y + 2 * (base.y - from.y) / 3}, base};
    if (head) {
      p.insert(p.end(), piece.begin() + 1, piece.end());
    } else {
      std::reverse(piece.begin(), piece.end());
      p.insert(p.begin(), piece.begin(), piece.end() - 1);
    }
    if (arrow) tip = to;
    return true;
  }

  static bool Off(const route::End& e, Point p) {
    double dx = std::max({e.box.x - p.x, 0.0, p.x - e.box.x - e.box.w});
    double dy = std::max({e.box.y - p.y, 0.0, p.y - e.box.y - e.box.h});
    return std::hypot(dx, dy) > kEndSlackPt;
  }

  /// Does the line run deeper into the end's box than an arrowhead's width?
  static bool Inside(const route::End& e, const std::vector<Point>& line) {
    double slack = kEndSlackPt + (e.centred ? kRoundSlack * std::min(e.box.w, e.box.h) : 0);
    Rect deep = Inflate(e.box, -slack);
    if (deep.w <= 0 || deep.h <= 0) return false;
    for (size_t k = 0; k + 1 < line.size(); ++k)
      if (SegmentHitsRect(line[k], line[k + 1], deep)) return true;
    return false;
  }

  /// Polyline: keeps the two end stubs and joins them with the fewest
  /// straight cuts that clear every box (own ends included).
  std::vector<Point> PullTight(size_t r, const std::vector<Point>& line) const {
    if (line.size() <= 4) return line;
    std::vector<Rect> boxes;
    for (const route::Obstacle& o : problem_.obstacles) boxes.push_back(Inflate(o.box, kPullClearancePt));
    const route::EdgeRequest& req = problem_.edges[r];
    for (const Rect& b : {req.tail.box, req.head.box}) boxes.push_back(Inflate(b, kPullClearancePt));
    auto clear = [&](Point a, Point b) {
      return std::none_of(boxes.begin(), boxes.end(), [&](const Rect& x) { return SegmentHitsRect(a, b, x); });
    };
    std::vector<Point> out{line[0], line[1]};
    size_t at = 1, last = line.size() - 2;
    while (at < last) {
      size_t next = at + 1;
      for (size_t j = last; j > at + 1; --j) {
        if (clear(line[at], line[j])) {
          next = j;
          break;
        }
      }
      out.push_back(line[next]);
      at = next;
    }
    out.push_back(line.back());
    return out;
  }

  /// Routes may run outside the box Graphviz drew in (round a table at the
  /// edge of the drawing): grows the canvas, moving everything right or
  /// down when a route runs off the top or left.
  void FitCanvas() {
    double m = spec_.settings.margin, x0 = m, y0 = m;
    double x1 = result_.size.w - m, y1 = result_.size.h - m;
    auto cover = [&](Point p, gv::Size s) {
      x0 = std::min(x0, p.x - s.w / 2), y0 = std::min(y0, p.y - s.h / 2);
      x1 = std::max(x1, p.x + s.w / 2), y1 = std::max(y1, p.y + s.h / 2);
    };
    for (int k : edge_of_request_) {
      const gv::EdgeGeometry& g = result_.edges[k];
      const gv::EdgeSpec& s = spec_.edges[k];
      for (const Point& p : g.points) cover(p, {});
      if (g.label) cover(*g.label, s.label);
      if (g.tail_label) cover(*g.tail_label, s.tail_label);
      if (g.head_label) cover(*g.head_label, s.head_label);
    }
    double dx = m - x0, dy = m - y0;
    result_.size.w = x1 - x0 + 2 * m;
    result_.size.h = y1 - y0 + 2 * m;
    if (dx != 0 || dy != 0) Shift(dx, dy);
  }

  void Shift(double dx, double dy) {
    auto move = [&](Point& p) { p.x += dx, p.y += dy; };
    auto move_opt = [&](std::optional<Point>& p) {
      if (p) move(*p);
    };
    for (gv::NodeBox& n : result_.nodes) move(n.center);
    for (gv::ClusterBox& c : result_.clusters) {
      c.rect.x += dx, c.rect.y += dy, c.label.x += dx, c.label.y += dy;
    }
    for (gv::EdgeGeometry& g : result_.edges) {
      for (Point& p : g.points) move(p);
      move_opt(g.tail_tip), move_opt(g.head_tip), move_opt(g.label), move_opt(g.tail_label),
          move_opt(g.head_label);
    }
  }

  /// Where an end label may go: beside the line's end `a` (heading to
  /// `b`), on either side, at `steps` distances along it.
  static std::vector<Point> EndLabelSpots(Point a, Point b, gv::Size size, int steps) {
    double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len < 1e-9) return {};
    Point u{(b.x - a.x) / len, (b.y - a.y) / len}, n{-u.y, u.x};
    double along_half = std::abs(u.x) * size.w / 2 + std::abs(u.y) * size.h / 2;
    double across_half = std::abs(n.x) * size.w / 2 + std::abs(n.y) * size.h / 2;
    std::vector<Point> spots;
    for (int i = 0; i < steps; ++i) {
      double along = along_half + 2 + i * kEndLabelStepPt;
      for (double side : {1.0, -1.0}) {
        double off = side * (across_half + kEndLabelGapPt);
        spots.push_back({a.x + u.x * along + n.x * off, a.y + u.y * along + n.y * off});
      }
    }
    return spots;
  }

  /// Where an end label goes: beside the end's first segment, on the side
  /// that overlaps the fewest boxes and lines.
  std::optional<Point> PlaceEndLabel(size_t r, bool head, gv::Size size) {
    const std::vector<Point>& line = lines_[r];
    if (size.w <= 0 || size.h <= 0 || line.size() < 2) return std::nullopt;
    Point a = head ? line.back() : line.front(), b = head ? line[line.size() - 2] : line[1];
    std::optional<Point> best;
    int best_score = 1 << 30;
    for (Point c : EndLabelSpots(a, b, size, 2)) {
      int score = Overlaps(Around(c, size), r);
      if (score < best_score) best = c, best_score = score;
    }
    if (best) placed_.push_back(Around(*best, size));
    return best;
  }

  /// With splines, dot places the end labels of edges between nodes, and
  /// graphviz_plan.cpp those of edges to a cluster's frame, each blind to
  /// the others: two ends at one package drew their labels on top of each
  /// other (dirofi-81). A label that overlaps a box, another label or a
  /// line moves to the spot beside its end that overlaps least.
  void ClearSplineEndLabels() {
    size_t n = std::min(spec_.edges.size(), result_.edges.size());
    auto has_end_label = [](const gv::EdgeGeometry& g) { return g.tail_label || g.head_label; };
    if (std::none_of(result_.edges.begin(), result_.edges.begin() + n, has_end_label)) return;
    std::vector<bool> rerouted(n, false);  // their labels were placed with the route
    for (int k : edge_of_request_) rerouted[k] = true;
    std::vector<std::vector<Point>> lines(n);
    std::vector<Rect> labels;
    for (size_t k = 0; k < n; ++k) {
      if (!Routing(k).drawn) continue;
      const gv::EdgeGeometry& g = result_.edges[k];
      const gv::EdgeSpec& s = spec_.edges[k];
      lines[k] = Flatten(g);
      if (g.label) labels.push_back(Around(*g.label, s.label));
      if (g.tail_label) labels.push_back(Around(*g.tail_label, s.tail_label));
      if (g.head_label) labels.push_back(Around(*g.head_label, s.head_label));
    }
    for (size_t k = 0; k < n; ++k) {
      if (!Routing(k).drawn || rerouted[k] || lines[k].size() < 2) continue;
      for (bool head : {false, true}) {
        std::optional<Point>& at = head ? result_.edges[k].head_label : result_.edges[k].tail_label;
        gv::Size size = head ? spec_.edges[k].head_label : spec_.edges[k].tail_label;
        if (at) MoveEndLabel(lines, k, head, size, &labels, &*at);
      }
    }
  }

  void MoveEndLabel(const std::vector<std::vector<Point>>& lines, size_t k, bool head, gv::Size size,
                    std::vector<Rect>* labels, Point* at) const {
    Rect now = Around(*at, size);
    auto self = std::find_if(labels->begin(), labels->end(), [&](const Rect& r) {
      return r.x == now.x && r.y == now.y && r.w == now.w && r.h == now.h;
    });
    if (self != labels->end()) labels->erase(self);
    int best = Clutter(now, lines, *labels);
    const std::vector<Point>& line = lines[k];
    Point a = head ? line.back() : line.front();
    Point b = AlongFrom(line, head, kEndLabelStepPt);
    for (Point c : best > 0 ? EndLabelSpots(a, b, size, 3) : std::vector<Point>{}) {
      int score = Clutter(Around(c, size), lines, *labels);
      if (score < best) *at = c, best = score;
    }
    labels->push_back(Around(*at, size));
  }

  /// The first point of `line` at least `dist` from its end (head or tail).
  static Point AlongFrom(const std::vector<Point>& line, bool head, double dist) {
    Point a = head ? line.back() : line.front();
    for (size_t i = 1; i < line.size(); ++i) {
      Point p = head ? line[line.size() - 1 - i] : line[i];
      if (std::hypot(p.x - a.x, p.y - a.y) >= dist) return p;
    }
    return head ? line.front() : line.back();
  }

  /// How badly a label box at `box` sits: a box (node, title) it overlaps
  /// hides it and counts 8, another label 3, each line through it 1.
  int Clutter(const Rect& box, const std::vector<std::vector<Point>>& lines,
              const std::vector<Rect>& labels) const {
    Rect inner = Inflate(box, -1);
    int n = 0;
    for (size_t o = 0; o < solid_obstacles_; ++o) n += RectsOverlap(inner, problem_.obstacles[o].box) ? 8 : 0;
    for (const Rect& r : labels) n += RectsOverlap(inner, r) ? 3 : 0;
    for (const std::vector<Point>& l : lines) {
      for (size_t i = 0; i + 1 < l.size(); ++i) {
        if (SegmentHitsRect(l[i], l[i + 1], inner)) {
          ++n;
          break;
        }
      }
    }
    return n;
  }

  int Overlaps(const Rect& box, size_t own) const {
    int n = 0;
    for (const route::Obstacle& o : problem_.obstacles) n += RectsOverlap(box, o.box) ? 2 : 0;
    for (const Rect& p : placed_) n += RectsOverlap(box, p) ? 2 : 0;
    for (size_t r = 0; r < lines_.size(); ++r) {
      const std::vector<Point>& l = lines_[r];
      for (size_t k = 0; k + 1 < l.size(); ++k) n += (r != own && SegmentHitsRect(l[k], l[k + 1], box));
    }
    return n;
  }

  void WriteBack(size_t r) {
    const std::vector<Point>& line = lines_[r];
    if (line.size() < 2) return;
    int k = edge_of_request_[r];
    const gv::EdgeSpec& s = spec_.edges[k];
    gv::EdgeGeometry& geo = result_.edges[k];
    std::optional<Point> label = geo.label;
    double corners = type_ == LineType::kSpline ? kCornerRadiusPt : 0;
    geo = LineGeometry(line, s.tail_arrow, s.head_arrow, corners);
    geo.label = label;
    geo.tail_label = PlaceEndLabel(r, false, s.tail_label);
    geo.head_label = PlaceEndLabel(r, true, s.head_label);
  }

  const gv::GraphSpec& spec_;
  const OwnLines& in_;
  LineType type_;
  gv::LayoutResult& result_;
  route::Problem problem_;
  std::vector<int> obstacle_of_node_;  ///< per spec node, -1 = not an obstacle
  std::vector<int> edge_of_request_;   ///< per request, its spec edge
  std::vector<std::vector<Point>> lines_;  ///< per request, the final line
  std::vector<Rect> placed_;           ///< end labels placed so far
  size_t solid_obstacles_ = 0;         ///< obstacles before this index are not labels
  BoxIndex index_;                     ///< the solid obstacles
};

bool OnChord(Point p0, Point c, Point p3, double t) {
  Point on{p0.x + (p3.x - p0.x) * t, p0.y + (p3.y - p0.y) * t};
  return std::abs(c.x - on.x) < 1e-3 && std::abs(c.y - on.y) < 1e-3;
}

}  // namespace

gv::EdgeGeometry LineGeometry(const std::vector<Point>& line, bool tail_arrow, bool head_arrow,
                              double corner_radius) {
  gv::EdgeGeometry geo;
  if (line.size() < 2) return geo;
  std::vector<Point> body = line;
  if (tail_arrow) {
    geo.tail_tip = line.front();
    body.front() = Toward(line.front(), line[1], kArrowLengthPt);
  }
  if (head_arrow) {
    geo.head_tip = line.back();
    body.back() = Toward(line.back(), line[line.size() - 2], kArrowLengthPt);
  }
  geo.points = AsCubics(body, corner_radius);
  return geo;
}

LineType ToLineType(const std::string& v) {
  if (v == "ortho") return LineType::kOrtho;
  if (v == "polyline") return LineType::kPolyline;
  return LineType::kSpline;
}

void RouteEdges(const gv::GraphSpec& spec, const OwnLines& lines, gv::LayoutResult* result) {
  EdgeRouter(spec, lines, result).Run();
}

void AppendCubic(Path* path, Point p0, Point c1, Point c2, Point p3) {
  if (OnChord(p0, c1, p3, 1.0 / 3) && OnChord(p0, c2, p3, 2.0 / 3)) return path->LineTo(p3);
  path->CubicTo(c1, c2, p3);
}

}  // namespace dg::layout
