// Which kind of diagram a @startuml block is, decided as PlantUML decides it:
// each diagram kind's reader tries the whole block (sequence, then class /
// entity, then description / component: PlantUML's factory order), and the
// kind whose reader accepts every line is the diagram.
#pragma once

#include <variant>

#include "grammar/diagnostics.hpp"
#include "grammar/puml_component.hpp"
#include "grammar/puml_er.hpp"
#include "grammar/puml_preprocess.hpp"
#include "grammar/puml_sequence.hpp"

namespace dg::compiler {

/// A block read as the kind it was decided to be. `document` holds that
/// kind's syntax tree (monostate for kUnsupported, whose `decision` says why).
struct ReadBlock {
  grammar::puml::KindDecision decision;
  std::variant<std::monostate, grammar::puml::SequenceDocument, grammar::puml::er::Document,
               grammar::puml::ComponentDocument>
      document;
};

/// Reads the block with every reader and keeps the one that accepts all of
/// it. When several do, or none, the line heuristic (grammar::puml::DetectKind)
/// breaks the tie (so its kind is read first, and alone when it accepts all); when none does, the reader that got furthest before its
/// first error is kept (PlantUML reports the error that comes last, too) and
/// only its diagnostics are reported, the first with a note naming the kind.
/// Unsupported kinds (activity, state, mindmap …) are left to the heuristic.
ReadBlock ReadPlantUmlBlock(const grammar::puml::Block& block, grammar::Diagnostics& diags);

}  // namespace dg::compiler
