#include "render/theme.hpp"

#include <doctest/doctest.h>

#include <set>

#include "render/color.hpp"

namespace dg::render {
namespace {

using layout::Role;

TEST_CASE("theme: built-in names are listed, sorted, and found") {
  std::vector<std::string> names = ThemeNames();
  CHECK(names == std::vector<std::string>{"classic", "dark", "default", "neutral", "sketch"});
  for (const std::string& name : names) {
    REQUIRE(FindTheme(name) != nullptr);
    CHECK(FindTheme(name)->name == name);
  }
  CHECK(FindTheme("Default") == nullptr);
  CHECK(FindTheme("nope") == nullptr);
}

TEST_CASE("theme: every colour of every theme parses") {
  for (const std::string& name : ThemeNames()) {
    const Theme& theme = *FindTheme(name);
    CAPTURE(name);
    CHECK(ParseColor(theme.background));
    for (const RoleStyle& style : theme.roles) {
      CHECK(ParseColor(style.fill));
      CHECK(ParseColor(style.stroke));
      CHECK(ParseColor(style.text));
    }
  }
}

TEST_CASE("theme: classic is PlantUML's yellow and crimson") {
  const Theme& classic = *FindTheme("classic");
  CHECK(classic.For(Role::kBox).fill == "#fefece");
  CHECK(classic.For(Role::kBox).stroke == "#a80036");
  CHECK(FindTheme("dark")->background != "#ffffff");
  CHECK(FindTheme("default")->For(Role::kLifeline).dash == "5 4");
}

TEST_CASE("theme: monochrome turns every colour grey") {
  Theme grey = Monochrome(*FindTheme("classic"));
  for (const RoleStyle& style : grey.roles) {
    for (const std::string* color : {&style.fill, &style.stroke, &style.text}) {
      std::optional<Rgba> rgba = ParseColor(*color);
      REQUIRE(rgba);
      CHECK(rgba->r == rgba->g);
      CHECK(rgba->g == rgba->b);
    }
  }
}

TEST_CASE("theme: role classes are distinct and never a semantic group class") {
  std::set<std::string_view> classes;
  for (int i = 0; i < kRoleCount; ++i) classes.insert(RoleClass(static_cast<Role>(i)));
  CHECK(classes.size() == kRoleCount);
  for (std::string_view cls : classes) CHECK(cls.substr(0, 3) == "dg-");
  CHECK(RoleClass(Role::kBox) == "dg-box");
  CHECK(RoleClass(Role::kArrowFilled) == "dg-arrow");
}

TEST_CASE("color: hex, short hex, alpha, names, PlantUML's #name") {
  CHECK(ParseColor("#1a2B3c") == Rgba{0x1a, 0x2b, 0x3c, 255});
  CHECK(ParseColor("#abc") == Rgba{0xaa, 0xbb, 0xcc, 255});
  CHECK(ParseColor("#11223380") == Rgba{0x11, 0x22, 0x33, 0x80});
  CHECK(ParseColor("red") == Rgba{255, 0, 0, 255});
  CHECK(ParseColor("#LightGoldenRodYellow") == Rgba{0xfa, 0xfa, 0xd2, 255});
  CHECK(ParseColor("transparent")->a == 0);
  CHECK_FALSE(ParseColor(""));
  CHECK_FALSE(ParseColor("#12"));
  CHECK_FALSE(ParseColor("red;stroke:blue"));
  CHECK_FALSE(ParseColor("#gggggg"));
  CHECK(FormatHex({1, 2, 255, 255}) == "#0102ff");
  CHECK(FormatHex({1, 2, 3, 0}) == "none");
  CHECK(ToGrey({255, 255, 255, 255}) == Rgba{255, 255, 255, 255});
}

}  // namespace
}  // namespace dg::render
