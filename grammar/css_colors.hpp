// The CSS / SVG colour keywords, shared by the fronts (Mermaid tells a
// colour word from a label by it) and the renderers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dg {

/// 0xRRGGBB of a CSS colour keyword given in lower case ("aliceblue"), or nullopt.
std::optional<uint32_t> CssColorRgb(std::string_view lower_case_name);

}  // namespace dg
