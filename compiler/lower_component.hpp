// Lowering of PlantUML component / deployment diagrams to ir::ComponentGraph.
#pragma once

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/puml_component.hpp"

namespace dg::compiler {

/// Resolves names (qualified by their containers, "Parent.Child"), creates
/// elements that links mention without declaring them, turns containers
/// with children into clusters, applies remove/restore, and lowers links,
/// notes, styles and the shared statements.
ir::ComponentGraph LowerComponent(const grammar::puml::ComponentDocument& doc,
                                  grammar::Diagnostics& diags);

/// Keeps http, https, mailto and relative links; anything else (javascript:,
/// data:, file: …) becomes empty.
std::string SanitizeUrl(std::string_view url);

/// SanitizeUrl, with a warning (`code`) at `at` naming a link it drops: the
/// author should learn why the element is not clickable.
std::string KeepSafeLink(std::string_view url, grammar::Span at, const char* code, grammar::Diagnostics& diags);

}  // namespace dg::compiler
