#include "render/color.hpp"

#include "grammar/css_colors.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace dg::render {
namespace {

// Longest colour keyword is "lightgoldenrodyellow" (20); longer input cannot match.
constexpr size_t kMaxNameLength = 24;

std::optional<Rgba> FromRgb(uint32_t rgb) {
  return Rgba{static_cast<uint8_t>(rgb >> 16), static_cast<uint8_t>(rgb >> 8),
              static_cast<uint8_t>(rgb), 255};
}

std::optional<uint32_t> ParseHexDigits(std::string_view hex) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
  if (ec != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
  return value;
}

std::optional<Rgba> ParseHex(std::string_view hex) {
  if (hex.size() != 3 && hex.size() != 6 && hex.size() != 8) return std::nullopt;
  std::optional<uint32_t> value = ParseHexDigits(hex);
  if (!value) return std::nullopt;
  if (hex.size() == 3) {
    uint32_t v = *value;
    return Rgba{static_cast<uint8_t>(((v >> 8) & 0xF) * 17),
                static_cast<uint8_t>(((v >> 4) & 0xF) * 17), static_cast<uint8_t>((v & 0xF) * 17),
                255};
  }
  if (hex.size() == 6) return FromRgb(*value);
  Rgba color = *FromRgb(*value >> 8);
  color.a = static_cast<uint8_t>(*value & 0xFF);
  return color;
}

std::optional<Rgba> ParseName(std::string_view text) {
  if (text.size() > kMaxNameLength) return std::nullopt;
  std::string name(text);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "none" || name == "transparent") return Rgba{0, 0, 0, 0};
  std::optional<uint32_t> rgb = CssColorRgb(name);
  if (!rgb) return std::nullopt;
  return FromRgb(*rgb);
}

}  // namespace

std::optional<Rgba> ParseColor(std::string_view text) {
  if (!text.empty() && text[0] == '#') {
    text.remove_prefix(1);
    if (std::optional<Rgba> hex = ParseHex(text)) return hex;
  }
  return ParseName(text);
}

std::string FormatHex(Rgba color) {
  if (color.a == 0) return "none";
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "#";
  for (uint8_t channel : {color.r, color.g, color.b}) {
    out += kDigits[channel >> 4];
    out += kDigits[channel & 0xF];
  }
  return out;
}

Rgba ToGrey(Rgba color) {
  // Rec. 709 luma weights.
  double luma = 0.2126 * color.r + 0.7152 * color.g + 0.0722 * color.b;
  auto grey = static_cast<uint8_t>(std::clamp(std::lround(luma), 0L, 255L));
  return {grey, grey, grey, color.a};
}

}  // namespace dg::render
