#include "render/sketch.hpp"

#include <doctest/doctest.h>

#include <cairo.h>
#include <harfbuzz/hb.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "render/font.hpp"
#include "render/render.hpp"
#include "render/theme.hpp"
#include "tests/render/scene_fixture.hpp"

namespace dg::render {
namespace {

using layout::Point;
using layout::Role;

constexpr double kPi = 3.14159265358979323846;

layout::Path Cylinder(double x, double y, double w, double h) {
  double k = 0.5523, ry = 8, rx = w / 2, cx = x + rx;
  layout::Path p;
  p.MoveTo({x, y + ry});
  p.CubicTo({x, y + ry - k * ry}, {cx - k * rx, y}, {cx, y});
  p.CubicTo({cx + k * rx, y}, {x + w, y + ry - k * ry}, {x + w, y + ry});
  p.LineTo({x + w, y + h - ry});
  p.CubicTo({x + w, y + h - ry + k * ry}, {cx + k * rx, y + h}, {cx, y + h});
  p.CubicTo({cx - k * rx, y + h}, {x, y + h - ry + k * ry}, {x, y + h - ry});
  p.Close();
  return p;
}

layout::Shape TextShape(Role role, double x, double y, std::string text, bool bold = false,
                        bool mono = false) {
  layout::Text t = testing::Label(x, y, std::move(text));
  t.spans[0].font.bold = bold;
  t.spans[0].font.mono = mono;
  return {role, {}, t};
}

/// Boxes, a cylinder, an ellipse, a cluster, edges with filled and open
/// arrowheads, a dashed lifeline and text: what the sketch look must handle.
layout::Scene SketchScene() {
  layout::Scene scene;
  scene.width = 420;
  scene.height = 260;
  layout::Group cluster{"cluster package", "shop", "Shop", "", "", {}};
  cluster.shapes.push_back({Role::kCluster, {}, layout::Rect{10, 10, 260, 150, 0}});
  cluster.shapes.push_back(TextShape(Role::kTitle, 60, 28, "Shop", true));
  scene.groups.push_back(cluster);
  layout::Group api{"node component", "api", "API", "", "", {}};
  api.shapes.push_back({Role::kBox, {}, layout::Rect{30, 50, 120, 44, 6}});
  api.shapes.push_back(TextShape(Role::kText, 90, 76, "Payment Service"));
  scene.groups.push_back(api);
  layout::Group db{"node database", "db", "DB", "", "", {}};
  db.shapes.push_back({Role::kBox, {}, Cylinder(180, 40, 80, 64)});
  db.shapes.push_back(TextShape(Role::kText, 220, 80, "Orders"));
  scene.groups.push_back(db);
  layout::Group user{"node usecase", "uc", "UC", "", "", {}};
  user.shapes.push_back({Role::kBox, {}, layout::Ellipse{340, 70, 60, 24}});
  user.shapes.push_back(TextShape(Role::kText, 340, 74, "Checkout → pay"));
  scene.groups.push_back(user);

  layout::Group edge{"edge", "api-db", "API->DB", "", "", {}};
  layout::Path line;
  line.MoveTo({150, 72});
  line.CubicTo({160, 72}, {165, 110}, {172, 80});
  edge.shapes.push_back({Role::kEdge, {}, line});
  layout::Path head;
  head.MoveTo({180, 72});
  head.LineTo({170, 68});
  head.LineTo({170, 76});
  head.Close();
  edge.shapes.push_back({Role::kArrowFilled, {}, head});
  scene.groups.push_back(edge);
  layout::Group open{"edge", "db-uc", "DB->UC", "", "", {}};
  layout::Path straight;
  straight.MoveTo({260, 72});
  straight.LineTo({272, 72});
  open.shapes.push_back({Role::kEdge, {}, straight});
  layout::Path open_head;
  open_head.MoveTo({280, 72});
  open_head.LineTo({272, 68});
  open_head.LineTo({272, 76});
  open_head.Close();
  open.shapes.push_back({Role::kArrowOpen, {}, open_head});
  open.shapes.push_back(TextShape(Role::kEdgeLabel, 270, 62, "reads"));
  scene.groups.push_back(open);

  layout::Group note{"note", "", "", "", "", {}};
  note.shapes.push_back({Role::kNote, {}, layout::Rect{30, 180, 200, 60, 0}});
  note.shapes.push_back(TextShape(Role::kText, 130, 205, "nightly backup", false));
  note.shapes.push_back(TextShape(Role::kText, 130, 225, "orders.sql", false, true));
  scene.groups.push_back(note);
  layout::Group life{"participant", "p", "P", "", "", {}};
  layout::Path lifeline;
  lifeline.MoveTo({330, 110});
  lifeline.LineTo({330, 250});
  life.shapes.push_back({Role::kLifeline, {}, lifeline});
  scene.groups.push_back(life);
  return scene;
}

RenderOptions Sketchy() {
  RenderOptions options;
  options.theme = "sketch";
  return options;
}

// ---- geometry helpers ------------------------------------------------------

using Polyline = std::vector<Point>;

Point CubicAt(Point a, Point b, Point c, Point d, double t) {
  double u = 1 - t;
  double w0 = u * u * u, w1 = 3 * u * u * t, w2 = 3 * u * t * t, w3 = t * t * t;
  return {w0 * a.x + w1 * b.x + w2 * c.x + w3 * d.x, w0 * a.y + w1 * b.y + w2 * c.y + w3 * d.y};
}

/// Every point of a path, cubics sampled `steps` times, subpaths closed.
std::vector<Polyline> Flatten(const layout::Path& path, int steps) {
  std::vector<Polyline> lines;
  Point pen;
  for (const layout::PathSeg& seg : path.segs) {
    switch (seg.op) {
      case layout::PathOp::kMove: lines.push_back({seg.p[0]}); pen = seg.p[0]; break;
      case layout::PathOp::kLine: lines.back().push_back(seg.p[0]); pen = seg.p[0]; break;
      case layout::PathOp::kCubic:
        for (int i = 1; i <= steps; ++i)
          lines.back().push_back(CubicAt(pen, seg.p[0], seg.p[1], seg.p[2], double(i) / steps));
        pen = seg.p[2];
        break;
      case layout::PathOp::kClose: lines.back().push_back(lines.back().front()); break;
    }
  }
  return lines;
}

/// The true outline of a shape as polylines (arcs finely sampled).
std::vector<Polyline> TrueOutline(const layout::Shape& shape) {
  if (const auto* path = std::get_if<layout::Path>(&shape.geometry)) return Flatten(*path, 200);
  Polyline line;
  if (const auto* e = std::get_if<layout::Ellipse>(&shape.geometry)) {
    for (int i = 0; i <= 1440; ++i) {
      double a = 2 * kPi * i / 1440;
      line.push_back({e->cx + e->rx * std::cos(a), e->cy + e->ry * std::sin(a)});
    }
    return {line};
  }
  const auto& r = std::get<layout::Rect>(shape.geometry);
  double rx = std::min({r.rx, r.w / 2, r.h / 2});
  Point centers[4] = {{r.x + r.w - rx, r.y + rx}, {r.x + r.w - rx, r.y + r.h - rx},
                      {r.x + rx, r.y + r.h - rx}, {r.x + rx, r.y + rx}};
  for (int corner = 0; corner < 4; ++corner) {
    for (int i = 0; i <= 90; ++i) {
      double a = -kPi / 2 + corner * kPi / 2 + kPi / 2 * i / 90;
      line.push_back({centers[corner].x + rx * std::cos(a), centers[corner].y + rx * std::sin(a)});
    }
  }
  line.push_back(line.front());
  return {line};
}

double SegmentDistance(Point p, Point a, Point b) {
  double dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0;
  return std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

double DistanceTo(Point p, const std::vector<Polyline>& outline) {
  double best = INFINITY;
  for (const Polyline& line : outline) {
    if (line.size() == 1) best = std::min(best, std::hypot(p.x - line[0].x, p.y - line[0].y));
    for (size_t i = 1; i < line.size(); ++i)
      best = std::min(best, SegmentDistance(p, line[i - 1], line[i]));
  }
  return best;
}

/// Largest distance from any drawn point of `sketched` (curves sampled) to
/// `outline`.
double MaxDeviation(const layout::Path& sketched, const std::vector<Polyline>& outline) {
  double worst = 0;
  for (const Polyline& line : Flatten(sketched, 16))
    for (Point p : line) worst = std::max(worst, DistanceTo(p, outline));
  return worst;
}

int CountOps(const layout::Path& path, layout::PathOp op) {
  return static_cast<int>(std::count_if(path.segs.begin(), path.segs.end(),
                                        [op](const layout::PathSeg& s) { return s.op == op; }));
}

/// Shapes of every kind and size, from a fixed sequence (deterministic).
std::vector<layout::Shape> ManyShapes() {
  std::vector<layout::Shape> shapes;
  for (const layout::Group& group : SketchScene().groups)
    for (const layout::Shape& shape : group.shapes)
      if (!std::holds_alternative<layout::Text>(shape.geometry)) shapes.push_back(shape);
  for (int i = 0; i < 40; ++i) {
    double size = 2 + i * i * 0.6, x = 7.3 * i, y = 3.1 * i;
    shapes.push_back({Role::kBox, {}, layout::Rect{x, y, size, size / 2 + 1, i % 3 * 4.0}});
    shapes.push_back({Role::kBox, {}, layout::Ellipse{x, y, size / 2 + 1, size / 3 + 1}});
    shapes.push_back({Role::kBox, {}, Cylinder(x, y, size + 10, size + 20)});
    layout::Path edge;
    edge.MoveTo({x, y});
    edge.CubicTo({x + size, y}, {x, y + size}, {x + size, y + size});
    edge.LineTo({x + 2 * size, y + size});
    shapes.push_back({Role::kEdge, {}, edge});
  }
  return shapes;
}

std::string PathText(const layout::Path& path) {
  std::string text;
  for (const layout::PathSeg& seg : path.segs)
    for (const Point& p : seg.p) text += std::to_string(p.x) + ',' + std::to_string(p.y) + ' ';
  return text;
}

// ---- tests -----------------------------------------------------------------

TEST_CASE("sketch: the theme is listed and asks for wobble and the hand font") {
  const Theme* sketch = FindTheme("sketch");
  REQUIRE(sketch != nullptr);
  CHECK(sketch->sketch);
  CHECK(sketch->hand_font);
  CHECK_FALSE(FindTheme("default")->sketch);
  CHECK_FALSE(FindTheme("default")->hand_font);
}

TEST_CASE("sketch: two renders are byte-identical in svg, png and pdf") {
  layout::Scene scene = SketchScene();
  CHECK(RenderSvg(scene, Sketchy()) == RenderSvg(scene, Sketchy()));
  std::string a, b, error;
  REQUIRE(RenderPng(scene, Sketchy(), &a, &error));
  REQUIRE(RenderPng(scene, Sketchy(), &b, &error));
  CHECK(a == b);
  REQUIRE(RenderPdf(scene, Sketchy(), &a, &error));
  REQUIRE(RenderPdf(scene, Sketchy(), &b, &error));
  CHECK(a == b);
}

TEST_CASE("sketch: every sketched point stays near the true outline, and does wobble") {
  double largest = 0;
  for (const layout::Shape& shape : ManyShapes()) {
    SketchedShape sketch = Sketch(shape);
    std::vector<Polyline> outline = TrueOutline(shape);
    REQUIRE_FALSE(sketch.stroke.segs.empty());
    double stroke = MaxDeviation(sketch.stroke, outline);
    double fill = sketch.fill.segs.empty() ? 0 : MaxDeviation(sketch.fill, outline);
    CAPTURE(shape.geometry.index());
    CHECK(stroke <= kSketchMaxDeviationPt + 1e-6);
    CHECK(fill <= kSketchMaxDeviationPt + 1e-6);
    largest = std::max(largest, stroke);
  }
  CHECK(largest > 1.0);  // visibly hand-drawn, not a no-op
}

TEST_CASE("sketch: outlines are stroked twice; only closed shapes are filled") {
  layout::Shape rect{Role::kBox, {}, layout::Rect{0, 0, 100, 40, 0}};
  SketchedShape sketch = Sketch(rect);
  CHECK(CountOps(sketch.stroke, layout::PathOp::kMove) == 8);  // 4 sides, each twice
  CHECK(CountOps(sketch.stroke, layout::PathOp::kClose) == 0);
  CHECK(CountOps(sketch.fill, layout::PathOp::kClose) == 1);
  layout::Shape ellipse{Role::kBox, {}, layout::Ellipse{50, 50, 40, 20}};
  CHECK(CountOps(Sketch(ellipse).stroke, layout::PathOp::kMove) == 2);  // one curve, twice
  layout::Path open;
  open.MoveTo({0, 0});
  open.CubicTo({10, 0}, {20, 10}, {30, 10});
  SketchedShape edge = Sketch({Role::kEdge, {}, open});
  CHECK(edge.fill.segs.empty());
  CHECK(CountOps(edge.stroke, layout::PathOp::kCubic) == 2);
}

TEST_CASE("sketch: the wobble follows the geometry, not order, time or address") {
  layout::Shape a{Role::kBox, {}, layout::Rect{10, 10, 80, 30, 0}};
  layout::Shape copy = a;
  CHECK(SketchSeed(a) == SketchSeed(copy));
  CHECK(PathText(Sketch(a).stroke) == PathText(Sketch(copy).stroke));
  layout::Shape moved{Role::kBox, {}, layout::Rect{11, 10, 80, 30, 0}};
  CHECK(SketchSeed(a) != SketchSeed(moved));
  layout::Shape note = a;
  note.role = Role::kNote;
  CHECK(SketchSeed(a) != SketchSeed(note));
  // A shape elsewhere in the scene does not change this one's wobble.
  layout::Scene one = SketchScene(), two = SketchScene();
  two.groups.insert(two.groups.begin(), one.groups.back());
  std::string svg_one = RenderSvg(one, Sketchy()), svg_two = RenderSvg(two, Sketchy());
  std::string api = svg_one.substr(svg_one.find("id=\"api\""), 900);
  CHECK(svg_two.find(api) != std::string::npos);
}

TEST_CASE("sketch: degenerate and hostile geometry") {
  layout::Shape nan{Role::kBox, {}, layout::Rect{NAN, 0, 10, 10, 0}};
  CHECK(Sketch(nan).stroke.segs.empty());
  layout::Shape negative{Role::kBox, {}, layout::Rect{0, 0, -5, 10, 0}};
  CHECK(Sketch(negative).stroke.segs.empty());
  CHECK(Sketch({Role::kBox, {}, layout::Ellipse{0, 0, 0, 5}}).stroke.segs.empty());
  CHECK(Sketch({Role::kBox, {}, layout::Path{}}).stroke.segs.empty());
  layout::Path dot;
  dot.MoveTo({5, 5});
  dot.LineTo({5, 5});
  dot.Close();
  SketchedShape point = Sketch({Role::kBox, {}, dot});
  CHECK(MaxDeviation(point.stroke, {{Point{5, 5}}}) == 0);
  layout::Shape huge{Role::kBox, {}, layout::Rect{-1e12, 1e12, 1e13, 1e13, 0}};
  CHECK(CountOps(Sketch(huge).stroke, layout::PathOp::kMove) == 8);
  layout::Scene scene = SketchScene();
  scene.groups[0].shapes.push_back({Role::kBox, {}, layout::Rect{INFINITY, 0, 1, 1, 0}});
  std::string png, error;
  CHECK(RenderPng(scene, Sketchy(), &png, &error));
}

// ---- the hand-written font -------------------------------------------------

/// Advance of `text` shaped by HarfBuzz directly on the embedded Comic Neue.
double ComicNeueWidth(std::string_view text, double size) {
  std::string_view bytes = FontBytes(FaceId::kHand);
  hb_blob_t* blob = hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()),
                                   HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  hb_face_t* face = hb_face_create(blob, 0);
  hb_font_t* font = hb_font_create(face);
  unsigned upem = hb_face_get_upem(face);
  hb_font_set_scale(font, static_cast<int>(upem), static_cast<int>(upem));
  hb_buffer_t* buffer = hb_buffer_create();
  hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(text.size()), 0, -1);
  hb_buffer_guess_segment_properties(buffer);
  hb_shape(font, buffer, nullptr, 0);
  unsigned count = 0;
  hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
  double width = 0;
  for (unsigned i = 0; i < count; ++i) width += pos[i].x_advance;
  hb_buffer_destroy(buffer);
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return width * size / upem;
}

TEST_CASE("sketch: the bundled Comic Neue faces are OpenType files") {
  for (FaceId id : {FaceId::kHand, FaceId::kHandBold}) {
    std::string_view bytes = FontBytes(id);
    REQUIRE(bytes.size() > 20'000);
    CHECK(bytes.substr(0, 4) == "OTTO");
  }
  CHECK(FontBytes(FaceId::kHand) != FontBytes(FaceId::kHandBold));
}

TEST_CASE("sketch: text is measured with the face it is drawn with") {
  const layout::TextMeasurer& hand = BundledFontMeasurer("sketch");
  const layout::TextMeasurer& dejavu = BundledFontMeasurer("default");
  CHECK(&dejavu == &BundledFontMeasurer());
  CHECK(&BundledFontMeasurer("no such theme") == &BundledFontMeasurer());
  layout::FontSpec font;
  double width = hand.Width("Payment Service", font);
  CHECK(width == doctest::Approx(ComicNeueWidth("Payment Service", 12)).epsilon(1e-9));
  CHECK(std::fabs(width - dejavu.Width("Payment Service", font)) > 5);
  layout::FontSpec bold = font;
  bold.bold = true;
  CHECK(hand.Width("Payment Service", bold) != width);
  CHECK(hand.Ascent(font) != dejavu.Ascent(font));
  layout::FontSpec mono = font;
  mono.mono = true;  // no hand-written mono: DejaVu Sans Mono in both
  CHECK(hand.Width("orders.sql", mono) == dejavu.Width("orders.sql", mono));
}

TEST_CASE("sketch: characters Comic Neue lacks fall back to DejaVu") {
  layout::FontSpec font;
  std::vector<ShapedGlyph> glyphs = ShapeText("a→b", font, FontSet::kHand);
  REQUIRE(glyphs.size() == 3);
  CHECK(glyphs[0].face == FaceId::kHand);
  CHECK(glyphs[1].face == FaceId::kSans);
  CHECK(glyphs[2].face == FaceId::kHand);
  const layout::TextMeasurer& hand = BundledFontMeasurer("sketch");
  CHECK(hand.Width("→", font) == BundledFontMeasurer().Width("→", font));
  CHECK(hand.Width("Ærø «x»", font) == doctest::Approx(ComicNeueWidth("Ærø «x»", 12)));
  CHECK(hand.Width(std::string_view("a\xff\xfe" "b\0c", 6), font) > 0);
  CHECK(hand.Width("日本語 テキスト", font) > 0);
}

// ---- output ----------------------------------------------------------------

TEST_CASE("sketch: svg names the hand-written font first and embeds its glyphs") {
  std::string svg = RenderSvg(SketchScene(), Sketchy());
  CHECK(svg.find("text{font-family:\"Comic Neue\",") != std::string::npos);
  CHECK(svg.find("cursive}") != std::string::npos);
  // Regular and bold subsets as OpenType (base64 of "OTTO" is "T1RUTw").
  CHECK(svg.find("@font-face{font-family:\"Comic Neue\";src:url(data:font/otf;base64,T1RUTw") !=
        std::string::npos);
  CHECK(svg.find("@font-face{font-family:\"Comic Neue\";font-weight:bold;src:url(data:font/otf;"
                 "base64,T1RUTw") != std::string::npos);
  // Shapes are the sketched paths inside a role group, not <rect>/<ellipse>.
  CHECK(svg.find("<rect class=\"dg-box\"") == std::string::npos);
  CHECK(svg.find("<ellipse") == std::string::npos);
  CHECK(svg.find("<g class=\"dg-box\">") != std::string::npos);
  CHECK(svg.find("stroke=\"none\"/>") != std::string::npos);
  CHECK(svg.find("fill=\"none\" stroke-linecap=\"round\"/>") != std::string::npos);
  CHECK(svg.find("<text class=\"dg-text\"") != std::string::npos);  // text stays text
}

TEST_CASE("sketch: the embedded subset is small and only what the text uses") {
  layout::Scene scene;
  scene.width = scene.height = 50;
  layout::Group group{"node", "n", "N", "", "", {}};
  group.shapes.push_back(TextShape(Role::kText, 10, 10, "abc"));
  scene.groups.push_back(group);
  std::string svg = RenderSvg(scene, Sketchy());
  CHECK(svg.find("font-weight:bold") == std::string::npos);  // no bold text, no bold face
  size_t start = svg.find("base64,"), end = svg.find(')', start);
  REQUIRE(start != std::string::npos);
  CHECK(end - start < 6000);
  CHECK(SubsetFace(static_cast<int>(FaceId::kHand), {'a', 'b', 'c'}).size() <
        FontBytes(FaceId::kHand).size() / 4);
  CHECK(SubsetFace(static_cast<int>(FaceId::kHand), {0x65e5, 0x672c}).empty());  // none drawn
  CHECK(SubsetFace(99, {'a'}).empty());
  // Only mono text, or text Comic Neue lacks: nothing to embed.
  scene.groups[0].shapes = {TextShape(Role::kText, 10, 10, "abc", false, true),
                            TextShape(Role::kText, 10, 30, "日本")};
  CHECK(RenderSvg(scene, Sketchy()).find("@font-face") == std::string::npos);
}

/// Number of pixels of a PNG equal to `rgb` (0xRRGGBB), and its size.
int CountPixels(const std::string& png, uint32_t rgb, int* width = nullptr) {
  struct Reader {
    const std::string* data;
    size_t at = 0;
  } reader{&png};
  auto read = [](void* closure, unsigned char* out, unsigned int length) {
    auto* r = static_cast<Reader*>(closure);
    if (r->at + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
    std::copy_n(r->data->data() + r->at, length, out);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
  };
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create_from_png_stream(read, &reader), cairo_surface_destroy);
  REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
  int w = cairo_image_surface_get_width(surface.get());
  int h = cairo_image_surface_get_height(surface.get());
  if (width) *width = w;
  int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  int count = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if ((*reinterpret_cast<const uint32_t*>(data + y * stride + x * 4) & 0xFFFFFF) == rgb) ++count;
  return count;
}

TEST_CASE("sketch: png renders soft fills and dark ink") {
  layout::Scene scene = SketchScene();
  std::string png, plain, error;
  REQUIRE(RenderPng(scene, Sketchy(), &png, &error));
  REQUIRE(RenderPng(scene, RenderOptions{}, &plain, &error));
  CHECK(png != plain);
  int width = 0;
  int box = CountPixels(png, 0xdbeeff, &width);
  CHECK(width == 840);
  CHECK(box > 20'000);  // the pale blue box fills
  CHECK(CountPixels(png, 0xfff3bf) > 20'000);  // the note
  CHECK(CountPixels(png, 0x1e1e1e) > 1'000);   // strokes and text
  std::string pdf;
  REQUIRE(RenderPdf(scene, Sketchy(), &pdf, &error));
  CHECK(pdf.find("ComicNeue") != std::string::npos);  // the face is embedded in the PDF
}

TEST_CASE("sketch: skinparam handwritten sketches strokes in the theme's own colours") {
  layout::Scene scene = SketchScene();
  std::string plain = RenderSvg(scene, RenderOptions{});
  scene.handwritten = true;
  std::string svg = RenderSvg(scene, RenderOptions{});
  CHECK(plain.find("<g class=\"dg-box\">") == std::string::npos);
  CHECK(svg.find("<g class=\"dg-box\">") != std::string::npos);
  CHECK(svg.find(".dg-box{fill:" + FindTheme("default")->For(Role::kBox).fill) !=
        std::string::npos);
  CHECK(svg.find("\"DejaVu Sans\"") != std::string::npos);  // the theme's font, not embedded
  CHECK(svg.find("@font-face") == std::string::npos);
  std::string png, png_plain, error;
  REQUIRE(RenderPng(scene, RenderOptions{}, &png, &error));
  scene.handwritten = false;
  REQUIRE(RenderPng(scene, RenderOptions{}, &png_plain, &error));
  CHECK(png != png_plain);
  CHECK(CountPixels(png, 0xf5f7fb) > 10'000);  // default box fill
  CHECK(CountPixels(png, 0xdbeeff) == 0);      // no sketch palette
}

}  // namespace
}  // namespace dg::render
