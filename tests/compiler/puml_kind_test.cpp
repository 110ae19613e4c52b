// Which diagram a @startuml block is drawn as: the kind whose reader accepts
// every line (compiler/puml_kind.hpp), as PlantUML picks its diagram factory.
#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "compiler/puml_kind.hpp"
#include "tests/compiler/compiled_text.hpp"

namespace dg::compiler {
namespace {

struct Compiled : testing::CompiledText {
  using CompiledText::CompiledText;
  /// "line:col: message" of each error, and of each note under it.
  std::string Errors() const {
    std::string out;
    for (const grammar::Diagnostic& d : diags.items()) {
      if (d.severity != grammar::Severity::kError) continue;
      out += At(d) + d.message + "\n";
      for (const grammar::Diagnostic& n : d.notes) out += "  note " + At(n) + n.message + "\n";
    }
    return out;
  }
  std::string At(const grammar::Diagnostic& d) const {
    grammar::LineCol at = diags.sources().Locate(d.span);
    return std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  }
  const ir::ComponentGraph* Component() const {
    return diagrams.size() == 1 ? std::get_if<ir::ComponentGraph>(&diagrams[0].body) : nullptr;
  }
};

grammar::puml::Kind KindOf(const std::string& text) {
  grammar::SourceFile file("t.puml", text);
  grammar::Diagnostics diags(file);
  auto blocks = grammar::puml::Preprocess(file, diags);
  return ReadPlantUmlBlock(blocks.at(0), diags).decision.kind;
}

}  // namespace

TEST_CASE("a component diagram with class-diagram arrow heads is drawn as a component diagram") {
  // The line heuristic counted two class arrows against one component line
  // and read an entity diagram, which then rejected `component A`.
  Compiled c("@startuml\ncomponent A\nA o-- B\nA <|-- C\nC *-- D\nD --o A\n@enduml\n");
  CHECK(c.Errors() == "");
  REQUIRE(c.Component() != nullptr);
  CHECK(c.Component()->edges.size() == 4);
  CHECK(c.Component()->nodes.size() == 4);
}

TEST_CASE("an entity element among component lines and class arrows stays a component diagram") {
  Compiled c("@startuml\n[Web] --> [API]\nentity Orders\n[API] *-- Orders\nOrders <|-- [Cache]\n@enduml\n");
  CHECK(c.Errors() == "");
  REQUIRE(c.Component() != nullptr);
  CHECK(c.Component()->edges.size() == 3);
}

TEST_CASE("the reader that accepts every line decides; ties go to the line heuristic") {
  using grammar::puml::Kind;
  // Every reader accepts a plain message: PlantUML's first factory, sequence.
  CHECK(KindOf("A -> B : hi\n") == Kind::kSequence);
  CHECK(KindOf("participant A\nA -> B\nactivate B\n") == Kind::kSequence);
  CHECK(KindOf("entity User {\n id : int\n}\nUser ||--o{ Order\n") == Kind::kEr);
  CHECK(KindOf("class A\nclass B\nA <|-- B\n") == Kind::kEr);
  CHECK(KindOf("[A] --> [B]\nnode N {\n  [C]\n}\n") == Kind::kComponent);
  CHECK(KindOf("component A\nA o-- B\nA *-- C\nA <|-- D\n") == Kind::kComponent);
  // Kinds diagc has no reader for are still named by the heuristic.
  CHECK(KindOf("start\n:hello;\nstop\n") == Kind::kUnsupported);
}

TEST_CASE("when no reader accepts every line, the one that reads furthest reports its first bad line") {
  Compiled er("@startuml\nentity User {\n  id : int\n}\nUser ||--o{ Order\ncomponent X\n@enduml\n");
  CHECK(er.diagrams.empty());
  // The entity reading is the one the lines suggest too: the error alone says enough.
  CHECK(er.Errors() == "6:1: expected an entity (entity Name { … }) or a relation (A ||--o{ B), got \"component X\"\n");
  Compiled seq("@startuml\nparticipant A\nA -> B : hi\nactivate B\nthis is no statement\n@enduml\n");
  CHECK(seq.diagrams.empty());
  CHECK(seq.Errors().rfind("5:6: expected an arrow", 0) == 0);
  // Class arrows suggest an entity diagram, but the component reading gets
  // further (to the last line): its error says which reading it comes from.
  Compiled comp("@startuml\nentity A {\n}\nA <|-- B\nB *-- C\n[X] --> [Y]\nfoo bar baz\n@enduml\n");
  CHECK(comp.diagrams.empty());
  CHECK(comp.Errors().rfind("7:5: ", 0) == 0);
  CHECK(comp.Errors().find("\n  note 1:1: no diagram kind accepts every line of this block; read as a component "
                           "(description) diagram, the kind that reads furthest before an error\n") !=
        std::string::npos);
}

TEST_CASE("a reading kept after trying others still points into macros and includes") {
  // The trial holds spans as the reader gave them; kept errors are moved to
  // the macro's call, with the expansion note, as errors reported directly are.
  Compiled c("@startuml\n!procedure $bad()\n[A] --> [B]\nthis is no statement\n!endprocedure\n"
             "component X\n$bad()\n@enduml\n");
  std::string errors = c.Errors();
  CHECK(errors.rfind("7:1: ", 0) == 0);
  CHECK(errors.find("note 4:1: in expansion of") != std::string::npos);
}

}  // namespace dg::compiler
