#include "layout/layout.hpp"

#include "layout/sequence_layout.hpp"

namespace dg::layout {

std::vector<Scene> LayoutDiagram(const ir::Diagram& diagram, const TextMeasurer& measurer,
                                 const LayoutOptions& options, grammar::Diagnostics& diags) {
  if (const auto* s = std::get_if<ir::SequenceModel>(&diagram.body)) return LayoutSequence(*s, measurer, options, diags);
  diags.Error({0, 0}, "layout", "no layout for this diagram kind yet");
  return {};
}

}  // namespace dg::layout
