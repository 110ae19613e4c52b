// Mermaid: flowcharts lower to the component graph, sequence diagrams to the
// sequence model, ER diagrams to the ER graph; layout and rendering are the
// ones PlantUML and DBML use.
#pragma once

#include <optional>

#include "compiler/compile.hpp"
#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/mermaid.hpp"
#include "grammar/source.hpp"

namespace dg::compiler {

/// Parses and lowers one Mermaid file into one diagram; nullopt on errors.
std::optional<ir::Diagram> CompileMermaid(const grammar::SourceFile& file, const CompileOptions& options,
                                          grammar::Diagnostics& diags);

namespace mermaid {

/// Nodes (first mention order), subgraphs as clusters (a node belongs to
/// the first subgraph closed around it, as in Mermaid), links as edges,
/// classDef / class / style / linkStyle / click.
ir::ComponentGraph LowerFlowchart(const grammar::mermaid::Flowchart& chart, grammar::Diagnostics& diags);

ir::SequenceModel LowerSequence(const grammar::mermaid::Sequence& seq, grammar::Diagnostics& diags);

ir::ErGraph LowerEr(const grammar::mermaid::Er& er, grammar::Diagnostics& diags);

/// The diagc node kind drawing a Mermaid shape name (bracket or `@{ shape }`
/// spelling: "stadium", "cyl", "lean-r", "doublecircle" …); empty when
/// Mermaid has no such shape.
std::string_view NodeKind(std::string_view shape);

}  // namespace mermaid
}  // namespace dg::compiler
