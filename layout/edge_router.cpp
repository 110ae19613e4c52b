// From a Graphviz layout to a routing problem and back: nodes, cluster
// titles and reserved labels become obstacles, each drawn edge a request
// whose ends are its nodes' boxes (or a cluster's frame for lhead/ltail),
// and each route becomes the edge's geometry in Graphviz's own form.
#include "layout/edge_router.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "layout/edge_draw.hpp"

namespace dg::layout {
namespace {

constexpr double kLabelClearancePt = 3;  // an edge label sits this close to its own line
constexpr double kTitleClearancePt = 4;  // around a cluster's title
constexpr double kEndLabelGapPt = 3;     // between an end label and its line
constexpr double kPullClearancePt = 4;   // polyline: straight cuts keep this far from boxes

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

/// The polyline as Graphviz stores splines: 3k+1 points, straight cubics.
std::vector<Point> AsCubics(const std::vector<Point>& line) {
  std::vector<Point> out{line.front()};
  for (size_t k = 0; k + 1 < line.size(); ++k) {
    Point a = line[k], b = line[k + 1];
    out.push_back({a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3});
    out.push_back({a.x + 2 * (b.x - a.x) / 3, a.y + 2 * (b.y - a.y) / 3});
    out.push_back(b);
  }
  return out;
}

Point Toward(Point from, Point to, double dist) {
  double dx = to.x - from.x, dy = to.y - from.y, len = std::hypot(dx, dy);
  if (len < 1e-9) return from;
  double k = std::min(dist, len) / len;
  return {from.x + dx * k, from.y + dy * k};
}

class EdgeRouter {
 public:
  EdgeRouter(const gv::GraphSpec& spec, const std::vector<EdgeRouting>& routing, LineType type,
             gv::LayoutResult* result)
      : spec_(spec), routing_(routing), type_(type), result_(*result) {}

  void Run(const std::vector<Rect>& keep_clear) {
    AddNodes();
    for (const Rect& r : keep_clear) problem_.obstacles.push_back({r, kLabelClearancePt});
    AddClusters();
    AddEdges();
    std::vector<route::Route> routes = route::RouteOrthogonal(problem_);
    for (size_t r = 0; r < routes.size(); ++r) {
      if (type_ == LineType::kPolyline) routes[r].points = PullTight(r, routes[r].points);
      lines_.push_back(routes[r].points);
    }
    for (size_t r = 0; r < routes.size(); ++r) WriteBack(r);
  }

 private:
  const EdgeRouting& Routing(size_t edge) const {
    static const EdgeRouting kDefault;
    return edge < routing_.size() ? routing_[edge] : kDefault;
  }

  void AddNodes() {
    for (size_t i = 0; i < spec_.nodes.size(); ++i) {
      obstacle_of_node_.push_back(-1);
      if (spec_.nodes[i].shape == gv::NodeShape::kPoint) continue;  // a cluster's anchor
      obstacle_of_node_.back() = int(problem_.obstacles.size());
      problem_.obstacles.push_back({NodeBox(int(i)), -1});
    }
  }

  Rect NodeBox(int n) const { return Around(result_.nodes[n].center, result_.nodes[n].size); }

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
    e.box = NodeBox(node);
    e.ports = ports;
    e.centred = n.shape == gv::NodeShape::kEllipse || n.shape == gv::NodeShape::kCircle ||
                n.shape == gv::NodeShape::kPoint;
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
      edge_of_request_.push_back(int(k));
      problem_.edges.push_back(req);
    }
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

  /// Where an end label goes: beside the end's first segment, on the side
  /// that overlaps the fewest boxes and lines.
  std::optional<Point> PlaceEndLabel(size_t r, bool head, gv::Size size) {
    const std::vector<Point>& line = lines_[r];
    if (size.w <= 0 || size.h <= 0 || line.size() < 2) return std::nullopt;
    Point a = head ? line.back() : line.front(), b = head ? line[line.size() - 2] : line[1];
    double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len < 1e-9) return std::nullopt;
    Point u{(b.x - a.x) / len, (b.y - a.y) / len}, n{-u.y, u.x};
    double along_half = std::abs(u.x) * size.w / 2 + std::abs(u.y) * size.h / 2;
    double across_half = std::abs(n.x) * size.w / 2 + std::abs(n.y) * size.h / 2;
    std::optional<Point> best;
    int best_score = 1 << 30;
    for (double along : {along_half + 2, along_half + 12}) {
      for (double side : {1.0, -1.0}) {
        double off = side * (across_half + kEndLabelGapPt);
        Point c{a.x + u.x * along + n.x * off, a.y + u.y * along + n.y * off};
        int score = Overlaps(Around(c, size), r);
        if (score < best_score) best = c, best_score = score;
      }
    }
    placed_.push_back(Around(*best, size));
    return best;
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
    geo = LineGeometry(line, s.tail_arrow, s.head_arrow);
    geo.label = label;
    geo.tail_label = PlaceEndLabel(r, false, s.tail_label);
    geo.head_label = PlaceEndLabel(r, true, s.head_label);
  }

  const gv::GraphSpec& spec_;
  const std::vector<EdgeRouting>& routing_;
  LineType type_;
  gv::LayoutResult& result_;
  route::Problem problem_;
  std::vector<int> obstacle_of_node_;  ///< per spec node, -1 = not an obstacle
  std::vector<int> edge_of_request_;   ///< per request, its spec edge
  std::vector<std::vector<Point>> lines_;  ///< per request, the final line
  std::vector<Rect> placed_;           ///< end labels placed so far
};

bool OnChord(Point p0, Point c, Point p3, double t) {
  Point on{p0.x + (p3.x - p0.x) * t, p0.y + (p3.y - p0.y) * t};
  return std::abs(c.x - on.x) < 1e-3 && std::abs(c.y - on.y) < 1e-3;
}

}  // namespace

gv::EdgeGeometry LineGeometry(const std::vector<Point>& line, bool tail_arrow, bool head_arrow) {
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
  geo.points = AsCubics(body);
  return geo;
}

LineType ToLineType(const std::string& v) {
  if (v == "ortho") return LineType::kOrtho;
  if (v == "polyline") return LineType::kPolyline;
  return LineType::kSpline;
}

void RouteEdges(const gv::GraphSpec& spec, const std::vector<EdgeRouting>& routing, LineType type,
                gv::LayoutResult* result, const std::vector<Rect>& keep_clear) {
  if (type == LineType::kSpline) return;
  EdgeRouter(spec, routing, type, result).Run(keep_clear);
}

void AppendCubic(Path* path, Point p0, Point c1, Point c2, Point p3) {
  if (OnChord(p0, c1, p3, 1.0 / 3) && OnChord(p0, c2, p3, 2.0 / 3)) return path->LineTo(p3);
  path->CubicTo(c1, c2, p3);
}

}  // namespace dg::layout
