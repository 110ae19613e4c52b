// Text is measured once, before layout, through this interface. The real
// implementation (HarfBuzz on the bundled font) lives in render/; tests use
// FixedWidthMeasurer so they need no fonts.
#pragma once

#include <string_view>

#include "layout/scene.hpp"

namespace dg::layout {

class TextMeasurer {
 public:
  virtual ~TextMeasurer() = default;
  /// Advance width of one line of UTF-8 text, in points.
  virtual double Width(std::string_view text, const FontSpec& font) const = 0;
  /// Distance from baseline to the top of the tallest glyphs, in points.
  virtual double Ascent(const FontSpec& font) const = 0;
  /// Distance from baseline down to the lowest glyphs (positive), in points.
  virtual double Descent(const FontSpec& font) const = 0;
  double LineHeight(const FontSpec& font) const { return Ascent(font) + Descent(font); }
};

/// Every code point is 0.6 em wide (bold 0.65); ascent 0.9 em, descent 0.25 em.
class FixedWidthMeasurer : public TextMeasurer {
 public:
  double Width(std::string_view text, const FontSpec& font) const override;
  double Ascent(const FontSpec& font) const override { return 0.9 * font.size; }
  double Descent(const FontSpec& font) const override { return 0.25 * font.size; }
};

}  // namespace dg::layout
