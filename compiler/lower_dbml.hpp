// DBML: checks the generic syntax tree the way @dbml/core's validator and
// binder do (names, settings, references, groups) and lowers it to an ErGraph.
#pragma once

#include <optional>

#include "compiler/compile.hpp"
#include "compiler/ir.hpp"
#include "grammar/dbml_ast.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/source.hpp"

namespace dg::compiler {

/// Reports every semantic error (unknown table/column/enum/partial,
/// duplicates, bad settings, composite arity, a table in two groups …).
/// Strict (default): any error → std::nullopt. Lenient: semantic errors are
/// warnings and unresolved refs are kept with Relationship::dangling = true.
std::optional<ir::ErGraph> LowerDbml(const grammar::dbml::Document& doc,
                                     const CompileOptions& options, grammar::Diagnostics& diags);

/// ParseDbml + LowerDbml. Syntax errors are fatal in both modes, except the
/// `--` comment hint, which lenient mode reports as a warning.
std::optional<ir::ErGraph> CompileDbml(const grammar::SourceFile& file,
                                       const CompileOptions& options, grammar::Diagnostics& diags);

}  // namespace dg::compiler
