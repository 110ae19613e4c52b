// Golden SVGs of small ER diagrams (tests/golden/er/<case>.dbml|.puml →
// <case>.svg), laid out with FixedWidthMeasurer so every machine agrees.
// Each was looked at as a PNG (diagc with the same options) before it was
// accepted; review a change by eye, then rewrite with UPDATE_GOLDEN=1.
#include <doctest/doctest.h>

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

using Columns = ir::ErGraph::Columns;

struct Case {
  const char* file;
  compiler::CompileOptions options;
};

compiler::CompileOptions Lenient() {
  compiler::CompileOptions o;
  o.lenient = true;
  return o;
}

compiler::CompileOptions WithColumns(Columns c) {
  compiler::CompileOptions o;
  o.columns = c;
  return o;
}

compiler::CompileOptions TopToBottom() {
  compiler::CompileOptions o;
  o.direction = 1;
  return o;
}

const Case kCases[] = {
    {"ends_tail.puml", {}},          // | |o } }| }o at the tail
    {"ends_head.puml", {}},          // || o| { |{ o{ and none at the head
    {"refs.dbml", {}},               // > < - <> and inline refs
    {"self_composite.dbml", {}},     // self-reference, composite refs
    {"enum.dbml", {}},
    {"group_note.dbml", {}},         // TableGroup colour and note, sticky note, Project
    {"dangling.dbml", Lenient()},
    {"columns_keys.dbml", WithColumns(Columns::kKeys)},
    {"columns_none.dbml", WithColumns(Columns::kNone)},
    {"top_bottom.dbml", TopToBottom()},
    {"decorations.puml", {}},        // title, header, footer, caption, legend
    {"packages.puml", {}},           // package and namespace, nested, as clusters
    {"multiplicities.puml", {}},     // class diagram read as ER: "1" -- "*" at the line ends, self-loop
    {"ortho.puml", {}},              // linetype ortho, entity::field rows, a self-reference
};

std::string RenderCase(const std::string& path, const compiler::CompileOptions& options) {
  grammar::SourceFile file(path, testing::ReadFile(path));
  grammar::Diagnostics diags(file);
  std::vector<ir::Diagram> diagrams =
      compiler::Compile(file, compiler::DetectLanguage(file), options, diags);
  REQUIRE(diags.ErrorCount() == 0);
  REQUIRE(diagrams.size() == 1);
  REQUIRE(std::holds_alternative<ir::ErGraph>(diagrams[0].body));
  FixedWidthMeasurer measurer;
  std::vector<Scene> scenes = LayoutDiagram(diagrams[0], measurer, LayoutOptions{}, diags);
  REQUIRE(scenes.size() == 1);
  return render::RenderSvg(scenes[0], render::RenderOptions{});
}

TEST_CASE("er golden: small cases match their reviewed SVGs") {
  for (const Case& c : kCases) {
    std::string name = c.file;
    CAPTURE(name);
    std::string path = testing::SourcePath("tests/golden/er/" + name);
    std::string svg = RenderCase(path, c.options);
    bool deterministic = svg == RenderCase(path, c.options);
    CHECK(deterministic);
    testing::CheckGolden(path.substr(0, path.rfind('.')) + ".svg", svg);
  }
}

}  // namespace
}  // namespace dg::layout
