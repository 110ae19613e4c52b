// Containment of the layout engine (issue 11): the child process, the plan
// that keeps dot 2.42 away from what it crashes on, and the geometry that
// plan needs afterwards.
#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <vector>

#include "layout/child_process.hpp"
#include "layout/graphviz.hpp"
#include "layout/graphviz_plan.hpp"

namespace gv = dg::layout::gv;
using dg::layout::ChildLimits;
using dg::layout::ChildOutcome;
using dg::layout::Point;
using dg::layout::Rect;
using dg::layout::RunInChild;

namespace {

ChildLimits Short() {
  ChildLimits l;
  l.cpu_seconds = 1;
  l.wall_seconds = 60;  // generous: a loaded machine must not turn the test red
  return l;
}

gv::EdgeSpec Edge(int t, int h, int minlen = 1) {
  gv::EdgeSpec e;
  e.tail = t;
  e.head = h;
  e.minlen = minlen;
  e.head_arrow = true;
  return e;
}

bool Same(Point a, Point b) { return a.x == b.x && a.y == b.y; }

}  // namespace

TEST_CASE("RunInChild returns what the work returned, and its stderr") {
  ChildOutcome r = RunInChild(
      [] {
        std::fprintf(stderr, "said on stderr\n");
        return std::string("answer\0with a zero", 18);
      },
      Short());
  CHECK(r.status == ChildOutcome::Status::kOk);
  CHECK(r.output == std::string("answer\0with a zero", 18));
  CHECK(r.stderr_text == "said on stderr\n");
}

TEST_CASE("RunInChild survives a child that crashes, aborts, throws or spins") {
  ChildOutcome segv = RunInChild([]() -> std::string { raise(SIGSEGV); return "x"; }, Short());
  CHECK(segv.status == ChildOutcome::Status::kCrashed);
  CHECK(segv.reason == "crashed (SIGSEGV)");
  CHECK(segv.output.empty());

  ChildOutcome thrown =
      RunInChild([]() -> std::string { throw std::runtime_error("boom"); }, Short());
  CHECK(thrown.status == ChildOutcome::Status::kCrashed);
  CHECK(thrown.stderr_text.find("boom") != std::string::npos);

  // Exits "cleanly" without answering: still no answer.
  ChildOutcome quiet = RunInChild([]() -> std::string { _exit(0); }, Short());
  CHECK(quiet.status == ChildOutcome::Status::kCrashed);
  CHECK(quiet.reason == "ended without an answer");

  // A runaway is stopped by its CPU limit (1 s here), however long that takes
  // on a loaded machine.
  ChildOutcome spin = RunInChild(
      []() -> std::string {
        volatile unsigned long n = 0;
        for (;;) n = n + 1;
      },
      Short());
  CHECK(spin.status == ChildOutcome::Status::kTimedOut);
  CHECK(spin.reason == "used more than 1 s of CPU");
}

TEST_CASE("RunInChild stops a child that waits past the wall-clock limit") {
  ChildLimits l = Short();
  l.wall_seconds = 0.5;  // sleeping uses no CPU: only the wall clock can stop it
  ChildOutcome r = RunInChild([]() -> std::string { pause(); return ""; }, l);
  CHECK(r.status == ChildOutcome::Status::kTimedOut);
  CHECK(r.reason.find("did not finish within") == 0);
}

TEST_CASE("gv::Layout in a child gives exactly the in-process layout of its plan") {
  gv::GraphSpec g;
  int c = g.AddCluster({-1, {40, 14}});
  int a = g.AddNode({{60, 30}, gv::NodeShape::kBox, c});
  int b = g.AddNode({{70, 30}, gv::NodeShape::kBox, c});
  int d = g.AddNode({{50, 40}, gv::NodeShape::kCylinder});
  gv::EdgeSpec labelled = Edge(a, d);
  labelled.label = {30, 14};
  g.AddEdge(labelled);
  g.AddEdge(Edge(a, b, 0));
  g.AddEdge(Edge(b, d));

  gv::LayoutResult contained, direct;
  std::string err;
  REQUIRE(gv::Layout(g, &contained, &err));
  gv::DotPlan plan(g, gv::Plan::kFull);
  REQUIRE(gv::LayoutInProcess(plan.dot_spec(), &direct, &err));
  direct = plan.MapBack(direct);

  CHECK(contained.simplified.empty());
  CHECK(contained.size.w == direct.size.w);
  CHECK(contained.size.h == direct.size.h);
  REQUIRE(contained.nodes.size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(Same(contained.nodes[i].center, direct.nodes[i].center));
  REQUIRE(contained.edges.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    REQUIRE(contained.edges[i].points.size() == direct.edges[i].points.size());
    for (size_t k = 0; k < direct.edges[i].points.size(); ++k)
      CHECK(Same(contained.edges[i].points[k], direct.edges[i].points[k]));
  }
  REQUIRE(contained.edges[0].label.has_value());
  CHECK(Same(*contained.edges[0].label, *direct.edges[0].label));
}

TEST_CASE("DotPlan gives dot no edge labels, no compound edges, no ortho") {
  gv::GraphSpec g;
  g.settings.splines = gv::Splines::kOrtho;
  int c = g.AddCluster({-1, {40, 14}});
  int a = g.AddNode({{60, 30}});
  int anchor = g.AddNode({{1, 1}, gv::NodeShape::kPoint, c});
  int b = g.AddNode({{60, 30}, gv::NodeShape::kBox, c});
  gv::EdgeSpec to_cluster = Edge(a, anchor, 0);
  to_cluster.lhead = c;
  to_cluster.label = {20, 12};
  g.AddEdge(to_cluster);
  gv::EdgeSpec ranked = Edge(a, b);
  ranked.label = {30, 12};
  g.AddEdge(ranked);

  gv::DotPlan plan(g, gv::Plan::kFull);
  const gv::GraphSpec& dot = plan.dot_spec();
  CHECK(dot.settings.splines == gv::Splines::kSpline);
  CHECK(dot.nodes.size() == 5);  // one label node per labelled edge
  CHECK(dot.edges.size() == 4);  // each labelled edge in two halves
  for (const gv::EdgeSpec& e : dot.edges) {
    CHECK(e.label.w == 0);
    CHECK(e.lhead == -1);
    CHECK(e.ltail == -1);
  }
  // The ranked label sits beside a thin cell on a rank of its own: ranks halve.
  CHECK(dot.settings.ranksep == doctest::Approx(g.settings.ranksep / 2));
  CHECK(dot.nodes[4].shape == gv::NodeShape::kEdgeLabel);
  CHECK(dot.nodes[3].cluster == -1);  // the label of an edge to c lies outside c

  gv::LayoutResult r;
  std::string err;
  REQUIRE(gv::Layout(g, &r, &err));
  REQUIRE(r.edges.size() == 2);
  // The edge to the cluster ends on the cluster's frame, arrow tip included.
  const Rect& frame = r.clusters[0].rect;
  REQUIRE(r.edges[0].head_tip.has_value());
  Point tip = *r.edges[0].head_tip;
  bool on_frame = std::abs(tip.x - frame.x) < 0.01 || std::abs(tip.x - frame.x - frame.w) < 0.01 ||
                  std::abs(tip.y - frame.y) < 0.01 || std::abs(tip.y - frame.y - frame.h) < 0.01;
  CHECK(on_frame);
  CHECK(r.edges[0].label.has_value());
  CHECK(r.edges[1].label.has_value());
}

TEST_CASE("DotPlan gives dot one edge per pair of ends; the others are drawn beside it") {
  gv::GraphSpec g;
  int c0 = g.AddCluster({-1, {30, 14}}), c1 = g.AddCluster({-1, {30, 14}});
  int a = g.AddNode({{60, 30}, gv::NodeShape::kBox, c0});
  int b = g.AddNode({{60, 30}, gv::NodeShape::kBox, c1});
  g.AddEdge(Edge(a, b));
  g.AddEdge(Edge(a, b));
  g.AddEdge(Edge(b, a));  // two-way between clusters: dot 2.42 loops on these
  gv::DotPlan plan(g, gv::Plan::kFull);
  CHECK(plan.dot_spec().edges.size() == 1);

  gv::LayoutResult r;
  std::string err;
  REQUIRE(gv::Layout(g, &r, &err));
  REQUIRE(r.edges.size() == 3);
  for (const gv::EdgeGeometry& e : r.edges) REQUIRE(e.points.size() >= 4);
  // Three distinct lines, the reversed one with its arrow at a.
  CHECK_FALSE(Same(r.edges[0].points[0], r.edges[1].points[0]));
  CHECK_FALSE(Same(r.edges[0].points[0], r.edges[2].points.back()));
  REQUIRE(r.edges[2].head_tip.has_value());
  CHECK(std::abs(r.edges[2].head_tip->y - r.nodes[a].center.y) <
        std::abs(r.edges[2].head_tip->y - r.nodes[b].center.y));
}

TEST_CASE("The safe plan ranks every edge and routes none") {
  gv::GraphSpec g;
  int a = g.AddNode({{60, 30}}), b = g.AddNode({{60, 30}}), c = g.AddNode({{60, 30}});
  g.AddEdge(Edge(a, b, 0));
  gv::EdgeSpec loose = Edge(b, c);
  loose.constraint = false;
  g.AddEdge(loose);
  gv::DotPlan plan(g, gv::Plan::kSafe);
  CHECK(plan.dot_spec().settings.splines == gv::Splines::kNone);
  REQUIRE(plan.dot_spec().edges.size() == 1);  // the loose edge is drawn, not laid out
  CHECK(plan.dot_spec().edges[0].minlen == 1);
}

TEST_CASE("ClipAtFrame ends an edge on the frame, with room for its arrow") {
  gv::EdgeGeometry e;
  e.points = {{0, 50}, {30, 50}, {60, 50}, {90, 50}};
  e.head_tip = Point{100, 50};
  gv::ClipAtFrame(&e, Rect{50, 0, 100, 100, 0}, true);
  REQUIRE(e.head_tip.has_value());
  CHECK(e.head_tip->x == doctest::Approx(50).epsilon(1e-6));
  CHECK(e.points.back().x == doctest::Approx(40).epsilon(1e-6));
  CHECK(e.points.front().x == doctest::Approx(0));

  gv::EdgeGeometry outside;
  outside.points = {{0, 0}, {1, 0}, {2, 0}, {3, 0}};
  gv::ClipAtFrame(&outside, Rect{50, 50, 10, 10, 0}, true);  // never enters: unchanged
  CHECK(outside.points.back().x == 3);
}

TEST_CASE("FitArrows moves the arrow room to the end that has the arrow") {
  gv::EdgeGeometry e;
  e.points = {{0, 0}, {30, 0}, {60, 0}, {90, 0}};
  e.head_tip = Point{100, 0};  // dot put it at the head; the tail has it
  gv::FitArrows(&e, true, false);
  CHECK_FALSE(e.head_tip.has_value());
  REQUIRE(e.tail_tip.has_value());
  CHECK(e.tail_tip->x == doctest::Approx(0));
  CHECK(e.points.front().x == doctest::Approx(10).epsilon(1e-6));
  CHECK(e.points.back().x == doctest::Approx(100).epsilon(1e-6));
}

TEST_CASE("StraightEdge runs border to border and leaves room for arrows") {
  gv::NodeBox a{{0, 0}, {20, 20}}, b{{100, 0}, {20, 20}};
  gv::EdgeGeometry e = gv::StraightEdge(a, b, false, true);
  CHECK(e.points.front().x == doctest::Approx(10));
  REQUIRE(e.head_tip.has_value());
  CHECK(e.head_tip->x == doctest::Approx(90));
  CHECK(e.points.back().x == doctest::Approx(80));
  gv::EdgeGeometry loop = gv::StraightEdge(a, a, false, true);  // a self-loop, not a point
  CHECK(loop.points.size() == 4);
  CHECK(loop.head_tip.has_value());
}

TEST_CASE("Graphviz's messages come back as warnings that name the caller's nodes") {
  gv::GraphSpec g;
  gv::NodeSpec a{{60, 30}};
  a.name = "Frontend.Web";
  g.AddNode(a);
  g.AddNode({{60, 30}});
  gv::EdgeSpec e = Edge(0, 1);
  e.tail_port = "nowhere";  // dot warns and ignores it
  g.AddEdge(e);
  gv::LayoutResult r;
  std::string err;
  REQUIRE(gv::Layout(g, &r, &err));
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "Warning: node \"Frontend.Web\", port nowhere unrecognized");

  dg::grammar::SourceFile file("x.puml", "@startuml\n@enduml\n");
  dg::grammar::Diagnostics diags(file);
  gv::ReportWarnings(r, diags);
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].severity == dg::grammar::Severity::kWarning);
  CHECK(diags.items()[0].code == "layout-graphviz");
  CHECK(diags.items()[0].message == "graphviz: node \"Frontend.Web\", port nowhere unrecognized");
}

namespace {

/// The shape of c4-deployment's "Delivers to": a cluster holds both the
/// tail of an edge into `bus` and the head of the labelled edge out of it.
struct BackEdgeGraph {
  gv::GraphSpec g;
  int worker = -1, bus = -1;
  BackEdgeGraph() {
    int region = g.AddCluster({-1, {120, 40}});
    int k8s = g.AddCluster({region, {170, 40}});
    int kafka = g.AddCluster({region, {140, 40}});
    int api = g.AddNode({{200, 100}, gv::NodeShape::kBox, k8s});
    worker = g.AddNode({{220, 85}, gv::NodeShape::kBox, k8s});
    bus = g.AddNode({{190, 85}, gv::NodeShape::kBox, kafka});
    gv::EdgeSpec publishes = Edge(api, bus);
    publishes.label = {82, 20};
    g.AddEdge(publishes);
    gv::EdgeSpec delivers = Edge(bus, worker);
    delivers.label = {80, 20};
    g.AddEdge(delivers);
  }
};

bool MonotoneOnY(const std::vector<Point>& pts) {
  bool down = true, up = true;
  for (size_t k = 1; k < pts.size(); ++k) {
    down = down && pts[k].y >= pts[k - 1].y - 0.5;
    up = up && pts[k].y <= pts[k - 1].y + 0.5;
  }
  return down || up;
}

}  // namespace

TEST_CASE("A label node dot puts outside its edge's ends is laid out again with the chain reversed") {
  BackEdgeGraph b;
  // dot turns half of the chain bus -> label -> worker round on this graph.
  gv::DotPlan plan(b.g, gv::Plan::kFull);
  gv::LayoutResult dot;
  std::string err;
  REQUIRE(gv::LayoutInProcess(plan.dot_spec(), &dot, &err));
  CHECK(plan.BackwardLabels(dot) == std::set<int>{1});

  for (bool contained : {true, false}) {
    CAPTURE(contained);
    b.g.settings.contained = contained;
    gv::LayoutResult r;
    REQUIRE(gv::Layout(b.g, &r, &err));
    const gv::EdgeGeometry& delivers = r.edges[1];
    REQUIRE(delivers.label.has_value());
    double bus_y = r.nodes[b.bus].center.y, worker_y = r.nodes[b.worker].center.y;
    CHECK((delivers.label->y - bus_y) * (worker_y - delivers.label->y) > 0);
    CHECK(MonotoneOnY(delivers.points));
    // Still drawn from bus to worker, the arrow at the worker.
    REQUIRE(delivers.head_tip.has_value());
    CHECK(!delivers.tail_tip.has_value());
    double to_worker = std::abs(delivers.head_tip->y - worker_y), to_bus = std::abs(delivers.head_tip->y - bus_y);
    CHECK(to_worker < to_bus);
  }
}

TEST_CASE("Without dot's lines a labelled edge runs through its label node's cell, with no warning") {
  gv::GraphSpec g;
  g.settings.splines = gv::Splines::kNone;  // the caller routes every line itself
  int a = g.AddNode({{80, 40}}), b = g.AddNode({{80, 40}});
  gv::EdgeSpec labelled = Edge(a, b);
  labelled.label = {60, 14};
  g.AddEdge(labelled);
  gv::LayoutResult r;
  std::string err;
  REQUIRE(gv::Layout(g, &r, &err));
  for (const std::string& w : r.warnings) CHECK(w.find("could not route") == std::string::npos);
  const gv::EdgeGeometry& e = r.edges[0];
  REQUIRE(e.label.has_value());
  double ya = r.nodes[a].center.y, yb = r.nodes[b].center.y;
  CHECK((e.label->y - ya) * (yb - e.label->y) > 0);
  CHECK(MonotoneOnY(e.points));
  // The line passes beside the label (left of it), not through it.
  bool beside = false;
  for (const Point& p : e.points)
    beside = beside || (std::abs(p.y - e.label->y) < 7 && p.x < e.label->x - 30 + 0.01);
  CHECK(beside);
  REQUIRE(e.head_tip.has_value());
  CHECK(std::abs(e.head_tip->y - (yb - 20)) < 0.5);  // on b's top border
}
