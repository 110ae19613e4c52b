// Title, header, footer, caption and legend around a laid-out diagram body
// (internal to layout/). Shared by the Graphviz-backed layouts.
#pragma once

#include "compiler/ir.hpp"
#include "layout/component_layout.hpp"
#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::layout {

/// Moves every shape of the scene by (dx, dy).
void ShiftScene(Scene* s, double dx, double dy);
/// Moves one shape by (dx, dy).
void ShiftShape(Shape* s, double dx, double dy);

/// The decorations of page `page` of `last_page` (1-based): PlantUML's
/// `%page%` and `%lastpage%` in any of their texts become the numbers.
ir::Decorations NumberPages(const ir::Decorations& d, int page, int last_page);

/// Places PlantUML's decorations around the scene's body: header (right) and
/// title (centred) above it, which shifts the body down; legend, caption and
/// footer below it, as page 1 of 1. Grows the scene to fit; `margin` is the scene's outer
/// margin in points, `base` the diagram's default font.
void AddDecorations(const ir::Decorations& d, const FontSpec& base, const TextMeasurer& m,
                    double margin, IdMaker* ids, Scene* s);

}  // namespace dg::layout
