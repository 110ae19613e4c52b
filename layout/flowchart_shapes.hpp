// Flowchart node shapes (Mermaid's rounded, stadium, subroutine, circle,
// double circle, ellipse, asymmetric, rhombus, parallelograms, trapezoids,
// document): label inside, outline around it. component_shapes asks here
// first, so these kinds work in any component graph.
#pragma once

#include <string_view>
#include <vector>

#include "layout/component_shapes.hpp"

namespace dg::layout::shapes {

/// True for the kinds this file draws.
bool IsFlowchartKind(std::string_view kind);

gv::NodeShape FlowchartGraphvizShape(std::string_view kind);
Size FlowchartNodeSize(std::string_view kind, Size text);
TextPlace FlowchartTextPlace(std::string_view kind, const Rect& box, Size text);
void DrawFlowchartNode(std::string_view kind, const Rect& box, const Paint& paint,
                       std::vector<Shape>* out);

}  // namespace dg::layout::shapes
