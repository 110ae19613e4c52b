// Colours as the scene carries them ("#rrggbb", "#rgb", "#rrggbbaa", CSS
// names, "none"/"transparent") parsed to RGBA, so SVG can emit a validated,
// normalised value and cairo can draw it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dg::render {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  bool operator==(const Rgba&) const = default;
};

/// Case-insensitive; a leading '#' before a name is accepted ("#red", as
/// PlantUML writes it). nullopt for anything else (so nothing unvalidated
/// ever reaches a style attribute).
std::optional<Rgba> ParseColor(std::string_view text);

/// "#rrggbb" (alpha ignored) or "none" when fully transparent.
std::string FormatHex(Rgba color);

/// The same colour as a grey of equal luminance (monochrome output).
Rgba ToGrey(Rgba color);

}  // namespace dg::render
