#include "render/font.hpp"

#include <hb-ot.h>
#include <hb.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "render/render.hpp"
#include "render/theme.hpp"

// Symbols from fonts.S (generated from fonts.S.in).
extern "C" {
extern const char dg_font_sans[], dg_font_sans_end[];
extern const char dg_font_sans_bold[], dg_font_sans_bold_end[];
extern const char dg_font_mono[], dg_font_mono_end[];
extern const char dg_font_hand[], dg_font_hand_end[];
extern const char dg_font_hand_bold[], dg_font_hand_bold_end[];
extern const char dg_font_cjk[], dg_font_cjk_end[];
extern const char dg_font_symbols[], dg_font_symbols_end[];
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

/// Each face is loaded the first time it is needed: text without CJK or
/// symbols never touches the fallbacks' pages.
const LoadedFace& Face(FaceId id) {
  static std::array<std::once_flag, kFaceCount> once;
  static std::array<LoadedFace, kFaceCount> faces;
  int i = static_cast<int>(id);
  std::call_once(once[i], [&] { faces[i] = LoadFace(id); });
  return faces[i];
}

/// Length of the UTF-8 sequence at text[i] and its code point; a malformed
/// sequence is one byte of U+FFFD (as HarfBuzz reads it).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t* code_point) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3
                : (lead >> 3) == 0x1e ? 4 : 0;
  *code_point = 0xfffd;
  if (length == 0 || i + length > text.size()) return 1;
  uint32_t value = length == 1 ? lead : lead & (0x7f >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 1;
    value = (value << 6) | (byte(i + k) & 0x3f);
  }
  *code_point = value;
  return length;
}

/// Controls, zero-width joiners and variation selectors: they have no
/// width and no glyph of their own, so they stay in the run they are in
/// (an emoji's variation selector with the emoji). Spaces are not among
/// them: the fallback faces have none, so a space goes back to the primary.
bool ZeroWidth(uint32_t c) {
  return c < 0x20 || (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x206f) ||
         (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0000 && c <= 0xe0fff);
}

/// Whether the face draws `code_point`; zero-width characters go with any face.
bool Covers(FaceId id, uint32_t code_point) {
  hb_codepoint_t glyph = 0;
  return ZeroWidth(code_point) ||
         hb_font_get_nominal_glyph(Face(id).font.get(), code_point, &glyph);
}

/// DejaVu stands in for what Comic Neue and the mono face lack (arrows,
/// Greek, Cyrillic …); the primary itself for the DejaVu faces.
FaceId LatinFallbackFor(FaceId id) {
  return id == FaceId::kHandBold || id == FaceId::kSansBold ? FaceId::kSansBold : FaceId::kSans;
}

/// The face that draws `code_point` in text set in `primary`: the primary
/// when it can, else the first fallback that can; the primary (whose empty
/// box then stands for it) when none can.
FaceId FaceForCodePoint(FaceId primary, uint32_t code_point) {
  for (FaceId id : {primary, LatinFallbackFor(primary), FaceId::kCjk, FaceId::kSymbols}) {
    if (Covers(id, code_point)) return id;
  }
  return primary;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// Appends the glyphs of text[start, start + length) shaped with `id`
/// (the whole line is context for the shaper).
void ShapeRun(std::string_view text, size_t start, size_t length, FaceId id,
              const layout::FontSpec& font, std::vector<ShapedGlyph>* glyphs) {
  const LoadedFace& face = Face(id);
  HbBufferPtr buffer(hb_buffer_create());
  hb_buffer_add_utf8(buffer.get(), text.data(), static_cast<int>(text.size()),
                     static_cast<unsigned>(start), static_cast<int>(length));
  hb_buffer_guess_segment_properties(buffer.get());
  hb_shape(face.font.get(), buffer.get(), nullptr, 0);
  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer.get(), &count);
  double scale = font.size / face.upem;
  for (unsigned i = 0; i < count; ++i) {
    glyphs->push_back({info[i].codepoint, pos[i].x_advance * scale, pos[i].x_offset * scale,
                       pos[i].y_offset * scale, id});
  }
}

double Scale(const LoadedFace& face, const layout::FontSpec& font) {
  return font.size / face.upem;
}

}  // namespace

FaceId FaceFor(const layout::FontSpec& font, FontSet set) {
  if (font.mono) return FaceId::kMono;
  if (set == FontSet::kHand) return font.bold ? FaceId::kHandBold : FaceId::kHand;
  return font.bold ? FaceId::kSansBold : FaceId::kSans;
}

std::string_view FontBytes(FaceId face) {
  switch (face) {
    case FaceId::kSans:
      return {dg_font_sans, static_cast<size_t>(dg_font_sans_end - dg_font_sans)};
    case FaceId::kSansBold:
      return {dg_font_sans_bold, static_cast<size_t>(dg_font_sans_bold_end - dg_font_sans_bold)};
    case FaceId::kHand:
      return {dg_font_hand, static_cast<size_t>(dg_font_hand_end - dg_font_hand)};
    case FaceId::kHandBold:
      return {dg_font_hand_bold, static_cast<size_t>(dg_font_hand_bold_end - dg_font_hand_bold)};
    case FaceId::kCjk:
      return {dg_font_cjk, static_cast<size_t>(dg_font_cjk_end - dg_font_cjk)};
    case FaceId::kSymbols:
      return {dg_font_symbols, static_cast<size_t>(dg_font_symbols_end - dg_font_symbols)};
    case FaceId::kMono:
      break;
  }
  return {dg_font_mono, static_cast<size_t>(dg_font_mono_end - dg_font_mono)};
}

std::vector<ShapedGlyph> ShapeText(std::string_view text, const layout::FontSpec& font,
                                   FontSet set) {
  std::vector<ShapedGlyph> glyphs;
  if (text.empty()) return glyphs;
  text = text.substr(0, kMaxShapeBytes);
  FaceId primary = FaceFor(font, set);
  bool all_latin = primary != FaceId::kHand && primary != FaceId::kHandBold && IsAscii(text);
  if (all_latin) {  // the common case: every bundled Latin face has ASCII
    ShapeRun(text, 0, text.size(), primary, font, &glyphs);
    return glyphs;
  }
  // Split into runs of one face each: the primary face where it has the glyph.
  size_t run_start = 0;
  FaceId run_face = primary;
  for (size_t i = 0; i < text.size();) {
    uint32_t code_point = 0;
    size_t length = DecodeUtf8(text, i, &code_point);
    FaceId face = FaceForCodePoint(primary, code_point);
    if (face != run_face && !ZeroWidth(code_point)) {
      if (i > run_start) ShapeRun(text, run_start, i - run_start, run_face, font, &glyphs);
      run_start = i;
      run_face = face;
    }
    i += length;
  }
  ShapeRun(text, run_start, text.size() - run_start, run_face, font, &glyphs);
  return glyphs;
}

std::vector<MissingGlyph> MissingGlyphs(std::string_view text) {
  std::vector<MissingGlyph> missing;
  if (IsAscii(text)) return missing;
  std::unordered_set<uint32_t> seen;
  for (size_t i = 0; i < text.size();) {
    uint32_t code_point = 0;
    size_t at = i;
    i += DecodeUtf8(text, i, &code_point);
    if (code_point < 0x80 || Covers(FaceForCodePoint(FaceId::kSans, code_point), code_point)) continue;
    if (seen.insert(code_point).second) missing.push_back({at, code_point});
  }
  return missing;
}

DecorationMetrics Decorations(const layout::FontSpec& font, FontSet set) {
  const LoadedFace& face = Face(FaceFor(font, set));
  double scale = Scale(face, font);
  return {face.units.underline_offset * scale, face.units.underline_thickness * scale,
          face.units.strike_offset * scale, face.units.strike_thickness * scale};
}

double HarfBuzzMeasurer::Width(std::string_view text, const layout::FontSpec& font) const {
  double width = 0;
  for (const ShapedGlyph& glyph : ShapeText(text, font, set_)) width += glyph.x_advance;
  return width;
}

double HarfBuzzMeasurer::Ascent(const layout::FontSpec& font) const {
  const LoadedFace& face = Face(FaceFor(font, set_));
  return face.ascender * Scale(face, font);
}

double HarfBuzzMeasurer::Descent(const layout::FontSpec& font) const {
  const LoadedFace& face = Face(FaceFor(font, set_));
  return -face.descender * Scale(face, font);
}

const layout::TextMeasurer& BundledFontMeasurer() {
  static const HarfBuzzMeasurer measurer;
  return measurer;
}

const layout::TextMeasurer& BundledFontMeasurer(std::string_view theme) {
  static const HarfBuzzMeasurer hand(FontSet::kHand);
  const Theme* found = FindTheme(theme);
  return found && found->hand_font ? hand : BundledFontMeasurer();
}

}  // namespace dg::render
