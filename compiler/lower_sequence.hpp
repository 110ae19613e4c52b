// Lowering of PlantUML sequence diagrams: syntax tree → ir::SequenceModel.
// Resolves participants (declared or implicit on first use, `order`, boxes,
// `hide unlinked`), turns arrows into directed messages, numbers them
// (autonumber), expands activation shortcuts and `return`, splits pages.
#pragma once

#include <optional>
#include <string_view>

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/puml_preprocess.hpp"
#include "grammar/puml_sequence.hpp"
#include "grammar/source.hpp"

namespace dg::compiler {

/// Parses and lowers one preprocessed @startuml block read as a sequence
/// diagram. Returns nothing when the block had errors (diagnostics say why).
std::optional<ir::SequenceModel> LowerSequence(const grammar::puml::Block& block,
                                               const grammar::SourceFile& file,
                                               grammar::Diagnostics& diags);

/// Lowers an already parsed document (errors are reported, never thrown).
std::optional<ir::SequenceModel> LowerSequenceDocument(const grammar::puml::SequenceDocument& doc,
                                                       grammar::Diagnostics& diags);

namespace detail {
/// Autonumber text for `value` under a PlantUML format such as "<b>[000]".
std::string FormatAutonumber(int value, std::string_view format);
}  // namespace detail

}  // namespace dg::compiler
