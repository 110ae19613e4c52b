#include <doctest/doctest.h>

#include "compiler/lower_common.hpp"

using dg::compiler::LowerCommon;
using dg::compiler::ParseColor;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using namespace dg::grammar::puml;

TEST_CASE("ParseColor normalises PlantUML colours") {
  CHECK(ParseColor("#1A2b3C").value == "#1a2b3c");
  CHECK(ParseColor("#AAA").value == "#aaaaaa");
  CHECK(ParseColor("#Red").value == "red");
  CHECK(ParseColor("LightBlue").value == "lightblue");
  CHECK(ParseColor("FFAA00").value == "#ffaa00");
  CHECK(ParseColor("#red/blue").value == "red");
  CHECK_FALSE(ParseColor("").set());
  CHECK_FALSE(ParseColor("#12").set());
  CHECK_FALSE(ParseColor("not a colour").set());
}

namespace {

struct Lowered {
  SourceFile file{"t.puml", ""};
  Diagnostics diags{file};
  dg::ir::Decorations deco;
  dg::ir::GlobalSkin skin;
  std::map<std::string, dg::ir::Style> styles;
  explicit Lowered(const CommonStatements& common) {
    LowerCommon(common, deco, skin, styles, diags);
  }
};

}  // namespace

TEST_CASE("LowerCommon fills decorations and the global skin") {
  CommonStatements c;
  c.title = "**Big** title";
  c.legend = "l1\nl2";
  c.legend_align = "left";
  c.skinparams = {{"backgroundColor", "#EEE", {}},   {"ArrowColor", "red", {}},
                  {"ArrowFontColor", "blue", {}},   {"defaultFontSize", "14", {}},
                  {"linetype", "ortho", {}},        {"nodesep", "30", {}},
                  {"ranksep", "45.5", {}},          {"componentStyle", "uml1", {}},
                  {"monochrome", "true", {}},       {"shadowing", "false", {}},
                  {"handwritten", "true", {}}};
  Lowered l(c);
  CHECK(l.deco.title.Plain() == "Big title");
  CHECK(l.deco.title.lines[0][0].bold);
  CHECK(l.deco.legend.lines.size() == 2);
  CHECK(l.deco.legend_align == "left");
  CHECK(l.skin.background.value == "#eeeeee");
  CHECK(l.skin.arrow_color.value == "red");
  CHECK(l.skin.arrow_font_color.value == "blue");
  CHECK(*l.skin.font_size == 14);
  CHECK(l.skin.line_type == "ortho");
  CHECK(*l.skin.nodesep == 30);
  CHECK(*l.skin.ranksep == 45.5);
  CHECK(l.skin.component_style == "uml1");
  CHECK(l.skin.monochrome);
  CHECK_FALSE(l.skin.shadowing);
  CHECK(l.skin.handwritten);
  CHECK(l.diags.items().empty());
}

TEST_CASE("LowerCommon: per-kind and per-stereotype styles; unknown params warn") {
  CommonStatements c;
  c.skinparams = {{"componentBackgroundColor", "yellow", {}},
                  {"componentBorderColor<<api>>", "#00f", {}},
                  {"node<<db>>FontSize", "12", {}},
                  {"BackgroundColor<<ext>>", "gray", {}},
                  {"databaseFontColor", "green", {}},
                  {"ArrowColor<<v1>>", "#f00", {}},
                  {"ArrowThickness", "2", {}},
                  {"frobnicate", "3", {}}};
  Lowered l(c);
  CHECK(l.styles["component"].fill.value == "yellow");
  CHECK(l.styles["component<<api>>"].stroke.value == "#0000ff");
  CHECK(*l.styles["node<<db>>"].font_size == 12);
  CHECK(l.styles["<<ext>>"].fill.value == "gray");
  CHECK(l.styles["database"].text.value == "green");
  CHECK(l.styles["arrow<<v1>>"].stroke.value == "#ff0000");
  CHECK(*l.styles["arrow"].stroke_width == 2);
  REQUIRE(l.diags.items().size() == 1);
  CHECK(l.diags.items()[0].severity == dg::grammar::Severity::kWarning);
  CHECK(l.diags.items()[0].message == "skinparam \"frobnicate\" is not supported and is ignored");
  CHECK_FALSE(l.diags.HasErrors());
}
