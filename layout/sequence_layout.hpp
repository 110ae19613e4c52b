// Sequence diagrams get a layout of their own (no Graphviz): participants
// are columns, events are rows. Near-linear in participants + events.
//
//   LayoutSequence: per page
//     MeasureHeads()   text → head sizes
//     AssignColumns()  lifeline x so every label fits between its lifelines
//     StackEvents()    one row per event: messages, notes, fragments, bars
//     EmitScene()      heads, lifelines, boxes, decorations, shift to origin
#pragma once

#include <vector>

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "layout/layout.hpp"
#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::layout {

/// One scene per page (`newpage`), never empty for a valid model.
std::vector<Scene> LayoutSequence(const ir::SequenceModel& model, const TextMeasurer& measurer,
                                  const LayoutOptions& options, grammar::Diagnostics& diags);

}  // namespace dg::layout
