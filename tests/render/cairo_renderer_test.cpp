#include <doctest/doctest.h>

#include <cairo.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>

#include "render/render.hpp"
#include "tests/render/scene_fixture.hpp"

namespace dg::render {
namespace {

using layout::Role;

uint32_t BigEndian32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

/// Width and height from the IHDR chunk, which follows the 8-byte signature.
std::pair<uint32_t, uint32_t> PngSize(const std::string& png) {
  REQUIRE(png.size() > 24);
  CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(png.substr(12, 4) == "IHDR");
  return {BigEndian32(png, 16), BigEndian32(png, 20)};
}

struct ReadState {
  const std::string* data;
  size_t at = 0;
};

cairo_status_t ReadFromString(void* closure, unsigned char* out, unsigned int length) {
  auto* state = static_cast<ReadState*>(closure);
  if (state->at + length > state->data->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(state->data->data() + state->at, length, out);
  state->at += length;
  return CAIRO_STATUS_SUCCESS;
}

/// The 0xRRGGBB of pixel (x, y) of a PNG (opaque pixels only).
uint32_t PixelAt(const std::string& png, int x, int y) {
  ReadState state{&png};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create_from_png_stream(ReadFromString, &state),
      cairo_surface_destroy);
  REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  uint32_t argb = *reinterpret_cast<const uint32_t*>(data + y * stride + x * 4);
  return argb & 0xFFFFFF;
}

TEST_CASE("png: signature and size are the scene size times the scale") {
  layout::Scene scene = testing::SampleScene();
  std::string png, error;
  RenderOptions options;
  REQUIRE(RenderPng(scene, options, &png, &error));
  CHECK(PngSize(png) == std::pair<uint32_t, uint32_t>{640, 400});  // default scale 2
  options.scale = 1;
  REQUIRE(RenderPng(scene, options, &png, &error));
  CHECK(PngSize(png) == std::pair<uint32_t, uint32_t>{320, 200});
  scene.width = 100.2;
  REQUIRE(RenderPng(scene, options, &png, &error));
  CHECK(PngSize(png).first == 101);  // partial pixels are kept
}

TEST_CASE("png: the pixel budget scales large images down") {
  layout::Scene scene;
  scene.width = 20000;
  scene.height = 10000;
  RenderOptions options;
  options.max_pixels = 1'000'000;
  std::string png, error;
  REQUIRE(RenderPng(scene, options, &png, &error));
  auto [w, h] = PngSize(png);
  CHECK(uint64_t{w} * h <= 1'002'000);
  CHECK(w == doctest::Approx(2 * h).epsilon(0.01));
  CHECK(w > 1000);

  scene.width = 1e7;  // wider than cairo's 32767-pixel limit at any budget
  scene.height = 10;
  options.max_pixels = 40'000'000;
  REQUIRE(RenderPng(scene, options, &png, &error));
  CHECK(PngSize(png).first <= 32767);
}

TEST_CASE("png: theme colours are drawn") {
  layout::Scene scene = testing::SampleScene();
  RenderOptions options;
  options.scale = 1;
  std::string png, error;
  REQUIRE(RenderPng(scene, options, &png, &error));
  CHECK(PixelAt(png, 2, 2) == 0xffffff);     // background
  CHECK(PixelAt(png, 35, 85) == 0xf5f7fb);   // inside the box, away from its text
  CHECK(PixelAt(png, 100, 180) == 0xfff8c5); // note
  options.theme = "classic";
  REQUIRE(RenderPng(scene, options, &png, &error));
  CHECK(PixelAt(png, 35, 85) == 0xfefece);
  scene.background = "#336699";
  REQUIRE(RenderPng(scene, options, &png, &error));
  CHECK(PixelAt(png, 2, 2) == 0x336699);
}

TEST_CASE("png: text is drawn where it is anchored") {
  layout::Scene scene;
  scene.width = 200;
  scene.height = 40;
  layout::Group g{"node", "a", "A", "", "", {}};
  g.shapes.push_back({Role::kText, {}, testing::Label(100, 25, "Payment Service")});
  scene.groups.push_back(g);
  RenderOptions options;
  options.scale = 1;
  std::string png, error;
  REQUIRE(RenderPng(scene, options, &png, &error));
  // 100.7pt wide, centred on 100: ink between 50 and 150, none outside.
  int left = 200, right = 0;
  for (int x = 0; x < 200; ++x)
    for (int y = 10; y < 30; ++y)
      if (PixelAt(png, x, y) != 0xffffff) {
        left = std::min(left, x);
        right = std::max(right, x);
      }
  CHECK(left >= 49);
  CHECK(left <= 52);
  CHECK(right >= 147);
  CHECK(right <= 151);
}

/// One line of text at 12pt, as a PNG.
std::string TextPng(const std::string& text, bool bold = false) {
  layout::Scene scene;
  scene.width = 120;
  scene.height = 30;
  layout::Group g{"node", "a", "A", "", "", {}};
  layout::Text label = testing::Label(60, 20, text);
  label.spans[0].font.bold = bold;
  g.shapes.push_back({Role::kText, {}, label});
  scene.groups.push_back(g);
  std::string png, error;
  REQUIRE(RenderPng(scene, RenderOptions{}, &png, &error));
  return png;
}

TEST_CASE("png: CJK, Hangul and emoji are drawn as glyphs, not boxes") {
  // Empty boxes for missing glyphs look alike: swapping two characters
  // would then change nothing.
  for (auto [a, b] : {std::pair{"日本", "本日"}, {"한국", "국한"}, {"📦🚀", "🚀📦"}}) {
    CAPTURE(a);
    CHECK(TextPng(a) != TextPng(b));
    CHECK(TextPng(a, true) != TextPng(a));  // bold CJK is emboldened
  }
}

TEST_CASE("png: hostile geometry does not break the surface") {
  layout::Scene scene = testing::SampleScene();
  double nan = std::numeric_limits<double>::quiet_NaN();
  layout::Group g{"node", "x", "X", "", "", {}};
  g.shapes.push_back({Role::kBox, {}, layout::Rect{nan, 0, 10, 10, 0}});
  g.shapes.push_back({Role::kBox, {}, layout::Ellipse{5, 5, 0, 3}});
  layout::Path path;
  path.LineTo({nan, 1});
  g.shapes.push_back({Role::kEdge, {}, path});
  layout::Text text = testing::Label(5, 5, "x", -3);
  g.shapes.push_back({Role::kText, {}, text});
  scene.groups.push_back(g);
  std::string png, error;
  CHECK(RenderPng(scene, {}, &png, &error));
  CHECK(error.empty());
}

TEST_CASE("pdf: header and identical bytes on two renders") {
  layout::Scene scene = testing::SampleScene();
  std::string first, second, error;
  REQUIRE(RenderPdf(scene, {}, &first, &error));
  REQUIRE(RenderPdf(scene, {}, &second, &error));
  CHECK(first.rfind("%PDF-", 0) == 0);
  CHECK(first == second);
  // cairo 1.16 writes the date without the "D:" prefix.
  CHECK(first.find("/CreationDate (20000101") != std::string::npos);
  CHECK(first.find("DejaVuSans") != std::string::npos);  // embedded, not substituted
  CHECK(first.find("/URI (https://example.com/api)") != std::string::npos);
}

}  // namespace
}  // namespace dg::render
