#include <doctest/doctest.h>

#include "compiler/ir.hpp"

using dg::ir::ParseCreole;
using dg::ir::RichText;

TEST_CASE("ParseCreole: styles make runs") {
  RichText t = ParseCreole("a **b** //c// \"\"d\"\" __e__ --f--");
  REQUIRE(t.lines.size() == 1);
  const auto& runs = t.lines[0];
  REQUIRE(runs.size() == 10);
  CHECK(runs[0].text == "a ");
  CHECK(runs[1].text == "b");
  CHECK(runs[1].bold);
  CHECK(runs[3].italic);
  CHECK(runs[5].mono);
  CHECK(runs[7].underline);
  CHECK(runs[9].strike);
  CHECK(t.Plain() == "a b c d e f");
}

TEST_CASE("ParseCreole: line breaks, escapes and tags") {
  CHECK(ParseCreole("a\\nb").lines.size() == 2);
  CHECK(ParseCreole("a\nb\\nc").Plain() == "a\nb\nc");
  // As PlantUML: the escaped star leaves a lone "**", which is text.
  CHECK(ParseCreole("~**not bold**").Plain() == "**not bold**");
  CHECK_FALSE(ParseCreole("~**not bold**").lines[0][0].bold);
  RichText t = ParseCreole("<b>x</b> <i>y</i> <u>z</u> <color:red>w</color>");
  CHECK(t.Plain() == "x y z w");
  CHECK(t.lines[0][0].bold);
  CHECK(t.lines[0][2].italic);
  CHECK(t.lines[0][4].underline);
  CHECK(ParseCreole("see http://x.org/a").lines[0].size() == 1);
  CHECK(ParseCreole("a < b").Plain() == "a < b");
  CHECK(ParseCreole("").empty());
}

TEST_CASE("ParseCreole: separator lines stay single runs") {
  RichText t = ParseCreole("head\n----\nbody\n====\n....\n____");
  REQUIRE(t.lines.size() == 6);
  CHECK(t.lines[1].size() == 1);
  CHECK(t.lines[1][0].text == "----");
  CHECK(t.lines[3][0].text == "====");
  CHECK(t.lines[4][0].text == "....");
  CHECK(t.lines[5][0].text == "____");
  CHECK_FALSE(t.lines[1][0].strike);
}

TEST_CASE("ParseCreole: a style marker needs its closing partner, as in PlantUML") {
  CHECK(ParseCreole("bigbank-api***x8").Plain() == "bigbank-api***x8");
  RichText t = ParseCreole("x **a** y ** z");
  CHECK(t.Plain() == "x a y ** z");
  REQUIRE(t.lines[0].size() == 3);
  CHECK_FALSE(t.lines[0][0].bold);
  CHECK(t.lines[0][1].bold);
  CHECK(t.lines[0][1].text == "a");
  CHECK_FALSE(t.lines[0][2].bold);
}

TEST_CASE("ParseCreole: headings, colours, sizes and code points") {
  RichText t = ParseCreole("== Web App\n//<size:12>[Java]</size>//\n<color:#FFF>a<color:red>b</color>c</color>d<U+25AF>");
  REQUIRE(t.lines.size() == 3);
  CHECK(t.lines[0].heading == 2);
  CHECK(t.lines[0][0].text == "Web App");
  CHECK(t.lines[1][0].italic);
  CHECK(t.lines[1][0].size == 12);
  CHECK(t.lines[1][0].text == "[Java]");
  const auto& l = t.lines[2];
  REQUIRE(l.size() == 4);
  CHECK(l[0].color == "#FFF");
  CHECK(l[1].color == "red");
  CHECK(l[2].color == "#FFF");  // </color> restores the outer colour
  CHECK(l[3].color.empty());
  CHECK(l[3].text == "d\u25AF");
  CHECK(ParseCreole("==== small").lines[0].heading == 4);
  CHECK(ParseCreole("=====").lines[0].heading == 0);   // a rule, not a heading
  CHECK(ParseCreole("==x").lines[0].heading == 0);     // a heading needs its space
  CHECK(ParseCreole("<U+D800><U+110000>").Plain() == "<U+D800><U+110000>");  // not code points
  CHECK(ParseCreole("<size:100000>x").lines[0][0].size == 200);  // clamped
}

TEST_CASE("ParseCreole: \\l and \\r align the whole block; \\t is spaces") {
  CHECK(ParseCreole("a\\nb").align == dg::ir::TextAlign::kDefault);
  CHECK(ParseCreole("a\\lb").align == dg::ir::TextAlign::kLeft);
  CHECK(ParseCreole("a\\rb\\nc").align == dg::ir::TextAlign::kRight);
  CHECK(ParseCreole("a\\tb").Plain() == "a    b");
}

TEST_CASE("ParseCreole: table rows with header cells and colours") {
  RichText t = ParseCreole("<#transparent,#ff0000>|<color:#000>**Legend**</color> |\n| Location |= London |\n|<#08427B> person |");
  REQUIRE(t.lines.size() == 3);
  const auto& head = t.lines[0];
  REQUIRE(head.cells.size() == 1);
  REQUIRE(head.size() == 1);  // the row as written, for readers that know no tables
  CHECK(head[0].text == "<#transparent,#ff0000>|<color:#000>**Legend**</color> |");
  CHECK(head.row_fill == "#transparent");
  CHECK(head.row_border == "#ff0000");
  CHECK(head.cells[0].runs[0].bold);
  CHECK(head.cells[0].runs[0].color == "#000");
  REQUIRE(t.lines[1].cells.size() == 2);
  CHECK_FALSE(t.lines[1].cells[0].header);
  CHECK(t.lines[1].cells[1].header);
  CHECK(t.lines[1].cells[1].runs[0].text == "London");
  CHECK(t.lines[2].cells[0].fill == "#08427B");
  CHECK(t.lines[2].cells[0].runs[0].text == "person");
  CHECK(t.Plain() == "Legend\nLocation | London\nperson");
  CHECK(ParseCreole("| not a row").lines[0].cells.empty());
}

TEST_CASE("ParseCreole: sprites by name, scaled; unknown names stay text") {
  dg::ir::SpriteTable sprites;
  auto s = std::make_shared<dg::ir::Sprite>();
  s->width = 2, s->height = 1, s->pixels = {0, 15};
  sprites["person"] = s;
  RichText t = ParseCreole("<$person>\n<$person,scale=.25> who <$nobody>", &sprites);
  REQUIRE(t.lines.size() == 2);
  REQUIRE(t.lines[0].size() == 1);
  CHECK(t.lines[0][0].sprite == s);
  CHECK(t.lines[0][0].sprite_scale == 1);
  CHECK(t.lines[1][0].sprite_scale == doctest::Approx(0.25));
  CHECK(t.lines[1][1].text == " who <$nobody>");
  CHECK(ParseCreole("<$person>").Plain() == "<$person>");  // no table given
}

TEST_CASE("ParseCreole: [[url label]] links keep the outer style; <size:0> hides its text") {
  RichText t = ParseCreole("**[[https://x.org/a Uses it]]** and [[https://y.org]] <size:0>.</size>");
  REQUIRE(t.lines[0].size() >= 3);
  CHECK(t.lines[0][0].text == "Uses it");
  CHECK(t.lines[0][0].bold);
  CHECK(t.lines[0][0].link == "https://x.org/a");
  CHECK(t.Plain() == "Uses it and https://y.org ");
  CHECK(t.lines[0][2].link == "https://y.org");
  CHECK(ParseCreole("[[https://z.org{tip} label]]").Plain() == "label");
  CHECK(ParseCreole("[[]]").Plain() == "[[]]");
}

TEST_CASE("ParseCreole: one label draws at most 64 sprites; the rest stay text") {
  dg::ir::SpriteTable sprites;
  sprites["p"] = std::make_shared<dg::ir::Sprite>();
  std::string many;
  for (int i = 0; i < 70; ++i) many += "<$p>";
  RichText t = ParseCreole(many, &sprites);
  int drawn = 0;
  for (const auto& run : t.lines[0]) drawn += run.sprite ? 1 : 0;
  CHECK(drawn == 64);
  CHECK(t.Plain() == "<$p><$p><$p><$p><$p><$p>");
}
