// The orthogonal router on hand-made problems: routes are orthogonal, end on
// their boxes' borders, keep clear of obstacles, share channels apart, pass
// their via point, and never fail.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "layout/ortho_router.hpp"

using namespace dg::layout;
using namespace dg::layout::route;

namespace {

Rect Box(double x, double y, double w, double h) { return {x, y, w, h, 0}; }

bool OnBorder(const Rect& r, Point p) {
  bool in_x = p.x >= r.x - 1e-6 && p.x <= r.x + r.w + 1e-6;
  bool in_y = p.y >= r.y - 1e-6 && p.y <= r.y + r.h + 1e-6;
  bool on_v = std::abs(p.x - r.x) < 1e-6 || std::abs(p.x - r.x - r.w) < 1e-6;
  bool on_h = std::abs(p.y - r.y) < 1e-6 || std::abs(p.y - r.y - r.h) < 1e-6;
  return (on_v && in_y) || (on_h && in_x);
}

bool Orthogonal(const std::vector<Point>& pts) {
  for (size_t k = 0; k + 1 < pts.size(); ++k)
    if (std::abs(pts[k].x - pts[k + 1].x) > 1e-6 && std::abs(pts[k].y - pts[k + 1].y) > 1e-6) return false;
  return true;
}

/// Does any segment pass strictly inside r?
bool Crosses(const std::vector<Point>& pts, const Rect& r) {
  for (size_t k = 0; k + 1 < pts.size(); ++k) {
    Point a = pts[k], b = pts[k + 1];
    double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x), y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
    if (x1 > r.x && x0 < r.x + r.w && y1 > r.y && y0 < r.y + r.h) return true;
  }
  return false;
}

/// Do two routes cross (a segment of one through the inside of the other's)?
bool RoutesCross(const std::vector<Point>& a, const std::vector<Point>& b) {
  for (size_t i = 0; i + 1 < a.size(); ++i) {
    for (size_t j = 0; j + 1 < b.size(); ++j) {
      Point p = a[i], q = a[i + 1], r = b[j], s = b[j + 1];
      bool a_vertical = std::abs(p.x - q.x) < 1e-6, b_vertical = std::abs(r.x - s.x) < 1e-6;
      if (a_vertical == b_vertical) continue;
      if (!a_vertical) std::swap(p, r), std::swap(q, s);  // p-q vertical, r-s horizontal
      if (p.x > std::min(r.x, s.x) && p.x < std::max(r.x, s.x) && r.y > std::min(p.y, q.y) &&
          r.y < std::max(p.y, q.y))
        return true;
    }
  }
  return false;
}

/// An edge between two obstacles of the problem.
EdgeRequest Between(const Problem& p, int a, int b) {
  EdgeRequest e;
  e.tail.box = p.obstacles[a].box;
  e.tail.obstacle = a;
  e.head.box = p.obstacles[b].box;
  e.head.obstacle = b;
  return e;
}

}  // namespace

TEST_CASE("ortho router: aligned boxes get one straight segment, border to border") {
  Problem p;
  p.obstacles = {{Box(0, 0, 80, 40)}, {Box(0, 120, 80, 40)}};
  p.edges = {Between(p, 0, 1)};
  std::vector<Route> r = RouteOrthogonal(p);
  REQUIRE(r.size() == 1);
  CHECK_FALSE(r[0].simple);
  REQUIRE(r[0].points.size() == 2);
  CHECK(r[0].points[0].y == doctest::Approx(40));
  CHECK(r[0].points[1].y == doctest::Approx(120));
  CHECK(r[0].points[0].x == doctest::Approx(40));  // the middle of the side
}

TEST_CASE("ortho router: goes around a box in the way, clear of it by the buffer") {
  Problem p;
  Rect wall = Box(-40, 70, 160, 20);
  p.obstacles = {{Box(0, 0, 80, 40)}, {Box(0, 120, 80, 40)}, {wall}};
  p.edges = {Between(p, 0, 1)};
  Options o;
  Route r = RouteOrthogonal(p, o)[0];
  CHECK_FALSE(r.simple);
  CHECK(Orthogonal(r.points));
  CHECK(OnBorder(p.obstacles[0].box, r.points.front()));
  CHECK(OnBorder(p.obstacles[1].box, r.points.back()));
  Rect kept{wall.x - o.buffer + 0.5, wall.y - o.buffer + 0.5, wall.w + 2 * o.buffer - 1, wall.h + 2 * o.buffer - 1, 0};
  CHECK_FALSE(Crosses(r.points, kept));
  CHECK(r.points.size() >= 4);  // a detour bends
}

TEST_CASE("ortho router: a fixed port is where the route starts, leaving along the side's normal") {
  Problem p;
  p.obstacles = {{Box(0, 0, 100, 80)}, {Box(200, 100, 100, 80)}};
  EdgeRequest e = Between(p, 0, 1);
  e.tail.ports = {{{100, 30}, Side::kRight}};
  e.head.ports = {{{200, 150}, Side::kLeft}};
  p.edges = {e};
  Options o;
  Route r = RouteOrthogonal(p, o)[0];
  REQUIRE(r.points.size() >= 2);
  CHECK(r.points.front().x == doctest::Approx(100));
  CHECK(r.points.front().y == doctest::Approx(30));
  CHECK(r.points[1].y == doctest::Approx(30));  // horizontal out of the right side
  CHECK(r.points[1].x >= 100 + o.stub - 1e-6);
  CHECK(r.points.back().x == doctest::Approx(200));
  CHECK(r.points.back().y == doctest::Approx(150));
  CHECK(Orthogonal(r.points));
}

TEST_CASE("ortho router: a later route avoids crossing a straight one, end segments included") {
  // A-B is one straight segment, border to border: nothing but end segments.
  // C-D's shortest way runs through the gap between A and B, across it; with
  // crossings dear it goes round A instead.
  Problem p;
  p.obstacles = {{Box(0, 0, 40, 40)}, {Box(0, 100, 40, 40)}, {Box(-150, 30, 40, 40)}, {Box(150, 30, 40, 40)}};
  p.edges = {Between(p, 0, 1), Between(p, 2, 3)};
  Options o;
  o.crossing_cost = 1000;
  std::vector<Route> r = RouteOrthogonal(p, o);
  REQUIRE(r[0].points.size() == 2);
  CHECK_FALSE(r[1].simple);
  CHECK_FALSE(RoutesCross(r[0].points, r[1].points));
  for (const Obstacle& b : p.obstacles) CHECK_FALSE(Crosses(r[1].points, b.box));
}

TEST_CASE("ortho router: two edges along one channel are nudged apart") {
  Problem p;
  p.obstacles = {{Box(0, 0, 200, 40)}, {Box(0, 200, 200, 40)}};
  p.edges = {Between(p, 0, 1), Between(p, 0, 1)};
  Options o;
  std::vector<Route> r = RouteOrthogonal(p, o);
  REQUIRE(r[0].points.size() == 2);
  REQUIRE(r[1].points.size() == 2);
  CHECK(std::abs(r[0].points[0].x - r[1].points[0].x) >= o.end_spacing - 1e-6);
}

TEST_CASE("ortho router: a via point is passed along its axis (a label beside the line)") {
  Problem p;
  p.obstacles = {{Box(0, 0, 80, 40)}, {Box(300, 200, 80, 40)}};
  EdgeRequest e = Between(p, 0, 1);
  e.via = Via{{150, 120}, true};
  p.edges = {e};
  Route r = RouteOrthogonal(p)[0];
  bool passed = false;
  for (size_t k = 0; k + 1 < r.points.size(); ++k) {
    Point a = r.points[k], b = r.points[k + 1];
    if (std::abs(a.x - 150) < 1e-6 && std::abs(b.x - 150) < 1e-6 && std::min(a.y, b.y) <= 120 &&
        std::max(a.y, b.y) >= 120)
      passed = true;
  }
  CHECK(passed);
}

TEST_CASE("ortho router: a route keeps out of a cluster that holds neither end when it can") {
  Problem p;
  p.obstacles = {{Box(0, 0, 60, 30)}, {Box(0, 300, 60, 30)}};
  p.clusters = {{Box(-20, 100, 100, 120), -1}};  // across the straight way down
  p.edges = {Between(p, 0, 1)};
  Route r = RouteOrthogonal(p)[0];
  CHECK_FALSE(Crosses(r.points, Box(-19, 101, 98, 118)));
  p.clusters[0].frame = Box(-400, 100, 860, 120);  // too wide to go round: straight through
  CHECK(RouteOrthogonal(p)[0].points.size() == 2);
}

TEST_CASE("ortho router: self-loops, degenerate boxes and oversized grids still get a route") {
  Problem p;
  p.obstacles = {{Box(0, 0, 80, 40)}, {Box(0, 0, 0, 0)}, {Box(10, 10, 80, 40)}};
  EdgeRequest self = Between(p, 0, 0);
  p.edges = {self, Between(p, 0, 1), Between(p, 0, 2)};  // a point box; overlapping boxes
  std::vector<Route> r = RouteOrthogonal(p);
  REQUIRE(r.size() == 3);
  CHECK(r[0].points.size() == 4);
  CHECK(r[0].points[0].x == doctest::Approx(80));  // out of the right side and back
  CHECK(r[0].points[3].x == doctest::Approx(80));
  for (const Route& x : r) CHECK(x.points.size() >= 2);
  Options tiny;
  tiny.max_grid_points = 4;  // too big to search: elbows
  std::vector<Route> e = RouteOrthogonal(p, tiny);
  CHECK(e[2].simple);
  CHECK(Orthogonal(e[2].points));
}

TEST_CASE("ortho router: the same problem gives the same routes") {
  Problem p;
  for (int i = 0; i < 12; ++i) p.obstacles.push_back({Box((i % 4) * 120.0, (i / 4) * 90.0, 70, 40)});
  for (int i = 0; i + 5 < 12; ++i) p.edges.push_back(Between(p, i, i + 5));
  std::vector<Route> a = RouteOrthogonal(p), b = RouteOrthogonal(p);
  REQUIRE(a.size() == b.size());
  for (size_t k = 0; k < a.size(); ++k) {
    REQUIRE(a[k].points.size() == b[k].points.size());
    for (size_t i = 0; i < a[k].points.size(); ++i) {
      CHECK(a[k].points[i].x == b[k].points[i].x);
      CHECK(a[k].points[i].y == b[k].points[i].y);
    }
    CHECK(Orthogonal(a[k].points));
    for (size_t o = 0; o < p.obstacles.size(); ++o) {
      if (int(o) == p.edges[k].tail.obstacle || int(o) == p.edges[k].head.obstacle) continue;
      CHECK_FALSE(Crosses(a[k].points, p.obstacles[o].box));
    }
  }
}

TEST_CASE("ortho router: ports on lines no other edge turns on are still reached, round every box") {
  // Tables in a staggered grid, each edge from a row port of one to a row
  // port of another at odd heights: the search turns only on shared lines
  // and its own ends' lines, so every port line below is some single edge's.
  Problem p;
  for (int i = 0; i < 20; ++i)
    p.obstacles.push_back({Box((i % 5) * 170.0 + (i / 5 % 2) * 40, (i / 5) * 130.0, 110, 70)});
  for (int i = 0; i < 20; ++i) {
    int j = (i * 7 + 3) % 20;
    if (j == i) continue;
    EdgeRequest e = Between(p, i, j);
    const Rect &a = p.obstacles[i].box, &b = p.obstacles[j].box;
    double ya = a.y + 21.5 + (i % 4) * 13.25, yb = b.y + 17.75 + (j % 3) * 15.5;
    e.tail.ports = {{{a.x + a.w, ya}, Side::kRight}, {{a.x, ya}, Side::kLeft}};
    e.head.ports = {{{b.x, yb}, Side::kLeft}, {{b.x + b.w, yb}, Side::kRight}};
    p.edges.push_back(e);
  }
  std::vector<Route> r = RouteOrthogonal(p);
  REQUIRE(r.size() == p.edges.size());
  for (size_t k = 0; k < r.size(); ++k) {
    CAPTURE(k);
    const EdgeRequest& e = p.edges[k];
    CHECK_FALSE(r[k].simple);
    CHECK(Orthogonal(r[k].points));
    auto at_port = [](const End& end, Point q) {
      for (const Port& port : end.ports)
        if (std::abs(port.at.x - q.x) < 1e-6 && std::abs(port.at.y - q.y) < 1e-6) return true;
      return false;
    };
    CHECK(at_port(e.tail, r[k].points.front()));
    CHECK(at_port(e.head, r[k].points.back()));
    for (size_t o = 0; o < p.obstacles.size(); ++o) {
      if (int(o) == e.tail.obstacle || int(o) == e.head.obstacle) continue;
      CHECK_FALSE(Crosses(r[k].points, p.obstacles[o].box));
    }
  }
}
