#include "layout/layout.hpp"

#include <variant>

#include "layout/component_layout.hpp"
#include "layout/sequence_layout.hpp"

namespace dg::layout {

std::vector<Scene> LayoutDiagram(const ir::Diagram& diagram, const TextMeasurer& measurer,
                                 const LayoutOptions& options, grammar::Diagnostics& diags) {
  return std::visit(
      [&](const auto& body) -> std::vector<Scene> {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, ir::ComponentGraph>) {
          return LayoutComponentGraph(body, measurer, options, diags);
        } else if constexpr (std::is_same_v<T, ir::SequenceModel>) {
          return LayoutSequence(body, measurer, options, diags);
        } else {
          diags.Error({0, 0}, "layout", "entity diagram layout not available yet");
          return {};
        }
      },
      diagram.body);
}

}  // namespace dg::layout
