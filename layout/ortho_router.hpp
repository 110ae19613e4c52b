// Orthogonal connector routing around rectangles, on positions someone else
// chose (Graphviz's). The method is libavoid's (Wybrow, Marriott, Stuckey:
// "Orthogonal Connector Routing", GD 2009): a sparse grid through every
// obstacle's sides, A* over it with length, bend and crossing costs, then
// nudging segments that share a channel apart. Nothing here knows Graphviz;
// edge_router.cpp translates a Graphviz layout into a Problem and back.
#pragma once

#include <optional>
#include <vector>

#include "layout/scene.hpp"

namespace dg::layout::route {

enum class Side { kLeft, kRight, kTop, kBottom };

/// A fixed attachment point on one side of an end's box.
struct Port {
  Point at;
  Side side = Side::kRight;
};

/// One end of an edge: what it attaches to and where it may.
struct End {
  Rect box;                 ///< the node's box, or a cluster's frame
  std::vector<Port> ports;  ///< the allowed points; empty = anywhere along any side
  bool centred = false;     ///< with no ports: only the middle of each side (round shapes)
  int obstacle = -1;        ///< the end's own obstacle, -1 = none (a cluster)
  int cluster = -1;         ///< innermost cluster holding the end, -1 = none
};

/// Passes the route through `at`, running along `vertical` (beside a label).
struct Via {
  Point at;
  bool vertical = true;
};

struct EdgeRequest {
  End tail, head;
  std::optional<Via> via;
};

struct Cluster {
  Rect frame;
  int parent = -1;
};

/// Something no route may cross: a node, a cluster's title, an edge label.
struct Obstacle {
  Rect box;
  double clearance = -1;  ///< kept free around it; -1 = Options::buffer
};

struct Problem {
  std::vector<Obstacle> obstacles;
  std::vector<Cluster> clusters;  ///< routes avoid clusters that hold neither end
  std::vector<EdgeRequest> edges;
};

struct Options {
  double buffer = 8;         ///< clearance kept around obstacles, points
  double stub = 18;          ///< straight run out of an end before the first bend (marker room)
  double corner = 8;         ///< attachment points stay this far from a box's corners
  double spacing = 8;        ///< between parallel segments that share a channel
  double end_spacing = 12;   ///< between parallel end segments: their markers are 10 wide
  double bend_cost = 40;     ///< one bend costs as much as this many points of length
  double crossing_cost = 120; ///< crossing an edge routed earlier
  double shared_cost = 0.5;  ///< per point run along a line an earlier edge uses
  double foreign_factor = 5; ///< length inside a cluster holding neither end costs this much more
  double off_centre_cost = 0.2;     ///< per point an attachment is off its side's middle
  /// The heuristic counts this many times (weighted A*): a route may cost up
  /// to this factor more than the cheapest, and the search expands fewer
  /// states. At 1.2 the lint set's routes stay as they were while the
  /// searches of the 31-table clinic schema take about a third less time.
  double greed = 1.2;
  size_t max_expansions = 400000;   ///< A* budget per edge; beyond it the edge is drawn simply
  size_t max_grid_points = 6000000; ///< beyond this, every edge is drawn simply
};

struct Route {
  std::vector<Point> points;  ///< orthogonal polyline from the tail's border to the head's
  bool simple = false;        ///< no free path was found (or searched): a plain elbow route
};

/// Routes every edge; one route per request, in order. Never fails: an edge
/// that cannot be routed around the obstacles gets a simple elbow route.
std::vector<Route> RouteOrthogonal(const Problem& problem, const Options& options = {});

/// What nudging may do with a route's first and last segment.
struct EndSlide {
  bool fixed = true;     ///< a port: the segment stays where it is
  double lo = 0, hi = 0; ///< otherwise the range its attachment point may slide along the side
};

struct NudgeInput {
  std::vector<std::vector<Point>>* routes = nullptr;
  std::vector<EndSlide> tail, head;        ///< per route
  std::vector<Rect> tail_box, head_box;    ///< per route: the ends' boxes
  std::vector<std::vector<int>> pinned;    ///< per route: segment indices that must not move
  const std::vector<Obstacle>* obstacles = nullptr;
};

/// Moves segments that share a channel apart, ordered so they cross as little
/// as possible, and centres segments in narrow channels; never into an
/// obstacle. Routes must be orthogonal with no collinear interior points.
void Nudge(const NudgeInput& in, const Options& options);

/// Drops interior points that are collinear with their neighbours or repeated.
std::vector<Point> Simplify(const std::vector<Point>& points);

}  // namespace dg::layout::route
