// The bundled faces (DejaVu; Comic Neue for the sketch theme): their bytes (embedded at build time), HarfBuzz
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

/// The embedded faces. Italic has no face of its own: it is measured
/// upright and drawn as a synthetic oblique. Bold mono uses the mono face.
/// kHand / kHandBold are Comic Neue, the hand-written look of the sketch theme.
/// kCjk (Droid Sans Fallback: Chinese, Japanese, Korean) and kSymbols
/// (Symbola: emoji, arrows, dingbats …) are fallbacks for what the others
/// lack; they have no bold (drawn emboldened, see cairo_renderer.cpp).
enum class FaceId { kSans, kSansBold, kMono, kHand, kHandBold, kCjk, kSymbols };
constexpr int kFaceCount = 7;

/// Which family sans text is set in. kHand: Comic Neue, with DejaVu for the
/// characters it lacks; mono text stays DejaVu Sans Mono in both sets.
enum class FontSet { kDejaVu, kHand };

/// Slant of the synthetic oblique (tan of about 12 degrees), as a fraction of
/// the font size per unit of height.
constexpr double kObliqueSkew = 0.2126;

/// The primary face of `font` in `set` (single characters may fall back, see
/// ShapeText).
FaceId FaceFor(const layout::FontSpec& font, FontSet set = FontSet::kDejaVu);

/// The TTF bytes of a face, as linked into the binary.
std::string_view FontBytes(FaceId face);

/// One shaped glyph, positions in points at the requested size.
struct ShapedGlyph {
  uint32_t index = 0;  ///< glyph id in the face (same ids in FreeType)
  double x_advance = 0;
  double x_offset = 0;
  double y_offset = 0;  ///< y up, as HarfBuzz reports it
  FaceId face = FaceId::kSans;  ///< the face `index` belongs to
};

/// Shapes one line of UTF-8 (invalid bytes become U+FFFD) with the face
/// that `font` selects in `set`. Runs of characters that face has no glyph
/// for are shaped with the first fallback that has: DejaVu Sans of the same
/// weight (for Comic Neue and the mono face), then kCjk, then kSymbols.
/// Thread-safe.
std::vector<ShapedGlyph> ShapeText(std::string_view text, const layout::FontSpec& font,
                                   FontSet set = FontSet::kDejaVu);

/// A code point no bundled face draws (it comes out as an empty box), at
/// the byte offset where it first appears.
struct MissingGlyph {
  size_t offset = 0;
  uint32_t code_point = 0;
  bool operator==(const MissingGlyph&) const = default;
};

/// Each code point of `text` that no bundled face draws, once, in order of
/// appearance (zero-width joiners and selectors excepted). Linear in size.
std::vector<MissingGlyph> MissingGlyphs(std::string_view text);

/// Underline / strike-through geometry of a face at `size`, in points;
/// offsets are below (+) or above (-) the baseline, y down.
struct DecorationMetrics {
  double underline_offset = 0;
  double underline_thickness = 0;
  double strike_offset = 0;
  double strike_thickness = 0;
};
DecorationMetrics Decorations(const layout::FontSpec& font, FontSet set = FontSet::kDejaVu);

/// TextMeasurer on the bundled faces of one set (what BundledFontMeasurer()
/// returns).
class HarfBuzzMeasurer : public layout::TextMeasurer {
 public:
  explicit HarfBuzzMeasurer(FontSet set = FontSet::kDejaVu) : set_(set) {}
  FontSet set() const { return set_; }
  double Width(std::string_view text, const layout::FontSpec& font) const override;
  double Ascent(const layout::FontSpec& font) const override;
  double Descent(const layout::FontSpec& font) const override;

 private:
  FontSet set_;
};

}  // namespace dg::render
