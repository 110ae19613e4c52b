// Golden SVGs of small sequence diagrams (tests/golden/sequence/<case>.puml →
// <case>.svg), laid out with FixedWidthMeasurer so every machine agrees.
// Review a change by eye, then rewrite with UPDATE_GOLDEN=1.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/compile.hpp"
#include "layout/layout.hpp"
#include "layout/text_measurer.hpp"
#include "render/render.hpp"

namespace dg::layout {
namespace {

const char* const kCases[] = {"arrows", "activations", "fragments", "notes", "decorations"};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The SVG of the case's first page, or "" with a message on failure.
std::string RenderCase(const std::string& puml_path) {
  grammar::SourceFile file(puml_path, ReadFile(puml_path));
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
  std::string dir = std::string(DG_SOURCE_DIR) + "/tests/golden/sequence/";
  for (std::string name : kCases) {
    CAPTURE(name);
    std::string svg = RenderCase(dir + name + ".puml");
    bool deterministic = svg == RenderCase(dir + name + ".puml");
    CHECK(deterministic);
    std::string golden_path = dir + name + ".svg";
    if (std::getenv("UPDATE_GOLDEN")) std::ofstream(golden_path, std::ios::binary) << svg;
    std::ifstream in(golden_path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing golden file; run with UPDATE_GOLDEN=1");
    bool same = svg == ReadFile(golden_path);  // not CHECK(a == b): it would print both SVGs
    CHECK_MESSAGE(same, name << ".svg differs; review, then run with UPDATE_GOLDEN=1");
  }
}

}  // namespace
}  // namespace dg::layout
