// Our own edge lines on Graphviz's node positions, for `skinparam linetype
// ortho` (orthogonal routes, ortho_router.hpp) and `polyline` (the same
// routes pulled tight), in component and ER diagrams alike. Graphviz's own
// ortho router ignores ports and labels and aborts on some graphs
// (GRAPHVIZ-NOTES pitfall 7), so Graphviz only places the boxes.
#pragma once

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

/// Replaces the geometry of every drawn edge in `result` (type kOrtho or
/// kPolyline) with our own route: from border to border around the nodes,
/// cluster titles and other edges' labels, arrow tips on the border, each
/// label beside its own line and each end label beside its end. `routing`
/// is per spec edge; edges past its end are drawn with no ports.
/// `keep_clear` holds what the caller draws itself (self-loops), for routes to avoid.
void RouteEdges(const gv::GraphSpec& spec, const std::vector<EdgeRouting>& routing, LineType type,
                gv::LayoutResult* result, const std::vector<Rect>& keep_clear = {});

/// A polyline as Graphviz returns edges: straight cubics (3k+1 points), the
/// last kArrowLengthPt of each arrowed end left to its tip.
gv::EdgeGeometry LineGeometry(const std::vector<Point>& line, bool tail_arrow, bool head_arrow);

/// Appends the cubic p0 c1 c2 p3 to `path` (which ends at p0), as a line
/// when the control points lie on the chord, as our routes are stored.
void AppendCubic(Path* path, Point p0, Point c1, Point c2, Point p3);

}  // namespace dg::layout
