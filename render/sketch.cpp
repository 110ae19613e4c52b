#include "render/sketch.hpp"

#include <hb-subset.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "render/font.hpp"

namespace dg::render {
namespace {

using layout::PathOp;
using layout::Point;

constexpr double kPi = 3.14159265358979323846;
// How far the ends of a stroke stray (radius, points). Short sides stray
// less (rough.js: a tenth of the length), so arrowheads stay sharp.
constexpr double kMaxJitterPt = 1.5;
constexpr double kJitterPerLength = 0.08;
// How far the middle of a side bows out, sideways: long sides bow more.
constexpr double kMaxBowPt = 2.5;
constexpr double kBowPerLength = 0.012;
// Where along a side the two control points of its curve sit (rough.js's
// "divergence point": 0.2..0.4 and twice that).
constexpr double kMinDivergence = 0.2;
constexpr double kDivergenceSpan = 0.2;
// Each outline is drawn twice; the second stroke strays less.
constexpr int kStrokePasses = 2;
constexpr double kOverlayFactor = 0.6;
// The fill area is a calmer outline of its own.
constexpr double kFillFactor = 0.5;
// Control-point distance of a quarter circle drawn as one cubic.
const double kQuarterKappa = 4.0 / 3.0 * std::tan(kPi / 8);
constexpr double kHashScale = 100;  // geometry is hashed at 1/100 pt
// Code points collected for one embedded face beyond this are dropped
// (hostile input; a diagram's text uses a few dozen).
constexpr size_t kMaxEmbeddedCodePoints = 4096;
constexpr std::string_view kHandFamilyName = "Comic Neue";
static_assert(kMaxJitterPt + kMaxBowPt <= kSketchMaxDeviationPt);

Point Add(Point a, Point b) { return {a.x + b.x, a.y + b.y}; }
Point Scaled(Point a, double k) { return {a.x * k, a.y * k}; }
Point Lerp(Point a, Point b, double t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }
double Distance(Point a, Point b) { return std::hypot(b.x - a.x, b.y - a.y); }

/// Unit normal of a → b, or zero for a point.
Point Normal(Point a, Point b) {
  double length = Distance(a, b);
  if (!(length > 1e-9)) return {0, 0};
  return {-(b.y - a.y) / length, (b.x - a.x) / length};
}

/// splitmix64: tiny, fast, and the same numbers on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  /// Uniform in [-1, 1).
  double Signed() { return 2 * Unit() - 1; }
  /// A random offset no longer than `radius`.
  Point Disc(double radius) {
    double r = radius * Unit(), angle = 2 * kPi * Unit();
    return {r * std::cos(angle), r * std::sin(angle)};
  }

 private:
  uint64_t state_;
};

/// One piece of an outline, from the previous end (or the start) to `end`.
struct Element {
  bool line = true;
  Point c1, c2;  ///< cubic controls (unused for lines)
  Point end;
};

struct Outline {
  Point start;
  std::vector<Element> elements;
  bool closed = false;
};

void LineTo(Outline& o, Point p) { o.elements.push_back({true, {}, {}, p}); }
void CubicTo(Outline& o, Point c1, Point c2, Point p) { o.elements.push_back({false, c1, c2, p}); }

/// Quarter-turn arcs of the ellipse (cx, cy, rx, ry) from angle `from` on.
void AppendArc(Outline& o, Point center, double rx, double ry, double from, int quarters) {
  auto at = [&](double angle, double along) {
    double c = std::cos(angle), s = std::sin(angle);
    return Point{center.x + rx * (c - along * s), center.y + ry * (s + along * c)};
  };
  for (int i = 0; i < quarters; ++i) {
    double a = from + i * kPi / 2, b = a + kPi / 2;
    CubicTo(o, at(a, kQuarterKappa), at(b, -kQuarterKappa), at(b, 0));
  }
}

Outline RectOutline(const layout::Rect& r) {
  double rx = std::min({std::fmax(0, r.rx), r.w / 2, r.h / 2});
  double x0 = r.x, y0 = r.y, x1 = r.x + r.w, y1 = r.y + r.h;
  Outline o;
  o.closed = true;
  o.start = {x0 + rx, y0};
  LineTo(o, {x1 - rx, y0});
  if (rx > 0) AppendArc(o, {x1 - rx, y0 + rx}, rx, rx, -kPi / 2, 1);
  LineTo(o, {x1, y1 - rx});
  if (rx > 0) AppendArc(o, {x1 - rx, y1 - rx}, rx, rx, 0, 1);
  LineTo(o, {x0 + rx, y1});
  if (rx > 0) AppendArc(o, {x0 + rx, y1 - rx}, rx, rx, kPi / 2, 1);
  LineTo(o, {x0, y0 + rx});
  if (rx > 0) AppendArc(o, {x0 + rx, y0 + rx}, rx, rx, kPi, 1);
  return o;
}

/// Starts at a random angle, so the seam of the strokes wanders.
Outline EllipseOutline(const layout::Ellipse& e, Random& random) {
  double from = 2 * kPi * random.Unit();
  Outline o;
  o.closed = true;
  o.start = {e.cx + e.rx * std::cos(from), e.cy + e.ry * std::sin(from)};
  AppendArc(o, {e.cx, e.cy}, e.rx, e.ry, from, 4);
  return o;
}

/// The subpaths of a path; kClose adds the closing side when the path does
/// not end where it started.
std::vector<Outline> PathOutlines(const layout::Path& path) {
  std::vector<Outline> outlines;
  Point pen;
  bool open = false;  // whether outlines.back() takes more elements
  for (const layout::PathSeg& seg : path.segs) {
    if (seg.op == PathOp::kClose) {
      if (!open) continue;
      Outline& o = outlines.back();
      if (Distance(pen, o.start) > 1e-9) LineTo(o, o.start);
      o.closed = true;
      pen = o.start;
      open = false;
      continue;
    }
    if (seg.op == PathOp::kMove || !open) {
      outlines.push_back({seg.op == PathOp::kMove ? seg.p[0] : pen, {}, false});
      open = true;
    }
    if (seg.op == PathOp::kLine) LineTo(outlines.back(), seg.p[0]);
    if (seg.op == PathOp::kCubic) CubicTo(outlines.back(), seg.p[0], seg.p[1], seg.p[2]);
    pen = seg.op == PathOp::kCubic ? seg.p[2] : seg.p[0];
  }
  std::erase_if(outlines, [](const Outline& o) { return o.elements.empty(); });
  return outlines;
}

double Jitter(double length) { return std::min(kMaxJitterPt, length * kJitterPerLength); }
double Bow(double length) { return std::min(kMaxBowPt, length * kBowPerLength); }

/// A straight side as one bowed cubic between the (already displaced) ends;
/// `jitter` also displaces the two controls.
void BowedLine(Point from, Point to, Point a, Point b, double jitter, Random& random,
               layout::Path* out) {
  double length = Distance(from, to);
  Point bow = Scaled(Normal(from, to), Bow(length) * random.Signed());
  double divergence = kMinDivergence + kDivergenceSpan * random.Unit();
  Point c1 = Add(Add(Lerp(a, b, divergence), bow), random.Disc(jitter));
  Point c2 = Add(Add(Lerp(a, b, 2 * divergence), bow), random.Disc(jitter));
  out->CubicTo(c1, c2, b);
}

/// A cubic moved by `start_shift` at its start and `end_shift` at its end
/// (controls move with their end, so joints stay smooth), bowed sideways.
void ShiftedCubic(Point from, const Element& e, Point start_shift, Point end_shift, Random& random,
                  layout::Path* out) {
  double chord = Distance(from, e.end);
  Point bow = Scaled(Normal(from, e.end), Bow(chord) * random.Signed());
  out->CubicTo(Add(Add(e.c1, start_shift), bow), Add(Add(e.c2, end_shift), bow),
               Add(e.end, end_shift));
}

/// One hand-drawn stroke over the outline: every straight side on its own
/// (ends that miss each other at the corners), curves as one wobbly run.
void StrokePass(const Outline& o, double factor, Random& random, layout::Path* out) {
  Point pen = o.start;
  bool chained = false;  // the last piece was a curve this one may continue
  Point shift;           // displacement of the last piece's end
  for (const Element& e : o.elements) {
    double jitter = Jitter(Distance(pen, e.end)) * factor;
    if (e.line) {
      Point a = Add(pen, random.Disc(jitter)), b = Add(e.end, random.Disc(jitter));
      out->MoveTo(a);
      BowedLine(pen, e.end, a, b, jitter, random, out);
      chained = false;
    } else {
      if (!chained) {
        shift = random.Disc(jitter);
        out->MoveTo(Add(pen, shift));
      }
      Point end_shift = random.Disc(jitter);
      ShiftedCubic(pen, e, shift, end_shift, random, out);
      shift = end_shift;
      chained = true;
    }
    pen = e.end;
  }
}

/// The area as one calm closed outline: corners displaced once, shared by
/// the sides that meet there.
void FillOutline(const Outline& o, Random& random, layout::Path* out) {
  auto jitter_at = [&](size_t i) {
    Point from = i == 0 ? o.start : o.elements[i - 1].end;
    return random.Disc(Jitter(Distance(from, o.elements[i].end)) * kFillFactor);
  };
  Point first_shift = jitter_at(0);
  Point pen = o.start, shift = first_shift;
  out->MoveTo(Add(pen, shift));
  for (size_t i = 0; i < o.elements.size(); ++i) {
    const Element& e = o.elements[i];
    bool last = i + 1 == o.elements.size();
    Point end_shift = last ? first_shift : jitter_at(i);
    if (e.line) {
      BowedLine(pen, e.end, Add(pen, shift), Add(e.end, end_shift), 0, random, out);
    } else {
      ShiftedCubic(pen, e, shift, end_shift, random, out);
    }
    pen = e.end;
    shift = end_shift;
  }
  out->Close();
}

bool FinitePoint(Point p) { return std::isfinite(p.x) && std::isfinite(p.y); }

bool Finite(const std::vector<Outline>& outlines) {
  for (const Outline& o : outlines) {
    if (!FinitePoint(o.start)) return false;
    for (const Element& e : o.elements)
      if (!FinitePoint(e.c1) || !FinitePoint(e.c2) || !FinitePoint(e.end)) return false;
  }
  return true;
}

/// FNV-1a over 64-bit words.
class Hasher {
 public:
  void Add(uint64_t word) {
    for (int i = 0; i < 8; ++i) {
      hash_ ^= (word >> (8 * i)) & 0xff;
      hash_ *= 0x100000001b3ull;
    }
  }
  void Add(double value) {
    double rounded = std::isfinite(value) ? std::round(value * kHashScale) : 0;
    Add(static_cast<uint64_t>(static_cast<int64_t>(std::clamp(rounded, -1e15, 1e15))));
  }
  uint64_t hash() const { return hash_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace

uint64_t SketchSeed(const layout::Shape& shape) {
  Hasher h;
  h.Add(static_cast<uint64_t>(shape.role));
  h.Add(static_cast<uint64_t>(shape.geometry.index()));
  if (const auto* r = std::get_if<layout::Rect>(&shape.geometry)) {
    for (double v : {r->x, r->y, r->w, r->h, r->rx}) h.Add(v);
  } else if (const auto* e = std::get_if<layout::Ellipse>(&shape.geometry)) {
    for (double v : {e->cx, e->cy, e->rx, e->ry}) h.Add(v);
  } else if (const auto* path = std::get_if<layout::Path>(&shape.geometry)) {
    for (const layout::PathSeg& seg : path->segs) {
      h.Add(static_cast<uint64_t>(seg.op));
      for (const Point& p : seg.p) {
        h.Add(p.x);
        h.Add(p.y);
      }
    }
  }
  return h.hash();
}

SketchedShape Sketch(const layout::Shape& shape) {
  SketchedShape sketch;
  Random random(SketchSeed(shape));
  std::vector<Outline> outlines;
  bool filled = true;
  if (const auto* r = std::get_if<layout::Rect>(&shape.geometry)) {
    if (r->w >= 0 && r->h >= 0) outlines.push_back(RectOutline(*r));
  } else if (const auto* e = std::get_if<layout::Ellipse>(&shape.geometry)) {
    if (e->rx > 0 && e->ry > 0) outlines.push_back(EllipseOutline(*e, random));
  } else if (const auto* path = std::get_if<layout::Path>(&shape.geometry)) {
    outlines = PathOutlines(*path);
    filled = !path->segs.empty() && path->segs.back().op == PathOp::kClose;
  }
  if (outlines.empty() || !Finite(outlines)) return sketch;
  for (const Outline& o : outlines) {
    if (filled) FillOutline(o, random, &sketch.fill);
    for (int pass = 0; pass < kStrokePasses; ++pass)
      StrokePass(o, pass == 0 ? 1.0 : kOverlayFactor, random, &sketch.stroke);
  }
  return sketch;
}

// ---- the hand-written font in SVG -------------------------------------------

namespace {

void AppendBase64(std::string_view bytes, std::string* out) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16 | static_cast<uint8_t>(bytes[i + 1]) << 8 |
                 static_cast<uint8_t>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) *out += kDigits[(n >> shift) & 63];
  }
  if (i == bytes.size()) return;
  uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
  if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
  *out += kDigits[(n >> 18) & 63];
  *out += kDigits[(n >> 12) & 63];
  *out += i + 1 < bytes.size() ? kDigits[(n >> 6) & 63] : '=';
  *out += '=';
}

/// Adds the code points of UTF-8 `text` (HarfBuzz decodes, as it does for
/// shaping) to `code_points`, up to the cap.
void AddCodePoints(std::string_view text, std::set<uint32_t>* code_points) {
  hb_buffer_t* buffer = hb_buffer_create();
  hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(std::min<size_t>(text.size(), 1 << 20)),
                     0, -1);
  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
  for (unsigned i = 0; i < count && code_points->size() < kMaxEmbeddedCodePoints; ++i)
    code_points->insert(info[i].codepoint);
  hb_buffer_destroy(buffer);
}

void FontFaceRule(std::string_view font_file, bool bold, std::string* css) {
  *css += "@font-face{font-family:\"";
  *css += kHandFamilyName;
  *css += bold ? "\";font-weight:bold" : "\"";
  *css += ";src:url(data:font/otf;base64,";
  AppendBase64(font_file, css);
  *css += ") format(\"opentype\")}\n";
}

/// Adds to `unicodes` the code points `face` has a glyph for; their count.
int AddDrawn(hb_face_t* face, const std::set<uint32_t>& code_points, hb_set_t* unicodes) {
  hb_font_t* font = hb_font_create(face);
  int drawn = 0;
  hb_codepoint_t glyph = 0;
  for (uint32_t code_point : code_points) {
    if (!hb_font_get_nominal_glyph(font, code_point, &glyph)) continue;
    hb_set_add(unicodes, code_point);
    ++drawn;
  }
  hb_font_destroy(font);
  return drawn;
}

/// The subset file, or empty when the face draws none of the code points (a
/// subset would hold only .notdef) or hb-subset fails.
std::string SubsetOf(hb_face_t* face, const std::set<uint32_t>& code_points) {
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  if (!input) return "";
  bool any = AddDrawn(face, code_points, hb_subset_input_unicode_set(input)) > 0;
  hb_face_t* subset = any ? hb_subset_or_fail(face, input) : nullptr;
  hb_subset_input_destroy(input);
  if (!subset) return "";
  hb_blob_t* blob = hb_face_reference_blob(subset);
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob, &length);
  std::string file = data ? std::string(data, length) : "";
  hb_blob_destroy(blob);
  hb_face_destroy(subset);
  return file;
}

}  // namespace

std::string SubsetFace(int face_id, const std::set<uint32_t>& code_points) {
  if (face_id < 0 || face_id >= kFaceCount) return "";
  std::string_view bytes = FontBytes(static_cast<FaceId>(face_id));
  hb_blob_t* blob = hb_blob_create(bytes.data(), static_cast<unsigned>(bytes.size()),
                                   HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  hb_face_t* face = hb_face_create(blob, 0);
  hb_blob_destroy(blob);
  std::string file = SubsetOf(face, code_points);
  hb_face_destroy(face);
  return file;
}

std::string HandFontFaces(const layout::Scene& scene) {
  std::set<uint32_t> regular, bold;
  for (const layout::Group& group : scene.groups) {
    for (const layout::Shape& shape : group.shapes) {
      const auto* text = std::get_if<layout::Text>(&shape.geometry);
      if (!text) continue;
      for (const layout::TextSpan& span : text->spans)
        if (!span.font.mono) AddCodePoints(span.text, span.font.bold ? &bold : &regular);
    }
  }
  std::string css;
  if (std::string file = SubsetFace(static_cast<int>(FaceId::kHand), regular); !file.empty())
    FontFaceRule(file, false, &css);
  if (std::string file = SubsetFace(static_cast<int>(FaceId::kHandBold), bold); !file.empty())
    FontFaceRule(file, true, &css);
  return css;
}

}  // namespace dg::render
