// Our own edge lines on Graphviz's node positions, for `skinparam linetype
// ortho` (orthogonal routes, ortho_router.hpp) and `polyline` (the same
// routes pulled tight), in component and ER diagrams alike. Graphviz's own
// ortho router ignores ports and labels and aborts on some graphs
// (GRAPHVIZ-NOTES pitfall 7), so Graphviz only places the boxes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layout/graphviz.hpp"
#include "layout/ortho_router.hpp"

namespace dg::layout {

enum class LineType { kSpline, kOrtho, kPolyline };

/// `skinparam linetype` → LineType; anything but ortho and polyline is kSpline.
LineType ToLineType(const std::string& skin_value);

/// What a caller knows about an edge that its GraphSpec does not say.
struct EdgeRouting {
  bool drawn = true;  ///< false: hidden, or drawn some other way (not routed, not avoided)
  std::vector<route::Port> tail_ports, head_ports;  ///< empty: anywhere on the box's sides
};

/// A node whose drawing is smaller than its Graphviz box: an icon above a
/// label (actor, interface …). Edges end on the icon; the label is avoided.
struct NodeOutline {
  std::optional<Rect> attach;  ///< what edges end on; none = the whole box
  bool round = false;          ///< attach is a circle
  std::optional<Rect> label;   ///< the label under the icon
};

struct OwnLines {
  LineType type = LineType::kSpline;
  std::vector<EdgeRouting> edges;  ///< per spec edge; missing = drawn, no ports
  std::vector<NodeOutline> nodes;  ///< per spec node; missing = the Graphviz box
  std::vector<Rect> keep_clear;    ///< what the caller draws itself (self-loops)
  /// Per spec cluster: with splines, may its title move along the top of
  /// its frame (left, right or middle) when dot's lines cross it? Missing =
  /// no (a tab's title stays where the tab is).
  std::vector<bool> sliding_titles;
};

/// Replaces the geometry of every drawn edge in `result` (type kOrtho or
/// kPolyline) with our own route: from border to border around the nodes,
/// cluster titles and other edges' labels, arrow tips on the border, each
/// label beside its own line and each end label beside its end. With
/// kSpline a title crossed by dot's lines first moves to where the fewest
/// cross it (if it may slide), then only broken splines are mended: one that stops short of its
/// end's outline gets a straight piece to it when that is clear, and one
/// that still misses, runs deep into an end, or crosses another node or a
/// cluster title is replaced by a route with rounded corners.
void RouteEdges(const gv::GraphSpec& spec, const OwnLines& lines, gv::LayoutResult* result);

/// A polyline as Graphviz returns edges: straight cubics (3k+1 points),
/// corners rounded by `corner_radius`, the last kArrowLengthPt of each
/// arrowed end left to its tip.
gv::EdgeGeometry LineGeometry(const std::vector<Point>& line, bool tail_arrow, bool head_arrow,
                              double corner_radius = 0);

/// Appends the cubic p0 c1 c2 p3 to `path` (which ends at p0), as a line
/// when the control points lie on the chord, as our routes are stored.
void AppendCubic(Path* path, Point p0, Point c1, Point c2, Point p3);

}  // namespace dg::layout
