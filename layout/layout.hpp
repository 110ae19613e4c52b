// Public entry point of the layout stage: IR in, positioned scenes out.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::layout {

struct LayoutOptions {
  std::string id_prefix;        ///< prepended to every element id
  double max_layout_seconds = 20;  ///< bound on Graphviz work (see graphviz_layout.cpp)
  /// Graphviz runs in a child process (graphviz.hpp). false: in this one,
  /// for the libFuzzer target, which must see Graphviz's crashes itself.
  bool contain_layout = true;
};

/// Lays out one diagram. Returns one scene per page (sequence `newpage`),
/// or nothing when layout failed (diagnostics say why).
std::vector<Scene> LayoutDiagram(const ir::Diagram& diagram, const TextMeasurer& measurer,
                                 const LayoutOptions& options, grammar::Diagnostics& diags);

}  // namespace dg::layout
