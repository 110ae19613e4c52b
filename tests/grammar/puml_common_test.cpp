#include <doctest/doctest.h>

#include "grammar/puml_common.hpp"

using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using namespace dg::grammar::puml;

namespace {

/// Preprocesses `text`, offers every line to ParseCommonStatement and
/// returns the lines it did not take.
struct Common {
  SourceFile file;
  Diagnostics diags;
  CommonStatements out;
  std::vector<std::string> rest;
  explicit Common(std::string text) : file("t.puml", std::move(text)), diags(file) {
    auto blocks = Preprocess(file, diags);
    const auto& lines = blocks.at(0).lines;
    for (size_t i = 0; i < lines.size();) {
      size_t before = i;
      if (ParseCommonStatement(lines, i, out, diags)) {
        CHECK(i > before);
      } else {
        rest.push_back(lines[i++].text);
      }
    }
  }
};

}  // namespace

TEST_CASE("ParseCommonStatement: title, caption, header, footer one-line and block") {
  Common c("title My Title\ncaption cap\nleft header\nH1\nH2\nendheader\nfooter F\nA --> B\n");
  CHECK(c.out.title == "My Title");
  CHECK(c.out.caption == "cap");
  CHECK(c.out.header == "H1\nH2");
  CHECK(c.out.footer == "F");
  CHECK(c.rest == std::vector<std::string>{"A --> B"});
  CHECK_FALSE(c.diags.HasErrors());
  Common b("title\n  line **one**\n  line two\nend title\n");
  CHECK(b.out.title == "line **one**\nline two");
}

TEST_CASE("ParseCommonStatement: legend with alignment") {
  Common c("legend right\nsome\ntext\nendlegend\n");
  CHECK(c.out.legend == "some\ntext");
  CHECK(c.out.legend_align == "right");
  Common d("legend top left\nx\nend legend\n");
  CHECK(d.out.legend_align == "left");
  CHECK(d.rest.empty());
}

TEST_CASE("ParseCommonStatement: skinparam one-line, block and stereotype blocks") {
  Common c(
      "skinparam ArrowColor #red\n"
      "skinparam component {\n"
      "  BackgroundColor yellow\n"
      "  BorderColor<<api>> blue\n"
      "}\n"
      "skinparam node<<db>> {\n"
      "  FontSize 12\n"
      "}\n"
      "skinparam {\n"
      "  database {\n"
      "    FontColor green\n"
      "  }\n"
      "}\n");
  REQUIRE(c.out.skinparams.size() == 5);
  CHECK(c.out.skinparams[0].name == "ArrowColor");
  CHECK(c.out.skinparams[0].value == "#red");
  CHECK(c.out.skinparams[1].name == "componentBackgroundColor");
  CHECK(c.out.skinparams[2].name == "componentBorderColor<<api>>");
  CHECK(c.out.skinparams[3].name == "node<<db>>FontSize");
  CHECK(c.out.skinparams[4].name == "databaseFontColor");
  CHECK(c.rest.empty());
  CHECK_FALSE(c.diags.HasErrors());
}

TEST_CASE("ParseCommonStatement: direction, hide, show, scale, skin") {
  Common c("left to right direction\nhide stereotype\nshow Foo\nscale 2\nskin rose\nX\n");
  CHECK(c.out.left_to_right);
  CHECK(c.out.hides == std::vector<std::string>{"stereotype"});
  CHECK(c.out.shows == std::vector<std::string>{"foo"});
  CHECK(c.rest == std::vector<std::string>{"X"});
  Common d("top to bottom direction\n");
  CHECK(d.out.top_to_bottom);
}

TEST_CASE("ParseCommonStatement: unterminated blocks name the opening line") {
  Common c("@startuml\nA\nlegend\nnever closed\n@enduml\n");
  REQUIRE(c.diags.ErrorCount() == 1);
  const auto& d = c.diags.items()[0];
  CHECK(d.message == "\"legend\" is not closed: expected \"end legend\"");
  CHECK(c.file.Locate(d.span.begin).line == 3);
  Common s("skinparam component {\nBackgroundColor red\n");
  REQUIRE(s.diags.ErrorCount() == 1);
  CHECK(s.diags.items()[0].message == "\"skinparam component {\" is not closed: expected \"}\"");
}

TEST_CASE("ParseCommonStatement leaves other lines alone") {
  Common c("titled thing\nheaderless\n[A] --> [B]\n");
  CHECK(c.rest.size() == 3);
}
