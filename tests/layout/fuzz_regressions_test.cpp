// Every input a fuzzer crashed on is kept in tests/fuzz/regressions/, named
// after what it found, and must now go through the whole pipeline cleanly
// (the sanitizer build runs this too).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "compiler/compile.hpp"
#include "layout/layout.hpp"
#include "render/render.hpp"
#include "tests/golden_util.hpp"

TEST_CASE("fuzz regressions: each saved crash input compiles, lays out and renders") {
  namespace fs = std::filesystem;
  size_t count = 0;
  for (const auto& entry : fs::directory_iterator(dg::testing::SourcePath("tests/fuzz/regressions"))) {
    std::string path = entry.path().string();
    CAPTURE(path);
    dg::grammar::SourceFile file(path, dg::testing::ReadFile(path));
    dg::grammar::Diagnostics diags(file);
    auto diagrams = dg::compiler::Compile(file, dg::compiler::DetectLanguage(file), {}, diags);
    for (const auto& diagram : diagrams) {
      for (const auto& scene : dg::layout::LayoutDiagram(diagram, dg::layout::FixedWidthMeasurer(),
                                                         {}, diags)) {
        CHECK(dg::render::RenderSvg(scene, {}).rfind("<svg", 0) == 0);
      }
    }
    ++count;
  }
  CHECK(count >= 1);
}
