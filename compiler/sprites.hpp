// Sprites: the `sprite $name […] { … }` pictures of a diagram, decoded from
// the text forms PlantUML writes (hex rows, 6-bit rows, compressed).
#pragma once

#include <vector>

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/puml_common.hpp"

namespace dg::compiler {

/// Decodes every sprite; a malformed one is a warning naming it and is left
/// out (its `<$name>` references then stay text). A later definition of a
/// name replaces an earlier one, as in PlantUML.
ir::SpriteTable DecodeSprites(const std::vector<grammar::puml::SpriteDecl>& sprites,
                              grammar::Diagnostics& diags);

}  // namespace dg::compiler
