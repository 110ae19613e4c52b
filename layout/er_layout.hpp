// ir::ErGraph -> Scene through Graphviz (internal to layout/).
#pragma once

#include <vector>

#include "layout/layout.hpp"

namespace dg::layout {

/// Lays out an ER diagram (DBML or PlantUML entities) as one scene: tables
/// as HTML-table nodes whose rows are ports, so refs end at their columns;
/// crow's-foot ends; TableGroups as clusters; sticky notes. Empty on failure
/// (a diagnostic says why).
std::vector<Scene> LayoutErGraph(const ir::ErGraph& graph, const TextMeasurer& measurer,
                                 const LayoutOptions& options, grammar::Diagnostics& diags);

/// Draws a crow's-foot end whose tip touches the table at `tip`, the line
/// arriving from `base` (at most kArrowLengthPt away). Exposed for tests.
void DrawCrowsFoot(ir::Cardinality end, Point tip, Point base, const Paint& edge,
                   std::vector<Shape>* out);

}  // namespace dg::layout
