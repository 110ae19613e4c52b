#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "compiler/lower_dbml.hpp"

using dg::compiler::CompileDbml;
using dg::compiler::CompileOptions;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using dg::ir::Cardinality;

namespace {

struct Compiled {
  SourceFile file;
  Diagnostics diags;
  std::optional<dg::ir::ErGraph> graph;
  Compiled(std::string text, bool lenient = false, std::string name = "t.dbml")
      : file(std::move(name), std::move(text)), diags(file) {
    CompileOptions options;
    options.lenient = lenient;
    graph = CompileDbml(file, options, diags);
  }
  /// `file:line:col: severity: message` of every diagnostic.
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    for (const auto& d : diags.items()) {
      std::string text = dg::grammar::FormatText(file, d);
      out.push_back(text.substr(0, text.find('\n')));
    }
    return out;
  }
  /// Messages joined by newlines, so a failing CHECK shows them.
  std::string Joined() const {
    std::string out;
    for (const auto& m : Messages()) out += m + "\n";
    return out;
  }
  const dg::ir::Table& Table(const std::string& id) const {
    for (const auto& t : graph->tables) {
      if (t.id == id) return t;
    }
    FAIL("no table " << id);
    return graph->tables.front();
  }
};

const char* kSeed = R"(-- Database schema using DBML
Table users {
  user_id uuid [primary key]
  email varchar(255) [unique, not null]
  password_hash varchar(255) [not null]
  first_name varchar(100)
  last_name varchar(100)
  created_at timestamp [default: `now()`]
  updated_at timestamp [default: `now()`]

  Indexes {
    email [unique]
    (first_name, last_name)
  }
}

Table orders {
  order_id uuid [primary key]
  user_id uuid [ref: > users.user_id]
  status order_status [not null]
  total_amount decimal(10,2) [not null]
  created_at timestamp [default: `now()`]

  Indexes {
    user_id
    status
    created_at
  }
}

Table order_items {
  order_item_id uuid [primary key]
  order_id uuid [ref: > orders.order_id]
  product_id uuid [ref: > products.product_id]
  quantity integer [not null]
  unit_price decimal(10,2) [not null]
}

Enum order_status {
  pending
  confirmed
  shipped
  delivered
  cancelled
}
)";

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("dbml seed: strict mode rejects with exactly the two errors") {
  Compiled c(kSeed, false, "seed.dbml");
  CHECK_FALSE(c.graph.has_value());
  CHECK(c.Joined() == Lines({
                           "seed.dbml:1:1: error: DBML comments start with \"//\", not \"--\"",
                           "seed.dbml:34:27: error: unknown table \"products\""}));
}

TEST_CASE("dbml seed: lenient mode lowers with a dangling ref") {
  Compiled c(kSeed, true, "seed.dbml");
  REQUIRE(c.graph.has_value());
  CHECK_FALSE(c.diags.HasErrors());
  CHECK(c.diags.items().size() == 2);
  const auto& g = *c.graph;
  CHECK(g.tables.size() == 4);
  CHECK(c.Table("order_status").kind == "enum");
  CHECK(c.Table("order_status").columns.size() == 5);
  REQUIRE(g.relationships.size() == 3);
  const auto& dangling = g.relationships[2];
  CHECK(dangling.dangling);
  CHECK(dangling.from_table == 2);
  CHECK(dangling.to_table == -1);
  CHECK(dangling.label.lines.at(0).at(0).text == "products.product_id");
  const auto& ok = g.relationships[0];
  CHECK_FALSE(ok.dangling);
  CHECK(ok.from_table == 1);
  CHECK(ok.to_table == 0);
  CHECK(ok.from_columns == std::vector<int>{1});
  CHECK(ok.to_columns == std::vector<int>{0});
  CHECK(ok.from_end == Cardinality::kMany);
  CHECK(ok.to_end == Cardinality::kOne);
  const auto& users = c.Table("users");
  CHECK(users.columns[0].primary_key);
  CHECK(users.columns[1].unique);
  CHECK(users.columns[1].not_null);
  CHECK(users.columns[1].type == "varchar(255)");
  CHECK(users.columns[5].default_value == "now()");
  CHECK(c.Table("orders").columns[1].foreign_key);
}

TEST_CASE("dbml lowering: cardinalities of < > - <> and composite refs") {
  Compiled c(R"(
Table a { x int
  y int }
Table b { x int
  y int }
Ref: a.x < b.x
Ref: a.y - b.y
Ref: a.x <> b.y
Ref r { a.(x, y) > b.(x, y) [delete: cascade, update: set null, color: #f00] }
)");
  REQUIRE(c.graph.has_value());
  const auto& r = c.graph->relationships;
  REQUIRE(r.size() == 4);
  CHECK(r[0].from_end == Cardinality::kOne);
  CHECK(r[0].to_end == Cardinality::kMany);
  CHECK(r[1].from_end == Cardinality::kOne);
  CHECK(r[1].to_end == Cardinality::kOne);
  CHECK(r[2].from_end == Cardinality::kMany);
  CHECK(r[2].to_end == Cardinality::kMany);
  CHECK(r[3].from_columns == std::vector<int>{0, 1});
  CHECK(r[3].to_columns == std::vector<int>{0, 1});
  CHECK(r[3].on_delete == "cascade");
  CHECK(r[3].on_update == "set null");
  CHECK(r[3].style.stroke.value == "#ff0000");
}

TEST_CASE("dbml lowering: schemas, aliases, groups, colours, notes, partials") {
  Compiled c(R"(
Project p { database_type: 'PostgreSQL'
  Note: 'project' }
TablePartial stamps [headercolor: #0f0] {
  created_at timestamp
}
Table core.users as U [headercolor: #3498DB, note: 'people'] {
  id int [pk, increment]
  ~stamps
}
Table public.posts {
  id int [pk]
  author int [ref: > U.id, note: 'who']
  Note { '''
    multi
  ''' }
}
Enum core.role {
  admin [note: 'all']
  "read only"
}
TableGroup g [color: #abc] { core.users
  posts
  Note: 'grouped' }
Note sticky { 'remember' }
)");
  REQUIRE(c.Joined() == "");
  REQUIRE(c.graph.has_value());
  const auto& users = c.Table("core.users");
  CHECK(users.style.fill.value == "#3498db");
  CHECK(users.note == "people");
  REQUIRE(users.columns.size() == 2);
  CHECK(users.columns[1].name == "created_at");
  CHECK(users.columns[0].increment);
  CHECK(users.group == 0);
  const auto& posts = c.Table("posts");
  CHECK(posts.note == "multi");
  CHECK(posts.columns[1].note == "who");
  CHECK(posts.columns[1].foreign_key);
  CHECK(c.Table("core.role").kind == "enum");
  CHECK(c.Table("core.role").columns[1].name == "read only");
  REQUIRE(c.graph->groups.size() == 1);
  CHECK(c.graph->groups[0].style.fill.value == "#aabbcc");
  CHECK(c.graph->groups[0].note == "grouped");
  REQUIRE(c.graph->notes.size() == 1);
  CHECK(c.graph->notes[0].id == "sticky");
}

TEST_CASE("dbml semantic errors: every one reported at its exact position") {
  Compiled c(R"(Table a {
  id int
  id text
}
Table a { x int }
Table b as B { x int
  y int }
Table c as B { z int [foo] }
Ref: b.(x, y) > c.(z)
Ref: b.q > c.z
TableGroup g1 { b }
TableGroup g2 { b
  nope }
Table d { x int [ref: > b.x, default: missing.value] }
Enum e { }
Table f { ~nothing
  x int }
)");
  CHECK_FALSE(c.graph.has_value());
  CHECK(c.Joined() == Lines({
      "t.dbml:2:3: error: duplicate column \"id\" in \"a\"",
      "t.dbml:3:3: error: duplicate column \"id\" in \"a\"",
      "t.dbml:5:7: error: Table \"a\" is already defined in schema \"public\"",
      "t.dbml:8:12: error: table alias \"B\" is already in use",
      "t.dbml:8:23: error: unknown column setting \"foo\": expected pk, primary key, null, not null, "
      "unique, increment, default, note, ref or check",
      "t.dbml:9:15: error: composite ref has 2 column(s) on the left and 1 on the right",
      "t.dbml:10:8: error: unknown column \"q\" in table \"b\"",
      "t.dbml:12:17: error: table \"b\" is already in group \"g1\"",
      "t.dbml:13:3: error: unknown table \"nope\"",
      "t.dbml:14:39: error: unknown enum \"missing\"",
      "t.dbml:15:1: error: an Enum must have at least one value",
      "t.dbml:16:12: error: unknown table partial \"nothing\"",
  }));
}

TEST_CASE("dbml semantic errors: duplicate refs, same endpoints, notes, contexts") {
  Compiled c(R"(Table a { id int [ref: > b.id] }
Table b { id int
  Note: 'one'
  Note: 'two'
  Ref: id > a.id }
Ref: b.id > a.id
Ref: a.id - a.id
Indexes { x }
)");
  CHECK_FALSE(c.graph.has_value());
  CHECK(c.Joined() == Lines({
      "t.dbml:1:19: error: a ref between these columns is already defined",
      "t.dbml:3:3: error: a note is defined more than once here",
      "t.dbml:4:3: error: a note is defined more than once here",
      "t.dbml:5:3: error: a Ref must appear at the top level, not inside a table",
      "t.dbml:6:1: error: a ref between these columns is already defined",
      "t.dbml:7:1: error: both ends of the ref are the same column",
      "t.dbml:8:1: error: \"Indexes\" can only appear inside a Table or a TablePartial",
  }));
}

TEST_CASE("dbml lenient mode: semantic errors become warnings, syntax errors stay fatal") {
  Compiled lenient("Table a { id int [ref: > a.nope] }", true);
  REQUIRE(lenient.graph.has_value());
  CHECK(lenient.graph->relationships.at(0).dangling);
  CHECK(lenient.Joined() ==
        Lines({"t.dbml:1:28: warning: unknown column \"nope\" in table \"a\""}));
  Compiled syntax("Table a { id int [pk", true);
  CHECK_FALSE(syntax.graph.has_value());
  CHECK(syntax.diags.HasErrors());
}
