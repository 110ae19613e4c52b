// Our own lines end to end, on the 30+ table diagrams of tests/lint: every
// ER relation starts and ends on its tables' borders (ortho, polyline and
// mended splines), orthogonal lines are orthogonal, and no straight line
// runs through a table it does not connect.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "compiler/compile.hpp"
#include "layout/edge_router.hpp"
#include "layout/layout.hpp"
#include "tests/golden_util.hpp"

namespace dg::layout {
namespace {

Scene LayOut(const std::string& relative, const std::string& replace_from = "",
             const std::string& replace_to = "") {
  std::string path = testing::SourcePath(relative);
  std::string text = testing::ReadFile(path);
  if (!replace_from.empty()) text.replace(text.find(replace_from), replace_from.size(), replace_to);
  grammar::SourceFile file(path, text);
  grammar::Diagnostics diags(file);
  compiler::Language lang = relative.find(".dbml") != std::string::npos ? compiler::Language::kDbml
                                                                        : compiler::Language::kPlantUml;
  std::vector<ir::Diagram> diagrams = compiler::Compile(file, lang, {}, diags);
  REQUIRE(diags.ErrorCount() == 0);
  REQUIRE(diagrams.size() == 1);
  FixedWidthMeasurer measurer;
  std::vector<Scene> scenes = LayoutDiagram(diagrams[0], measurer, LayoutOptions{}, diags);
  REQUIRE(scenes.size() == 1);
  return scenes[0];
}

std::map<std::string, Rect> Tables(const Scene& s) {
  std::map<std::string, Rect> out;
  for (const Group& g : s.groups)
    if (g.cls == "node table" && !g.shapes.empty()) out[g.title] = std::get<Rect>(g.shapes[0].geometry);
  return out;
}

/// The line's corner points (a route's cubics are straight, so these are its polyline).
std::vector<Point> Corners(const Path& p) {
  std::vector<Point> out;
  for (const PathSeg& s : p.segs) {
    if (s.op == PathOp::kCubic) out.push_back(s.p[2]);
    else if (s.op != PathOp::kClose) out.push_back(s.p[0]);
  }
  return out;
}

double BorderDistance(const Rect& r, Point p) {
  double dx = std::max({r.x - p.x, 0.0, p.x - r.x - r.w}), dy = std::max({r.y - p.y, 0.0, p.y - r.y - r.h});
  double outside = std::hypot(dx, dy);
  if (outside > 0) return outside;
  return std::min({p.x - r.x, r.x + r.w - p.x, p.y - r.y, r.y + r.h - p.y});
}

bool Inside(const Rect& r, Point a, Point b) {  // the straight segment a-b enters r shrunk by 2
  double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x), y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  if (x1 <= r.x + 2 || x0 >= r.x + r.w - 2 || y1 <= r.y + 2 || y0 >= r.y + r.h - 2) return false;
  if (std::abs(a.x - b.x) < 1e-6 || std::abs(a.y - b.y) < 1e-6) return true;  // axis-parallel: the box test is exact
  for (int k = 0; k <= 64; ++k) {
    double t = k / 64.0, x = a.x + (b.x - a.x) * t, y = a.y + (b.y - a.y) * t;
    if (x > r.x + 2 && x < r.x + r.w - 2 && y > r.y + 2 && y < r.y + r.h - 2) return true;
  }
  return false;
}

/// Checks every relation of `s`; `straight`: lines are polylines (ortho, polyline).
void CheckEnds(const Scene& s, bool straight, bool orthogonal) {
  std::map<std::string, Rect> tables = Tables(s);
  int edges = 0;
  for (const Group& g : s.groups) {
    if (g.cls.rfind("edge", 0) != 0) continue;
    size_t arrow = g.title.find("->");
    REQUIRE(arrow != std::string::npos);
    const Rect& from = tables.at(g.title.substr(0, arrow));
    const Rect& to = tables.at(g.title.substr(arrow + 2));
    std::vector<Point> line = Corners(std::get<Path>(g.shapes[0].geometry));
    REQUIRE(line.size() >= 2);
    CAPTURE(g.title);
    CHECK(BorderDistance(from, line.front()) < 0.5);
    CHECK(BorderDistance(to, line.back()) < 0.5);
    ++edges;
    if (!straight) continue;
    for (size_t k = 0; k + 1 < line.size(); ++k) {
      if (orthogonal)
        CHECK((std::abs(line[k].x - line[k + 1].x) < 1e-3 || std::abs(line[k].y - line[k + 1].y) < 1e-3));
      for (const auto& [name, box] : tables) {
        if (g.title.substr(0, arrow) == name || g.title.substr(arrow + 2) == name) continue;
        CAPTURE(name);
        CHECK_FALSE(Inside(box, line[k], line[k + 1]));
      }
    }
  }
  CHECK(edges >= 40);
}

}  // namespace

TEST_CASE("own lines: every relation of a 34-table ER diagram ends on its tables' borders") {
  SUBCASE("ortho") { CheckEnds(LayOut("tests/lint/shop-ortho.puml"), true, true); }
  SUBCASE("polyline") {
    CheckEnds(LayOut("tests/lint/shop.puml", "linetype spline", "linetype polyline"), true, false);
  }
  SUBCASE("spline") { CheckEnds(LayOut("tests/lint/shop.puml"), false, false); }
  SUBCASE("DBML refs to columns, in table groups") { CheckEnds(LayOut("tests/lint/saas.dbml"), false, false); }
}

TEST_CASE("own lines: a DBML column ref ends at its column's row") {
  Scene s = LayOut("tests/lint/saas.dbml");
  std::map<std::string, Rect> tables = Tables(s);
  for (const Group& g : s.groups) {
    if (g.title != "payments->invoices") continue;
    std::vector<Point> line = Corners(std::get<Path>(g.shapes[0].geometry));
    const Rect& payments = tables.at("payments");
    // payments.invoice_id is the second row, under the header: well below the top.
    CHECK(line.front().y > payments.y + payments.h * 0.3);
    CHECK(line.front().y < payments.y + payments.h * 0.7);
    return;
  }
  FAIL("no payments->invoices edge");
}

TEST_CASE("own lines: linetype names") {
  CHECK(ToLineType("ortho") == LineType::kOrtho);
  CHECK(ToLineType("polyline") == LineType::kPolyline);
  CHECK(ToLineType("spline") == LineType::kSpline);
  CHECK(ToLineType("") == LineType::kSpline);
}

}  // namespace dg::layout
