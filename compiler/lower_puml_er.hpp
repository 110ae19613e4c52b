// PlantUML entity diagrams: a preprocessed @startuml block → ErGraph.
#pragma once

#include <optional>

#include "compiler/compile.hpp"
#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/puml_er.hpp"
#include "grammar/puml_preprocess.hpp"

namespace dg::compiler {

/// Lowers a parsed entity diagram. Entities a relation names but nobody
/// declared are created, as PlantUML does. Only warns (unknown skinparams).
ir::ErGraph LowerPumlErDocument(const grammar::puml::er::Document& doc, const CompileOptions& options,
                                grammar::Diagnostics& diags);

/// ParsePumlEr + LowerPumlErDocument; std::nullopt when the block had errors.
std::optional<ir::ErGraph> LowerPumlEr(const grammar::puml::Block& block, const CompileOptions& options,
                                       grammar::Diagnostics& diags);

}  // namespace dg::compiler
