#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/puml_component.hpp"
#include "grammar/puml_component_rules.hpp"

using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using namespace dg::grammar::puml;

namespace {

struct Parsed {
  SourceFile file;
  Diagnostics diags;
  ComponentDocument doc;
  explicit Parsed(std::string text) : file("t.puml", std::move(text)), diags(file) {
    auto blocks = Preprocess(file, diags);
    doc = ParseComponent(blocks.at(0), diags);
  }
  template <typename T>
  const T& Get(size_t i = 0) const {
    REQUIRE(i < doc.statements.size());
    REQUIRE(std::holds_alternative<T>(doc.statements[i]));
    return std::get<T>(doc.statements[i]);
  }
  std::string Error() const {
    for (const auto& d : diags.items()) {
      if (d.severity == dg::grammar::Severity::kError) return d.message;
    }
    return "";
  }
};

}  // namespace

TEST_CASE("component grammar has no loops without progress") {
  CHECK(tao::pegtl::analyze<rules::element_line>() == 0);
  CHECK(tao::pegtl::analyze<rules::shorthand_line>() == 0);
  CHECK(tao::pegtl::analyze<rules::link_line>() == 0);
}

TEST_CASE("component grammar: lines it accepts") {
  const char* kAccepted[] = {
      "component C", "COMPONENT C", "actor A", "agent A", "artifact A", "boundary B", "card C",
      "circle C", "cloud C", "collections C", "control C", "database D", "entity E", "file F",
      "folder F", "frame F", "hexagon H", "interface I", "label L", "node N", "package P",
      "person P", "process P", "queue Q", "rectangle R", "stack S", "storage S", "usecase U",
      "port p", "portin p", "portout p", "action a",
      "[Web App]", "[Web App] as WebApp", "() I", "() \"API\" as api", ":User:", ":User: as u",
      "(Use)", "(Use) as uc", "component \"Long\" as c", "component c as \"Long\"",
      "component [Long] as c", "database \"User DB\" as UserDB <<db>> <<main>> #lightblue",
      "node n #red;line:blue;text:green", "component c [[http://x.org/a{tip}]]",
      "component c $tag1 $tag2", "package p {", "node \"N 1\" as n1 <<box>> {", "cloud c {}",
      "component c [ one line description ]", "[X] <<st>>",
      "A --> B", "A->B", "[A] --> [B]", "A ..> B : uses", "A == B", "A ~~ B", "A - B", "A ---> B",
      "A -up-> B", "A -u-> B", "A -left-> B", "A -l-> B", "A -r-> B", "A -d-> B", "A -DOWN-> B",
      "A <--> B", "A <|-- B", "A --|> B", "A *-- B", "A o-- B", "A --o B", "A +-- B", "A #-- B",
      "A x-- B", "A --x B", "A ^-- B", "A --0 B", "A --( B", "A -->> B",
      "A -[#red]-> B", "A -[#red,dashed,bold,hidden,thickness=2]-> B", "A -[hidden]down- B",
      "A \"1\" --> \"*\" B", "A \"1\" --> \"*\" B : label", "A -0)- B", "A -(0- B", "A -(0)- B",
      "A 0)--(0 B", "A )-- B", "A -() B", "() I - [C]", ":U: --> (Use)", "A.B --> C.D",
      "A --> B <<st>>", "A --> B #red", "A -->[B]", "cloud {", "A => B", "A <=> B",
  };
  for (const char* text : kAccepted) {
    std::string line = text;
    CAPTURE(line);
    Parsed p(line);
    CHECK(p.Error() == "");
    CHECK(p.doc.statements.size() == 1);
  }
}

TEST_CASE("component grammar: lines it rejects") {
  const char* kRejected[] = {
      "Gateway >> UserSvc", "A -> ", "component", "[A", "A --> B C", "component c d",
      "-- B", "A --> \"B", "frobnicate the thing", "A -[#red B",
  };
  for (const char* text : kRejected) {
    std::string line = text;
    CAPTURE(line);
    Parsed p(line);
    CHECK(p.Error() != "");
  }
}

TEST_CASE("component grammar: element fields") {
  Parsed p("database \"User DB\" as UserDB <<db>> <<main>> #lightblue [[https://x.org{hi}]] $t");
  const auto& e = p.Get<ElementDecl>();
  CHECK(e.keyword == "database");
  CHECK(e.display == "User DB");
  CHECK(e.alias == "UserDB");
  CHECK(e.deco.stereotypes == std::vector<std::string>{"db", "main"});
  CHECK(e.deco.color == "lightblue");
  CHECK(e.deco.link == "https://x.org");
  CHECK(e.deco.tooltip == "hi");
  CHECK(e.deco.tags == std::vector<std::string>{"$t"});
  Parsed q("component c as \"Long Name\"");
  CHECK(q.Get<ElementDecl>().display == "Long Name");
  CHECK(q.Get<ElementDecl>().alias == "c");
  Parsed r("() \"API\" as api");
  CHECK(r.Get<ElementDecl>().keyword == "interface");
  CHECK(r.Get<ElementDecl>().display == "API");
  Parsed s(":User:");
  CHECK(s.Get<ElementDecl>().keyword == "actor");
  Parsed u("(Use it)");
  CHECK(u.Get<ElementDecl>().keyword == "usecase");
  CHECK(u.Get<ElementDecl>().display == "Use it");
}

TEST_CASE("component grammar: link fields") {
  Parsed p("A \"1\" <-left[#red,dashed]-- \"*\" [B] : uses it");
  const auto& l = p.Get<LinkDecl>();
  CHECK(l.from.name == "A");
  CHECK(l.to.name == "B");
  CHECK(l.to.shorthand == "component");
  CHECK(l.from_card == "1");
  CHECK(l.to_card == "*");
  CHECK(l.tail_head == "<");
  CHECK(l.head == "");
  CHECK(l.body == '-');
  CHECK(l.length == 3);
  CHECK(l.direction == "left");
  CHECK(l.style == "#red,dashed");
  CHECK(l.label == "uses it");
  Parsed q("A -0)- B");
  CHECK(q.Get<LinkDecl>().lollipop == "0)");
  Parsed r("A ..|> B");
  CHECK(r.Get<LinkDecl>().body == '.');
  CHECK(r.Get<LinkDecl>().head == "|>");
}

TEST_CASE("component grammar: multi-line constructs") {
  Parsed p("component C [\n  first line\n  second\n]\n[A] --> C\n");
  CHECK(p.Get<ElementDecl>(0).description == "first line\nsecond");
  CHECK(std::holds_alternative<LinkDecl>(p.doc.statements.at(1)));
  Parsed q("artifact a as \"one\ntwo\"\n");
  CHECK(q.Get<ElementDecl>().display == "one\\ntwo");
  Parsed n("note left of [A] : hi\nnote top of B\n  l1\n  l2\nend note\nnote \"float\" as N1\n"
           "note as N2\n  x\nend note\nN1 .. A\n");
  CHECK(n.Get<NoteDecl>(0).side == NoteSide::kLeft);
  CHECK(n.Get<NoteDecl>(0).target == "A");
  CHECK(n.Get<NoteDecl>(0).text == "hi");
  CHECK(n.Get<NoteDecl>(1).side == NoteSide::kTop);
  CHECK(n.Get<NoteDecl>(1).text == "l1\nl2");
  CHECK(n.Get<NoteDecl>(2).alias == "N1");
  CHECK(n.Get<NoteDecl>(2).text == "float");
  CHECK(n.Get<NoteDecl>(3).alias == "N2");
  CHECK(n.Error() == "");
}

TEST_CASE("component grammar: braces, together, remove, separator") {
  Parsed p("package P {\ntogether {\n[A]\n}\n}\nremove A\nhide $t\nset namespaceSeparator ::\n");
  CHECK(p.Get<ElementDecl>(0).opens_block);
  CHECK(std::holds_alternative<TogetherStart>(p.doc.statements.at(1)));
  CHECK(std::holds_alternative<BlockEnd>(p.doc.statements.at(3)));
  CHECK(p.Get<RemoveDecl>(5).op == RemoveDecl::Op::kRemove);
  CHECK(p.Get<RemoveDecl>(6).op == RemoveDecl::Op::kHide);
  CHECK(p.doc.namespace_separator == "::");
  Parsed n("set namespaceSeparator none\n");
  CHECK(n.doc.namespace_separator == "");
}

namespace {

struct At {
  uint32_t line, column;
  std::string message;
};

At FirstErrorAt(const std::string& text) {
  Parsed p(text);
  for (const auto& d : p.diags.items()) {
    if (d.severity != dg::grammar::Severity::kError) continue;
    auto lc = p.file.Locate(d.span.begin);
    return {lc.line, lc.column, d.message};
  }
  return {0, 0, ""};
}

}  // namespace

TEST_CASE("component errors: exact line and column") {
  struct Case {
    const char* text;
    uint32_t line, column;
    const char* message;
  };
  const Case kCases[] = {
      {"@startuml\nGateway >> UserSvc\n@enduml\n", 2, 9,
       "unexpected \">>\", expected an arrow (\"-->\", \"..>\", \"-[#red]->\") after \"Gateway\""},
      {"@startuml\n[A] --> [B]\n  A -> \n@enduml\n", 3, 7,
       "unexpected end of line, expected the target of the link after \"->\""},
      {"@startuml\ncomponent c d\n@enduml\n", 2, 13,
       "unexpected \"d\", expected a name, \"as alias\", <<stereotype>>, #color, [[link]], \"{\" or \"[\" "
       "after \"component\""},
      {"@startuml\n[A]\n   ??? what\n@enduml\n", 3, 4,
       "unexpected \"???\", expected an element declaration or a link"},
      {"@startuml\nnote left of A\nno end\n@enduml\n", 2, 1,
       "\"note left of A\" is not closed: expected \"end note\""},
      {"@startuml\nnote sideways of A : x\n@enduml\n", 2, 1,
       "expected \"left of\", \"right of\", \"top of\", \"bottom of\", \"as\" or a quoted text after \"note\""},
      {"@startuml\nA --> B\n!frobnicate foo\n@enduml\n", 3, 1,
       "unknown preprocessor directive \"!frobnicate\", expected !define, !if, !function, !procedure, !include, … or a "
       "variable (!$x = …)"},
      {"@startuml\n\tcomponent é d\n@enduml\n", 2, 14,
       "unexpected \"d\", expected a name, \"as alias\", <<stereotype>>, #color, [[link]], \"{\" or \"[\" "
       "after \"component\""},
  };
  for (const Case& c : kCases) {
    std::string text = c.text;
    CAPTURE(text);
    At at = FirstErrorAt(c.text);
    CHECK(at.message == c.message);
    CHECK(at.line == c.line);
    CHECK(at.column == c.column);
  }
}

TEST_CASE("component errors: a bad container line does not unbalance braces") {
  Parsed p("@startuml\nnode ?? {\n[A]\n}\n@enduml\n");
  CHECK(p.diags.ErrorCount() == 1);
  // The bad opener still opens a (nameless) group that the "}" closes.
  CHECK(std::holds_alternative<TogetherStart>(p.doc.statements.at(0)));
  CHECK(std::holds_alternative<BlockEnd>(p.doc.statements.at(2)));
}

TEST_CASE("component errors: several per file, parsing continues") {
  Parsed p("@startuml\nA >> B\n[C]\nD <<>> E\n[F] --> [G]\n@enduml\n");
  CHECK(p.diags.ErrorCount() == 2);
  CHECK(p.doc.statements.size() == 2);
}
