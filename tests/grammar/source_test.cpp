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

TEST_CASE("FormatJson lists a diagnostic's notes with their own places") {
  SourceFile f("a.puml", "@startuml\n$box(0)\n!procedure $box($n)\n@enduml\n");
  Diagnostics diags(f);
  diags.Error({10, 17}, "puml-preprocess", "assertion failed");
  diags.Note({18, 37}, "in expansion of $box(...)");
  CHECK(FormatJson(f, diags.items()[0]) ==
        "{\"file\":\"a.puml\",\"line\":2,\"column\":1,\"end_line\":2,\"end_column\":8,"
        "\"severity\":\"error\",\"code\":\"puml-preprocess\",\"message\":\"assertion failed\","
        "\"notes\":[{\"file\":\"a.puml\",\"line\":3,\"column\":1,\"end_line\":3,\"end_column\":20,"
        "\"severity\":\"note\",\"message\":\"in expansion of $box(...)\"}]}");
}

TEST_CASE("FormatText cuts a long line to a window around the column, caret kept under it") {
  std::string line = std::string(300, 'x') + "BAD" + std::string(300, 'y');
  SourceFile f("long.puml", line + "\n");
  Diagnostics diags(f);
  diags.Error({300, 303}, "puml-syntax", "unexpected \"BAD\"");
  std::string text = FormatText(f, diags.items()[0]);
  std::string excerpt = text.substr(text.find("| ") + 2);
  excerpt = excerpt.substr(0, excerpt.find('\n'));
  CHECK(excerpt.size() < 120 + 6);  // 100 columns plus two "…" (3 bytes each)
  CHECK(excerpt.rfind("…", 0) == 0);
  std::string caret_line = text.substr(text.rfind("| ") + 2);
  // The caret sits under the "B" of "BAD" (both counted in code points).
  size_t caret = caret_line.find('^');
  size_t bad = excerpt.find("BAD");
  CHECK(caret == bad - 2);  // "…" is 3 bytes but one column
  CHECK(caret_line.substr(caret, 3) == "^~~");
}
