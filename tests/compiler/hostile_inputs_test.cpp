// Hostile and malformed inputs: each row is an input and the first
// diagnostic it must produce (line, column, severity, message). A change in
// behaviour fails its row. Pathological sizes are measured in bench/, not here.
#include <doctest/doctest.h>

#include <string>

#include "compiler/compile.hpp"

namespace dg::compiler {
namespace {

struct HostileCase {
  const char* name;
  const char* file;      ///< the extension picks the language
  std::string text;
  uint32_t line, column;
  const char* message;
};

const HostileCase kCases[] = {
    {"truncated file", "a.puml", "@startuml\n[A] --> [B] : lab", 1, 1,
     "\"@startuml\" has no matching \"@enduml\": expected \"@enduml\" before the end of the file"},
    {"truncated block", "a.puml", "@startuml\npackage P {\n  [A]\n", 1, 1,
     "\"@startuml\" has no matching \"@enduml\": expected \"@enduml\" before the end of the file"},
    {"invalid UTF-8", "a.puml", "@startuml\n[A\xff\xfe] --> [B]\n@enduml\n", 2, 3,
     "invalid UTF-8 byte 0xFF: expected UTF-8 text"},
    {"NUL byte", "a.puml", std::string("@startuml\n[A] --> [B]\0\n@enduml\n", 26), 2, 12,
     "NUL byte in the input: expected UTF-8 text"},
    {"CRLF line endings", "a.puml", "@startuml\r\n[A] --> [B]\r\nfoo bar\r\n@enduml\r\n", 3, 5,
     "unexpected \"bar\", expected an arrow (\"-->\", \"..>\", \"-[#red]->\") after \"foo\""},
    {"mixed line endings, lone CR", "a.puml", "@startuml\n[A] --> [B]\r\n\rfoo bar\n@enduml\n", 4, 5,
     "unexpected \"bar\", expected an arrow (\"-->\", \"..>\", \"-[#red]->\") after \"foo\""},
    {"byte order mark is not a column", "a.puml", "\xEF\xBB\xBF@startuml\n[A] --> [B]\nfoo bar\n@enduml\n",
     3, 5, "unexpected \"bar\", expected an arrow (\"-->\", \"..>\", \"-[#red]->\") after \"foo\""},
    {"tabs count as one column", "a.puml", "@startuml\n\t[A]\t-->\t[B]\n\tfoo bar\n@enduml\n", 3, 6,
     "unexpected \"bar\", expected an arrow (\"-->\", \"..>\", \"-[#red]->\") after \"foo\""},
    {"unterminated string", "a.puml", "@startuml\ncomponent \"abc as x\n@enduml\n", 2, 11,
     "unterminated string: expected a closing '\"' on the same line"},
    {"unterminated note", "a.puml", "@startuml\n[A]\nnote left of A\n text\n@enduml\n", 3, 1,
     "\"note left of A\" is not closed: expected \"end note\""},
    {"end without an opener", "a.puml", "@startuml\nA -> B : hi\nend\n@enduml\n", 3, 1,
     "expected a statement; \"end\" has no open fragment, got \"end\""},
    {"closing brace without a block", "a.puml", "@startuml\n}\n@enduml\n", 2, 1,
     "unexpected \"}\", no block is open"},
    {"endless recursion", "a.puml", "@startuml\n!function $f() return $f()\n[$f()] --> [x]\n@enduml\n", 3, 1,
     "calls nested deeper than 400 (endless recursion in $f(...)?)"},
    {"sequence: unknown arrow", "a.puml", "@startuml\nA -> B : hi\nA >< B\n@enduml\n", 3, 3,
     "unexpected \"><\", expected an arrow (\"-->\", \"..>\", \"-[#red]->\") after \"A\""},
    {"DBML: unterminated string", "a.dbml", "Table t {\n  id int [note: 'abc]\n}\n", 2, 17,
     "line break inside a string: expected a closing \"'\" (use '''…''' for multi-line text)"},
    {"DBML: unterminated block", "a.dbml", "Table t {\n  id int\n", 3, 1,
     "expected \"}\" to close the block opened on line 1, got end of file"},
    {"DBML: unknown column", "a.dbml", "Table a {\n  id int\n}\nTable b {\n  id int\n}\nRef: a.idx > b.id\n",
     7, 8, "unknown column \"idx\" in table \"a\""},
    {"DBML: duplicate table", "a.dbml", "Table a {\n  id int\n}\nTable a {\n  id int\n}\n", 4, 7,
     "Table \"a\" is already defined in schema \"public\""},
    {"DBML: duplicate column", "a.dbml", "Table a {\n  id int\n  id int\n}\n", 2, 3,
     "duplicate column \"id\" in \"a\""},
    {"DBML: NUL byte", "a.dbml", std::string("Table a {\n  id\0 int\n}\n", 22), 2, 5,
     "NUL byte in the input: expected UTF-8 text"},
    {"DBML: invalid UTF-8", "a.dbml", "Table a\xff {\n  id int\n}\n", 1, 8,
     "invalid UTF-8 byte 0xFF: expected UTF-8 text"},
    {"DBML: BOM and CRLF", "a.dbml", "\xEF\xBB\xBFTable a {\r\n  id int\r\n  bad bad bad\r\n}\r\n", 3, 11,
     "inline column settings can only be pk or unique, got \"bad\""},
    {"DBML: SQL comment", "a.dbml", "-- schema\nTable a {\n  id int\n}\n", 1, 1,
     "DBML comments start with \"//\", not \"--\""},
    {"Mermaid: truncated link", "a.mmd", "graph TD\n  A --", 2, 5,
     "link text is never closed: expected \"-->\" or \"---\" after the text"},
    {"Mermaid: unclosed bracket runs to the end", "a.mmd", "graph TD\n  A[x --> B\n  C --> D\n", 2, 4,
     "\"[\" is never closed: expected \"]\" after the text"},
    {"Mermaid: unclosed subgraph", "a.mmd", "graph TD\n  subgraph S\n  A --> B\n", 2, 3,
     "subgraph is never closed: expected \"end\""},
    {"Mermaid: invalid UTF-8", "a.mmd", "graph TD\n  A[\xff] --> B\n", 2, 5,
     "invalid UTF-8 byte 0xFF: expected UTF-8 text"},
    {"Mermaid: NUL byte", "a.mmd", std::string("sequenceDiagram\n  A->>B: x\0y\n", 29), 2, 11,
     "NUL byte in the input: expected UTF-8 text"},
    {"Mermaid: BOM and CRLF", "a.mmd", "\xEF\xBB\xBFgraph TD\r\n  A --> B\r\n  C -> D\r\n", 3, 5,
     "unexpected \"->\", expected a link (\"-->\", \"---\", \"-.->\", \"==>\" …), \"&\" or the end of the statement"},
    {"Mermaid: unclosed directive", "a.mmd", "%%{init: {\"theme\": \"dark\"}\ngraph TD\n  A\n", 1, 1,
     "directive opened with \"%%{\" is never closed: expected \"}%%\""},
    {"Mermaid: a diagram type diagc does not draw", "a.mmd", "gitGraph\n  commit\n", 1, 1,
     "Mermaid diagram type \"gitGraph\" is not supported: diagc draws flowchart (graph), sequenceDiagram and erDiagram"},
    {"Mermaid: 2,000 nested subgraphs", "a.mmd", "graph TD\n" + [] {
       std::string s;
       for (int i = 0; i < 2000; ++i) s += "subgraph s" + std::to_string(i) + "\n";
       return s;
     }(), 1002, 1, "subgraphs nested deeper than 1000 levels"},
    {"Mermaid: sequence block never closed", "a.mmd", "sequenceDiagram\n  alt x\n  A->>B: y\n", 2, 3,
     "block is never closed: expected \"end\""},
    {"Mermaid: ER entity block never closed", "a.mmd", "erDiagram\n  A {\n    int id\n", 2, 5,
     "\"{\" of entity \"A\" is never closed: expected \"}\""},
    {"a 100 KB label", "a.puml", "@startuml\n[A] --> [B] : " + std::string(100000, 'x') + "\n@enduml\n",
     2, 65537, "line is 100014 bytes long; the limit is 65536"},
};

}  // namespace

TEST_CASE("hostile inputs: each gives its exact first diagnostic, as an error") {
  for (const HostileCase& c : kCases) {
    std::string name = c.name;
    CAPTURE(name);
    grammar::SourceFile file(c.file, c.text);
    grammar::Diagnostics diags(file);
    Compile(file, DetectLanguage(file), {}, diags);
    REQUIRE(diags.HasErrors());  // so the CLI exits 1 and writes nothing
    const grammar::Diagnostic& first = diags.items().front();
    grammar::LineCol at = file.Locate(first.span.begin);
    CHECK(at.line == c.line);
    CHECK(at.column == c.column);
    CHECK(first.severity == grammar::Severity::kError);
    CHECK(first.message == c.message);
    // Every diagnostic prints, whatever bytes the input holds.
    for (const grammar::Diagnostic& d : diags.items()) {
      std::string text = grammar::FormatText(file, d);
      CHECK(text.find('\0') == std::string::npos);
    }
  }
}

}  // namespace dg::compiler
