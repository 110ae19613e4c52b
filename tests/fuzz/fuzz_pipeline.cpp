// libFuzzer target: the whole pipeline, text to SVG, for every language (the
// first byte picks one: 0 PlantUML, 1 DBML, 2 Mermaid, modulo 3). Graph size
// is bounded by the compiler's limits.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/compile.hpp"
#include "layout/layout.hpp"
#include "render/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 4096) return 0;  // keep Graphviz runs short
  using dg::compiler::Language;
  constexpr Language kLanguages[] = {Language::kPlantUml, Language::kDbml, Language::kMermaid};
  constexpr const char* kNames[] = {"fuzz.puml", "fuzz.dbml", "fuzz.mmd"};
  dg::grammar::SourceFile file(kNames[data[0] % 3], std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  Language language = kLanguages[data[0] % 3];
  dg::grammar::Diagnostics diags(file);
  auto diagrams = dg::compiler::Compile(file, language, {}, diags);
  if (diags.HasErrors()) return 0;
  dg::layout::LayoutOptions layout_options;
  layout_options.max_layout_seconds = 2;
  layout_options.contain_layout = false;  // a Graphviz crash is a finding here, not a warning
  for (const auto& diagram : diagrams) {
    auto scenes = dg::layout::LayoutDiagram(diagram, dg::render::BundledFontMeasurer(),
                                            layout_options, diags);
    for (const auto& scene : scenes) dg::render::RenderSvg(scene, {});
  }
  return 0;
}
