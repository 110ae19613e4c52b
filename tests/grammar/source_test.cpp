#include <doctest/doctest.h>

#include "grammar/diagnostics.hpp"
#include "grammar/source.hpp"

using dg::grammar::Diagnostics;
using dg::grammar::FormatJson;
using dg::grammar::FormatText;
using dg::grammar::SourceFile;

TEST_CASE("Locate counts lines over LF, CRLF and CR, and columns in code points") {
  SourceFile f("a.puml", "ab\r\ncd\nxé\rz");
  CHECK(f.LineCount() == 4);
  CHECK(f.Locate(0).line == 1);
  CHECK(f.Locate(4).line == 2);
  CHECK(f.Locate(4).column == 1);
  CHECK(f.Locate(7).line == 3);
  // "xé": é is two bytes, so the byte after it is column 3.
  CHECK(f.Locate(10).column == 3);
  CHECK(f.Locate(11).line == 4);
  CHECK(f.LineText(1) == "ab");
  CHECK(f.LineText(3) == "xé");
}

TEST_CASE("FormatText prints file:line:col, the line and a caret under the span") {
  SourceFile f("docs/arch.puml", "@startuml\nGateway => UserSvc\n@enduml\n");
  Diagnostics diags(f);
  diags.Error({18, 20}, "puml-syntax", "expected an arrow, got \"=>\"");
  REQUIRE(diags.HasErrors());
  CHECK(FormatText(f, diags.items()[0]) ==
        "docs/arch.puml:2:9: error: expected an arrow, got \"=>\"\n"
        "  2 | Gateway => UserSvc\n"
        "    |         ^~\n");
  CHECK(FormatJson(f, diags.items()[0]) ==
        "{\"file\":\"docs/arch.puml\",\"line\":2,\"column\":9,\"end_line\":2,\"end_column\":11,"
        "\"severity\":\"error\",\"code\":\"puml-syntax\",\"message\":\"expected an arrow, got "
        "\\\"=>\\\"\"}");
}
