#include "render/font.hpp"

#include <doctest/doctest.h>

#include "render/render.hpp"

namespace dg::render {
namespace {

layout::FontSpec Font(double size, bool bold = false, bool italic = false, bool mono = false) {
  layout::FontSpec font;
  font.size = size;
  font.bold = bold;
  font.italic = italic;
  font.mono = mono;
  return font;
}

TEST_CASE("font: embedded faces are TrueType files") {
  for (FaceId id : {FaceId::kSans, FaceId::kSansBold, FaceId::kMono, FaceId::kCjk, FaceId::kSymbols}) {
    std::string_view bytes = FontBytes(id);
    REQUIRE(bytes.size() > 100'000);
    CHECK(bytes.substr(0, 4) == std::string_view("\x00\x01\x00\x00", 4));
  }
  CHECK(FontBytes(FaceId::kSans) != FontBytes(FaceId::kSansBold));
}

TEST_CASE("font: Payment Service at 12pt matches Pango's 100.699pt") {
  const layout::TextMeasurer& m = BundledFontMeasurer();
  CHECK(m.Width("Payment Service", Font(12)) == doctest::Approx(100.699).epsilon(0.0001));
}

TEST_CASE("font: widths scale with size and differ by face") {
  const layout::TextMeasurer& m = BundledFontMeasurer();
  double regular = m.Width("Payment Service", Font(12));
  CHECK(m.Width("Payment Service", Font(24)) == doctest::Approx(2 * regular));
  CHECK(m.Width("Payment Service", Font(12, true)) > regular + 5);
  // Italic is a synthetic oblique of the upright face: same advance.
  CHECK(m.Width("Payment Service", Font(12, false, true)) == regular);
  // Mono: every glyph has the same advance.
  CHECK(m.Width("iiii", Font(12, false, false, true)) ==
        doctest::Approx(m.Width("MMMM", Font(12, false, false, true))));
  CHECK(m.Width("iiii", Font(12)) < m.Width("MMMM", Font(12)));
}

TEST_CASE("font: empty, non-Latin and invalid text") {
  const layout::TextMeasurer& m = BundledFontMeasurer();
  CHECK(m.Width("", Font(12)) == 0);
  CHECK(m.Width("Привет мир", Font(12)) > 0);
  CHECK(m.Width("日本語 テキスト", Font(12)) > 0);
  CHECK(m.Width("مرحبا", Font(12)) > 0);
  CHECK(m.Width(std::string_view("a\xff\xfe" "b\0c", 6), Font(12)) > 0);
}

/// The faces ShapeText picked for `text`, one per glyph, and whether any
/// glyph is the .notdef box (glyph 0).
std::pair<std::vector<FaceId>, bool> Faces(std::string_view text, layout::FontSpec font,
                                           FontSet set = FontSet::kDejaVu) {
  std::vector<FaceId> faces;
  bool notdef = false;
  for (const ShapedGlyph& g : ShapeText(text, font, set)) {
    faces.push_back(g.face);
    notdef = notdef || g.index == 0;
  }
  return {faces, notdef};
}

TEST_CASE("font: CJK, Hangul and emoji fall back to the bundled CJK and symbol faces") {
  using F = FaceId;
  CHECK(Faces("A 日本 한국 📦", Font(12)) ==
        std::pair{std::vector{F::kSans, F::kSans, F::kCjk, F::kCjk, F::kSans, F::kCjk, F::kCjk,
                              F::kSans, F::kSymbols},
                  false});
  // Every primary face falls back the same way; bold keeps its Latin weight.
  CHECK(Faces("x語", Font(12, true)).first == std::vector{F::kSansBold, F::kCjk});
  CHECK(Faces("x語", Font(12, false, false, true)).first == std::vector{F::kMono, F::kCjk});
  CHECK(Faces("x語→", Font(12), FontSet::kHand).first == std::vector{F::kHand, F::kCjk, F::kSans});
  // A variation selector stays with its emoji, not a run of its own.
  CHECK(Faces("☃\uFE0F", Font(12)).first.size() <= 2);
  CHECK_FALSE(Faces("☃\uFE0F", Font(12)).second);
  // A wide ideograph: about one em, not a .notdef box.
  const layout::TextMeasurer& m = BundledFontMeasurer();
  CHECK(m.Width("語", Font(12)) == doctest::Approx(12).epsilon(0.1));
}

TEST_CASE("font: MissingGlyphs names what no bundled face has, once each") {
  CHECK(MissingGlyphs("plain ASCII").empty());
  CHECK(MissingGlyphs("日本語 한국어 Ελληνικά Кириллица 😀 ★ →").empty());
  // CJK Extension B, an Egyptian hieroglyph and an emoji newer than Symbola.
  CHECK(MissingGlyphs("𠀀 𓀀 🫠 𠀀") ==
        std::vector<MissingGlyph>{{0, 0x20000}, {5, 0x13000}, {10, 0x1FAE0}});
}

TEST_CASE("font: vertical metrics come from the face") {
  const layout::TextMeasurer& m = BundledFontMeasurer();
  // DejaVu Sans hhea: ascender 1901, descender -483, 2048 units per em.
  CHECK(m.Ascent(Font(12)) == doctest::Approx(12.0 * 1901 / 2048));
  CHECK(m.Descent(Font(12)) == doctest::Approx(12.0 * 483 / 2048));
  CHECK(m.LineHeight(Font(12)) > 12);
  DecorationMetrics d = Decorations(Font(12));
  CHECK(d.underline_offset > 0);   // below the baseline
  CHECK(d.strike_offset < 0);      // above it
  CHECK(d.underline_thickness > 0);
}

TEST_CASE("font: shaping applies kerning like Pango does") {
  std::vector<ShapedGlyph> glyphs = ShapeText("AV", Font(12));
  REQUIRE(glyphs.size() == 2);
  double kerned = glyphs[0].x_advance + glyphs[1].x_advance;
  double apart = ShapeText("A", Font(12))[0].x_advance + ShapeText("V", Font(12))[0].x_advance;
  CHECK(kerned < apart);
}

}  // namespace
}  // namespace dg::render
