// Golden SVGs of small sequence diagrams (tests/golden/sequence/<case>.puml →
// <case>.svg), laid out with FixedWidthMeasurer so every machine agrees.
// Review a change by eye, then rewrite with UPDATE_GOLDEN=1.
#include <doctest/doctest.h>

#include <string>

#include "compiler/compile.hpp"
#include "layout/layout.hpp"
#include "layout/text_measurer.hpp"
#include "render/render.hpp"
#include "tests/golden_util.hpp"

namespace dg::layout {
namespace {

const char* const kCases[] = {"arrows", "activations", "fragments", "notes", "decorations"};

/// The SVG of the case's first page, or "" with a message on failure.
std::string RenderCase(const std::string& puml_path) {
  grammar::SourceFile file(puml_path, testing::ReadFile(puml_path));
  grammar::Diagnostics diags(file);
  compiler::CompileOptions options;
  std::vector<ir::Diagram> diagrams =
      compiler::Compile(file, compiler::DetectLanguage(file), options, diags);
  INFO("diagnostics: " << diags.items().size());
  REQUIRE(diags.ErrorCount() == 0);
  REQUIRE(diagrams.size() == 1);
  REQUIRE(std::holds_alternative<ir::SequenceModel>(diagrams[0].body));
  FixedWidthMeasurer measurer;
  std::vector<Scene> scenes = LayoutDiagram(diagrams[0], measurer, LayoutOptions{}, diags);
  REQUIRE(!scenes.empty());
  return render::RenderSvg(scenes[0], render::RenderOptions{});
}

TEST_CASE("sequence golden: small cases match their reviewed SVGs") {
  std::string dir = testing::SourcePath("tests/golden/sequence/");
  for (std::string name : kCases) {
    CAPTURE(name);
    std::string svg = RenderCase(dir + name + ".puml");
    bool deterministic = svg == RenderCase(dir + name + ".puml");
    CHECK(deterministic);
    testing::CheckGolden(dir + name + ".svg", svg);
  }
}

// C4-PlantUML's sequence diagrams from real source (`!include <C4/C4_Sequence>`):
// participants with descriptions over several lines, sprites, stereotype
// skins, a boundary box. Reviewed beside PlantUML 1.2026.8's picture.
TEST_CASE("C4 sequence golden: examples/c4-sequence.puml matches its reviewed SVG") {
  std::string svg = RenderCase(testing::SourcePath("examples/c4-sequence.puml"));
  testing::CheckGolden(testing::SourcePath("tests/golden/c4/sequence.svg"), svg);
  size_t participants = 0;
  for (size_t at = svg.find("<g class=\"participant "); at != std::string::npos;
       at = svg.find("<g class=\"participant ", at + 1))
    ++participants;
  CHECK(participants == 7);
  CHECK(svg.find("<g class=\"cluster box\"") != std::string::npos);
  CHECK(svg.find(">Shop API<") != std::string::npos);              // the boundary's label, read as creole
  CHECK(svg.find("stroke-dasharray:5 5") != std::string::npos);    // sequencebox<<boundary>>: dashed
  CHECK(svg.find("fill-opacity") != std::string::npos);            // the person sprite
  CHECK(svg.find("&lt;$") == std::string::npos);                   // no sprite left as text
  CHECK(svg.find("== ") == std::string::npos);                     // headings are read
  size_t name = svg.find(">Shopper<");
  REQUIRE(name != std::string::npos);
  std::string text_tag = svg.substr(svg.rfind("<text", name), name - svg.rfind("<text", name));
  CHECK(text_tag.find("fill:#ffffff") != std::string::npos);      // skinparam participant<<person>> FontColor
  CHECK(svg.find(">Checkout Service<") != std::string::npos);
  CHECK(svg.find("<text class=\"dg-stereotype\"") != std::string::npos);
  CHECK(svg.find("font-style=\"italic\">«person»<") != std::string::npos);  // stereotypes as in graphs
  CHECK(svg.find("class=\"dg-arrow\" style=\"fill:#666666;stroke:#666666\"") != std::string::npos);  // arrow Color
}

}  // namespace
}  // namespace dg::layout
