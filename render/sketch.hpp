// The hand-drawn look (theme "sketch", PlantUML's `skinparam handwritten`):
// every outline is redrawn as slightly irregular, doubled strokes, in the
// manner of rough.js. The SVG writer and cairo both draw what Sketch()
// returns, so the three formats wobble identically.
//
// Deterministic: the randomness is a PRNG seeded from a hash of the shape's
// role and geometry (never time or addresses), so the same scene gives the
// same bytes, and a shape that does not move keeps its wobble when others do.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "layout/scene.hpp"

namespace dg::render {

/// No drawn point of a sketched path lies farther than this from the shape's
/// true outline, in points (every control point moves at most this far).
constexpr double kSketchMaxDeviationPt = 4.0;

/// A shape redrawn by hand. `fill` is the area to fill (closed subpaths; empty
/// for open paths); `stroke` is the outline as open strokes, each side drawn
/// twice. Fill `fill` only, then stroke `stroke` only.
struct SketchedShape {
  layout::Path fill;
  layout::Path stroke;
};

/// The sketch of a Rect, Ellipse or Path shape. Text, empty and non-finite
/// geometry give an empty result (draw nothing).
SketchedShape Sketch(const layout::Shape& shape);

/// The seed Sketch() uses for `shape`: a hash of its role and its geometry
/// rounded to 1/100 pt. Exposed for tests.
uint64_t SketchSeed(const layout::Shape& shape);

// ---- the hand-written font in SVG -------------------------------------------

/// Subset of a bundled face holding the glyphs of `code_points` (those it
/// has), as an OpenType file; empty when nothing is left or on failure.
std::string SubsetFace(int face_id, const std::set<uint32_t>& code_points);

/// CSS @font-face rules embedding Comic Neue (regular and bold, each only
/// when used) subset to the characters of the scene's non-mono text, as
/// base64 data: URIs, so the SVG shows the face it was measured with on
/// machines without it. Empty when the scene has no such text.
std::string HandFontFaces(const layout::Scene& scene);

}  // namespace dg::render
