// Golden SVGs of small component/deployment diagrams
// (tests/golden/component/<case>.puml → <case>.svg), laid out with
// FixedWidthMeasurer so every machine agrees. Each was looked at (rendered in
// Chromium) before it was accepted; review a change by eye, then rewrite with
// UPDATE_GOLDEN=1. architecture.puml is the brief's example, verbatim.
#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <variant>
#include <vector>

#include "compiler/compile.hpp"
#include "layout/layout.hpp"
#include "layout/text_measurer.hpp"
#include "render/render.hpp"
#include "tests/golden_util.hpp"

namespace dg::layout {
namespace {

const char* const kCases[] = {
    "architecture.puml",  // the brief's example
    "shapes.puml",        // every element keyword's shape
    "arrows.puml",        // heads, bodies, styles, labels, cardinalities, directions
    "nested.puml",        // nested containers, notes, title, legend
    "skin.puml",          // skinparams, creole, colours, links (javascript: dropped), escaping
    "ortho.puml",         // linetype ortho: our own routes, labels, cardinalities, a self-loop
};

std::string RenderCase(const std::string& path, const TextMeasurer& measurer) {
  grammar::SourceFile file(path, testing::ReadFile(path));
  grammar::Diagnostics diags(file);
  std::vector<ir::Diagram> diagrams =
      compiler::Compile(file, compiler::Language::kPlantUml, {}, diags);
  REQUIRE(diags.ErrorCount() == 0);
  REQUIRE(diagrams.size() == 1);
  REQUIRE(std::holds_alternative<ir::ComponentGraph>(diagrams[0].body));
  std::vector<Scene> scenes = LayoutDiagram(diagrams[0], measurer, LayoutOptions{}, diags);
  REQUIRE(scenes.size() == 1);
  return render::RenderSvg(scenes[0], render::RenderOptions{});
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("component golden: small cases match their reviewed SVGs") {
  FixedWidthMeasurer measurer;
  for (const char* name : kCases) {
    CAPTURE(name);
    std::string path = testing::SourcePath(std::string("tests/golden/component/") + name);
    std::string svg = RenderCase(path, measurer);
    testing::CheckGolden(path.substr(0, path.size() - 5) + ".svg", svg);
  }
}

TEST_CASE("the brief's example renders with the real font: 9 nodes, 3 packages, 9 edges") {
  std::string path = testing::SourcePath("tests/golden/component/architecture.puml");
  std::string svg = RenderCase(path, render::BundledFontMeasurer());
  CHECK(Count(svg, "<g class=\"node component\"") == 6);
  CHECK(Count(svg, "<g class=\"node database\"") == 2);
  CHECK(Count(svg, "<g class=\"node queue\"") == 1);
  CHECK(Count(svg, "<g class=\"cluster package\"") == 3);
  CHECK(Count(svg, "<g class=\"edge\"") == 9);
  for (const char* title : {"Frontend.WebApp", "Backend Services.Gateway", "Data Layer.MQ",
                            "Frontend.WebApp-&gt;Backend Services.Gateway"}) {
    CAPTURE(title);
    CHECK(svg.find(std::string("<title>") + title + "</title>") != std::string::npos);
  }
  for (const char* label : {">Web App<", ">API Gateway<", ">Message Queue<", ">Data Layer<"}) {
    CAPTURE(label);
    CHECK(svg.find(label) != std::string::npos);
  }
}

TEST_CASE("the brief's example gives identical bytes five times over") {
  std::string path = testing::SourcePath("tests/golden/component/architecture.puml");
  std::string first = RenderCase(path, render::BundledFontMeasurer());
  for (int run = 1; run < 5; ++run) {
    bool same = RenderCase(path, render::BundledFontMeasurer()) == first;
    CHECK(same);
  }
}

TEST_CASE("component SVG escapes text and drops javascript: links") {
  std::string path = testing::SourcePath("tests/golden/component/skin.puml");
  std::string svg = RenderCase(path, FixedWidthMeasurer());
  CHECK(svg.find("javascript:") == std::string::npos);
  CHECK(svg.find("href=\"https://example.com\"") != std::string::npos);
  CHECK(svg.find("&lt;&amp;bad&gt; &amp; &quot;quotes&quot;") != std::string::npos);
  CHECK(svg.find("<&bad>") == std::string::npos);
}

// C4-PlantUML from real source (`!include <C4/…>`, the bundled library):
// the five examples of examples/ and a case for what they leave out. Each
// picture was reviewed beside PlantUML 1.2026.8's (tests/golden/c4/README.md).
const char* const kC4Cases[] = {
    "examples/c4-context.puml",    "examples/c4-container.puml", "examples/c4-component.puml",
    "examples/c4-deployment.puml", "examples/c4-dynamic.puml",   "tests/golden/c4/features.puml",
};

std::string C4GoldenPath(const std::string& source) {
  std::string name = source.substr(source.rfind('/') + 1);
  name = name.substr(0, name.size() - 5);  // ".puml"
  if (name.rfind("c4-", 0) == 0) name = name.substr(3);
  return testing::SourcePath("tests/golden/c4/" + name + ".svg");
}

TEST_CASE("C4 golden: real C4-PlantUML sources match their reviewed SVGs") {
  FixedWidthMeasurer measurer;
  for (const char* source : kC4Cases) {
    CAPTURE(source);
    std::string svg = RenderCase(testing::SourcePath(source), measurer);
    testing::CheckGolden(C4GoldenPath(source), svg);
  }
}

TEST_CASE("C4 keeps the markup contract and draws what the library asks for") {
  std::string path = testing::SourcePath("tests/golden/c4/features.puml");
  std::string svg = RenderCase(path, render::BundledFontMeasurer());
  for (const char* title : {"partner", "corp.shop.api", "corp.shop.db", "corp.erp", "ledger"}) {
    CAPTURE(title);
    CHECK(svg.find(std::string("\">\n  <title>") + title + "</title>") != std::string::npos);
  }
  CHECK(Count(svg, "<g class=\"node ") == 5);
  CHECK(Count(svg, "<g class=\"cluster rectangle\"") == 2);
  CHECK(Count(svg, "<g class=\"edge") == 3);  // Lay_D's hidden link is not drawn
  CHECK(svg.find("<title>corp.erp-&gt;ledger</title>") != std::string::npos);  // Rel_Back: `<<--`
  CHECK(svg.find("href=\"https://example.com/docs\"") != std::string::npos);  // the relation's $link
  CHECK(svg.find("stroke-dasharray") != std::string::npos);                    // boundaries
  CHECK(svg.find("fill-opacity") != std::string::npos);                        // the person sprite's greys
  CHECK(svg.find("«") == std::string::npos);                                   // hide stereotype
  CHECK(svg.find("== ") == std::string::npos);                                 // headings are read
  CHECK(svg.find("&lt;size") == std::string::npos);                            // so are tags
  CHECK(svg.find("%") == std::string::npos);                                   // no builtin left unexpanded
  CHECK(svg.find(">Legend <") != std::string::npos);  // C4 writes "**Legend **"
  CHECK(svg.find("> legacy (shadowed) <") != std::string::npos);
}

}  // namespace dg::layout
