// The nudging half of the orthogonal router. Segments of different routes
// that run along one channel (closer than the spacing, overlapping) are
// spread apart, in the order that makes their turns cross least; a lone
// segment in a narrow channel moves to its middle. A segment only moves
// where the strip it sweeps is free of obstacles, and never so far that a
// neighbouring segment would flip over or an end's stub get too short.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "layout/ortho_router.hpp"

namespace dg::layout::route {
namespace {

constexpr double kEps = 1e-6;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kChannelPadPt = 3;     // clearance from obstacles a moved segment keeps
constexpr double kMinStubPt = 14;       // an end's straight run never shrinks below this
constexpr double kMinLegPt = 2;         // other neighbours keep at least this length
constexpr double kCentreWidthPt = 90;   // narrower channels: a lone segment moves to the middle

/// Axis 0 moves vertical segments in x; axis 1 moves horizontal ones in y.
double Get(const Point& p, int axis) { return axis ? p.y : p.x; }
void Set(Point* p, int axis, double v) { (axis ? p->y : p->x) = v; }
double Lo(const Rect& r, int axis) { return axis ? r.y : r.x; }
double Hi(const Rect& r, int axis) { return axis ? r.y + r.h : r.x + r.w; }

Rect Inflate(const Rect& r, double d) { return {r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d, 0}; }
bool SameRect(const Rect& a, const Rect& b) {
  return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

struct Seg {
  int route = 0, index = 0;
  double pos = 0;             ///< the coordinate nudging changes
  double lo = 0, hi = 0;      ///< extent along the segment
  int turn_lo = 0, turn_hi = 0;  ///< where the neighbour at lo / hi heads: -1, +1, 0 = an end
  bool movable = false;
  double min = -kInf, max = kInf;  ///< where it may go
  bool stub = false;          ///< first or last segment of its route
};

class Nudger {
 public:
  Nudger(const NudgeInput& in, const Options& o) : in_(in), o_(o), routes_(*in.routes) {}

  void Run() {
    for (int axis = 0; axis < 2; ++axis) {
      std::vector<Seg> segs = Collect(axis);
      for (const std::vector<int>& group : Groups(segs)) Spread(segs, group, axis);
    }
    for (std::vector<Point>& r : routes_) r = Simplify(r);
  }

 private:
  /// Every segment that moves along `axis`, with how far it may move.
  std::vector<Seg> Collect(int axis) const {
    std::vector<Seg> out;
    int other = 1 - axis;
    for (size_t r = 0; r < routes_.size(); ++r) {
      const std::vector<Point>& p = routes_[r];
      for (size_t k = 0; k + 1 < p.size(); ++k) {
        if (std::abs(Get(p[k], axis) - Get(p[k + 1], axis)) > kEps) continue;
        if (std::abs(Get(p[k], other) - Get(p[k + 1], other)) < kEps) continue;
        Seg s;
        s.route = int(r);
        s.index = int(k);
        s.pos = Get(p[k], axis);
        bool forward = Get(p[k], other) < Get(p[k + 1], other);
        s.lo = std::min(Get(p[k], other), Get(p[k + 1], other));
        s.hi = std::max(Get(p[k], other), Get(p[k + 1], other));
        int turn_a = k > 0 ? Turn(p[k - 1], s.pos, axis) : 0;
        int turn_b = k + 2 < p.size() ? Turn(p[k + 2], s.pos, axis) : 0;
        s.turn_lo = forward ? turn_a : turn_b;
        s.turn_hi = forward ? turn_b : turn_a;
        s.stub = k == 0 || k + 2 == p.size();
        Limit(&s, axis);
        out.push_back(s);
      }
    }
    return out;
  }

  static int Turn(const Point& far, double pos, int axis) {
    double d = Get(far, axis) - pos;
    return d > kEps ? 1 : d < -kEps ? -1 : 0;
  }

  bool Pinned(const Seg& s) const {
    if (size_t(s.route) >= in_.pinned.size()) return false;
    const std::vector<int>& p = in_.pinned[s.route];
    return std::find(p.begin(), p.end(), s.index) != p.end();
  }

  /// Sets movable, min and max: the end's side range for stubs, the free
  /// channel, and room for the neighbouring segments.
  void Limit(Seg* s, int axis) const {
    const std::vector<Point>& p = routes_[s->route];
    size_t last = p.size() - 2;
    bool first_seg = s->index == 0, last_seg = size_t(s->index) == last;
    s->movable = !Pinned(*s);
    auto slide = [&](const EndSlide& e) {
      if (e.fixed) s->movable = false;
      s->min = std::max(s->min, e.lo);
      s->max = std::min(s->max, e.hi);
    };
    if (first_seg) slide(in_.tail[s->route]);
    if (last_seg) slide(in_.head[s->route]);
    if (!s->movable) return;
    Channel(s, axis, first_seg, last_seg);
    auto keep_leg = [&](size_t far, bool stub_leg) {
      double q = Get(p[far], axis), room = stub_leg ? kMinStubPt : kMinLegPt;
      if (q < s->pos - kEps) s->min = std::max(s->min, q + room);
      if (q > s->pos + kEps) s->max = std::min(s->max, q - room);
    };
    if (!first_seg) keep_leg(s->index - 1, s->index - 1 == 0);
    if (!last_seg) keep_leg(s->index + 2, size_t(s->index) + 1 == last);
    if (!(s->min <= s->pos + kEps && s->pos <= s->max + kEps)) s->movable = false;
  }

  /// Narrows [min, max] to the strip free of obstacles beside the segment.
  void Channel(Seg* s, int axis, bool first_seg, bool last_seg) const {
    int other = 1 - axis;
    const Rect& tail = in_.tail_box[s->route];
    const Rect& head = in_.head_box[s->route];
    auto bound = [&](const Rect& r) {
      if (Hi(r, other) <= s->lo + kEps || Lo(r, other) >= s->hi - kEps) return;
      if (Hi(r, axis) <= s->pos + kEps) {
        s->min = std::max(s->min, Hi(r, axis));
      } else if (Lo(r, axis) >= s->pos - kEps) {
        s->max = std::min(s->max, Lo(r, axis));
      } else {
        s->movable = false;  // already inside: leave it be
      }
    };
    for (const Obstacle& o : *in_.obstacles) {
      const Rect& r = o.box;
      if ((first_seg && SameRect(r, tail)) || (last_seg && SameRect(r, head))) continue;
      bound(Inflate(r, std::min(kChannelPadPt, o.clearance < 0 ? kChannelPadPt : o.clearance)));
    }
  }

  /// Unions segments closer than the spacing whose extents overlap or touch.
  std::vector<std::vector<int>> Groups(const std::vector<Seg>& segs) const {
    std::vector<int> order(segs.size()), parent(segs.size());
    std::iota(order.begin(), order.end(), 0);
    std::iota(parent.begin(), parent.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return segs[a].pos < segs[b].pos; });
    auto find = [&](int x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (size_t a = 0; a < order.size(); ++a) {
      const Seg& s = segs[order[a]];
      double reach = std::max(o_.spacing, o_.end_spacing);
      for (size_t b = a + 1; b < order.size() && segs[order[b]].pos - s.pos < reach - kEps; ++b) {
        const Seg& t = segs[order[b]];
        if (t.route == s.route || t.pos - s.pos >= Gap(s, t) - kEps) continue;
        if (s.lo <= t.hi + kEps && t.lo <= s.hi + kEps) parent[find(order[a])] = find(order[b]);
      }
    }
    std::vector<std::vector<int>> groups(segs.size());
    for (int i : order) groups[find(i)].push_back(i);
    std::vector<std::vector<int>> out;
    for (std::vector<int>& g : groups)
      if (!g.empty()) out.push_back(std::move(g));
    return out;
  }

  double Gap(const Seg& a, const Seg& b) const { return a.stub || b.stub ? o_.end_spacing : o_.spacing; }

  /// Crossings caused by placing a before b (a at the smaller coordinate).
  static int Crossings(const Seg& a, const Seg& b) {
    auto inside = [](double v, const Seg& s) { return v > s.lo + kEps && v < s.hi - kEps; };
    auto same = [](double u, double v) { return std::abs(u - v) <= kEps; };
    int n = 0;
    n += a.turn_lo == 1 && inside(a.lo, b);
    n += a.turn_hi == 1 && inside(a.hi, b);
    n += b.turn_lo == -1 && inside(b.lo, a);
    n += b.turn_hi == -1 && inside(b.hi, a);
    // Both turn at the same line: the one heading up the axis must be the later one.
    n += same(a.lo, b.lo) && a.turn_lo == 1 && b.turn_lo == -1;
    n += same(a.hi, b.hi) && a.turn_hi == 1 && b.turn_hi == -1;
    return n;
  }

  /// Each member inserted where it adds the fewest crossings.
  static std::vector<int> Order(const std::vector<Seg>& segs, const std::vector<int>& group) {
    std::vector<int> placed;
    for (int s : group) {
      size_t best = placed.size();
      int best_cost = std::numeric_limits<int>::max();
      for (size_t at = 0; at <= placed.size(); ++at) {
        int cost = 0;
        for (size_t k = 0; k < placed.size(); ++k)
          cost += k < at ? Crossings(segs[placed[k]], segs[s]) : Crossings(segs[s], segs[placed[k]]);
        if (cost <= best_cost) best = at, best_cost = cost;
      }
      placed.insert(placed.begin() + best, s);
    }
    return placed;
  }

  void Spread(const std::vector<Seg>& segs, const std::vector<int>& group, int axis) {
    if (group.size() == 1) return Centre(segs[group[0]], axis);
    std::vector<int> order = Order(segs, group);
    std::vector<double> target(order.size());
    if (!Positions(segs, order, &target)) return;
    for (size_t k = 0; k < order.size(); ++k) Move(segs[order[k]], target[k], axis);
  }

  /// A lone interior segment in a narrow channel goes to its middle.
  void Centre(const Seg& s, int axis) {
    if (!s.movable || s.stub || !(s.max - s.min < kCentreWidthPt)) return;
    Move(s, (s.min + s.max) / 2, axis);
  }

  /// Evenly spaced targets in `order`, around the fixed members if there are
  /// any (they must agree), else around the members' mean; false = leave as is.
  bool Positions(const std::vector<Seg>& segs, const std::vector<int>& order,
                 std::vector<double>* target) const {
    std::vector<size_t> fixed;
    for (size_t k = 0; k < order.size(); ++k)
      if (!segs[order[k]].movable) fixed.push_back(k);
    size_t n = order.size();
    bool ends = std::any_of(order.begin(), order.end(), [&](int i) { return segs[i].stub; });
    double spacing = ends ? o_.end_spacing : o_.spacing;
    if (fixed.empty()) {
      double lo = -kInf, hi = kInf, mean = 0;
      for (int i : order) {
        lo = std::max(lo, segs[i].min);
        hi = std::min(hi, segs[i].max);
        mean += segs[i].pos / double(n);
      }
      double gap = std::min(spacing, (hi - lo) / double(n - 1));
      if (!(gap >= 1)) return false;
      double centre = hi - lo < kCentreWidthPt ? (lo + hi) / 2 : mean;
      double start = std::clamp(centre - gap * double(n - 1) / 2, lo, hi - gap * double(n - 1));
      for (size_t k = 0; k < n; ++k) (*target)[k] = start + gap * double(k);
      return true;
    }
    double anchor = segs[order[fixed[0]]].pos;
    for (size_t k : fixed)
      if (std::abs(segs[order[k]].pos - anchor) > kEps) return false;
    // Members before the first fixed one step down from it, the rest step up.
    int before = int(fixed[0]), slot = 0;
    for (size_t k = 0; k < n; ++k) {
      const Seg& s = segs[order[k]];
      if (!s.movable) {
        (*target)[k] = s.pos;
        continue;
      }
      int at = int(k) < before ? int(k) - before : ++slot;
      (*target)[k] = std::clamp(anchor + spacing * at, s.min, s.max);
    }
    return true;
  }

  void Move(const Seg& s, double to, int axis) {
    if (!s.movable || std::abs(to - s.pos) < kEps) return;
    std::vector<Point>& p = routes_[s.route];
    Set(&p[s.index], axis, to);
    Set(&p[s.index + 1], axis, to);
  }

  const NudgeInput& in_;
  const Options& o_;
  std::vector<std::vector<Point>>& routes_;
};

}  // namespace

void Nudge(const NudgeInput& in, const Options& options) {
  if (!in.routes || !in.obstacles) return;
  Nudger(in, options).Run();
}

}  // namespace dg::layout::route
