// Lowering of the statements all PlantUML kinds share (see puml_common.hpp).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/puml_common.hpp"

namespace dg::compiler {

/// Normalises a colour as written in PlantUML ("#1a2b3c", "#AAA", "#red",
/// "red", "#red/blue" gradients keep their first colour, "FFAA00") to
/// "#rrggbb" or a lower-case CSS colour name; empty when `text` is no colour.
ir::Color ParseColor(std::string_view text);

/// `#red;line:blue;text:green;line.dashed` (after an element or in
/// `ArrowColor`): fill, stroke, text colour and dash.
ir::Style ParseElementStyle(std::string_view spec);

/// Sets one element property as skinparam and `<style>` name it
/// (BackgroundColor, LineColor, FontStyle, RoundCorner, …, any case);
/// false when `property` is not one diagc knows.
bool ApplyStyleProperty(std::string_view property, std::string_view value, ir::Style& style);

/// Which `<style>` diagram selectors (`componentDiagram { … }`) apply.
enum class StyleScope { kComponent, kSequence, kClass };

/// Fills decorations and global skin; per-keyword / per-stereotype styles go
/// to `kind_styles` (keys: "component", "component<<api>>", "<<api>>").
/// `<style>` rules come first, then skinparams (which win). "element" holds
/// what `root` / `element` set for every element. Skinparams and style
/// properties a diagram does not know are warnings, never errors. `sprites`
/// resolve `<$name>` in the title, legend …
void LowerCommon(const grammar::puml::CommonStatements& common, ir::Decorations& decorations,
                 ir::GlobalSkin& skin, std::map<std::string, ir::Style>& kind_styles,
                 grammar::Diagnostics& diags, StyleScope scope,
                 const ir::SpriteTable* sprites = nullptr);

}  // namespace dg::compiler
