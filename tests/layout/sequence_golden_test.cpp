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

}  // namespace
}  // namespace dg::layout
