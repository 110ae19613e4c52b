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
  CHECK(ParseCreole("~**not bold**").Plain() == "**not bold");
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
