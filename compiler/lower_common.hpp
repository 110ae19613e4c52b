// Lowering of the statements all PlantUML kinds share (see puml_common.hpp).
#pragma once

#include <map>
#include <string>

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/puml_common.hpp"

namespace dg::compiler {

/// Fills decorations and global skin; per-keyword / per-stereotype styles go
/// to `kind_styles` (keys: "component", "component<<api>>", "<<api>>").
/// Skinparams a diagram does not know are warnings, never errors.
void LowerCommon(const grammar::puml::CommonStatements& common, ir::Decorations& decorations,
                 ir::GlobalSkin& skin, std::map<std::string, ir::Style>& kind_styles,
                 grammar::Diagnostics& diags);

}  // namespace dg::compiler
