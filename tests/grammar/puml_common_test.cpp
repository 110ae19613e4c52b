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
  Common one("legend \"x5\"\nA -> B\n");  // one line, like footer "x": nothing to close
  CHECK(one.out.legend == "x5");
  CHECK(one.out.legend_align.empty());
  Common colon("legend right : see \"left\"\n");
  CHECK(colon.out.legend == "see \"left\"");
  CHECK(colon.out.legend_align == "right");
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

TEST_CASE("ParseCommonStatement: <style> blocks become rules with selector paths") {
  Common c(
      "<style>\n"
      "  ' a comment\n"
      "  componentDiagram {\n"
      "    rectangle, node {\n"
      "      BackgroundColor #e95420\n"
      "      .backend { LineStyle 5; FontColor: white }\n"
      "    }\n"
      "  }\n"
      "  root { FontColor #fff }\n"
      "</style>\n"
      "<style>arrow { LineColor red }</style>\n"
      "A\n");
  REQUIRE(c.out.styles.size() == 8);
  using Path = std::vector<std::string>;
  CHECK(c.out.styles[0].path == Path{"componentdiagram", "rectangle"});
  CHECK(c.out.styles[0].property == "BackgroundColor");
  CHECK(c.out.styles[0].value == "#e95420");
  CHECK(c.out.styles[1].path == Path{"componentdiagram", "node"});
  CHECK(c.out.styles[2].path == Path{"componentdiagram", "rectangle", ".backend"});
  CHECK(c.out.styles[2].property == "LineStyle");
  CHECK(c.out.styles[2].value == "5");
  CHECK(c.out.styles[3].path == Path{"componentdiagram", "node", ".backend"});
  CHECK(c.out.styles[4].property == "FontColor");
  CHECK(c.out.styles[4].value == "white");  // `FontColor: white`
  CHECK(c.out.styles[6].path == Path{"root"});
  CHECK(c.out.styles[7].path == Path{"arrow"});
  CHECK(c.out.styles[7].value == "red");
  CHECK(c.rest == std::vector<std::string>{"A"});
  CHECK(c.diags.items().empty());
}

TEST_CASE("ParseCommonStatement: broken <style> blocks are warnings at their lines, as PlantUML draws them") {
  Common a("<style>\nrectangle {\nBackgroundColor red\n</style>\n");
  REQUIRE(a.diags.items().size() == 1);
  CHECK(a.diags.items()[0].message == "a selector in this <style> is not closed: expected \"}\"");
  Common b("<style>\nBackgroundColor red\n}\n<style>\n</style>\nA\n");
  CHECK_FALSE(b.diags.HasErrors());
  REQUIRE(b.diags.items().size() == 2);
  CHECK(b.diags.items()[0].message ==
        "expected a selector before \"BackgroundColor\" in <style>; the line is ignored");
  CHECK(b.diags.items()[1].message == "unexpected \"}\" in <style>: no selector is open; it is ignored");
  CHECK(b.file.Locate(b.diags.items()[1].span.begin).line == 3);
  CHECK(b.rest == std::vector<std::string>{"A"});
  Common c("<style>\nroot {}\n");
  REQUIRE(c.diags.ErrorCount() == 1);
  CHECK(c.diags.items()[0].message == "\"<style>\" is not closed: expected \"</style>\"");
}

TEST_CASE("ParseCommonStatement: sprites, plain, packed and compressed") {
  Common c(
      "sprite $dot [3x2/16] {\n"
      "0F0\n"
      "F0F\n"
      "}\n"
      "sprite tiny {\n"
      "12\n"
      "}\n"
      "sprite $z [4x2/16z] Os1cv-TdPsO00000\n"
      "sprite $svg <svg viewBox=\"0 0 1 1\"></svg>\n"
      "sprite $svg2 <svg viewBox=\"0 0 1 1\">\n"
      "  <path d=\"M0,0\"/>\n"
      "</svg>\n"
      "X\n");
  REQUIRE(c.out.sprites.size() == 3);
  CHECK(c.out.sprites[0].name == "dot");
  CHECK(c.out.sprites[0].width == 3);
  CHECK(c.out.sprites[0].height == 2);
  CHECK(c.out.sprites[0].levels == 16);
  CHECK(c.out.sprites[0].rows == std::vector<std::string>{"0F0", "F0F"});
  CHECK(c.out.sprites[1].name == "tiny");
  CHECK(c.out.sprites[1].width == 0);
  CHECK(c.out.sprites[2].compressed);
  CHECK(c.out.sprites[2].rows == std::vector<std::string>{"Os1cv-TdPsO00000"});
  CHECK(c.rest == std::vector<std::string>{"X"});
  REQUIRE(c.diags.items().size() == 2);
  CHECK(c.diags.items()[0].message == "SVG sprites are not supported; \"$svg\" is left out");
  Common bad("sprite $s [3y2/16] {\n0\n}\nsprite $t [2x2/16] {\n00\n");
  REQUIRE(bad.diags.ErrorCount() == 2);
  CHECK(bad.diags.items()[0].message ==
        "expected a sprite format such as \"[48x48/16]\" or \"[16x16/8z]\" after \"sprite $s\"");
  CHECK(bad.diags.items()[1].message == "sprite \"$t\" is not closed: expected \"}\"");
  CHECK(bad.out.sprites.empty());
}
