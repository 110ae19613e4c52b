#include <doctest/doctest.h>

#include <string>

#include "grammar/puml_er.hpp"
#include "grammar/puml_er_rules.hpp"
#include <tao/pegtl/contrib/analyze.hpp>

namespace pegtl = tao::pegtl;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using namespace dg::grammar::puml::er;

namespace {

size_t ArrowLength(const std::string& s) {
  pegtl::memory_input<> in(s, "");
  if (!pegtl::parse<rules::arrow>(in)) return 0;
  return static_cast<size_t>(in.current() - s.data());
}

Document Parse(const std::string& body, Diagnostics*& out, SourceFile& file) {
  static std::unique_ptr<Diagnostics> diags;
  diags = std::make_unique<Diagnostics>(file);
  out = diags.get();
  auto blocks = dg::grammar::puml::Preprocess(file, *diags);
  return ParsePumlEr(blocks.at(0), *diags);
}

}  // namespace

TEST_CASE("puml er arrow rule") {
  CHECK(pegtl::analyze<rules::arrow>() == 0);
  CHECK(ArrowLength("||--o{ B") == 6);
  CHECK(ArrowLength("}|..|{") == 6);
  CHECK(ArrowLength("-up->") == 5);
  CHECK(ArrowLength("-[#red,dashed]-o{") == 17);
  CHECK(ArrowLength("--dog") == 2);  // "d" is a direction only between body characters
  CHECK(ArrowLength("=>") == 0);
}

TEST_CASE("puml er parser: entity headers, fields and relation parts") {
  SourceFile file("t.puml", R"x(@startuml
entity "Order Item" as OI <<table>> #lightblue {
  * id : int <<PK>>
  ..
  {field} note
}
class B
{
  x : y
}
OI "1" }|-left-o| "0..1" B : has >
@enduml
)x");
  Diagnostics* diags = nullptr;
  Document doc = Parse("", diags, file);
  REQUIRE_FALSE(diags->HasErrors());
  REQUIRE(doc.entities.size() == 2);
  const Entity& e = doc.entities[0];
  CHECK(e.Id() == "OI");
  CHECK(e.name == "Order Item");
  CHECK(e.stereotypes == std::vector<std::string>{"table"});
  CHECK(e.color == "#lightblue");
  REQUIRE(e.fields.size() == 2);
  CHECK(e.fields[0].mandatory);
  CHECK(e.fields[0].stereotypes == std::vector<std::string>{"PK"});
  CHECK(e.fields[0].type == "int");
  CHECK(e.fields[1].name == "note");
  CHECK(e.fields[1].separator_before);
  CHECK(doc.entities[1].fields.size() == 1);
  REQUIRE(doc.relations.size() == 1);
  const Relation& r = doc.relations[0];
  CHECK(r.left == "OI");
  CHECK(r.right == "B");
  CHECK(r.left_end == "}|");
  CHECK(r.right_end == "o|");
  CHECK(r.left_label == "1");
  CHECK(r.right_label == "0..1");
  CHECK(r.direction == "left");
  CHECK(r.label == "has >");
  CHECK(file.Locate(r.right_span.begin).column == 26);
}

TEST_CASE("puml er parser: a field's type colon is the first outside creole tags") {
  SourceFile file("t.puml", R"x(@startuml
entity U {
  <size:12><&key></size> id : INTEGER
  <color:red>name</color>
  count < 5 : int
}
@enduml
)x");
  Diagnostics* diags = nullptr;
  Document doc = Parse("", diags, file);
  REQUIRE_FALSE(diags->HasErrors());
  REQUIRE(doc.entities.size() == 1);
  const std::vector<Field>& f = doc.entities[0].fields;
  REQUIRE(f.size() == 3);
  CHECK(f[0].name == "<size:12><&key></size> id");
  CHECK(f[0].type == "INTEGER");
  CHECK(f[1].name == "<color:red>name</color>");
  CHECK(f[1].type.empty());
  CHECK(f[2].name == "count < 5");  // a '<' opening no tag
  CHECK(f[2].type == "int");
}
