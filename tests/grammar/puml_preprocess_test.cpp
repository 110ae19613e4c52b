#include <doctest/doctest.h>

#include <cstdio>

#include "grammar/puml_preprocess.hpp"
#include "tests/grammar/puml_corpus.hpp"

using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using namespace dg::grammar::puml;

namespace {

struct Pre {
  SourceFile file;
  Diagnostics diags;
  std::vector<Block> blocks;
  explicit Pre(std::string text) : file("t.puml", std::move(text)), diags(file) {
    blocks = Preprocess(file, diags);
  }
  std::vector<std::string> Texts(size_t block = 0) const {
    std::vector<std::string> out;
    for (const Line& l : blocks.at(block).lines) out.push_back(l.text);
    return out;
  }
  std::string FirstError() const {
    for (const auto& d : diags.items()) {
      if (d.severity == dg::grammar::Severity::kError) return d.message;
    }
    return "";
  }
};

using Texts = std::vector<std::string>;

}  // namespace

TEST_CASE("Preprocess splits @start blocks and ignores text outside them") {
  Pre p("junk\n@startuml first\nA\n@enduml\nmore junk\n@startmindmap\n* x\n@endmindmap\n");
  REQUIRE(p.blocks.size() == 2);
  CHECK(p.blocks[0].tag == "uml");
  CHECK(p.blocks[0].name == "first");
  CHECK(p.Texts(0) == Texts{"A"});
  CHECK(p.blocks[1].tag == "mindmap");
  CHECK(p.Texts(1) == Texts{"* x"});
  CHECK(p.file.Locate(p.blocks[0].start.begin).line == 2);
}

TEST_CASE("Preprocess reads a file without @start as one block") {
  Pre p("A --> B\n");
  REQUIRE(p.blocks.size() == 1);
  CHECK(p.blocks[0].tag == "uml");
  CHECK(p.Texts() == Texts{"A --> B"});
}

TEST_CASE("Preprocess accepts @startuml(id=name)") {
  Pre p("@startuml(id=foo)\nA\n@enduml");
  REQUIRE(p.blocks.size() == 1);
  CHECK(p.blocks[0].name == "foo");
}

TEST_CASE("Preprocess removes comments and keeps columns exact") {
  Pre p("@startuml\n' whole line\n  [A] /' inline '/ --> [B]\n/' multi\nline '/ [C]\nX : don't\n@enduml\n");
  REQUIRE(p.Texts() == Texts{"[A]" + std::string(14, ' ') + "--> [B]", "[C]", "X : don't"});
  const Line& a = p.blocks[0].lines[0];
  CHECK_FALSE(a.substituted);
  CHECK(p.file.Slice(a.span).substr(0, 3) == "[A]");
  CHECK(p.file.Locate(a.span.begin).column == 3);
  const Line& c = p.blocks[0].lines[1];
  CHECK(p.file.Slice(c.span) == "[C]");
}

TEST_CASE("Preprocess joins lines ending in a backslash") {
  Pre p("@startuml\nA -> B : one\\\n two\n@enduml\n");
  REQUIRE(p.Texts() == Texts{"A -> B : one two"});
  CHECK(p.blocks[0].lines[0].substituted);
}

TEST_CASE("Preprocess applies !define whole-word, with parameters, and !undef") {
  Pre p("@startuml\n!define DB database\n!define ITEM(n, l) component n as l\n"
        "DB X\nDBX\nITEM(Foo, f)\n!undef DB\nDB Y\n@enduml\n");
  CHECK(p.Texts() == Texts{"database X", "DBX", "component Foo as f", "DB Y"});
  CHECK(p.blocks[0].lines[0].substituted);
  CHECK_FALSE(p.blocks[0].lines[1].substituted);
  CHECK_FALSE(p.diags.HasErrors());
}

TEST_CASE("Preprocess expands !definelong into several lines, with ## pasting") {
  Pre p("@startuml\n!definelong AUTH(x,y)\nx -> y : hello\ny -> x : ok\n!enddefinelong\n"
        "!define JOIN(a,b) ##a##b\nAUTH(Bob,Alice)\nJOIN(A,B) -> C\n@enduml\n");
  CHECK(p.Texts() == Texts{"Bob -> Alice : hello", "Alice -> Bob : ok", "AB -> C"});
  CHECK(p.blocks[0].lines[0].substituted);
  // The expanded lines are reported at the call (line 7).
  CHECK(p.diags.sources().Locate(p.blocks[0].lines[1].span).line == 7);
  Pre open("!definelong X\nbody\n");
  CHECK(open.FirstError() == "!definelong X is not closed: expected !enddefinelong");
}

TEST_CASE("Preprocess supports !ifdef / !ifndef / !else / !endif") {
  Pre p("!define A\n!ifdef A\nyes\n!else\nno\n!endif\n!ifndef A\nno2\n!endif\n");
  CHECK(p.Texts() == Texts{"yes"});
}

TEST_CASE("Preprocess substitutes a !define once, as PlantUML does (no recursion)") {
  Pre p("@startuml\n!define LOOP LOOP LOOP\nLOOP\nA\n@enduml\n");
  CHECK(p.FirstError() == "");
  CHECK(p.Texts() == Texts{"LOOP LOOP", "A"});
}

TEST_CASE("Preprocess reports a missing include and unknown directives, ignores !pragma") {
  Pre p("@startuml\n!pragma layout smetana\n!include foo.iuml\n@enduml\n@startuml\n!frobnicate\n@enduml\n");
  REQUIRE(p.diags.ErrorCount() == 2);
  CHECK(p.diags.items()[0].message.find("cannot find \"foo.iuml\"") == 0);
  CHECK(p.file.Locate(p.diags.items()[0].span.begin).line == 3);
  CHECK(p.diags.items()[1].message.find("unknown preprocessor directive \"!frobnicate\"") == 0);
}

TEST_CASE("Preprocess runs the newer preprocessor; !theme it does not bundle is a warning") {
  Pre p("@startuml\n!procedure $x()\nX\n!endprocedure\n!$v = 1\n!if $v\nA\n!endif\n$x()\n!theme cyborg\n@enduml\n");
  CHECK(p.diags.ErrorCount() == 0);
  CHECK(p.Texts() == Texts{"A", "X"});
  REQUIRE(p.diags.items().size() == 1);
  CHECK(p.diags.items()[0].severity == dg::grammar::Severity::kWarning);
}

TEST_CASE("Preprocess: a missing @enduml is an error at the @startuml line (a truncated file)") {
  Pre p("@startuml\nA\n");
  REQUIRE(p.diags.items().size() == 1);
  CHECK(p.diags.items()[0].severity == dg::grammar::Severity::kError);
  CHECK(p.diags.items()[0].span.begin == 0);
  CHECK(p.diags.items()[0].message ==
        "\"@startuml\" has no matching \"@enduml\": expected \"@enduml\" before the end of the file");
  CHECK(p.Texts() == Texts{"A"});
}

namespace {

Kind KindOf(const std::string& text, std::string* what = nullptr) {
  SourceFile file("t.puml", text);
  Diagnostics diags(file);
  auto blocks = Preprocess(file, diags);
  KindDecision d = DetectKind(blocks.at(0));
  if (what) *what = d.what;
  return d.kind;
}

}  // namespace

TEST_CASE("DetectKind follows PlantUML's first-accepting-factory rule") {
  CHECK(KindOf("actor A\nA -> B : hi\n") == Kind::kSequence);
  CHECK(KindOf("A -> B\n") == Kind::kSequence);
  CHECK(KindOf("participant A\nactivate A\n") == Kind::kSequence);
  CHECK(KindOf("A -> B : x\nalt ok\nB --> A\nend\n") == Kind::kSequence);
  CHECK(KindOf("[A] --> [B]\n") == Kind::kComponent);
  CHECK(KindOf("A -up-> B\n") == Kind::kComponent);
  CHECK(KindOf("A ..> B\n") == Kind::kComponent);
  CHECK(KindOf("component X\nA -> B : x\n") == Kind::kComponent);
  CHECK(KindOf("actor A\nA --> (Use)\n") == Kind::kComponent);
  CHECK(KindOf("package P {\nA -> B\n}\n") == Kind::kComponent);
  CHECK(KindOf("entity User {\n id : int\n}\n") == Kind::kEr);
  CHECK(KindOf("class A {\n}\nA <|-- B\n") == Kind::kEr);
  CHECK(KindOf("A ||--o{ B\n") == Kind::kEr);
  std::string what;
  CHECK(KindOf("@startmindmap\n* a\n@endmindmap\n", &what) == Kind::kUnsupported);
  CHECK(what == "mindmap");
  CHECK(KindOf("start\n:hello;\nstop\n", &what) == Kind::kUnsupported);
  CHECK(what == "activity");
  CHECK(KindOf("[*] --> S1\n", &what) == Kind::kUnsupported);
  CHECK(what == "state");
}

TEST_CASE("DetectKind: a sequence diagram with a few bad lines is still a sequence diagram") {
  // issue 10: one line that is not sequence syntax made it a component
  // diagram, and then every participant line was the error.
  CHECK(KindOf("participant Browser\nparticipant API as api\nBrowser -> api : GET\n"
               "api => db : SELECT\napi --> Browser : 200\n") == Kind::kSequence);
  CHECK(KindOf("A -> B : hi\nactivate B\nB -> C\nfoo bar baz\n") == Kind::kSequence);
  // Border arrows and teoz anchors are sequence-only lines too.
  CHECK(KindOf("[-> A : go\nA -> B\n{start} <-> {end} : some time\n") == Kind::kSequence);
  CHECK(KindOf("{start} A -> B : go\nB -> C{end} : x\nweird line\n") == Kind::kSequence);
  // The majority decides: a component diagram with one stray sequence word stays one.
  CHECK(KindOf("[A] --> [B]\ncomponent C\nnode D\nactivate A\n") == Kind::kComponent);
  // Without any sequence-only line, messages alone (valid links too) do not outvote.
  CHECK(KindOf("A -> B : hi\nB -> C\n[C] --> [D]\n") == Kind::kComponent);
}

TEST_CASE("DetectKind: entity lines outvote a stray description line") {
  CHECK(KindOf("entity A {\n id : int\n}\nentity B\nA ||--o{ B\ncomponent X\n") == Kind::kEr);
  CHECK(KindOf("component X\nnode Y\nentity A {\n}\n") == Kind::kComponent);
}

namespace {

/// Fraction of a corpus folder's cases whose first block is detected as `want`.
double CorpusAccuracy(const std::string& folder, Kind want) {
  auto cases = dg::testing::CorpusCases(folder);
  if (cases.empty()) return -1;
  int hits = 0;
  for (const auto& path : cases) {
    SourceFile file(path.string(), dg::testing::ReadFile(path));
    Diagnostics diags(file);
    auto blocks = Preprocess(file, diags);
    KindDecision d = DetectKind(blocks.at(0));
    if (d.kind == want) {
      ++hits;
    } else {
      MESSAGE(path.filename().string() << " detected as " << d.what << " at line "
                                       << file.Locate(d.decided_by.begin).line << ": " << file.LineText(file.Locate(d.decided_by.begin).line));
    }
  }
  return double(hits) / cases.size();
}

}  // namespace

TEST_CASE("DetectKind against the shared corpus") {
  double component = CorpusAccuracy("component", Kind::kComponent);
  if (component < 0) return;  // corpus not beside the project
  double sequence = CorpusAccuracy("sequence", Kind::kSequence);
  double er = CorpusAccuracy("er", Kind::kEr);
  std::printf("DetectKind corpus accuracy: component %.3f, sequence %.3f, er %.3f\n", component,
              sequence, er);
  CHECK(component >= 0.95);
  CHECK(sequence >= 0.95);
  CHECK(er >= 0.8);
}
