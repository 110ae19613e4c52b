#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/lower_puml_er.hpp"
#include "grammar/text.hpp"

namespace fs = std::filesystem;
using dg::compiler::CompileOptions;
using dg::compiler::LowerPumlEr;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using dg::ir::Cardinality;

namespace {

struct Lowered {
  SourceFile file;
  Diagnostics diags;
  std::optional<dg::ir::ErGraph> graph;
  explicit Lowered(std::string text) : file("t.puml", std::move(text)), diags(file) {
    auto blocks = dg::grammar::puml::Preprocess(file, diags);
    REQUIRE(blocks.size() == 1);
    graph = LowerPumlEr(blocks[0], CompileOptions{}, diags);
  }
  std::string Errors() const {
    std::string out;
    for (const auto& d : diags.items()) {
      auto at = file.Locate(d.span.begin);
      out += std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + d.message + "\n";
    }
    return out;
  }
};

const char* kOrders = R"(@startuml
entity "User" {
  * user_id : UUID
  --
  * email : VARCHAR(255)
  * password_hash : VARCHAR(255)
  first_name : VARCHAR(100)
  last_name : VARCHAR(100)
  created_at : TIMESTAMP
}

entity "Order" {
  * order_id : UUID
  --
  * user_id : UUID <<FK>>
  * status : ENUM
  * total_amount : DECIMAL(10,2)
  created_at : TIMESTAMP
}

entity "OrderItem" {
  * order_item_id : UUID
  --
  * order_id : UUID <<FK>>
  * product_id : UUID <<FK>>
  * quantity : INT
  * unit_price : DECIMAL(10,2)
}

User ||--o{ Order
Order ||--o{ OrderItem
@enduml
)";

// PlantUML's fix(): characters outside [-A-Za-z0-9_ ] become '.'.
std::string Fix(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    out += std::isalnum(c) || c == '-' || c == '_' || c == ' ' ? static_cast<char>(c) : '.';
  }
  return out;
}

}  // namespace

TEST_CASE("puml er: the orders example lowers to three entities and two crow's-foot relations") {
  Lowered l(kOrders);
  REQUIRE(l.Errors() == "");
  REQUIRE(l.graph.has_value());
  const auto& g = *l.graph;
  REQUIRE(g.tables.size() == 3);
  CHECK(g.tables[0].id == "User");
  CHECK(g.tables[0].kind == "entity");
  REQUIRE(g.tables[0].columns.size() == 6);
  CHECK(g.tables[0].columns[0].name == "user_id");
  CHECK(g.tables[0].columns[0].type == "UUID");
  CHECK(g.tables[0].columns[0].primary_key);
  CHECK(g.tables[0].columns[0].not_null);
  CHECK(g.tables[0].columns[1].separator_before);
  CHECK_FALSE(g.tables[0].columns[1].primary_key);
  CHECK_FALSE(g.tables[0].columns[3].not_null);
  CHECK(g.tables[1].columns[1].foreign_key);
  CHECK(g.tables[2].columns[4].type == "DECIMAL(10,2)");
  REQUIRE(g.relationships.size() == 2);
  CHECK(g.relationships[0].from_table == 0);
  CHECK(g.relationships[0].to_table == 1);
  CHECK(g.relationships[0].from_end == Cardinality::kOne);
  CHECK(g.relationships[0].to_end == Cardinality::kZeroOrMany);
  CHECK(g.relationships[1].from_table == 1);
  CHECK(g.relationships[1].to_table == 2);
}

TEST_CASE("puml er: crow's-foot ends, bodies, directions, labels, aliases and options") {
  Lowered l(R"x(@startuml
hide circle
hide empty members
skinparam linetype ortho
class "User\n(in our system)" as user <<table>> #AliceBlue {
  id : INTEGER <<PK>>
}
A |o..o| B
C }|-up-|{ D : owns
E }o-[#red]-o{ F
G }-- user : "many\nusers"
@enduml
)x");
  REQUIRE(l.Errors() == "");
  const auto& g = *l.graph;
  CHECK(g.hide_circle);
  CHECK(g.hide_empty_members);
  CHECK(g.skin.line_type == "ortho");
  CHECK(g.tables[0].id == "user");
  CHECK(g.tables[0].label.lines.size() == 2);
  CHECK(g.tables[0].label.lines[1][0].text == "(in our system)");
  CHECK(g.tables[0].style.fill.value == "aliceblue");
  CHECK(g.tables[0].columns[0].primary_key);
  REQUIRE(g.relationships.size() == 4);
  CHECK(g.relationships[0].from_end == Cardinality::kZeroOrOne);
  CHECK(g.relationships[0].to_end == Cardinality::kZeroOrOne);
  CHECK(g.relationships[0].line == dg::ir::LineStyle::kDashed);
  CHECK(g.relationships[1].from_end == Cardinality::kOneOrMany);
  CHECK(g.relationships[1].to_end == Cardinality::kOneOrMany);
  CHECK(g.relationships[1].direction == dg::ir::Direction::kUp);
  CHECK(g.relationships[1].label.lines[0][0].text == "owns");
  CHECK(g.relationships[2].from_end == Cardinality::kZeroOrMany);
  CHECK(g.relationships[2].to_end == Cardinality::kZeroOrMany);
  CHECK(g.relationships[3].from_end == Cardinality::kMany);
  CHECK(g.relationships[3].to_end == Cardinality::kNone);
  CHECK(g.relationships[3].to_table == 0);
  CHECK(g.tables.size() == 8);
}

TEST_CASE("puml er: entity::field ends attach to that field's row") {
  Lowered l(R"(@startuml
entity user {
  * id : int
  name : text
}
entity post {
  * id : int
  author_id : int
}
user::id ||--o{ post::author_id
user::nope ||--o{ post
@enduml
)");
  REQUIRE(l.graph.has_value());
  const auto& r = l.graph->relationships;
  REQUIRE(r.size() == 2);
  CHECK(r[0].from_columns == std::vector<int>{0});
  CHECK(r[0].to_columns == std::vector<int>{1});
  CHECK(r[1].from_columns.empty());
  CHECK(r[1].to_columns.empty());
  CHECK(l.Errors() == "11:7: \"user\" has no field \"nope\"; the relation attaches to the entity\n");
}

TEST_CASE("puml er: creole markup is left out of column text, and entity::field finds the column") {
  Lowered l(R"(@startuml
entity user {
  <size:12>**id**</size> : <color:grey>INTEGER</color>
  <u>name</u>
}
entity post {
  author_id : int
}
user::id ||--o{ post::author_id
@enduml
)");
  REQUIRE(l.graph.has_value());
  const auto& columns = l.graph->tables[0].columns;
  REQUIRE(columns.size() == 2);
  CHECK(columns[0].name == "id");
  CHECK(columns[0].type == "INTEGER");
  CHECK(columns[1].name == "name");
  REQUIRE(l.graph->relationships.size() == 1);
  CHECK(l.graph->relationships[0].from_columns == std::vector<int>{0});
  CHECK(l.Errors().empty());
}

TEST_CASE("puml er: bad lines are reported at their position and reading goes on") {
  Lowered l(R"(@startuml
entity A {
  id : int
}
A ||--o{
A => B
entity B as
entity C {
  x : int
@enduml
)");
  CHECK_FALSE(l.graph.has_value());
  CHECK(l.Errors() ==
        "5:9: expected an entity name after the arrow, got \"\"\n"
        "6:1: expected an entity (entity Name { … }) or a relation (A ||--o{ B), got \"A => B\"\n"
        "7:10: expected an alias after \"as\"\n"
        "8:1: the body of \"C\" is not closed: expected \"}\"\n");
}

TEST_CASE("puml er corpus: elements, links and clusters") {
  fs::path dir = fs::path(DG_SOURCE_DIR).parent_path() / "shared" / "corpus" / "plantuml" / "er";
  if (!fs::exists(dir)) return;
  int cases = 0, ok = 0;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".puml") inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& in : inputs) {
    std::ifstream f(in, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    fs::path expect_path = in;
    expect_path.replace_extension(".expect.json");
    std::ifstream ef(expect_path);
    std::stringstream es;
    es << ef.rdbuf();
    std::string expect = es.str();
    SourceFile file(in.filename().string(), ss.str());
    Diagnostics diags(file);
    auto blocks = dg::grammar::puml::Preprocess(file, diags);
    ++cases;
    if (blocks.empty()) continue;
    auto graph = LowerPumlEr(blocks[0], CompileOptions{}, diags);
    if (!graph) {
      std::string msg;
      for (const auto& d : diags.items()) msg += dg::grammar::FormatText(file, d);
      MESSAGE(in.filename().string() << ": rejected\n" << msg);
      continue;
    }
    // "elements": [ "a", "b" ] and "links": n, read with plain string search.
    std::set<std::string> want, got;
    size_t a = expect.find("\"elements\"");
    size_t b = expect.find(']', a);
    for (size_t q = expect.find('"', expect.find('[', a)); q < b; q = expect.find('"', q + 1)) {
      size_t e = expect.find('"', q + 1);
      want.insert(expect.substr(q + 1, e - q - 1));
      q = e;
    }
    int links = std::atoi(expect.c_str() + expect.find(':', expect.find("\"links\"")) + 1);
    for (const auto& t : graph->tables) got.insert(Fix(t.id));
    bool clusters_empty = expect.find("\"clusters\": []") != std::string::npos;
    bool pass = want == got && links == static_cast<int>(graph->relationships.size()) && clusters_empty;
    ok += pass;
    if (!pass) MESSAGE(in.filename().string() << ": facts differ");
  }
  std::printf("plantuml er corpus: %d/%d\n", ok, cases);
  CHECK(ok == cases);
}

TEST_CASE("package and namespace around entities become nested groups") {
  Lowered l(R"(@startuml
package "Sales" as S #lightblue {
  entity Order {
    * id : int
  }
}
namespace billing {
  package inner {
    entity Line {
      * id : int
    }
  }
  entity Invoice
}
entity Customer
Line }|--|| Invoice
@enduml
)");
  REQUIRE_MESSAGE(l.graph, l.Errors());
  CHECK(l.Errors().empty());
  const dg::ir::ErGraph& g = *l.graph;
  REQUIRE(g.groups.size() == 3);
  CHECK(g.groups[0].id == "S");
  CHECK(g.groups[0].kind == "package");
  CHECK(g.groups[0].label.Plain() == "Sales");
  CHECK(g.groups[0].style.fill.value == "lightblue");
  CHECK(g.groups[1].kind == "namespace");
  CHECK(g.groups[1].parent == -1);
  CHECK(g.groups[2].id == "billing.inner");
  CHECK(g.groups[2].parent == 1);
  auto group_of = [&](const std::string& id) {
    for (const auto& t : g.tables)
      if (t.id == id) return t.group;
    return -2;
  };
  CHECK(group_of("Order") == 0);
  CHECK(group_of("Line") == 2);
  CHECK(group_of("Invoice") == 1);
  CHECK(group_of("Customer") == -1);
}

TEST_CASE("an unclosed package is drawn and warned about at its line") {
  Lowered l("@startuml\npackage P {\n  entity A\n@enduml\n");
  REQUIRE(l.graph);
  CHECK(l.Errors() == "2:1: this block is not closed: expected \"}\"\n");
  CHECK(l.graph->tables.at(0).group == 0);
}

TEST_CASE("an entity body left open ends at the next declaration, with a warning") {
  Lowered l("@startuml\nentity A {\n  id : int\nentity B {\n  name : text\n}\nA ||--o{ B\n@enduml\n");
  REQUIRE_MESSAGE(l.graph, l.Errors());
  CHECK(l.Errors() == "2:1: the body of \"A\" is not closed: expected \"}\" before line 4\n");
  REQUIRE(l.graph->tables.size() == 2);
  CHECK(l.graph->tables[0].columns.size() == 1);
  CHECK(l.graph->tables[1].id == "B");
  CHECK(l.graph->tables[1].columns.at(0).name == "name");
  CHECK(l.diags.items().at(0).severity == dg::grammar::Severity::kWarning);
}

TEST_CASE("a class diagram is read as an entity diagram with a warning, multiplicities kept") {
  Lowered l("@startuml\nclass User {\n  +id : int\n}\nclass Order\nUser \"1\" -- \"0..*\" Order : places\n@enduml\n");
  REQUIRE_MESSAGE(l.graph, l.Errors());
  CHECK(l.Errors() ==
        "2:1: class diagrams are not supported yet: this block is read as an entity diagram "
        "(\"class\" is drawn as a table, its members as rows)\n");
  REQUIRE(l.graph->relationships.size() == 1);
  const dg::ir::Relationship& r = l.graph->relationships[0];
  CHECK(r.from_label.Plain() == "1");
  CHECK(r.to_label.Plain() == "0..*");
  CHECK(r.label.Plain() == "places");
}

TEST_CASE("entity diagrams get no class-diagram warning") {
  Lowered l("@startuml\nentity A {\n  id : int\n}\nenum E {\n  X\n}\nA \"1\" ||--o{ \"n\" E\n@enduml\n");
  REQUIRE(l.graph);
  CHECK(l.Errors().empty());
  CHECK(l.graph->relationships.at(0).to_label.Plain() == "n");
}

TEST_CASE("an entity body left open ends at a relation line too") {
  Lowered l("@startuml\nentity A {\n  id : int\nA ||--o{ B\nA \"1\" -- \"*\" C\n@enduml\n");
  REQUIRE_MESSAGE(l.graph, l.Errors());
  CHECK(l.Errors() == "2:1: the body of \"A\" is not closed: expected \"}\" before line 4\n");
  CHECK(l.graph->relationships.size() == 2);
  CHECK(l.graph->tables.at(0).columns.size() == 1);
}

TEST_CASE("together inside a package closes itself, not the package") {
  Lowered l("@startuml\npackage P {\n  together {\n    entity A\n  }\n  entity B\n}\nentity C\n@enduml\n");
  REQUIRE_MESSAGE(l.graph, l.Errors());
  CHECK(l.Errors().empty());
  std::vector<int> groups;
  for (const auto& t : l.graph->tables) groups.push_back(t.group);
  CHECK(groups == std::vector<int>{0, 0, -1});
}

TEST_CASE("puml er: <style> and skinparam colour tables under their own #colour") {
  Lowered l(
      "@startuml\n"
      "<style>\n"
      "classDiagram { entity { BackgroundColor #ff0000; FontColor #ffffff } }\n"
      "sequenceDiagram { participant { BackgroundColor #00ff00 } }\n"
      "</style>\n"
      "entity A {\n  id : int\n}\n"
      "entity B #0000ff {\n  id : int\n}\n"
      "A ||--o{ B\n"
      "@enduml\n");
  REQUIRE(l.graph);
  CHECK(l.Errors().empty());
  CHECK(l.graph->tables[0].style.fill.value == "#ff0000");
  CHECK(l.graph->tables[0].style.text.value == "#ffffff");
  CHECK(l.graph->tables[1].style.fill.value == "#0000ff");  // its own colour wins
  CHECK(l.graph->tables[1].style.text.value == "#ffffff");
}

TEST_CASE("puml er: skinparam HeaderBackgroundColor colours the header, BackgroundColor the body") {
  Lowered l(
      "@startuml\n"
      "skinparam class {\n  HeaderBackgroundColor red\n  BackgroundColor yellow\n  BorderColor Black\n}\n"
      "class A {\n  id : int\n}\n"
      "@enduml\n");
  REQUIRE(l.graph);
  const dg::ir::Style& s = l.graph->tables[0].style;
  CHECK(s.header_fill.value == "red");
  CHECK(s.fill.value == "yellow");
  CHECK(dg::Lower(s.stroke.value) == "black");
}
