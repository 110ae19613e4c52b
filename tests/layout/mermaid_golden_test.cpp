// Golden SVGs of Mermaid diagrams, one file per construct family
// (tests/golden/mermaid/<case>.mmd → <case>.svg), laid out with
// FixedWidthMeasurer so every machine agrees. Each was rendered to PNG and
// looked at beside mermaid-cli's picture before it was accepted; review a
// change by eye, then rewrite with UPDATE_GOLDEN=1.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "layout/layout.hpp"
#include "layout/text_measurer.hpp"
#include "render/render.hpp"
#include "tests/golden_util.hpp"

namespace dg::layout {
namespace {

const char* const kCases[] = {
    "flow-pipeline",   // the architecture guide's delivery pipeline (graph TD; A[…] --> B[…] --> …)
    "flow-shapes",     // every bracket shape and @{ shape: … } names
    "flow-links",      // every link form, text both ways, lengths, chaining, &, edge ids
    "flow-subgraphs",  // nested subgraphs, ids and titles, direction, links to subgraphs
    "flow-styles",     // front-matter title, classDef/class/:::, style, linkStyle, click, markdown, entities
    "seq-basics",      // participants, actors, aliases, typed participants, every arrow, activations, notes
    "seq-blocks",      // loop/alt/else/opt/par/and/critical/option/break/rect, autonumber, box, create/destroy
    "er-basics",       // attributes with keys and comments, aliases, cardinalities, identifying or not
};

std::string RenderCase(const std::string& path, const TextMeasurer& measurer) {
  grammar::SourceFile file(path, testing::ReadFile(path));
  grammar::Diagnostics diags(file);
  std::vector<ir::Diagram> diagrams = compiler::Compile(file, compiler::Language::kMermaid, {}, diags);
  REQUIRE(diags.ErrorCount() == 0);
  REQUIRE(diagrams.size() == 1);
  std::vector<Scene> scenes = LayoutDiagram(diagrams[0], measurer, LayoutOptions{}, diags);
  REQUIRE(scenes.size() == 1);
  return render::RenderSvg(scenes[0], render::RenderOptions{});
}

}  // namespace

TEST_CASE("mermaid golden: each construct family matches its reviewed SVG") {
  FixedWidthMeasurer measurer;
  for (const char* name : kCases) {
    CAPTURE(name);
    std::string base = testing::SourcePath(std::string("tests/golden/mermaid/") + name);
    testing::CheckGolden(base + ".svg", RenderCase(base + ".mmd", measurer));
  }
}

TEST_CASE("mermaid golden: the same input gives the same bytes, run after run") {
  FixedWidthMeasurer measurer;
  std::string path = testing::SourcePath("tests/golden/mermaid/flow-subgraphs.mmd");
  std::string first = RenderCase(path, measurer);
  for (int run = 0; run < 4; ++run) CHECK(RenderCase(path, measurer) == first);
}

}  // namespace dg::layout
