#include "render/font.hpp"

#include <hb-ot.h>
#include <hb.h>

#include <array>
#include <memory>

#include "render/render.hpp"

// Symbols from fonts.S (generated from fonts.S.in).
extern "C" {
extern const char dg_font_sans[], dg_font_sans_end[];
extern const char dg_font_sans_bold[], dg_font_sans_bold_end[];
extern const char dg_font_mono[], dg_font_mono_end[];
}

namespace dg::render {
namespace {

// Used only when a face lacks the OS/2 or post metrics (DejaVu has them).
constexpr double kFallbackUnderlineEm = 0.1;
constexpr double kFallbackStrikeEm = -0.3;
constexpr double kFallbackThicknessEm = 0.05;
// Longer lines are shaped only up to here (hostile input; 1 MiB of text
// is far wider than any diagram).
constexpr size_t kMaxShapeBytes = 1 << 20;

struct HbFontDeleter {
  void operator()(hb_font_t* font) const { hb_font_destroy(font); }
};
struct HbBufferDeleter {
  void operator()(hb_buffer_t* buffer) const { hb_buffer_destroy(buffer); }
};
using HbFontPtr = std::unique_ptr<hb_font_t, HbFontDeleter>;
using HbBufferPtr = std::unique_ptr<hb_buffer_t, HbBufferDeleter>;

/// A face ready to shape, scaled to font units so positions are exact
/// integers that only need multiplying by size / upem.
struct LoadedFace {
  HbFontPtr font;
  double upem = 1000;
  double ascender = 0;   // font units, y up
  double descender = 0;  // font units, negative below the baseline
  DecorationMetrics units;  // decorations in font units (y down)
};

double OtMetric(hb_font_t* font, hb_ot_metrics_tag_t tag, double fallback) {
  hb_position_t value = 0;
  return hb_ot_metrics_get_position(font, tag, &value) ? value : fallback;
}

LoadedFace LoadFace(FaceId id) {
  std::string_view bytes = FontBytes(id);
  hb_blob_t* blob = hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()),
                                   HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  hb_face_t* face = hb_face_create(blob, 0);
  hb_blob_destroy(blob);  // the face holds its own reference
  LoadedFace loaded;
  loaded.upem = hb_face_get_upem(face);
  loaded.font.reset(hb_font_create(face));
  hb_face_destroy(face);
  hb_font_t* font = loaded.font.get();
  hb_ot_font_set_funcs(font);
  hb_font_set_scale(font, static_cast<int>(loaded.upem), static_cast<int>(loaded.upem));
  hb_font_extents_t extents{};
  hb_font_get_h_extents(font, &extents);
  loaded.ascender = extents.ascender;
  loaded.descender = extents.descender;
  double em = loaded.upem;
  // OpenType offsets are y up; ours are y down.
  loaded.units.underline_offset =
      -OtMetric(font, HB_OT_METRICS_TAG_UNDERLINE_OFFSET, -kFallbackUnderlineEm * em);
  loaded.units.underline_thickness =
      OtMetric(font, HB_OT_METRICS_TAG_UNDERLINE_SIZE, kFallbackThicknessEm * em);
  loaded.units.strike_offset =
      -OtMetric(font, HB_OT_METRICS_TAG_STRIKEOUT_OFFSET, -kFallbackStrikeEm * em);
  loaded.units.strike_thickness =
      OtMetric(font, HB_OT_METRICS_TAG_STRIKEOUT_SIZE, kFallbackThicknessEm * em);
  hb_font_make_immutable(font);  // shared across threads from here on
  return loaded;
}

const LoadedFace& Face(FaceId id) {
  static const std::array<LoadedFace, kFaceCount> faces = {
      LoadFace(FaceId::kSans), LoadFace(FaceId::kSansBold), LoadFace(FaceId::kMono)};
  return faces[static_cast<int>(id)];
}

double Scale(const LoadedFace& face, const layout::FontSpec& font) {
  return font.size / face.upem;
}

}  // namespace

FaceId FaceFor(const layout::FontSpec& font) {
  if (font.mono) return FaceId::kMono;
  return font.bold ? FaceId::kSansBold : FaceId::kSans;
}

std::string_view FontBytes(FaceId face) {
  switch (face) {
    case FaceId::kSans:
      return {dg_font_sans, static_cast<size_t>(dg_font_sans_end - dg_font_sans)};
    case FaceId::kSansBold:
      return {dg_font_sans_bold, static_cast<size_t>(dg_font_sans_bold_end - dg_font_sans_bold)};
    case FaceId::kMono:
      break;
  }
  return {dg_font_mono, static_cast<size_t>(dg_font_mono_end - dg_font_mono)};
}

std::vector<ShapedGlyph> ShapeText(std::string_view text, const layout::FontSpec& font) {
  std::vector<ShapedGlyph> glyphs;
  if (text.empty()) return glyphs;
  text = text.substr(0, kMaxShapeBytes);
  const LoadedFace& face = Face(FaceFor(font));
  HbBufferPtr buffer(hb_buffer_create());
  hb_buffer_add_utf8(buffer.get(), text.data(), static_cast<int>(text.size()), 0,
                     static_cast<int>(text.size()));
  hb_buffer_guess_segment_properties(buffer.get());
  hb_shape(face.font.get(), buffer.get(), nullptr, 0);
  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer.get(), &count);
  double scale = Scale(face, font);
  glyphs.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    glyphs.push_back({info[i].codepoint, pos[i].x_advance * scale, pos[i].x_offset * scale,
                      pos[i].y_offset * scale});
  }
  return glyphs;
}

DecorationMetrics Decorations(const layout::FontSpec& font) {
  const LoadedFace& face = Face(FaceFor(font));
  double scale = Scale(face, font);
  return {face.units.underline_offset * scale, face.units.underline_thickness * scale,
          face.units.strike_offset * scale, face.units.strike_thickness * scale};
}

double HarfBuzzMeasurer::Width(std::string_view text, const layout::FontSpec& font) const {
  double width = 0;
  for (const ShapedGlyph& glyph : ShapeText(text, font)) width += glyph.x_advance;
  return width;
}

double HarfBuzzMeasurer::Ascent(const layout::FontSpec& font) const {
  const LoadedFace& face = Face(FaceFor(font));
  return face.ascender * Scale(face, font);
}

double HarfBuzzMeasurer::Descent(const layout::FontSpec& font) const {
  const LoadedFace& face = Face(FaceFor(font));
  return -face.descender * Scale(face, font);
}

const layout::TextMeasurer& BundledFontMeasurer() {
  static const HarfBuzzMeasurer measurer;
  return measurer;
}

}  // namespace dg::render
