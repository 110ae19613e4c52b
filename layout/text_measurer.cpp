#include "layout/text_measurer.hpp"

namespace dg::layout {

double FixedWidthMeasurer::Width(std::string_view text, const FontSpec& font) const {
  size_t code_points = 0;
  for (unsigned char c : text) code_points += (c & 0xC0) != 0x80;
  return code_points * font.size * (font.bold ? 0.65 : 0.6);
}

}  // namespace dg::layout
