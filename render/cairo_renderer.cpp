// PNG and PDF through cairo. Text is drawn with the embedded faces
// (FreeType memory faces, no fontconfig lookup) at the glyph positions
// HarfBuzz computed, so what is drawn is exactly what layout measured.
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>

#include "render/color.hpp"
#include "render/font.hpp"
#include "render/markup.hpp"
#include "render/render.hpp"
#include "render/sketch.hpp"
#include "render/theme.hpp"

namespace dg::render {
namespace {

using layout::Role;

constexpr int kMaxSurfaceSidePx = 32767;  // cairo's image surface limit
constexpr double kMinScale = 1e-3;
// A fixed creation date keeps PDF bytes identical run to run.
constexpr const char* kPdfDate = "2000-01-01T00:00:00Z";
constexpr const char* kPdfCreator = "diagc";
constexpr double kPi = 3.14159265358979323846;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct FontOptionsDeleter {
  void operator()(cairo_font_options_t* o) const { cairo_font_options_destroy(o); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, FontOptionsDeleter>;

// ---- fonts -----------------------------------------------------------------

const cairo_user_data_key_t kFtFaceKey{};

void DoneFace(void* face) { FT_Done_Face(static_cast<FT_Face>(face)); }

cairo_font_face_t* LoadCairoFace(FT_Library library, FaceId id) {
  std::string_view bytes = FontBytes(id);
  FT_Face ft_face = nullptr;
  if (FT_New_Memory_Face(library, reinterpret_cast<const FT_Byte*>(bytes.data()),
                         static_cast<FT_Long>(bytes.size()), 0, &ft_face) != 0)
    return nullptr;
  cairo_font_face_t* face = cairo_ft_font_face_create_for_ft_face(ft_face, 0);
  // The cairo face owns the FT_Face from here: it is released with it.
  if (cairo_font_face_set_user_data(face, &kFtFaceKey, ft_face, DoneFace) !=
      CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(face);
    FT_Done_Face(ft_face);
    return nullptr;
  }
  return face;
}

/// The cairo font faces of the embedded fonts, each made the first time it
/// is drawn (so a diagram without CJK never reads that face). cairo
/// caches scaled fonts beyond any one render, so the faces (and the
/// FT_Library under them) must live as long as the process does.
class CairoFaces {
 public:
  CairoFaces() {
    if (FT_Init_FreeType(&library_) != 0) library_ = nullptr;
  }

  /// The fallbacks (CJK, symbols) have no bold face: cairo emboldens their
  /// outlines. Glyph positions stay HarfBuzz's, so widths are unchanged.
  cairo_font_face_t* For(FaceId id, bool bold) {
    bool embolden = bold && (id == FaceId::kCjk || id == FaceId::kSymbols);
    int slot = static_cast<int>(id) + (embolden ? kFaceCount : 0);
    std::lock_guard<std::mutex> lock(mutex_);  // an FT_Library makes one face at a time
    if (!tried_[slot] && library_) {
      tried_[slot] = true;
      faces_[slot] = LoadCairoFace(library_, id);
      if (embolden && faces_[slot]) cairo_ft_font_face_set_synthesize(faces_[slot], CAIRO_FT_SYNTHESIZE_BOLD);
    }
    return faces_[slot];
  }

 private:
  FT_Library library_ = nullptr;
  std::mutex mutex_;
  std::array<bool, 2 * kFaceCount> tried_{};
  std::array<cairo_font_face_t*, 2 * kFaceCount> faces_{};  ///< regular, then emboldened
};

CairoFaces& Faces() {
  static CairoFaces* faces = new CairoFaces;  // process lifetime, see CairoFaces
  return *faces;
}

// ---- colours and strokes ---------------------------------------------------

bool Finite(std::initializer_list<double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

std::vector<double> ParseDash(std::string_view text) {
  std::vector<double> dash;
  while (!text.empty()) {
    size_t space = text.find(' ');
    std::string_view item = text.substr(0, space);
    double value = 0;
    std::from_chars(item.data(), item.data() + item.size(), value);
    dash.push_back(value);
    text = space == std::string_view::npos ? "" : text.substr(space + 1);
  }
  return dash;
}

/// How one shape is filled and stroked, after theme and overrides.
struct Ink {
  std::optional<Rgba> fill;
  std::optional<Rgba> stroke;
  double width = 1;
  std::vector<double> dash;
};

class Painter {
 public:
  Painter(cairo_t* cr, Theme theme, bool monochrome)
      : cr_(cr),
        theme_(std::move(theme)),
        monochrome_(monochrome),
        font_set_(theme_.hand_font ? FontSet::kHand : FontSet::kDejaVu) {}

  void Draw(const layout::Scene& scene);

 private:
  std::optional<Rgba> Color(const std::string& text) const;
  Ink InkFor(const layout::Shape& shape, bool closed) const;
  void FillAndStroke(const Ink& ink);
  void DrawShape(const layout::Shape& shape);
  void DrawSketched(const layout::Shape& shape);
  void RectPath(const layout::Rect& r);
  bool EllipsePath(const layout::Ellipse& e);
  bool PathPath(const layout::Path& path);
  void DrawText(const layout::Text& text, const layout::Shape& shape);
  double DrawSpan(const layout::TextSpan& span, double x, double y);
  void SetSource(Rgba color) {
    cairo_set_source_rgba(cr_, color.r / 255.0, color.g / 255.0, color.b / 255.0, color.a / 255.0);
  }

  cairo_t* cr_;
  Theme theme_;
  bool monochrome_;
  FontSet font_set_;
};

std::optional<Rgba> Painter::Color(const std::string& text) const {
  std::optional<Rgba> color = ParseColor(text);
  if (!color || color->a == 0) return std::nullopt;
  return monochrome_ ? ToGrey(*color) : *color;
}

Ink Painter::InkFor(const layout::Shape& shape, bool closed) const {
  const RoleStyle& style = theme_.For(shape.role);
  const layout::Paint& paint = shape.paint;
  Ink ink;
  std::string fill = !paint.fill.empty() ? paint.fill : style.fill;
  // A filled arrowhead follows its edge's colour (as in the SVG writer).
  if (paint.fill.empty() && shape.role == Role::kArrowFilled && !paint.stroke.empty())
    fill = paint.stroke;
  if (closed) ink.fill = Color(fill);
  if (ink.fill && paint.opacity < 1)
    ink.fill->a = static_cast<uint8_t>(std::lround(ink.fill->a * std::clamp(paint.opacity, 0.0, 1.0)));
  ink.stroke = Color(!paint.stroke.empty() ? paint.stroke : style.stroke);
  ink.width = paint.stroke_width > 0 ? paint.stroke_width : style.stroke_width;
  ink.dash = !paint.dash.empty() ? paint.dash : ParseDash(style.dash);
  for (double& length : ink.dash) length = std::isfinite(length) ? std::fabs(length) : 0;
  return ink;
}

void Painter::FillAndStroke(const Ink& ink) {
  if (ink.fill) {
    SetSource(*ink.fill);
    cairo_fill_preserve(cr_);
  }
  bool dash_ok = std::any_of(ink.dash.begin(), ink.dash.end(), [](double d) { return d > 0; });
  if (ink.stroke && ink.width > 0 && std::isfinite(ink.width)) {
    SetSource(*ink.stroke);
    cairo_set_line_width(cr_, ink.width);
    cairo_set_dash(cr_, ink.dash.data(), dash_ok ? static_cast<int>(ink.dash.size()) : 0, 0);
    cairo_stroke_preserve(cr_);
  }
  cairo_new_path(cr_);
}

void Painter::RectPath(const layout::Rect& r) {
  double rx = std::min({std::fmax(0, r.rx), r.w / 2, r.h / 2});
  if (rx <= 0) {
    cairo_rectangle(cr_, r.x, r.y, r.w, r.h);
    return;
  }
  cairo_new_sub_path(cr_);
  cairo_arc(cr_, r.x + r.w - rx, r.y + rx, rx, -kPi / 2, 0);
  cairo_arc(cr_, r.x + r.w - rx, r.y + r.h - rx, rx, 0, kPi / 2);
  cairo_arc(cr_, r.x + rx, r.y + r.h - rx, rx, kPi / 2, kPi);
  cairo_arc(cr_, r.x + rx, r.y + rx, rx, kPi, 3 * kPi / 2);
  cairo_close_path(cr_);
}

bool Painter::EllipsePath(const layout::Ellipse& e) {
  if (!(e.rx > 0 && e.ry > 0) || !Finite({e.cx, e.cy, e.rx, e.ry})) return false;
  cairo_save(cr_);  // the scale would otherwise also scale the stroke
  cairo_translate(cr_, e.cx, e.cy);
  cairo_scale(cr_, e.rx, e.ry);
  cairo_new_sub_path(cr_);
  cairo_arc(cr_, 0, 0, 1, 0, 2 * kPi);
  cairo_close_path(cr_);
  cairo_restore(cr_);
  return true;
}

bool Painter::PathPath(const layout::Path& path) {
  for (const layout::PathSeg& seg : path.segs) {
    const layout::Point* p = seg.p;
    switch (seg.op) {
      case layout::PathOp::kMove:
        if (!Finite({p[0].x, p[0].y})) return false;
        cairo_move_to(cr_, p[0].x, p[0].y);
        break;
      case layout::PathOp::kLine:
        if (!Finite({p[0].x, p[0].y})) return false;
        cairo_line_to(cr_, p[0].x, p[0].y);
        break;
      case layout::PathOp::kCubic:
        if (!Finite({p[0].x, p[0].y, p[1].x, p[1].y, p[2].x, p[2].y})) return false;
        cairo_curve_to(cr_, p[0].x, p[0].y, p[1].x, p[1].y, p[2].x, p[2].y);
        break;
      case layout::PathOp::kClose:
        cairo_close_path(cr_);
        break;
    }
  }
  return !path.segs.empty();
}

void Painter::DrawShape(const layout::Shape& shape) {
  if (theme_.sketch && !shape.paint.pixels &&
      !std::holds_alternative<layout::Text>(shape.geometry)) {
    DrawSketched(shape);
    return;
  }
  if (const auto* rect = std::get_if<layout::Rect>(&shape.geometry)) {
    if (!Finite({rect->x, rect->y, rect->w, rect->h, rect->rx}) || rect->w < 0 || rect->h < 0)
      return;
    RectPath(*rect);
    FillAndStroke(InkFor(shape, true));
  } else if (const auto* ellipse = std::get_if<layout::Ellipse>(&shape.geometry)) {
    if (EllipsePath(*ellipse)) FillAndStroke(InkFor(shape, true));
  } else if (const auto* path = std::get_if<layout::Path>(&shape.geometry)) {
    bool closed = !path->segs.empty() && path->segs.back().op == layout::PathOp::kClose;
    if (PathPath(*path)) FillAndStroke(InkFor(shape, closed));
    cairo_new_path(cr_);
  } else if (const auto* text = std::get_if<layout::Text>(&shape.geometry)) {
    DrawText(*text, shape);
  }
}

// ---- sketch (hand-drawn look, render/sketch.hpp) --------------------------

/// The sketched area filled without outline, then the doubled strokes.
void Painter::DrawSketched(const layout::Shape& shape) {
  SketchedShape sketch = Sketch(shape);
  Ink ink = InkFor(shape, !sketch.fill.segs.empty());
  Ink fill_only = ink, stroke_only = ink;
  fill_only.stroke.reset();
  stroke_only.fill.reset();
  if (ink.fill && PathPath(sketch.fill)) FillAndStroke(fill_only);
  cairo_new_path(cr_);
  cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND);
  if (PathPath(sketch.stroke)) FillAndStroke(stroke_only);
  cairo_new_path(cr_);
  cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
}

// ---- text ------------------------------------------------------------------

/// Draws one span with its left end at x on baseline y; returns its advance.
double Painter::DrawSpan(const layout::TextSpan& span, double x, double y) {
  std::vector<ShapedGlyph> shaped = ShapeText(span.text, span.font, font_set_);
  double pen = x;
  // One run of glyphs per face (hand-written text may fall back to DejaVu).
  for (size_t begin = 0; begin < shaped.size();) {
    FaceId face_id = shaped[begin].face;
    std::vector<cairo_glyph_t> glyphs;
    for (; begin < shaped.size() && shaped[begin].face == face_id; ++begin) {
      const ShapedGlyph& g = shaped[begin];
      glyphs.push_back({g.index, pen + g.x_offset, y - g.y_offset});
      pen += g.x_advance;
    }
    cairo_font_face_t* face = Faces().For(face_id, span.font.bold);
    double size = span.font.size;
    if (!face || !(size > 0)) continue;
    cairo_set_font_face(cr_, face);
    cairo_matrix_t matrix;
    // Italic has no bundled face: slant the upright one (synthetic oblique).
    cairo_matrix_init(&matrix, size, 0, span.font.italic ? -kObliqueSkew * size : 0, size, 0, 0);
    cairo_set_font_matrix(cr_, &matrix);
    cairo_show_glyphs(cr_, glyphs.data(), static_cast<int>(glyphs.size()));
  }
  DecorationMetrics d = Decorations(span.font, font_set_);
  if (span.underline)
    cairo_rectangle(cr_, x, y + d.underline_offset - d.underline_thickness / 2, pen - x,
                    d.underline_thickness);
  if (span.strike)
    cairo_rectangle(cr_, x, y + d.strike_offset - d.strike_thickness / 2, pen - x,
                    d.strike_thickness);
  cairo_fill(cr_);
  return pen - x;
}

void Painter::DrawText(const layout::Text& text, const layout::Shape& shape) {
  if (!Finite({text.x, text.y})) return;
  const HarfBuzzMeasurer measurer(font_set_);
  double width = 0;  // our own measure: what we draw, whatever layout assumed
  for (const layout::TextSpan& span : text.spans) width += measurer.Width(span.text, span.font);
  double x = text.x;
  if (text.anchor == layout::Anchor::kMiddle) x -= width / 2;
  if (text.anchor == layout::Anchor::kEnd) x -= width;
  std::optional<Rgba> color =
      Color(!shape.paint.fill.empty() ? shape.paint.fill : theme_.For(shape.role).text);
  for (const layout::TextSpan& span : text.spans) {
    if (!(span.font.size > 0) || !std::isfinite(span.font.size)) continue;
    std::optional<Rgba> ink = span.color.empty() ? color : Color(span.color);
    if (ink) {
      SetSource(*ink);
      x += DrawSpan(span, x, text.y);
    } else {
      x += measurer.Width(span.text, span.font);  // transparent: room, no ink
    }
  }
}

void Painter::Draw(const layout::Scene& scene) {
  if (std::optional<Rgba> background = Color(theme_.background)) {
    SetSource(*background);
    cairo_paint(cr_);
  }
  FontOptionsPtr options(cairo_font_options_create());
  // Positions come from HarfBuzz; hinting must not move glyphs or metrics.
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options(cr_, options.get());
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  for (const layout::Group& group : scene.groups) {
    std::string link = SanitizeLink(group.link);
    std::string attributes = "uri='";
    for (char c : link) {
      if (c == '\'' || c == '\\') attributes += '\\';
      attributes += c;
    }
    attributes += '\'';
    if (!link.empty()) cairo_tag_begin(cr_, CAIRO_TAG_LINK, attributes.c_str());
    for (const layout::Shape& shape : group.shapes) DrawShape(shape);
    if (!link.empty()) cairo_tag_end(cr_, CAIRO_TAG_LINK);
  }
}

// ---- surfaces --------------------------------------------------------------

/// The theme the options name (unknown names: "default"), with the scene's
/// background override and monochrome applied.
Theme SceneTheme(const layout::Scene& scene, const RenderOptions& options) {
  const Theme* found = FindTheme(options.theme);
  Theme theme = found ? *found : *FindTheme("default");
  if (std::optional<Rgba> background = ParseColor(scene.background)) {
    theme.background = FormatHex(*background);
    theme.roles[static_cast<int>(Role::kArrowOpen)].fill = theme.background;
  }
  theme.sketch = theme.sketch || scene.handwritten;  // skinparam handwritten: strokes only
  return scene.monochrome ? Monochrome(theme) : theme;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

double SceneSide(double side) { return std::isfinite(side) && side >= 1 ? side : 1; }

/// Pixels per point: the requested scale, reduced until the image fits
/// both max_pixels and cairo's side limit.
double PngScale(double width, double height, const RenderOptions& options) {
  double scale = options.scale > 0 && std::isfinite(options.scale) ? options.scale : 1;
  double budget = std::max<double>(1, static_cast<double>(options.max_pixels));
  if (width * height * scale * scale > budget) scale = std::sqrt(budget / (width * height));
  scale = std::min({scale, kMaxSurfaceSidePx / width, kMaxSurfaceSidePx / height});
  return std::max(scale, kMinScale);
}

bool Failed(cairo_status_t status, std::string_view what, std::string* error) {
  if (status == CAIRO_STATUS_SUCCESS) return false;
  if (error) *error = std::string(what) + ": " + cairo_status_to_string(status);
  return true;
}

}  // namespace

bool RenderPng(const layout::Scene& scene, const RenderOptions& options, std::string* out,
               std::string* error) {
  double width = SceneSide(scene.width), height = SceneSide(scene.height);
  double scale = PngScale(width, height, options);
  int pixels_w = std::clamp(static_cast<int>(std::ceil(width * scale - 1e-9)), 1, kMaxSurfaceSidePx);
  int pixels_h = std::clamp(static_cast<int>(std::ceil(height * scale - 1e-9)), 1, kMaxSurfaceSidePx);
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pixels_w, pixels_h));
  if (Failed(cairo_surface_status(surface.get()), "cannot create the png image", error))
    return false;
  {
    CairoPtr cr(cairo_create(surface.get()));
    cairo_scale(cr.get(), scale, scale);
    Painter(cr.get(), SceneTheme(scene, options), scene.monochrome).Draw(scene);
    if (Failed(cairo_status(cr.get()), "cannot draw the png image", error)) return false;
  }
  cairo_surface_flush(surface.get());
  out->clear();
  return !Failed(cairo_surface_write_to_png_stream(surface.get(), AppendToString, out),
                 "cannot encode the png image", error);
}

bool RenderPdf(const layout::Scene& scene, const RenderOptions& options, std::string* out,
               std::string* error) {
  out->clear();
  double width = SceneSide(scene.width), height = SceneSide(scene.height);
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(AppendToString, out, width, height));
  if (Failed(cairo_surface_status(surface.get()), "cannot create the pdf document", error))
    return false;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, kPdfDate);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, kPdfDate);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, kPdfCreator);
  if (!options.pdf_keywords.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_KEYWORDS, options.pdf_keywords.c_str());
  }
  {
    CairoPtr cr(cairo_create(surface.get()));
    Painter(cr.get(), SceneTheme(scene, options), scene.monochrome).Draw(scene);
    if (Failed(cairo_status(cr.get()), "cannot draw the pdf document", error)) return false;
  }
  cairo_surface_finish(surface.get());
  return !Failed(cairo_surface_status(surface.get()), "cannot write the pdf document", error);
}

}  // namespace dg::render
