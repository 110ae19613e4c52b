// ir::ComponentGraph -> Scene through Graphviz (internal to layout/).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "layout/layout.hpp"

namespace dg::layout {

/// Lays out a component/deployment diagram as one scene; empty on failure
/// (a diagnostic says why).
std::vector<Scene> LayoutComponentGraph(const ir::ComponentGraph& graph,
                                        const TextMeasurer& measurer, const LayoutOptions& options,
                                        grammar::Diagnostics& diags);

/// Element ids: [A-Za-z0-9_-] only, prefixed, unique in issue order.
class IdMaker {
 public:
  explicit IdMaker(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string Make(std::string_view name);

 private:
  std::string prefix_;
  std::set<std::string> used_;
};

}  // namespace dg::layout
