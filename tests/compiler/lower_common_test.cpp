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
    LowerCommon(common, deco, skin, styles, diags, dg::compiler::StyleScope::kComponent);
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

TEST_CASE("LowerCommon: C4's skinparams for shapes, stereotypes, wrapping and arrows") {
  CommonStatements c;
  c.skinparams = {{"rectangle<<container>>RoundCorner", "0", {}},
                  {"rectangle<<backend>>DiagonalCorner", "18", {}},
                  {"rectangle<<boundary>>BorderStyle", "dashed", {}},
                  {"rectangle<<boundary>>StereotypeFontColor", "transparent", {}},
                  {"rectangle<<x>>Shadowing<<x>>", "true", {}},
                  {"rectangle<<node>>FontStyle", "bold", {}},
                  {"rectangleStereotypeFontSize", "12", {}},
                  {"arrow<<async>>Color", "666666;text:333333;line.dashed", {}},
                  {"wrapWidth", "200", {}},
                  {"defaultTextAlignment", "left", {}},
                  {"roundCorner", "5", {}},
                  {"LegendFontColor", "#FFFFFF", {}},
                  {"sequenceboxFontColor", "red", {}},      // another diagram kind: silent
                  {"participant<<x>>BorderStyle", "dashed", {}},
                  {"frobnicate", "1", {}},
                  {"frobnicate", "2", {}}};                // warned once
  Lowered l(c);
  CHECK(*l.styles["rectangle<<container>>"].round_corner == 0);
  CHECK(*l.styles["rectangle<<backend>>"].diagonal_corner == 18);
  CHECK(l.styles["rectangle<<boundary>>"].dashed);
  CHECK(l.styles["rectangle<<boundary>>"].stereo_text.value == "transparent");
  CHECK(*l.styles["rectangle<<x>>"].shadow);
  CHECK(*l.styles["rectangle<<node>>"].bold);
  CHECK(*l.styles["rectangle"].stereo_size == 12);
  const dg::ir::Style& async = l.styles["arrow<<async>>"];
  CHECK(async.stroke.value == "#666666");
  CHECK(async.text.value == "#333333");
  CHECK(async.dashed);
  CHECK(*l.skin.wrap_width == 200);
  CHECK(l.skin.text_align == dg::ir::TextAlign::kLeft);
  CHECK(*l.skin.round_corner == 5);
  CHECK(l.deco.legend_style.text.value == "#ffffff");
  REQUIRE(l.diags.items().size() == 1);
  CHECK(l.diags.items()[0].message == "skinparam \"frobnicate\" is not supported and is ignored");
}

TEST_CASE("LowerCommon: <style> rules land where the skinparams would, skinparams win") {
  CommonStatements c;
  auto rule = [](std::vector<std::string> path, std::string p, std::string v) {
    return StyleRule{std::move(path), std::move(p), std::move(v), {}};
  };
  c.styles = {rule({"componentdiagram", "rectangle"}, "BackgroundColor", "#e95420"),
              rule({"componentdiagram", "rectangle", ".backend"}, "LineColor", "red"),
              rule({"sequencediagram", "participant"}, "BackgroundColor", "blue"),  // not ours
              rule({".tag"}, "RoundCorner", "12"),
              rule({"root"}, "FontColor", "#fff"),
              rule({"root"}, "BackgroundColor", "transparent"),
              rule({"root"}, "MaximumWidth", "150"),
              rule({"document"}, "BackgroundColor", "#eee"),
              rule({"title"}, "FontSize", "20"),
              rule({"arrow"}, "LineThickness", "2"),
              rule({"groupheader"}, "FontColor", "red"),  // a sequence part: skipped
              rule({"rectangle"}, "Padding", "6"),        // layout is diagc's own
              rule({"rectangle"}, "Wobble", "1"),
              rule({"node"}, "Wobble", "2")};
  c.skinparams = {{"rectangleBackgroundColor", "#b6b0a9", {}}};
  Lowered l(c);
  CHECK(l.styles["rectangle"].fill.value == "#b6b0a9");  // the skinparam, after the style
  CHECK(l.styles["rectangle<<backend>>"].stroke.value == "red");
  CHECK(l.styles.count("participant") == 0);
  CHECK(*l.styles["<<tag>>"].round_corner == 12);
  CHECK(l.styles["element"].text.value == "#ffffff");
  CHECK_FALSE(l.styles["element"].fill.set());  // the root's background is the page's
  CHECK(l.styles["arrow"].text.value == "#ffffff");
  CHECK(*l.styles["arrow"].stroke_width == 2);
  CHECK(*l.skin.wrap_width == 150);
  CHECK(l.skin.background.value == "#eeeeee");
  CHECK(*l.deco.title_style.font_size == 20);
  CHECK(l.styles.count("groupheader") == 0);
  REQUIRE(l.diags.items().size() == 1);  // once per property name
  CHECK(l.diags.items()[0].message == "<style> property \"Wobble\" is not supported and is ignored");
}
