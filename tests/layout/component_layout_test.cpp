#include "layout/component_layout.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <set>
#include <string>

#include "grammar/diagnostics.hpp"
#include "grammar/source.hpp"
#include "layout/layout.hpp"

using namespace dg;
using layout::Group;
using layout::Rect;
using layout::Scene;

namespace {

ir::RichText Txt(const std::string& s) {
  ir::RichText t;
  t.lines.push_back({ir::TextRun{s}});
  return t;
}

int AddNode(ir::ComponentGraph* g, const std::string& id, const std::string& kind = "component",
            int cluster = -1) {
  ir::Node n;
  n.id = id;
  n.kind = kind;
  n.label = Txt(id.substr(id.rfind('.') == std::string::npos ? 0 : id.rfind('.') + 1));
  n.cluster = cluster;
  g->nodes.push_back(n);
  return int(g->nodes.size()) - 1;
}

int AddCluster(ir::ComponentGraph* g, const std::string& id, const std::string& kind,
               int parent = -1) {
  ir::Cluster c;
  c.id = id;
  c.kind = kind;
  c.label = Txt(id);
  c.parent = parent;
  g->clusters.push_back(c);
  return int(g->clusters.size()) - 1;
}

ir::Edge& AddEdge(ir::ComponentGraph* g, int from, int to, int length = 2) {
  ir::Edge e;
  e.from = {ir::EndpointRef::Type::kNode, from};
  e.to = {ir::EndpointRef::Type::kNode, to};
  e.head = ir::ArrowHead::kNormal;
  e.length = length;
  g->edges.push_back(e);
  return g->edges.back();
}

struct Run {
  grammar::SourceFile file{"t.puml", ""};
  grammar::Diagnostics diags{file};
  std::vector<Scene> scenes;
};

std::unique_ptr<Run> Lay(const ir::ComponentGraph& g, const std::string& prefix = "") {
  auto r = std::make_unique<Run>();
  layout::FixedWidthMeasurer m;
  layout::LayoutOptions o;
  o.id_prefix = prefix;
  ir::Diagram d;
  d.body = g;
  r->scenes = layout::LayoutDiagram(d, m, o, r->diags);
  return r;
}

struct Box {
  double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
  void Add(double x, double y) {
    x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
  }
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
  bool Contains(const Box& o, double tol = 0.01) const {
    return o.x0 >= x0 - tol && o.y0 >= y0 - tol && o.x1 <= x1 + tol && o.y1 <= y1 + tol;
  }
  bool Overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

void AddShape(Box* b, const layout::Shape& s, bool with_text = true) {
  std::visit(
      [&](const auto& g) {
        using T = std::decay_t<decltype(g)>;
        if constexpr (std::is_same_v<T, Rect>) {
          b->Add(g.x, g.y), b->Add(g.x + g.w, g.y + g.h);
        } else if constexpr (std::is_same_v<T, layout::Ellipse>) {
          b->Add(g.cx - g.rx, g.cy - g.ry), b->Add(g.cx + g.rx, g.cy + g.ry);
        } else if constexpr (std::is_same_v<T, layout::Text>) {
          if (!with_text) return;
          double x0 = g.anchor == layout::Anchor::kStart ? g.x
                      : g.anchor == layout::Anchor::kEnd ? g.x - g.width
                                                         : g.x - g.width / 2;
          double size = g.spans.empty() ? 12 : g.spans[0].font.size;
          b->Add(x0, g.y - 0.9 * size), b->Add(x0 + g.width, g.y + 0.25 * size);
        } else {
          for (const auto& seg : g.segs) {
            int n = seg.op == layout::PathOp::kCubic ? 3 : seg.op == layout::PathOp::kClose ? 0 : 1;
            for (int i = 0; i < n; ++i) b->Add(seg.p[i].x, seg.p[i].y);
          }
        }
      },
      s.geometry);
}

Box Bounds(const Group& g, bool with_text = true) {
  Box b;
  for (const auto& s : g.shapes) AddShape(&b, s, with_text);
  return b;
}

const Group* Find(const Scene& s, const std::string& title, const std::string& cls_prefix) {
  for (const Group& g : s.groups)
    if (g.title == title && g.cls.rfind(cls_prefix, 0) == 0) return &g;
  return nullptr;
}

std::string Num(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + 64, v, std::chars_format::fixed, 3);
  return std::string(buf, r.ptr);
}

/// A serialisation of everything in the scene, for determinism checks.
std::string Serialise(const Scene& s) {
  std::string out = Num(s.width) + "x" + Num(s.height) + "\n";
  for (const Group& g : s.groups) {
    out += g.cls + "|" + g.id + "|" + g.title + "\n";
    for (const auto& sh : g.shapes) {
      Box b;
      AddShape(&b, sh);
      out += " " + std::to_string(int(sh.role)) + " " + Num(b.x0) + "," + Num(b.y0) + "," +
             Num(b.x1) + "," + Num(b.y1) + "\n";
    }
  }
  return out;
}

/// The first path of an edge group (the spline) as its start and end points.
std::pair<layout::Point, layout::Point> Ends(const Group& g) {
  const auto& path = std::get<layout::Path>(g.shapes.at(0).geometry);
  layout::Point first = path.segs.front().p[0];
  const auto& last = path.segs.back();
  return {first, last.op == layout::PathOp::kCubic ? last.p[2] : last.p[0]};
}

/// Distance from p to the border of box b (0 on the border).
double BorderDistance(const Box& b, layout::Point p) {
  double dx = std::max({b.x0 - p.x, 0.0, p.x - b.x1}), dy = std::max({b.y0 - p.y, 0.0, p.y - b.y1});
  if (dx > 0 || dy > 0) return std::hypot(dx, dy);
  return std::min({p.x - b.x0, b.x1 - p.x, p.y - b.y0, b.y1 - p.y});
}

/// The arrow tip of an edge group: the filled triangle's first point.
layout::Point Tip(const Group& g) {
  for (const auto& s : g.shapes)
    if (s.role == layout::Role::kArrowFilled)
      return std::get<layout::Path>(s.geometry).segs[0].p[0];
  FAIL("no arrowhead");
  return {};
}

ir::ComponentGraph Clustered(int n) {
  ir::ComponentGraph g;
  int clusters = n / 10;
  for (int c = 0; c < clusters; ++c)
    AddCluster(&g, "Pack" + std::to_string(c), c % 2 ? "node" : "package");
  for (int i = 0; i < n; ++i)
    AddNode(&g, "Pack" + std::to_string(i % clusters) + ".Svc" + std::to_string(i),
            i % 3 ? "component" : "database", i % clusters);
  for (int i = 0; i + 1 < n; ++i) AddEdge(&g, i, (i * 7 + 3) % n);
  return g;
}

}  // namespace

TEST_CASE("component layout: groups, classes and titles follow DESIGN.md") {
  ir::ComponentGraph g;
  int pack = AddCluster(&g, "Backend", "package");
  int a = AddNode(&g, "Web", "component");
  int b = AddNode(&g, "Backend.Api", "component", pack);
  int db = AddNode(&g, "Backend.Db", "database", pack);
  AddEdge(&g, a, b);
  AddEdge(&g, b, db).line = ir::LineStyle::kDashed;
  ir::Note note;
  note.id = "N1";
  note.text = Txt("remember");
  note.position = ir::NotePosition::kRight;
  note.target = ir::EndpointRef{ir::EndpointRef::Type::kNode, a};
  g.notes.push_back(note);
  auto r = Lay(g, "p-");
  REQUIRE(r->scenes.size() == 1);
  CHECK_FALSE(r->diags.HasErrors());
  const Scene& s = r->scenes[0];
  const Group* api = Find(s, "Backend.Api", "node ");
  REQUIRE(api);
  CHECK(api->cls == "node component");
  CHECK(api->id == "p-Backend_Api");
  const Group* dbg = Find(s, "Backend.Db", "node ");
  REQUIRE(dbg);
  CHECK(dbg->cls == "node database");
  const Group* cl = Find(s, "Backend", "cluster");
  REQUIRE(cl);
  CHECK(cl->cls == "cluster package");
  const Group* e1 = Find(s, "Web->Backend.Api", "edge");
  REQUIRE(e1);
  CHECK(e1->cls == "edge");
  const Group* e2 = Find(s, "Backend.Api->Backend.Db", "edge");
  REQUIRE(e2);
  CHECK(e2->cls == "edge dashed");
  int notes = 0;
  for (const Group& grp : s.groups) notes += grp.cls == "note";
  CHECK(notes == 1);
  // Every id is unique and uses only [A-Za-z0-9_-].
  std::set<std::string> ids;
  for (const Group& grp : s.groups) {
    CHECK(ids.insert(grp.id).second);
    CHECK(grp.id.find_first_not_of(
              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
          std::string::npos);
  }
  // Draw order: the cluster comes before the nodes inside it.
  CHECK(cl < api);
  // The note sits right of its target.
  const Group* web = Find(s, "Web", "node ");
  for (const Group& grp : s.groups)
    if (grp.cls == "note") CHECK(Bounds(grp, false).x0 > Bounds(*web, false).cx());
}

TEST_CASE("component layout: geometric invariants on a clustered graph") {
  ir::ComponentGraph g = Clustered(30);
  g.decorations.title = Txt("A title that is rather long for the diagram");
  g.decorations.legend = Txt("legend");
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  const Scene& s = r->scenes[0];
  Box scene{0, 0, s.width, s.height};
  std::vector<Box> nodes;
  for (const Group& grp : s.groups) {
    Box b = Bounds(grp);
    CHECK(scene.Contains(b));
    if (grp.cls.rfind("node ", 0) == 0) nodes.push_back(Bounds(grp, false));
  }
  REQUIRE(nodes.size() == 30);
  for (size_t i = 0; i < nodes.size(); ++i)
    for (size_t j = i + 1; j < nodes.size(); ++j) CHECK_FALSE(nodes[i].Overlaps(nodes[j]));
  // Every cluster contains its children.
  for (const ir::Node& n : g.nodes) {
    const Group* node = Find(s, n.id, "node ");
    const Group* cl = Find(s, g.clusters[n.cluster].id, "cluster");
    REQUIRE(node);
    REQUIRE(cl);
    CHECK(Bounds(*cl).Contains(Bounds(*node)));
  }
}

TEST_CASE("component layout: edges start at the tail border and the tip touches the head") {
  ir::ComponentGraph g;
  int a = AddNode(&g, "A"), b = AddNode(&g, "B"), c = AddNode(&g, "C"), d = AddNode(&g, "D");
  AddEdge(&g, a, b);
  AddEdge(&g, a, c);
  AddEdge(&g, b, d, 1);
  AddEdge(&g, d, a).direction = ir::Direction::kUp;
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  const Scene& s = r->scenes[0];
  int edges = 0;
  for (const ir::Edge& e : g.edges) {
    const std::string from = g.nodes[e.from.index].id, to = g.nodes[e.to.index].id;
    const Group* grp = Find(s, from + "->" + to, "edge");
    REQUIRE(grp);
    ++edges;
    Box tail = Bounds(*Find(s, from, "node "), false), head = Bounds(*Find(s, to, "node "), false);
    CHECK(BorderDistance(tail, Ends(*grp).first) < 1.5);
    CHECK(BorderDistance(head, Tip(*grp)) < 1.5);
  }
  CHECK(edges == 4);
}

TEST_CASE("component layout: arrow length decides the rank, left_to_right turns it") {
  ir::ComponentGraph g;
  int a = AddNode(&g, "A"), b = AddNode(&g, "B");
  AddEdge(&g, a, b, 1);
  auto r = Lay(g);
  Box ba = Bounds(*Find(r->scenes[0], "A", "node "), false),
      bb = Bounds(*Find(r->scenes[0], "B", "node "), false);
  CHECK(ba.cy() == doctest::Approx(bb.cy()));
  CHECK(ba.cx() < bb.cx());

  g.edges[0].length = 2;
  r = Lay(g);
  ba = Bounds(*Find(r->scenes[0], "A", "node "), false),
  bb = Bounds(*Find(r->scenes[0], "B", "node "), false);
  CHECK(bb.y0 > ba.y1);

  g.left_to_right = true;
  r = Lay(g);
  ba = Bounds(*Find(r->scenes[0], "A", "node "), false),
  bb = Bounds(*Find(r->scenes[0], "B", "node "), false);
  CHECK(bb.x0 > ba.x1);

  g.edges[0].length = 1;  // `->` under left to right direction: b below a, like PlantUML
  r = Lay(g);
  ba = Bounds(*Find(r->scenes[0], "A", "node "), false),
  bb = Bounds(*Find(r->scenes[0], "B", "node "), false);
  CHECK(bb.y0 > ba.y1);
  CHECK(ba.cx() == doctest::Approx(bb.cx()));

  g.left_to_right = false;
  g.edges[0].direction = ir::Direction::kUp;
  r = Lay(g);
  ba = Bounds(*Find(r->scenes[0], "A", "node "), false),
  bb = Bounds(*Find(r->scenes[0], "B", "node "), false);
  CHECK(bb.y1 < ba.y0);

  g.edges[0].direction = ir::Direction::kLeft;
  r = Lay(g);
  ba = Bounds(*Find(r->scenes[0], "A", "node "), false),
  bb = Bounds(*Find(r->scenes[0], "B", "node "), false);
  CHECK(bb.x1 < ba.x0);
  CHECK(ba.cy() == doctest::Approx(bb.cy()));
}

TEST_CASE("component layout: notes sit on the side they name, with a dashed connector") {
  const ir::NotePosition positions[] = {ir::NotePosition::kLeft, ir::NotePosition::kRight,
                                        ir::NotePosition::kTop, ir::NotePosition::kBottom};
  for (bool lr : {false, true}) {
    for (ir::NotePosition pos : positions) {
      ir::ComponentGraph g;
      g.left_to_right = lr;
      AddNode(&g, "A");
      ir::Note n;
      n.id = "N";
      n.text = Txt("note text");
      n.position = pos;
      n.target = ir::EndpointRef{ir::EndpointRef::Type::kNode, 0};
      g.notes.push_back(n);
      auto r = Lay(g);
      REQUIRE(r->scenes.size() == 1);
      Box a = Bounds(*Find(r->scenes[0], "A", "node "), false);
      const Group* note = nullptr;
      for (const Group& grp : r->scenes[0].groups)
        if (grp.cls == "note") note = &grp;
      REQUIRE(note);
      Box nb;
      for (const auto& sh : note->shapes)
        if (sh.role == layout::Role::kNote) AddShape(&nb, sh);
      CAPTURE(lr);
      CAPTURE(int(pos));
      if (pos == ir::NotePosition::kLeft) CHECK(nb.x1 < a.x0);
      if (pos == ir::NotePosition::kRight) CHECK(nb.x0 > a.x1);
      if (pos == ir::NotePosition::kTop) CHECK(nb.y1 < a.y0);
      if (pos == ir::NotePosition::kBottom) CHECK(nb.y0 > a.y1);
      CHECK(note->shapes[0].paint.dash.size() == 2);  // the connector comes first
    }
  }
}

TEST_CASE("component layout: hidden edges are laid out but emit no group") {
  ir::ComponentGraph g;
  int a = AddNode(&g, "A"), b = AddNode(&g, "B");
  AddEdge(&g, a, b).hidden = true;
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  for (const Group& grp : r->scenes[0].groups) CHECK(grp.cls.rfind("edge", 0) != 0);
  Box ba = Bounds(*Find(r->scenes[0], "A", "node "), false),
      bb = Bounds(*Find(r->scenes[0], "B", "node "), false);
  CHECK(bb.y0 > ba.y1);  // still ranked by the hidden edge
}

TEST_CASE("component layout is deterministic") {
  ir::ComponentGraph g = Clustered(30);
  std::string first = Serialise(Lay(g)->scenes.at(0));
  for (int i = 0; i < 4; ++i) CHECK(Serialise(Lay(g)->scenes.at(0)) == first);
}

TEST_CASE("component layout: edges to clusters end on the cluster frame") {
  ir::ComponentGraph g;
  int pack = AddCluster(&g, "P", "package");
  AddNode(&g, "P.X", "component", pack);
  AddNode(&g, "P.Y", "component", pack);
  int a = AddNode(&g, "A");
  ir::Edge& e = AddEdge(&g, a, 0);
  e.to = {ir::EndpointRef::Type::kCluster, pack};
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  const Group* grp = Find(r->scenes[0], "A->P", "edge");
  REQUIRE(grp);
  Box frame = Bounds(*Find(r->scenes[0], "P", "cluster"), false);
  CHECK(BorderDistance(frame, Tip(*grp)) < 1.5);
}

/// Points along every path of a group: its ends and its cubics sampled.
std::vector<layout::Point> PathPoints(const Group& g) {
  std::vector<layout::Point> out;
  for (const auto& sh : g.shapes) {
    const auto* path = std::get_if<layout::Path>(&sh.geometry);
    if (!path) continue;
    layout::Point at{};
    for (const auto& seg : path->segs) {
      if (seg.op == layout::PathOp::kCubic) {
        for (int k = 1; k <= 16; ++k) {
          double t = k / 16.0, u = 1 - t;
          out.push_back({u * u * u * at.x + 3 * u * u * t * seg.p[0].x + 3 * u * t * t * seg.p[1].x + t * t * t * seg.p[2].x,
                         u * u * u * at.y + 3 * u * u * t * seg.p[0].y + 3 * u * t * t * seg.p[1].y + t * t * t * seg.p[2].y});
        }
        at = seg.p[2];
      } else if (seg.op != layout::PathOp::kClose) {
        // A line: its points every 2 pt, so a crossing cannot slip between them.
        layout::Point to = seg.p[0];
        int n = seg.op == layout::PathOp::kMove ? 0 : int(std::hypot(to.x - at.x, to.y - at.y) / 2);
        for (int k = 1; k <= n; ++k) out.push_back({at.x + (to.x - at.x) * k / n, at.y + (to.y - at.y) * k / n});
        out.push_back(to);
        at = to;
      }
    }
  }
  return out;
}

TEST_CASE("component layout: no line crosses a cluster's title; a crossed title moves along the top") {
  // Lines fanning into a cluster from above: dot runs some through the
  // title's place. A rectangle's title is drawn centred, a node's at the
  // left; wherever it is drawn is what the lines must miss.
  for (std::string kind : {"rectangle", "node"}) {
    CAPTURE(kind);
    ir::ComponentGraph g;
    int c = AddCluster(&g, "A rather long cluster title", kind);
    g.clusters[c].label = Txt("A rather long cluster title");
    int outside = AddNode(&g, "outside");
    for (const char* n : {"one", "two", "three"}) AddEdge(&g, outside, AddNode(&g, n, "component", c));
    auto r = Lay(g);
    REQUIRE(r->scenes.size() == 1);
    const Group* cluster = Find(r->scenes[0], "A rather long cluster title", "cluster");
    REQUIRE(cluster);
    Box title;
    for (const auto& sh : cluster->shapes)
      if (std::holds_alternative<layout::Text>(sh.geometry)) AddShape(&title, sh);
    REQUIRE(title.x1 > title.x0);
    Box frame = Bounds(*cluster, false);
    CHECK(title.y0 < frame.y0 + 30);  // still at the top
    int edges = 0;
    for (const Group& grp : r->scenes[0].groups) {
      if (grp.cls.rfind("edge", 0) != 0) continue;
      ++edges;
      CAPTURE(grp.title);
      for (layout::Point p : PathPoints(grp))
        CHECK_FALSE((p.x > title.x0 + 1 && p.x < title.x1 - 1 && p.y > title.y0 + 1 && p.y < title.y1 - 1));
    }
    CHECK(edges == 3);
  }
}

TEST_CASE("component layout: end labels at one cluster miss each other, the nodes and the lines") {
  // dirofi-81 of the corpus: three lines end at the bottom of package A,
  // two with an end label there. Dot's and ours were placed blind to each
  // other and drew "3 (bla ok)" over "4 (argh)", across both green lines.
  ir::ComponentGraph g;
  int h = AddCluster(&g, "H", "node");
  int a = AddCluster(&g, "H.A", "package", h);
  AddNode(&g, "H.A.B", "component", a);
  int c = AddNode(&g, "H.C", "package", h);
  int f = AddNode(&g, "F", "cloud");
  int actor = AddNode(&g, "G", "actor");
  auto from_a = [&](ir::Edge& e) -> ir::Edge& {
    e.from = {ir::EndpointRef::Type::kCluster, a};
    e.head = ir::ArrowHead::kNone;
    return e;
  };
  from_a(AddEdge(&g, 0, f)).head_label = "2 (bla)";
  ir::Edge& back = AddEdge(&g, f, 0);
  back.to = {ir::EndpointRef::Type::kCluster, a};
  back.head = ir::ArrowHead::kNone;
  back.head_label = "3 (bla ok)";
  AddEdge(&g, actor, c).head = ir::ArrowHead::kNone;
  from_a(AddEdge(&g, 0, c)).tail_label = "4 (argh)";
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  std::vector<std::pair<std::string, Box>> labels;
  std::vector<Box> nodes;
  for (const Group& grp : r->scenes[0].groups) {
    if (grp.cls.rfind("node", 0) == 0) nodes.push_back(Bounds(grp, false));
    if (grp.cls.rfind("edge", 0) != 0) continue;
    for (const auto& sh : grp.shapes) {
      const auto* t = std::get_if<layout::Text>(&sh.geometry);
      if (!t || t->spans.empty()) continue;
      Box b;
      AddShape(&b, sh);
      labels.push_back({t->spans[0].text, b});
    }
  }
  REQUIRE(labels.size() == 3);
  for (size_t i = 0; i < labels.size(); ++i) {
    CAPTURE(labels[i].first);
    for (size_t j = i + 1; j < labels.size(); ++j) CHECK_FALSE(labels[i].second.Overlaps(labels[j].second));
    for (const Box& n : nodes) CHECK_FALSE(labels[i].second.Overlaps(n));
  }
}

TEST_CASE("component layout: every keyword and arrowhead draws something inside its box") {
  const char* kinds[] = {"component",   "database", "queue",     "node",      "folder",  "frame",
                         "cloud",       "actor",    "person",    "interface", "usecase", "artifact",
                         "file",        "card",     "rectangle", "agent",     "storage", "stack",
                         "collections", "boundary", "control",   "entity",    "circle",  "hexagon",
                         "label",       "process",  "package",   "port",      "portin",  "portout",
                         "action",      "mystery"};
  ir::ComponentGraph g;
  for (const char* k : kinds) AddNode(&g, std::string("n_") + k, k);
  ir::ArrowHead heads[] = {
      ir::ArrowHead::kNormal,  ir::ArrowHead::kOpen,        ir::ArrowHead::kTriangle,
      ir::ArrowHead::kDiamond, ir::ArrowHead::kOpenDiamond, ir::ArrowHead::kCircle,
      ir::ArrowHead::kSocket,  ir::ArrowHead::kPlus,        ir::ArrowHead::kSquare,
      ir::ArrowHead::kCross,   ir::ArrowHead::kHat};
  for (int i = 0; i < 11; ++i) {
    ir::Edge& e = AddEdge(&g, i, i + 11);
    e.head = heads[i];
    e.tail = heads[10 - i];
    e.label = Txt("uses");
    e.head_label = "*";
    e.tail_label = "1";
  }
  g.edges.back().lollipop = true;
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  const Scene& s = r->scenes[0];
  Box scene{0, 0, s.width, s.height};
  for (const char* k : kinds) {
    const Group* grp = Find(s, std::string("n_") + k, "node ");
    REQUIRE(grp);
    CHECK(grp->cls == std::string("node ") + k);
    CHECK(grp->shapes.size() >= 1);
    CHECK(scene.Contains(Bounds(*grp)));
  }
  int edges = 0;
  for (const Group& grp : s.groups) {
    if (grp.cls != "edge") continue;
    ++edges;
    CHECK(grp.shapes.size() >= 4);  // line, two heads, labels
    CHECK(scene.Contains(Bounds(grp)));
  }
  CHECK(edges == 11);
}

TEST_CASE("component layout: skin and #colours become Paint, decorations are placed") {
  ir::ComponentGraph g;
  int a = AddNode(&g, "A"), b = AddNode(&g, "B", "database");
  g.nodes[a].style.fill.value = "#ff0000";
  g.nodes[b].stereotypes = {"store"};
  ir::Style st;
  st.stroke.value = "#00ff00";
  g.kind_styles["<<store>>"] = st;
  g.skin.arrow_color.value = "#123456";
  g.skin.background.value = "#fafafa";
  g.decorations.title = Txt("Title");
  g.decorations.footer = Txt("foot");
  AddEdge(&g, a, b);
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  const Scene& s = r->scenes[0];
  CHECK(s.background == "#fafafa");
  CHECK(Find(s, "A", "node ")->shapes[0].paint.fill == "#ff0000");
  CHECK(Find(s, "B", "node ")->shapes[0].paint.stroke == "#00ff00");
  CHECK(Find(s, "A->B", "edge")->shapes[0].paint.stroke == "#123456");
  const Group *title = nullptr, *footer = nullptr;
  for (const Group& grp : s.groups) {
    if (grp.cls == "title") title = &grp;
    if (grp.cls == "footer") footer = &grp;
  }
  REQUIRE(title);
  REQUIRE(footer);
  double node_top = Bounds(*Find(s, "A", "node ")).y0;
  CHECK(Bounds(*title).y1 < node_top);
  CHECK(Bounds(*footer).y0 > Bounds(*Find(s, "B", "node ")).y1);
  // Stereotype text is emitted in its own role.
  bool stereo = false;
  for (const auto& sh : Find(s, "B", "node ")->shapes)
    stereo |= sh.role == layout::Role::kStereotype;
  CHECK(stereo);
}

TEST_CASE("component layout: bad references and unsupported bodies give diagnostics") {
  ir::ComponentGraph g;
  AddNode(&g, "A");
  AddEdge(&g, 0, 5);
  auto r = Lay(g);
  CHECK(r->diags.HasErrors());
  CHECK(r->scenes.size() == 1);  // the rest is still drawn

  grammar::SourceFile f("t.puml", "");
  grammar::Diagnostics d(f);
  layout::FixedWidthMeasurer m;
  ir::Diagram er;
  er.body = ir::ErGraph{};
  // ER bodies have their own layout now (er_layout.cpp): an empty one is an empty scene.
  CHECK(layout::LayoutDiagram(er, m, {}, d).size() == 1);
  CHECK_FALSE(d.HasErrors());
}

TEST_CASE("component layout: an empty graph with a title still gives a scene") {
  ir::ComponentGraph g;
  g.decorations.title = Txt("Only a title");
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  CHECK_FALSE(r->diags.HasErrors());
  CHECK(r->scenes[0].width >= 12 * 0.65 * 1.35 * 12);
  REQUIRE(r->scenes[0].groups.size() == 1);
  CHECK(r->scenes[0].groups[0].cls == "title");
}

TEST_CASE("component layout: a cluster parent cycle is reported, not looped on") {
  ir::ComponentGraph g;
  AddCluster(&g, "A", "package", 1);
  AddCluster(&g, "B", "package", 0);
  AddNode(&g, "A.x", "component", 0);
  auto r = Lay(g);
  CHECK(r->scenes.empty());
  REQUIRE(r->diags.HasErrors());
  CHECK(r->diags.items()[0].message.find("graphviz layout failed") != std::string::npos);
}

// Graphviz 2.42's orthogonal router asserts on ordinary clustered graphs
// (maze.c chkSgraph, issue 11): ortho is routed as splines until our own
// router replaces it.
TEST_CASE("component layout: ortho in a cluster lays out; component styles change the icon") {
  ir::ComponentGraph g;
  AddCluster(&g, "G", "package", -1);
  int a = AddNode(&g, "G.A", "component", 0), b = AddNode(&g, "G.B", "database", 0);
  int c = AddNode(&g, "G.C", "rectangle", 0);
  AddEdge(&g, b, a);
  AddEdge(&g, a, c);
  AddEdge(&g, b, c);
  g.skin.line_type = "ortho";
  g.skin.component_style = "rectangle";
  auto r = Lay(g);
  REQUIRE(r->scenes.size() == 1);
  CHECK_FALSE(r->diags.HasErrors());
  CHECK(r->diags.items().empty());
  int edges = 0;
  for (const Group& grp : r->scenes[0].groups) {
    for (const auto& sh : grp.shapes) CHECK(sh.role != layout::Role::kIcon);
    if (grp.cls != "edge") continue;
    ++edges;
    CHECK(std::get<layout::Path>(grp.shapes[0].geometry).segs.size() >= 2);
  }
  CHECK(edges == 3);

  g.skin.line_type.clear();
  g.skin.component_style.clear();
  r = Lay(g);
  int icons = 0;
  for (const auto& sh : Find(r->scenes[0], "G.A", "node ")->shapes)
    icons += sh.role == layout::Role::kIcon;
  CHECK(icons == 3);
}

TEST_CASE("IdMaker sanitises and deduplicates deterministically") {
  layout::IdMaker ids("x-");
  CHECK(ids.Make("A.B c") == "x-A_B_c");
  CHECK(ids.Make("A.B c") == "x-A_B_c-2");
  CHECK(ids.Make("A_B_c") == "x-A_B_c-3");
  CHECK(ids.Make("") == "x-x");
}
