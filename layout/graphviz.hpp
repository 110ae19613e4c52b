// A small builder over Graphviz's dot layout. Callers describe boxes of a
// fixed size (text is measured before layout, never by Graphviz), clusters
// and edges, and get plain geometry back: points, y down, origin at
// (margin, margin). graphviz.cpp is the only file that includes Graphviz.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "layout/scene.hpp"

namespace dg::layout::gv {

/// A width and height in points.
struct Size {
  double w = 0;
  double h = 0;
};

/// The outline Graphviz clips edges against; pick the one closest to what
/// is drawn (GRAPHVIZ-NOTES pitfall 5).
/// kEdgeLabel: an edge's label box with a thin cell beside it (PORT "p") for
/// the edge to pass through: on its left (TB), or below it (LR).
enum class NodeShape { kBox, kEllipse, kCircle, kCylinder, kTable, kPoint, kDiamond, kEdgeLabel };

struct NodeSpec {
  Size size;  ///< outline size; for kTable the table width and row heights
  NodeShape shape = NodeShape::kBox;
  int cluster = -1;  ///< innermost cluster, -1 = root
  /// kTable only: one fixed-size cell per row, top to bottom, each with the
  /// PORT "r<index>" (edges address it as "r2:e", "r0:w" …). size.h is ignored.
  std::vector<double> row_heights = {};
  /// What the caller calls it; Graphviz's messages name it so ("n12" otherwise).
  std::string name = {};
};

struct ClusterSpec {
  int parent = -1;    ///< enclosing cluster, -1 = root
  Size label;         ///< reserved label box at the top left (0×0 = none)
  double margin = 8;  ///< space between the frame and its contents, points
};

struct EdgeSpec {
  int tail = 0;  ///< node indices
  int head = 0;
  std::string tail_port;  ///< Graphviz port: "e", "r2:w" … (empty = none)
  std::string head_port;
  int minlen = 1;  ///< ranks between the ends; 0 = same rank
  int weight = 1;
  bool constraint = true;   ///< false: the edge does not rank its ends
  bool tail_arrow = false;  ///< leave 10 pt for an arrowhead at the tail
  bool head_arrow = false;
  Size label;       ///< reserved label box (0×0 = none)
  Size tail_label;  ///< reserved box near the tail (cardinality)
  Size head_label;
  int lhead = -1;  ///< clip at this cluster's border (compound)
  int ltail = -1;
};

enum class RankDir { kTopBottom, kLeftRight, kBottomTop, kRightLeft };
/// kNone: dot routes nothing and Layout() draws every edge straight.
enum class Splines { kSpline, kOrtho, kPolyline, kNone };

struct GraphSettings {
  RankDir rankdir = RankDir::kTopBottom;
  double nodesep = 30;  ///< points between neighbours in a rank
  double ranksep = 40;  ///< points between ranks
  Splines splines = Splines::kSpline;
  double margin = 12;  ///< points added around the drawing
  /// Scales the size above which dot's search limits shrink (1 = default,
  /// about a second of layout on big graphs; see graphviz.cpp).
  double effort = 1.0;
  /// Layout engine; only "dot" is linked. Tests use a bogus one for the error path.
  std::string engine = "dot";
  /// false: Layout() runs dot in this process, on the full plan only.
  bool contained = true;
};

struct GraphSpec {
  GraphSettings settings;
  std::vector<NodeSpec> nodes;
  std::vector<ClusterSpec> clusters;
  std::vector<EdgeSpec> edges;

  int AddNode(NodeSpec n) {
    nodes.push_back(std::move(n));
    return int(nodes.size()) - 1;
  }
  int AddCluster(ClusterSpec c) {
    clusters.push_back(c);
    return int(clusters.size()) - 1;
  }
  int AddEdge(EdgeSpec e) {
    edges.push_back(std::move(e));
    return int(edges.size()) - 1;
  }
};

// ---------------------------------------------------------------- results

struct NodeBox {
  Point center;
  Size size;
};

struct ClusterBox {
  Rect rect;   ///< the cluster's frame, label box included
  Rect label;  ///< the reserved label box
};

struct EdgeGeometry {
  std::vector<Point> points;      ///< cubic Bézier, 3k+1 points, tail to head
  std::optional<Point> tail_tip;  ///< arrow tip at the tail (base = points.front())
  std::optional<Point> head_tip;  ///< arrow tip at the head (base = points.back())
  std::optional<Point> label;     ///< centre of the reserved label box
  std::optional<Point> tail_label;
  std::optional<Point> head_label;
};

struct LayoutResult {
  Size size;  ///< drawing plus margins
  std::vector<NodeBox> nodes;
  std::vector<ClusterBox> clusters;
  std::vector<EdgeGeometry> edges;
  std::vector<std::string> warnings;  ///< what Graphviz printed below error level
  /// Non-empty when the first attempt failed and this is the safe plan's
  /// layout: says what went wrong and what was simplified.
  std::string simplified;
  std::string graphviz_output;  ///< what a failed attempt printed (assertion, …)
};

/// Lays out the spec with dot in a child process, with CPU and time limits,
/// on a plan that avoids what dot 2.42 crashes on (graphviz_plan.hpp). When
/// that child crashes, loops or fails, a second child lays out a safer plan
/// and `result->simplified` says so. Thread-safe; layouts run in parallel.
/// Returns false with *error set when the spec is invalid or both fail.
bool Layout(const GraphSpec& spec, LayoutResult* result, std::string* error);

/// Reports a layout's simplification and Graphviz's own messages (never
/// printed on the terminal) as warnings.
void ReportWarnings(const LayoutResult& result, grammar::Diagnostics& diags);

/// dot on exactly this spec, in this process: no plan, no containment (one
/// layout at a time per process; Layout() runs it in its children).
bool LayoutInProcess(const GraphSpec& spec, LayoutResult* result, std::string* error);

/// False with *error set when the spec has more objects than we lay out.
bool WithinLimits(const GraphSpec& spec, std::string* error);

/// Creates Graphviz's context for the process (once), so that children
/// inherit it instead of each creating their own. False when it cannot.
bool PrepareGraphviz();

}  // namespace dg::layout::gv
