// The search half of the orthogonal router: a grid of the lines worth running
// along (every obstacle's sides pushed out by the buffer, every end's middle
// and stub lines, every port), A* over (point, direction) states, edges
// routed shortest-first so later ones pay for crossing earlier ones. An edge
// turns only on shared lines and its own ends' lines; it runs straight across
// the others' lines, paying for each point it passes.
#include "layout/ortho_router.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <functional>
#include <unordered_map>

namespace dg::layout::route {
namespace {

constexpr double kSamePt = 0.25;  // coordinates closer than this share one grid line
constexpr double kWindowPadPt = 240;  // a first search stays this near its ends

// Directions of travel; d ^ 1 is the opposite one.
enum Dir : int { kEast = 0, kWest = 1, kSouth = 2, kNorth = 3 };
constexpr int kDx[] = {1, -1, 0, 0};
constexpr int kDy[] = {0, 0, 1, -1};
constexpr Side kSides[] = {Side::kLeft, Side::kRight, Side::kTop, Side::kBottom};

int Opposite(int d) { return d ^ 1; }
bool Vertical(int d) { return d >= kSouth; }

/// The direction that leaves a box through `s`.
int Outward(Side s) {
  switch (s) {
    case Side::kLeft: return kWest;
    case Side::kRight: return kEast;
    case Side::kTop: return kNorth;
    case Side::kBottom: break;
  }
  return kSouth;
}

Point Step(Point p, int d, double len) { return {p.x + kDx[d] * len, p.y + kDy[d] * len}; }

Rect Inflate(const Rect& r, double d) { return {r.x - d, r.y - d, r.w + 2 * d, r.h + 2 * d, 0}; }

double Clearance(const Obstacle& b, const Options& o) { return b.clearance < 0 ? o.buffer : b.clearance; }

double Right(const Rect& r) { return r.x + r.w; }
double Bottom(const Rect& r) { return r.y + r.h; }
Point Centre(const Rect& r) { return {r.x + r.w / 2, r.y + r.h / 2}; }

/// Is p on r's outline? (Every head candidate lies on its inflated box's.)
bool OnBorder(Point p, const Rect& r) {
  bool x_side = std::abs(p.x - r.x) <= kSamePt || std::abs(p.x - r.x - r.w) <= kSamePt;
  bool y_side = std::abs(p.y - r.y) <= kSamePt || std::abs(p.y - r.y - r.h) <= kSamePt;
  return (x_side && p.y >= r.y - kSamePt && p.y <= r.y + r.h + kSamePt) ||
         (y_side && p.x >= r.x - kSamePt && p.x <= r.x + r.w + kSamePt);
}

bool Contains(const Rect& r, Point p) { return p.x >= r.x && p.x <= Right(r) && p.y >= r.y && p.y <= Bottom(r); }

double DistanceToRect(Point p, const Rect& r) {
  double dx = std::max({r.x - p.x, 0.0, p.x - Right(r)});
  double dy = std::max({r.y - p.y, 0.0, p.y - Bottom(r)});
  return dx + dy;
}

/// Does the axis-parallel segment a-b pass through r's interior?
bool SegmentEntersRect(Point a, Point b, const Rect& r) {
  double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x);
  double y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  const double e = 1e-6;
  if (x1 - x0 < e) return x0 > r.x + e && x0 < Right(r) - e && y1 > r.y + e && y0 < Bottom(r) - e;
  return y0 > r.y + e && y0 < Bottom(r) - e && x1 > r.x + e && x0 < Right(r) - e;
}

std::vector<double> Distinct(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    if (out.empty() || x - out.back() > kSamePt) out.push_back(x);
  }
  return out;
}

/// The routing grid: lines, which cells are blocked, which cluster each
/// cell is in, and how many routes already use each point.
class Grid {
 public:
  Grid(std::vector<double> xs, std::vector<double> ys) : xs_(Distinct(std::move(xs))), ys_(Distinct(std::move(ys))) {}

  /// Marks the lines every route may turn on (obstacles' and clusters'
  /// sides, the frame); the others are some end's, and only its own edges
  /// turn on them.
  void MarkShared(const std::vector<double>& xs, const std::vector<double>& ys) {
    x_shared_.assign(xs_.size(), 0);
    y_shared_.assign(ys_.size(), 0);
    for (double x : xs)
      if (int i = Line(xs_, x); i >= 0) x_shared_[i] = 1;
    for (double y : ys)
      if (int j = Line(ys_, y); j >= 0) y_shared_[j] = 1;
  }
  const std::vector<char>& XShared() const { return x_shared_; }
  const std::vector<char>& YShared() const { return y_shared_; }

  int nx() const { return int(xs_.size()); }
  int ny() const { return int(ys_.size()); }
  double x(int i) const { return xs_[i]; }
  double y(int j) const { return ys_[j]; }
  size_t points() const { return xs_.size() * ys_.size(); }
  int Id(int i, int j) const { return j * nx() + i; }
  Point At(int id) const { return {xs_[id % nx()], ys_[id / nx()]}; }

  /// The index of the line at v, or -1.
  static int Line(const std::vector<double>& v, double at) {
    auto it = std::lower_bound(v.begin(), v.end(), at - kSamePt);
    if (it == v.end() || *it > at + kSamePt) return -1;
    return int(it - v.begin());
  }
  int IdAt(Point p) const {
    int i = Line(xs_, p.x), j = Line(ys_, p.y);
    return i < 0 || j < 0 ? -1 : Id(i, j);
  }

  void Allocate(bool clusters) {
    size_t cells = std::max<size_t>(1, (xs_.size() - 1) * (ys_.size() - 1));
    blocked_.assign(cells, 0);
    if (clusters) cluster_.assign(cells, -1);
    h_use_.assign(points(), 0);
    v_use_.assign(points(), 0);
  }

  /// The first and last index of the lines in [lo, hi] (last < first: none).
  static std::pair<int, int> Range(const std::vector<double>& v, double lo, double hi) {
    int a = int(std::lower_bound(v.begin(), v.end(), lo - kSamePt) - v.begin());
    int b = int(std::upper_bound(v.begin(), v.end(), hi + kSamePt) - v.begin()) - 1;
    return {a, b};
  }
  std::pair<int, int> XRange(double lo, double hi) const { return Range(xs_, lo, hi); }
  std::pair<int, int> YRange(double lo, double hi) const { return Range(ys_, lo, hi); }
  int XLine(double at) const { return Line(xs_, at); }
  int YLine(double at) const { return Line(ys_, at); }

  /// Calls f(cell) for every cell inside r (r's sides lie on grid lines).
  template <typename F>
  void ForCells(const Rect& r, F f) {
    auto [i0, i1] = Range(xs_, r.x, Right(r));
    auto [j0, j1] = Range(ys_, r.y, Bottom(r));
    for (int j = j0; j < j1; ++j)
      for (int i = i0; i < i1; ++i) f(size_t(j) * (xs_.size() - 1) + i);
  }
  void Block(const Rect& r) {
    ForCells(r, [&](size_t c) { blocked_[c] = 1; });
  }
  void Paint(const Rect& r, int cluster) {
    ForCells(r, [&](size_t c) { cluster_[c] = cluster; });
  }

  bool CellBlocked(int i, int j) const {
    if (i < 0 || j < 0 || i >= nx() - 1 || j >= ny() - 1) return false;
    return blocked_[size_t(j) * (xs_.size() - 1) + i];
  }
  int CellCluster(int i, int j) const {
    if (cluster_.empty() || i < 0 || j < 0 || i >= nx() - 1 || j >= ny() - 1) return -1;
    return cluster_[size_t(j) * (xs_.size() - 1) + i];
  }

  /// The two cells beside the unit move from (i, j) in direction d.
  void Beside(int i, int j, int d, int c[4]) const {
    if (Vertical(d)) {
      int jc = d == kSouth ? j : j - 1;
      c[0] = i - 1, c[1] = jc, c[2] = i, c[3] = jc;
    } else {
      int ic = d == kEast ? i : i - 1;
      c[0] = ic, c[1] = j - 1, c[2] = ic, c[3] = j;
    }
  }
  bool MoveFree(int i, int j, int d) const {
    int c[4];
    Beside(i, j, d, c);
    return !(CellBlocked(c[0], c[1]) && CellBlocked(c[2], c[3]));
  }
  bool PointFree(int i, int j) const {
    return !(CellBlocked(i - 1, j - 1) && CellBlocked(i, j - 1) && CellBlocked(i - 1, j) &&
             CellBlocked(i, j));
  }

  uint16_t& Use(int id, bool vertical) { return vertical ? v_use_[id] : h_use_[id]; }
  uint16_t Use(int id, bool vertical) const { return vertical ? v_use_[id] : h_use_[id]; }

 private:
  std::vector<double> xs_, ys_;
  std::vector<char> x_shared_, y_shared_;
  std::vector<uint8_t> blocked_;
  std::vector<int> cluster_;
  std::vector<uint16_t> h_use_, v_use_;
};

/// An end's possible first (tail) or last (head) grid point.
struct Candidate {
  int point = -1;    ///< grid id of the point at the stub's outer end
  int dir = kEast;   ///< tail: leaving the box; head: entering it
  double cost = 0;   ///< the stub and its distance from the side's middle
  Point border;      ///< where the stub touches the box
};

void AddEndLines(const End& e, const Options& o, std::vector<double>* xs, std::vector<double>* ys) {
  const Rect& b = e.box;
  Point c = Centre(b);
  xs->insert(xs->end(), {c.x, b.x - o.stub, Right(b) + o.stub});
  ys->insert(ys->end(), {c.y, b.y - o.stub, Bottom(b) + o.stub});
  for (const Port& p : e.ports) {
    Point out = Step(p.at, Outward(p.side), o.stub);
    xs->insert(xs->end(), {p.at.x, out.x});
    ys->insert(ys->end(), {p.at.y, out.y});
  }
}

void AddRectLines(const Rect& r, double pad, std::vector<double>* xs, std::vector<double>* ys) {
  xs->insert(xs->end(), {r.x - pad, Right(r) + pad});
  ys->insert(ys->end(), {r.y - pad, Bottom(r) + pad});
}

/// Every line the routes may need, with a frame around everything.
Grid MakeGrid(const Problem& p, const Options& o) {
  std::vector<double> xs, ys;
  for (const Obstacle& r : p.obstacles) AddRectLines(r.box, Clearance(r, o), &xs, &ys);
  for (const Cluster& c : p.clusters) {
    AddRectLines(c.frame, 0, &xs, &ys);
    AddRectLines(c.frame, o.buffer, &xs, &ys);
  }
  size_t shared_xs = xs.size(), shared_ys = ys.size();
  for (const EdgeRequest& e : p.edges) {
    AddEndLines(e.tail, o, &xs, &ys);
    AddEndLines(e.head, o, &xs, &ys);
    if (e.via) xs.push_back(e.via->at.x), ys.push_back(e.via->at.y);
  }
  if (!xs.empty()) {
    auto [x0, x1] = std::minmax_element(xs.begin(), xs.end());
    auto [y0, y1] = std::minmax_element(ys.begin(), ys.end());
    double pad = o.buffer + o.stub;
    double lx = *x0 - pad, hx = *x1 + pad, ly = *y0 - pad, hy = *y1 + pad;
    xs.insert(xs.end(), {lx, hx});
    ys.insert(ys.end(), {ly, hy});
  }
  std::vector<double> shared_x(xs.begin(), xs.begin() + shared_xs), shared_y(ys.begin(), ys.begin() + shared_ys);
  shared_x.insert(shared_x.end(), xs.end() - std::min<size_t>(2, xs.size()), xs.end());
  shared_y.insert(shared_y.end(), ys.end() - std::min<size_t>(2, ys.size()), ys.end());
  Grid g(std::move(xs), std::move(ys));
  g.MarkShared(shared_x, shared_y);
  return g;
}

int Depth(const std::vector<Cluster>& cs, int c) {
  int d = 0;
  for (size_t guard = 0; c >= 0 && c < int(cs.size()) && guard <= cs.size(); ++guard, ++d)
    c = cs[c].parent;
  return d;
}

void PaintClusters(const Problem& p, Grid* g) {
  std::vector<int> order(p.clusters.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return Depth(p.clusters, a) < Depth(p.clusters, b);
  });
  for (int c : order) g->Paint(p.clusters[c].frame, c);
}

/// The clusters an edge may run through: those holding either end.
std::vector<char> AllowedClusters(const Problem& p, const EdgeRequest& e) {
  std::vector<char> ok(p.clusters.size(), 0);
  for (int c : {e.tail.cluster, e.head.cluster}) {
    for (size_t guard = 0; c >= 0 && c < int(ok.size()) && guard <= ok.size(); ++guard) {
      ok[c] = 1;
      c = p.clusters[c].parent;
    }
  }
  return ok;
}

/// Search records by state key: open addressing with linear probing, kept
/// between edges (a std::unordered_map spent most of the search's time). A
/// flat array indexed by state was tried: fewer instructions, but its
/// megabytes of fresh pages cost more than they saved (page faults are dear
/// on the VM: 700 more per run, +10 % CPU).
template <typename Record>
class StateMap {
 public:
  static constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
  /// O(1): slots of an earlier generation count as empty (clearing the
  /// whole table before each of hundreds of searches was a twentieth of routing).
  void Clear() {
    if (stamps_.empty() || ++generation_ == 0) {
      size_t slots = std::max<size_t>(keys_.size(), 1024);
      keys_.assign(slots, kEmpty);
      stamps_.assign(slots, 0);
      values_.resize(slots);
      generation_ = 1;
    }
    size_ = 0;
  }
  size_t size() const { return size_; }

  /// The record of `key`, created empty when new (`fresh` says which).
  Record& Get(uint64_t key, bool* fresh) {
    if (2 * (size_ + 1) > keys_.size()) Grow();
    size_t i = Slot(key);
    *fresh = !Live(i);
    if (*fresh) keys_[i] = key, stamps_[i] = generation_, values_[i] = Record{}, ++size_;
    return values_[i];
  }
  const Record& At(uint64_t key) const { return values_[Slot(key)]; }

 private:
  bool Live(size_t i) const { return stamps_[i] == generation_; }
  size_t Slot(uint64_t key) const {
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    size_t mask = keys_.size() - 1, i = size_t(h ^ (h >> 29)) & mask;
    while (Live(i) && keys_[i] != key) i = (i + 1) & mask;
    return i;
  }
  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<uint32_t> stamps = std::move(stamps_);
    std::vector<Record> values = std::move(values_);
    uint32_t live = generation_;
    keys_.assign(std::max<size_t>(1024, keys.size() * 2), kEmpty);
    stamps_.assign(keys_.size(), 0);
    values_.resize(keys_.size());
    generation_ = 1;
    size_ = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (stamps[i] != live) continue;
      size_t j = Slot(keys[i]);
      keys_[j] = keys[i], stamps_[j] = generation_, values_[j] = values[i], ++size_;
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> stamps_;  ///< the generation that wrote each slot
  std::vector<Record> values_;
  uint32_t generation_ = 0;
  size_t size_ = 0;
};

class Router {
 public:
  /// search = false: the grid is too big to search; every edge gets an elbow.
  Router(const Problem& p, const Options& o, Grid* g, bool search)
      : p_(p), o_(o), g_(*g), search_(search) {}

  /// Routes `e` again now that every edge has a route: it sees the edges
  /// routed after it the first time, and avoids crossing them too.
  void Reroute(const EdgeRequest& e, Route* r) {
    if (!search_ || r->simple || SameEnd(e)) return;
    Register(r->points, -1);
    // A route no other route touches costs what it did, and every other
    // path costs at least as much as before: searching again finds it again.
    if (!Touched(r->points)) {
      Register(r->points, +1);
      return;
    }
    Route again = RouteEdge(e);
    if (again.simple) {
      Register(r->points, +1);
      return;
    }
    *r = std::move(again);
  }

  Route RouteEdge(const EdgeRequest& e) {
    Route r;
    if (SameEnd(e)) {
      r.points = SelfLoop(e);
      return r;
    }
    if (search_) {
      std::vector<Candidate> tails = Candidates(e.tail, false), heads = Candidates(e.head, true);
      // Near the ends first: a route rarely strays far, and the whole grid
      // of a big diagram is costly to search; then everywhere.
      bool found = !tails.empty() && !heads.empty() &&
                   (Search(e, tails, heads, Window(e), &r.points) ||
                    Search(e, tails, heads, std::nullopt, &r.points));
      if (found) {
        Register(r.points);
        return r;
      }
    }
    r.points = Elbow(e);
    r.simple = true;
    return r;
  }

 private:
  struct Record {
    double g = 0;
    uint64_t parent = kNone;
    int candidate = -1;  ///< sources and the goal: which candidate
  };
  static constexpr uint64_t kNone = std::numeric_limits<uint64_t>::max();
  static constexpr uint64_t kGoal = kNone - 1;

  /// An open state; ties are broken by key, so the search is deterministic.
  struct Item {
    double f, g;
    uint64_t key;
    // Equal f: the deeper state first (it is nearer the goal), then by key.
    bool operator>(const Item& o) const {
      if (f != o.f) return f > o.f;
      if (g != o.g) return g < o.g;
      return key > o.key;
    }
  };

  /// A binary heap of open states whose storage outlives the search: a new
  /// priority_queue per edge regrew (and page-faulted) its vector every time.
  class OpenList {
   public:
    void Clear() { heap_.clear(); }
    bool empty() const { return heap_.empty(); }
    const Item& top() const { return heap_.front(); }
    void push(const Item& item) {
      heap_.push_back(item);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<Item>());
    }
    void pop() {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<Item>());
      heap_.pop_back();
    }

   private:
    std::vector<Item> heap_;
  };

  static uint64_t Key(int point, int dir, int phase) { return (uint64_t(point) * 4 + dir) * 2 + phase; }

  bool SameEnd(const EdgeRequest& e) const {
    if (e.tail.obstacle >= 0) return e.tail.obstacle == e.head.obstacle;
    const Rect &a = e.tail.box, &b = e.head.box;
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
  }

  /// A bracket out of the right side and back in (self-references).
  std::vector<Point> SelfLoop(const EdgeRequest& e) const {
    const Rect& b = e.tail.box;
    double reach = std::min(b.h / 4, 12.0);
    double y0 = Centre(b).y - reach, y1 = Centre(b).y + reach;
    for (const Port& pt : e.tail.ports)
      if (pt.side == Side::kRight) y0 = pt.at.y;
    for (const Port& pt : e.head.ports)
      if (pt.side == Side::kRight) y1 = pt.at.y;
    if (std::abs(y1 - y0) < 8) y1 = y0 + 8;
    double x = Right(b), out = x + o_.stub;
    return {{x, y0}, {out, y0}, {out, y1}, {x, y1}};
  }

  bool StubClear(const End& e, Point from, Point to) const {
    for (size_t i = 0; i < p_.obstacles.size(); ++i) {
      if (int(i) == e.obstacle) continue;
      if (SegmentEntersRect(from, to, p_.obstacles[i].box)) return false;
    }
    return true;
  }

  void AddCandidate(const End& e, bool head, Point border, Side side, double extra,
                    std::vector<Candidate>* out) const {
    int dir = Outward(side);
    Point outer = Step(border, dir, o_.stub);
    int id = g_.IdAt(outer);
    if (id < 0 || !g_.PointFree(id % g_.nx(), id / g_.nx()) || !StubClear(e, border, outer)) return;
    out->push_back({id, head ? Opposite(dir) : dir, o_.stub + extra, border});
  }

  /// Where along `side` of b an end may attach: every grid line crossing
  /// the side away from its corners, or only its middle.
  void SideCandidates(const End& e, Side side, bool head, std::vector<Candidate>* out) const {
    const Rect& b = e.box;
    bool horizontal_side = side == Side::kTop || side == Side::kBottom;
    double lo = horizontal_side ? b.x : b.y, len = horizontal_side ? b.w : b.h;
    double fixed = side == Side::kLeft ? b.x : side == Side::kRight ? Right(b)
                   : side == Side::kTop ? b.y : Bottom(b);
    double mid = lo + len / 2, margin = std::min(o_.corner, len / 2);
    auto place = [&](double along, double extra) {
      Point border = horizontal_side ? Point{along, fixed} : Point{fixed, along};
      AddCandidate(e, head, border, side, extra, out);
    };
    if (e.centred) return place(mid, 0);
    int n = horizontal_side ? g_.nx() : g_.ny();
    for (int k = 0; k < n; ++k) {
      double v = horizontal_side ? g_.x(k) : g_.y(k);
      if (v < lo + margin - kSamePt || v > lo + len - margin + kSamePt) continue;
      place(v, o_.off_centre_cost * std::abs(v - mid));
    }
  }

  std::vector<Candidate> Candidates(const End& e, bool head) const {
    std::vector<Candidate> out;
    for (const Port& p : e.ports) AddCandidate(e, head, p.at, p.side, 0, &out);
    if (e.ports.empty())
      for (Side s : kSides) SideCandidates(e, s, head, &out);
    return out;
  }

  /// Length still to go, plus the bends a route heading `dir` cannot do
  /// without (never more than the true cost). Counting the turns the
  /// heading forces, not only the one a diagonal needs, keeps the search
  /// from fanning out behind its start.
  double Heuristic(Point p, int dir, int phase, const EdgeRequest& e, const Rect& target) const {
    if (phase == 1 || !e.via) return DistanceToRect(p, target) + o_.bend_cost * BendsTo(p, dir, target);
    Point v = e.via->at;
    Rect at_via{v.x, v.y, 0, 0, 0};
    return std::abs(p.x - v.x) + std::abs(p.y - v.y) + o_.bend_cost * BendsTo(p, dir, at_via) +
           DistanceToRect(v, target) + o_.bend_cost * BendsTo(v, -1, target);
  }

  /// The fewest turns before a route at p heading `dir` (-1: any) reaches r.
  static int BendsTo(Point p, int dir, const Rect& r) {
    int sx = p.x < r.x - kSamePt ? 1 : p.x > Right(r) + kSamePt ? -1 : 0;  // where r lies
    int sy = p.y < r.y - kSamePt ? 1 : p.y > Bottom(r) + kSamePt ? -1 : 0;
    if (sx == 0 && sy == 0) return 0;
    if (dir < 0) return sx != 0 && sy != 0 ? 1 : 0;
    int hx = kDx[dir], hy = kDy[dir];
    if (sx == 0) return hy == sy ? 0 : hy == -sy ? 2 : 1;
    if (sy == 0) return hx == sx ? 0 : hx == -sx ? 2 : 1;
    return hx == sx || hy == sy ? 1 : 2;
  }

  bool Foreign(int i, int j) const {
    int c = g_.CellCluster(i, j);
    return c >= 0 && !allowed_[c];
  }

  /// The cost of the unit move from (i, j) in direction d arriving at q.
  double MoveCost(int i, int j, int d, int q, double len) const {
    int c[4];
    g_.Beside(i, j, d, c);
    bool foreign = Foreign(c[0], c[1]) || Foreign(c[2], c[3]);
    double cost = len * (foreign ? o_.foreign_factor : 1.0);
    int p = g_.Id(i, j);
    if (g_.Use(q, !Vertical(d)) > 0) cost += o_.crossing_cost;
    if (g_.Use(q, Vertical(d)) > 0 && g_.Use(p, Vertical(d)) > 0) cost += o_.shared_cost * len;
    return cost;
  }

  /// The ends (and via) with room around them for detours.
  Rect Window(const EdgeRequest& e) const {
    double x0 = std::min(e.tail.box.x, e.head.box.x), y0 = std::min(e.tail.box.y, e.head.box.y);
    double x1 = std::max(Right(e.tail.box), Right(e.head.box)), y1 = std::max(Bottom(e.tail.box), Bottom(e.head.box));
    if (e.via) {
      x0 = std::min(x0, e.via->at.x), y0 = std::min(y0, e.via->at.y);
      x1 = std::max(x1, e.via->at.x), y1 = std::max(y1, e.via->at.y);
    }
    double pad = std::max(kWindowPadPt, std::max(x1 - x0, y1 - y0) / 2);
    return {x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad, 0};
  }

  bool Search(const EdgeRequest& e, const std::vector<Candidate>& tails,
              const std::vector<Candidate>& heads, std::optional<Rect> window, std::vector<Point>* out) {
    allowed_ = AllowedClusters(p_, e);
    Rect target = Inflate(e.head.box, o_.stub);
    int via = e.via ? g_.IdAt(e.via->at) : -1;
    int first_phase = via >= 0 ? 0 : 1;
    std::unordered_map<int, std::vector<int>> goals;  // grid point -> head candidates
    for (size_t k = 0; k < heads.size(); ++k) goals[heads[k].point].push_back(int(k));

    MarkActiveLines(e, tails, heads);
    seen_.Clear();
    OpenList& open = open_;
    open.Clear();
    // The heuristic is only worked out for a state that got cheaper.
    auto relax = [&](uint64_t key, double g, uint64_t parent, int cand, auto heuristic) {
      bool fresh;
      Record& r = seen_.Get(key, &fresh);
      if (!fresh && r.g <= g) return;
      r = {g, parent, cand};
      open.push({g + o_.greed * heuristic(), g, key});
    };
    auto no_heuristic = [] { return 0.0; };
    for (size_t k = 0; k < tails.size(); ++k) {
      const Candidate& c = tails[k];
      relax(Key(c.point, c.dir, first_phase), c.cost, kNone, int(k),
            [&] { return Heuristic(g_.At(c.point), c.dir, first_phase, e, target); });
    }
    size_t expansions = 0;
    while (!open.empty() && expansions++ < o_.max_expansions) {
      Item top = open.top();
      open.pop();
      uint64_t key = top.key;
      if (key == kGoal) return Trace(tails, heads, out);
      const Record rec = seen_.At(key);
      if (top.g > rec.g + 1e-9) continue;  // superseded by a cheaper way here
      int point = int(key / 8), dir = int(key / 2 % 4), phase = int(key % 2);
      int i = point % g_.nx(), j = point / g_.nx();
      if (phase == 1 && OnBorder({g_.x(i), g_.y(j)}, target)) {
        auto it = goals.find(point);
        if (it != goals.end()) {
          for (int k : it->second) {
            const Candidate& c = heads[k];
            if (dir == Opposite(c.dir)) continue;
            relax(kGoal, rec.g + c.cost + (dir != c.dir ? o_.bend_cost : 0), key, k, no_heuristic);
          }
        }
      }
      for (int nd = 0; nd < 4; ++nd) {
        if (nd == Opposite(dir)) continue;
        int ni = i, nj = j;
        double g = rec.g + (nd != dir ? o_.bend_cost : 0);
        if (!Run(ni, nj, nd, window, &g)) continue;
        int q = g_.Id(ni, nj);
        Point at{g_.x(ni), g_.y(nj)};
        int nphase = phase == 0 && q == via && Vertical(nd) == e.via->vertical ? 1 : phase;
        relax(Key(q, nd, nphase), g, key, -1, [&] { return Heuristic(at, nd, nphase, e, target); });
      }
    }
    return false;
  }

  /// The lines the current edge may turn on: everyone's, its own ends'
  /// and via's, and its candidates'. Skipping the other ends' lines makes
  /// the search graph a fraction of the grid (a fifth on a 34-table schema).
  void MarkActiveLines(const EdgeRequest& e, const std::vector<Candidate>& tails,
                       const std::vector<Candidate>& heads) {
    active_x_ = g_.XShared();
    active_y_ = g_.YShared();
    std::vector<double> xs, ys;
    AddEndLines(e.tail, o_, &xs, &ys);
    AddEndLines(e.head, o_, &xs, &ys);
    if (e.via) xs.push_back(e.via->at.x), ys.push_back(e.via->at.y);
    for (const auto* cs : {&tails, &heads})
      for (const Candidate& c : *cs) xs.push_back(g_.At(c.point).x), ys.push_back(g_.At(c.point).y);
    for (double x : xs)
      if (int i = g_.XLine(x); i >= 0) active_x_[i] = 1;
    for (double y : ys)
      if (int j = g_.YLine(y); j >= 0) active_y_[j] = 1;
  }

  /// Goes straight from (i, j) in direction d to the next line the edge
  /// may turn on, adding each unit move's cost to *g; false if blocked or
  /// leaving the window on the way.
  bool Run(int& i, int& j, int d, const std::optional<Rect>& window, double* g) const {
    do {
      int ni = i + kDx[d], nj = j + kDy[d];
      if (ni < 0 || nj < 0 || ni >= g_.nx() || nj >= g_.ny() || !g_.MoveFree(i, j, d)) return false;
      if (window && !Contains(*window, {g_.x(ni), g_.y(nj)})) return false;
      double len = std::abs(g_.x(ni) - g_.x(i)) + std::abs(g_.y(nj) - g_.y(j));
      *g += MoveCost(i, j, d, g_.Id(ni, nj), len);
      i = ni, j = nj;
    } while (!(Vertical(d) ? active_y_[j] : active_x_[i]));
    return true;
  }

  bool Trace(const std::vector<Candidate>& tails,
             const std::vector<Candidate>& heads, std::vector<Point>* out) const {
    const Record& goal = seen_.At(kGoal);
    std::vector<Point> pts{heads[goal.candidate].border};
    uint64_t key = goal.parent;
    int tail = -1;
    for (size_t guard = 0; key != kNone && guard <= seen_.size(); ++guard) {
      const Record& r = seen_.At(key);
      pts.push_back(g_.At(int(key / 8)));
      if (r.parent == kNone) tail = r.candidate;
      key = r.parent;
    }
    if (tail < 0) return false;
    pts.push_back(tails[tail].border);
    std::reverse(pts.begin(), pts.end());
    *out = Simplify(pts);
    return true;
  }

  /// Calls f(grid id, vertical) for each grid point a route passes, per segment.
  template <typename F>
  void ForPoints(const std::vector<Point>& pts, F f) const {
    for (size_t k = 0; k + 1 < pts.size(); ++k) {
      Point a = pts[k], b = pts[k + 1];
      bool vertical = std::abs(a.x - b.x) < kSamePt;
      int fixed = vertical ? g_.XLine(a.x) : g_.YLine(a.y);
      if (fixed < 0) continue;
      auto [lo, hi] = vertical ? g_.YRange(std::min(a.y, b.y), std::max(a.y, b.y))
                               : g_.XRange(std::min(a.x, b.x), std::max(a.x, b.x));
      for (int m = lo; m <= hi; ++m) f(vertical ? g_.Id(fixed, m) : g_.Id(m, fixed), vertical);
    }
  }

  /// Does any registered route cross or run along a point of `pts`?
  bool Touched(const std::vector<Point>& pts) const {
    bool touched = false;
    ForPoints(pts, [&](int id, bool) { touched = touched || g_.Use(id, true) > 0 || g_.Use(id, false) > 0; });
    return touched;
  }

  /// Counts the route's use (delta +1) of each grid point it passes, by
  /// orientation, or takes it back (-1). The end segments count too, up to
  /// their border: a later route running along a table's side crosses them,
  /// and a straight route is nothing but end segments.
  void Register(const std::vector<Point>& pts, int delta = 1) {
    ForPoints(pts, [&](int id, bool vertical) {
      uint16_t& u = g_.Use(id, vertical);
      u = uint16_t(std::clamp(int(u) + delta, 0, 0xffff));
    });
  }

  /// Drawn when no free path exists: out of the side facing the other end,
  /// one elbow, into the opposite side.
  std::vector<Point> Elbow(const EdgeRequest& e) const {
    auto port = [&](const End& end, Point toward) {
      if (!end.ports.empty()) return end.ports.front();
      Point c = Centre(end.box);
      double dx = toward.x - c.x, dy = toward.y - c.y;
      if (std::abs(dx) * end.box.h > std::abs(dy) * end.box.w)
        return Port{{dx > 0 ? Right(end.box) : end.box.x, c.y}, dx > 0 ? Side::kRight : Side::kLeft};
      return Port{{c.x, dy > 0 ? Bottom(end.box) : end.box.y}, dy > 0 ? Side::kBottom : Side::kTop};
    };
    Port a = port(e.tail, Centre(e.head.box)), b = port(e.head, Centre(e.tail.box));
    Point a1 = Step(a.at, Outward(a.side), o_.stub), b1 = Step(b.at, Outward(b.side), o_.stub);
    // Keep going the way the tail's stub points, then turn once.
    Point corner = Vertical(Outward(a.side)) ? Point{a1.x, b1.y} : Point{b1.x, a1.y};
    return Simplify({a.at, a1, corner, b1, b.at});
  }

  const Problem& p_;
  const Options& o_;
  Grid& g_;
  bool search_;
  StateMap<Record> seen_;  ///< the current search's records, reused between edges
  OpenList open_;          ///< the current search's open states, reused between edges
  std::vector<char> allowed_;  ///< per cluster: may the current edge run through it
  std::vector<char> active_x_, active_y_;  ///< per grid line: may the current edge turn on it
};

/// The range a route's end segment may slide along its side.
EndSlide Slide(const End& e, const std::vector<Point>& pts, bool head, const Options& o) {
  EndSlide s;
  if (!e.ports.empty() || e.centred || pts.size() < 2) return s;
  Point a = head ? pts[pts.size() - 1] : pts[0], b = head ? pts[pts.size() - 2] : pts[1];
  bool vertical_stub = std::abs(a.x - b.x) < 1e-6;
  double lo = vertical_stub ? e.box.x : e.box.y, len = vertical_stub ? e.box.w : e.box.h;
  double margin = std::min(o.corner, len / 2);
  s.fixed = false;
  s.lo = lo + margin;
  s.hi = lo + len - margin;
  return s;
}

/// The segment of a route that runs through its via point.
std::vector<int> PinnedSegments(const EdgeRequest& e, const std::vector<Point>& pts) {
  if (!e.via) return {};
  for (size_t k = 0; k + 1 < pts.size(); ++k) {
    Point a = pts[k], b = pts[k + 1], v = e.via->at;
    bool on = std::abs(a.x - b.x) < kSamePt
                  ? std::abs(v.x - a.x) < kSamePt && v.y >= std::min(a.y, b.y) - kSamePt &&
                        v.y <= std::max(a.y, b.y) + kSamePt
                  : std::abs(v.y - a.y) < kSamePt && v.x >= std::min(a.x, b.x) - kSamePt &&
                        v.x <= std::max(a.x, b.x) + kSamePt;
    if (on) return {int(k)};
  }
  return {};
}

}  // namespace

std::vector<Point> Simplify(const std::vector<Point>& in) {
  std::vector<Point> out;
  for (const Point& p : in) {
    if (!out.empty() && std::abs(out.back().x - p.x) < 1e-6 && std::abs(out.back().y - p.y) < 1e-6)
      continue;
    if (out.size() >= 2) {
      const Point &a = out[out.size() - 2], &b = out.back();
      bool same_x = std::abs(a.x - b.x) < 1e-6 && std::abs(b.x - p.x) < 1e-6;
      bool same_y = std::abs(a.y - b.y) < 1e-6 && std::abs(b.y - p.y) < 1e-6;
      if (same_x || same_y) out.pop_back();
    }
    out.push_back(p);
  }
  return out;
}

std::vector<Route> RouteOrthogonal(const Problem& problem, const Options& given) {
  Options o = given;
  o.stub = std::max(o.stub, o.buffer + 1);  // a stub must clear its own end's buffer
  Grid grid = MakeGrid(problem, o);
  std::vector<Route> routes(problem.edges.size());
  bool searchable = grid.nx() >= 2 && grid.ny() >= 2 && grid.points() <= o.max_grid_points;
  if (searchable) {
    grid.Allocate(!problem.clusters.empty());
    for (const Obstacle& r : problem.obstacles) grid.Block(Inflate(r.box, Clearance(r, o)));
    if (!problem.clusters.empty()) PaintClusters(problem, &grid);
  }
  // Short edges first: they get the straight lines, long ones go around.
  std::vector<int> order(problem.edges.size());
  std::iota(order.begin(), order.end(), 0);
  auto span = [&](int k) {
    Point a = Centre(problem.edges[k].tail.box), b = Centre(problem.edges[k].head.box);
    return std::abs(a.x - b.x) + std::abs(a.y - b.y);
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return span(a) < span(b); });
  Router router(problem, o, &grid, searchable);
  for (int k : order) routes[k] = router.RouteEdge(problem.edges[k]);
  for (int k : order) router.Reroute(problem.edges[k], &routes[k]);
  std::vector<std::vector<Point>> lines;
  NudgeInput in;
  for (size_t k = 0; k < routes.size(); ++k) {
    const EdgeRequest& e = problem.edges[k];
    lines.push_back(routes[k].points);
    in.tail.push_back(Slide(e.tail, lines.back(), false, o));
    in.head.push_back(Slide(e.head, lines.back(), true, o));
    in.tail_box.push_back(e.tail.box);
    in.head_box.push_back(e.head.box);
    in.pinned.push_back(PinnedSegments(e, lines.back()));
  }
  in.routes = &lines;
  in.obstacles = &problem.obstacles;
  Nudge(in, o);
  for (size_t k = 0; k < routes.size(); ++k) routes[k].points = Simplify(lines[k]);
  return routes;
}

}  // namespace dg::layout::route
