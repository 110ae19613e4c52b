// Edge ends drawn with Scene primitives: every ir::ArrowHead fits in the
// 10 pt Graphviz leaves between the spline's end (the base) and the tip.
#pragma once

#include <vector>

#include "compiler/ir.hpp"
#include "layout/scene.hpp"

namespace dg::layout {

/// Length Graphviz reserves for an arrowhead ("normal", arrowsize 1), points.
inline constexpr double kArrowLengthPt = 10.0;

/// How far past the base the line itself must continue toward the tip, for
/// heads made of lines only (">>", "^", "x", "(").
double ShaftExtension(ir::ArrowHead head);

/// Appends the head at `tip`, pointing away from `base`. `edge` carries the
/// edge's colour and width.
void DrawArrowHead(ir::ArrowHead head, Point tip, Point base, const Paint& edge,
                   std::vector<Shape>* out);

/// `-0)-`: a ball and a socket around `mid`, the socket opening toward `from`.
void DrawLollipop(Point mid, Point from, const Paint& edge, std::vector<Shape>* out);

/// Where the ray from r's centre toward p leaves r.
Point BorderPoint(const Rect& r, Point p);

/// The point at parameter 0.5 of the middle cubic of a 3k+1 point list, and a
/// point a little before it (for direction).
Point BezierMidpoint(const std::vector<Point>& pts, Point* before);

}  // namespace dg::layout
