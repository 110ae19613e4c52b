#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "compiler/lower_dbml.hpp"
#include "layout/er_layout.hpp"
#include "layout/layout.hpp"

using dg::compiler::CompileDbml;
using dg::compiler::CompileOptions;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using namespace dg::layout;

namespace {

struct Laid {
  SourceFile file;
  Diagnostics diags;
  std::vector<Scene> scenes;
  explicit Laid(std::string text, CompileOptions options = {})
      : file("t.dbml", std::move(text)), diags(file) {
    auto graph = CompileDbml(file, options, diags);
    REQUIRE(graph.has_value());
    dg::ir::Diagram d;
    d.body = *graph;
    static FixedWidthMeasurer measurer;
    scenes = LayoutDiagram(d, measurer, {}, diags);
    REQUIRE(scenes.size() == 1);
  }
  const Scene& scene() const { return scenes[0]; }
  const Group* Find(const std::string& cls, const std::string& title) const {
    for (const Group& g : scene().groups) {
      if (g.cls == cls && g.title == title) return &g;
    }
    return nullptr;
  }
};

/// The baseline y of a text shape reading `text` in group `g`.
double TextY(const Group& g, const std::string& text) {
  for (const Shape& s : g.shapes) {
    if (auto* t = std::get_if<Text>(&s.geometry); t && !t->spans.empty() && t->spans[0].text == text) {
      return t->y;
    }
  }
  FAIL("no text " << text);
  return 0;
}

Point FirstPoint(const Group& g) { return std::get<Path>(g.shapes[0].geometry).segs.front().p[0]; }
Point LastPoint(const Group& g) {
  const auto& segs = std::get<Path>(g.shapes[0].geometry).segs;
  const PathSeg& s = segs.back();
  return s.op == PathOp::kCubic ? s.p[2] : s.p[0];
}

const char* kShop = R"(
Table users [headercolor: #3498db] {
  id int [pk]
  email varchar [note: 'login']
}
Table orders {
  id int [pk]
  status status
  user_id int [ref: > users.id]
  parent_id int [ref: > orders.id]
}
Enum status {
  open
  closed
}
TableGroup shop [color: #eee] { users
  orders }
Note n { 'hello' }
)";

}  // namespace

TEST_CASE("er layout: semantic groups as DESIGN.md fixes them") {
  Laid l(kShop);
  CHECK(l.Find("node table", "users") != nullptr);
  CHECK(l.Find("node table", "orders") != nullptr);
  CHECK(l.Find("node enum", "status") != nullptr);
  CHECK(l.Find("cluster tablegroup", "shop") != nullptr);
  CHECK(l.Find("edge", "orders->users") != nullptr);
  CHECK(l.Find("edge", "orders->orders") != nullptr);
  CHECK(l.Find("note", "") != nullptr);
  const Group* users = l.Find("node table", "users");
  CHECK(users->tooltip == "email: login");
  CHECK(std::get<Rect>(users->shapes[1].geometry).h > 0);
  CHECK(users->shapes[1].role == Role::kTableHeader);
  CHECK(users->shapes[1].paint.fill == "#3498db");
  // A group's colour frames it over a light tint of itself.
  CHECK(l.Find("cluster tablegroup", "shop")->shapes[0].paint.stroke == "#eeeeee");
  CHECK(l.Find("cluster tablegroup", "shop")->shapes[0].paint.fill == "#fdfdfd");
}

TEST_CASE("er layout: refs end on their columns' rows, with crow's feet") {
  Laid l(kShop);
  const Group& edge = *l.Find("edge", "orders->users");
  const Group& orders = *l.Find("node table", "orders");
  const Group& users = *l.Find("node table", "users");
  FontSpec font;
  double ascent = 0.9 * font.size, descent = 0.25 * font.size;
  Point tail = FirstPoint(edge), head = LastPoint(edge);
  double tail_row = TextY(orders, "user_id"), head_row = TextY(users, "id");
  CHECK(tail.y >= tail_row - ascent - 4);
  CHECK(tail.y <= tail_row + descent + 4);
  CHECK(head.y >= head_row - ascent - 4);
  CHECK(head.y <= head_row + descent + 4);
  // Many at the tail (a three-line foot), one at the head (two bars): more
  // than the line itself.
  CHECK(edge.shapes.size() >= 4);
}

TEST_CASE("er layout: everything lies inside the scene, self loops included") {
  Laid l(kShop);
  const Scene& s = l.scene();
  for (const Group& g : s.groups) {
    for (const Shape& sh : g.shapes) {
      if (auto* r = std::get_if<Rect>(&sh.geometry)) {
        CHECK(r->x >= 0);
        CHECK(r->x + r->w <= s.width + 0.01);
        CHECK(r->y + r->h <= s.height + 0.01);
      }
      if (auto* p = std::get_if<Path>(&sh.geometry)) {
        for (const PathSeg& seg : p->segs) {
          if (seg.op == PathOp::kClose) continue;
          CHECK(seg.p[0].x <= s.width + 0.01);
          CHECK(seg.p[0].x >= 0);
        }
      }
    }
  }
}

TEST_CASE("er layout: dangling refs (lenient) are drawn dashed to a stand-in") {
  CompileOptions lenient;
  lenient.lenient = true;
  Laid l("Table a { id int [ref: > missing.id] }", lenient);
  const Group* edge = l.Find("edge dashed dangling", "a->missing.id");
  REQUIRE(edge != nullptr);
  CHECK_FALSE(std::get<Path>(edge->shapes[0].geometry).segs.empty());
  CHECK(l.Find("dangling", "missing.id") != nullptr);
}

TEST_CASE("er layout: columns keys/none hide rows") {
  CompileOptions keys;
  keys.columns = dg::ir::ErGraph::Columns::kKeys;
  Laid l(kShop, keys);
  const Group& orders = *l.Find("node table", "orders");
  auto has = [&](const std::string& t) {
    return std::any_of(orders.shapes.begin(), orders.shapes.end(), [&](const Shape& s) {
      auto* x = std::get_if<Text>(&s.geometry);
      return x && !x->spans.empty() && x->spans[0].text == t;
    });
  };
  CHECK(has("user_id"));
  CHECK_FALSE(has("status"));
}

TEST_CASE("crow's foot glyphs: shapes per cardinality") {
  auto count = [](dg::ir::Cardinality c) {
    std::vector<Shape> out;
    DrawCrowsFoot(c, {10, 0}, {0, 0}, Paint{}, &out);
    return out.size();
  };
  CHECK(count(dg::ir::Cardinality::kNone) == 0);
  CHECK(count(dg::ir::Cardinality::kOne) == 2);
  CHECK(count(dg::ir::Cardinality::kZeroOrOne) == 2);
  CHECK(count(dg::ir::Cardinality::kMany) == 1);
  CHECK(count(dg::ir::Cardinality::kOneOrMany) == 2);
  CHECK(count(dg::ir::Cardinality::kZeroOrMany) == 2);
  std::vector<Shape> foot;
  DrawCrowsFoot(dg::ir::Cardinality::kMany, {10, 0}, {0, 0}, Paint{}, &foot);
  const Path& p = std::get<Path>(foot[0].geometry);
  CHECK(p.segs[0].p[0].x == doctest::Approx(10));   // toes touch the table
  CHECK(p.segs[1].p[0].x == doctest::Approx(2));    // heel 8 pt back
}

namespace {

Rect TableRect(const Group& g) { return std::get<Rect>(g.shapes[0].geometry); }

/// Every line path of an edge group (the ones starting with a move then a
/// line: the glyphs are separate paths).
std::vector<const Path*> Lines(const Group& edge) {
  std::vector<const Path*> out;
  for (const Shape& s : edge.shapes) {
    auto* p = std::get_if<Path>(&s.geometry);
    if (p && p->segs.size() > 3 && p->segs[2].op == PathOp::kCubic) out.push_back(p);
  }
  return out;
}

}  // namespace

TEST_CASE("er layout: a Project is the title and its note the caption") {
  Laid l("Project shop { Note: 'all about orders' }\nTable a { id int }");
  const Group* title = l.Find("title", "");
  const Group* caption = l.Find("caption", "");
  REQUIRE(title != nullptr);
  REQUIRE(caption != nullptr);
  double table_top = TableRect(*l.Find("node table", "a")).y;
  CHECK(std::get<Text>(title->shapes[0].geometry).y < table_top);
  CHECK(std::get<Text>(caption->shapes[0].geometry).y > table_top);
  CHECK(std::get<Text>(caption->shapes[0].geometry).y < l.scene().height);
}

TEST_CASE("er layout: a composite ref draws one line per column pair, each on its rows") {
  Laid l(R"(
Table a { x int
  y int
  z int }
Table b { x int
  y int }
Ref: a.(x, y) > b.(x, y))");
  const Group* edge = l.Find("edge", "a->b");
  REQUIRE(edge != nullptr);
  std::vector<const Path*> lines = Lines(*edge);
  REQUIRE(lines.size() == 2);
  const Group& a = *l.Find("node table", "a");
  const Group& b = *l.Find("node table", "b");
  FontSpec font;
  for (int k = 0; k < 2; ++k) {
    const char* column = k == 0 ? "x" : "y";
    Point tail = lines[k]->segs.front().p[0], head = lines[k]->segs.back().p[0];
    CHECK(std::abs(tail.y - (TextY(a, column) - 0.3 * font.size)) < 5);
    CHECK(std::abs(head.y - (TextY(b, column) - 0.3 * font.size)) < 5);
  }
}

TEST_CASE("er layout: a line leaves each table by the side facing the other table") {
  // users sits between posts (two refs each way) and profiles: whatever
  // dot decides, no line may wrap around a table to reach a far side.
  Laid l(R"(
Table users { id int [pk] }
Table posts { id int [pk]
  author_id int [ref: > users.id] }
Table profiles { user_id int [pk] }
Ref: users.id - profiles.user_id
Ref: users.id < posts.id)");
  for (const Group& g : l.scene().groups) {
    if (g.cls != "edge") continue;
    CAPTURE(g.title);
    std::string from = g.title.substr(0, g.title.find('-'));
    std::string to = g.title.substr(g.title.find('>') + 1);
    Rect f = TableRect(*l.Find("node table", from)), t = TableRect(*l.Find("node table", to));
    Point tail = Lines(g)[0]->segs.front().p[0];
    bool east = t.x + t.w / 2 >= f.x + f.w / 2;
    CHECK(tail.x == doctest::Approx(east ? f.x + f.w : f.x));
  }
}

TEST_CASE("er layout: every line meets its table square to the side") {
  CompileOptions tb;
  tb.direction = 1;
  Laid l(kShop, tb);
  for (const Group& g : l.scene().groups) {
    if (g.cls.rfind("edge", 0) != 0) continue;
    CAPTURE(g.title);
    for (const Path* p : Lines(g)) {
      Point tip = p->segs[0].p[0], stub = p->segs[1].p[0];
      bool square = std::abs(tip.x - stub.x) < 0.01 || std::abs(tip.y - stub.y) < 0.01;
      CHECK(square);
      Point end = p->segs.back().p[0], before = p->segs[p->segs.size() - 2].p[2];
      square = std::abs(end.x - before.x) < 0.01 || std::abs(end.y - before.y) < 0.01;
      CHECK(square);
    }
  }
}

TEST_CASE("er layout: a small table is as wide as its text needs, as in PlantUML") {
  // PlantUML draws an entity "A" 14 pt wide; a fixed 90 pt floor made
  // diagrams of small tables twice as wide as PlantUML's.
  Laid l(R"(
Table a { x t }
Table customer_address { x t }
Ref: a.x - customer_address.x)");
  Rect a = TableRect(*l.Find("node table", "a"));
  Rect wide = TableRect(*l.Find("node table", "customer_address"));
  CHECK(a.w < 60);
  CHECK(wide.w > a.w + 40);  // the header's text sets the width
}

TEST_CASE("er layout: a header colour of its own leaves the table's fill to the body") {
  dg::ir::ErGraph g;
  dg::ir::Table t;
  t.id = "A";
  t.label = dg::ir::ParseCreole("A");
  t.columns.push_back(dg::ir::Column{});
  t.columns.back().name = "id";
  t.style.fill.value = "#ffff00";
  t.style.stroke.value = "#000000";
  dg::ir::Table plain = t;
  plain.id = "B";
  plain.style.fill.value = "#00ff00";
  t.style.header_fill.value = "#ff0000";
  g.tables = {t, plain};
  dg::ir::Diagram d;
  d.body = g;
  FixedWidthMeasurer measurer;
  SourceFile file("t.puml", "");
  Diagnostics diags(file);
  std::vector<Scene> scenes = LayoutDiagram(d, measurer, {}, diags);
  REQUIRE(scenes.size() == 1);
  auto paints = [&](const std::string& title) {
    for (const Group& grp : scenes[0].groups) {
      if (grp.title == title) return std::make_pair(grp.shapes[0].paint, grp.shapes[1].paint);
    }
    FAIL("no table " << title);
    return std::make_pair(Paint{}, Paint{});
  };
  auto [body, header] = paints("A");
  CHECK(body.fill == "#ffff00");
  CHECK(header.fill == "#ff0000");
  CHECK(body.stroke == "#000000");
  CHECK(header.stroke == "#000000");
  auto [plain_body, plain_header] = paints("B");  // diagc's look: the colour goes to the header
  CHECK(plain_body.fill.empty());
  CHECK(plain_header.fill == "#00ff00");
}
