// The bundled DejaVu faces: their bytes (embedded at build time), HarfBuzz
// shaping, and the TextMeasurer built on it. Measuring never touches
// fontconfig or Pango; PNG/PDF draw the glyphs shaped here, so measured
// widths are drawn widths.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::render {

/// The three embedded faces. Italic has no face of its own: it is measured
/// upright and drawn as a synthetic oblique. Bold mono uses the mono face.
enum class FaceId { kSans, kSansBold, kMono };
constexpr int kFaceCount = 3;

/// Slant of the synthetic oblique (tan of about 12 degrees), as a fraction of
/// the font size per unit of height.
constexpr double kObliqueSkew = 0.2126;

FaceId FaceFor(const layout::FontSpec& font);

/// The TTF bytes of a face, as linked into the binary.
std::string_view FontBytes(FaceId face);

/// One shaped glyph, positions in points at the requested size.
struct ShapedGlyph {
  uint32_t index = 0;  ///< glyph id in the face (same ids in FreeType)
  double x_advance = 0;
  double x_offset = 0;
  double y_offset = 0;  ///< y up, as HarfBuzz reports it
};

/// Shapes one line of UTF-8 (invalid bytes become U+FFFD) with the face
/// that `font` selects. Thread-safe.
std::vector<ShapedGlyph> ShapeText(std::string_view text, const layout::FontSpec& font);

/// Underline / strike-through geometry of a face at `size`, in points;
/// offsets are below (+) or above (-) the baseline, y down.
struct DecorationMetrics {
  double underline_offset = 0;
  double underline_thickness = 0;
  double strike_offset = 0;
  double strike_thickness = 0;
};
DecorationMetrics Decorations(const layout::FontSpec& font);

/// TextMeasurer on the bundled faces (what BundledFontMeasurer() returns).
class HarfBuzzMeasurer : public layout::TextMeasurer {
 public:
  double Width(std::string_view text, const layout::FontSpec& font) const override;
  double Ascent(const layout::FontSpec& font) const override;
  double Descent(const layout::FontSpec& font) const override;
};

}  // namespace dg::render
