// What dot 2.42 is given, and how its answer becomes the caller's (issue 11).
// dot crashes or loops on labels of same-rank edges, on compound edges
// (lhead/ltail) and in its orthogonal router, so the caller's spec is
// rewritten first: a labelled edge becomes two edges through a node of the
// label's size, an edge to a cluster ends at the cluster's anchor and is
// clipped at its frame here, and ortho is routed as splines. The safe plan,
// for a second attempt after dot failed anyway, also ranks same-rank edges
// and routes nothing: edges come back as straight lines.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "layout/graphviz.hpp"

namespace dg::layout::gv {

enum class Plan { kFull, kSafe };

class DotPlan {
 public:
  /// `spec` must outlive the plan. The label chains of the caller's edges in
  /// `reversed` are given to dot head to tail (see BackwardLabels).
  DotPlan(const GraphSpec& spec, Plan plan, std::set<int> reversed = {});

  const GraphSpec& dot_spec() const { return dot_; }

  /// The caller's result from dot's answer to dot_spec(): one node, cluster
  /// and edge per entry of the caller's spec, every edge with a path.
  LayoutResult MapBack(const LayoutResult& dot) const;

  /// The caller's edges whose label node dot placed outside the span of the
  /// edge's ends on the rank axis. dot's cluster ranking can turn half of a
  /// chain tail → label → head round, and the line then loops back past its
  /// label; laid out again with these chains reversed (head → label → tail,
  /// the order dot chose for the ends), the label sits between the ends.
  std::set<int> BackwardLabels(const LayoutResult& dot) const;

 private:
  /// A label node: the label box beside the line that passes through it.
  enum class LabelSide {
    kNone,
    kRightOfVertical,  ///< line down the node's left side, label right of it
    kAboveHorizontal,  ///< line along the node's bottom, label above it
    kBelowMiddle,      ///< line through the middle (or in at the top), label in the bottom half
    kRightOfMiddle,    ///< line down the middle (or in at the left), label in the right half
  };
  struct Route {
    int first = -1;       ///< dot edge from the tail (the whole edge without a label node)
    int second = -1;      ///< dot edge to the head, after the label node
    int label_node = -1;  ///< dot node holding the label, or -1
    bool reversed = false;  ///< the label chain was given to dot head to tail
    LabelSide side = LabelSide::kNone;
    int copy_of = -1;       ///< a multi-edge drawn beside this earlier edge of the caller's
    bool copy_reversed = false;
    int copy_rank = 0;      ///< 1, 2, … : which copy, for its offset
  };

  bool NeedsLabelNode(const EdgeSpec& e) const;
  void AddEdge(const EdgeSpec& e, bool rank_labels);
  bool AddCopy(const EdgeSpec& e, Route* route);
  EdgeGeometry Routed(size_t i, const LayoutResult& dot, int* lost) const;
  int LabelCluster(const EdgeSpec& e) const;
  EdgeGeometry EdgeFor(size_t i, const LayoutResult& dot, int* lost) const;
  EdgeGeometry ThroughLabel(const Route& r, const EdgeSpec& s, const NodeBox& tail, const NodeBox& head,
                            const NodeBox& label) const;
  Point LabelCenter(const Route& r, const NodeBox& box, Size label) const;

  const GraphSpec& spec_;
  Plan plan_;
  std::set<int> reversed_;  ///< caller's edges whose label chain runs head to tail
  GraphSpec dot_;
  std::vector<Route> routes_;  ///< parallel to spec_.edges
  /// Unlabelled edges given to dot, by their ends and ports (either way
  /// round): the caller's edge index and how many copies it has.
  std::map<std::tuple<int, std::string, int, std::string>, std::pair<int, int>> multi_;
};

// Geometry helpers, exposed for tests.

/// Cuts the path where it last enters `frame` before its head (or, with
/// at_head false, where it first leaves it after its tail), and moves the
/// arrow tip to that point when the end has one.
void ClipAtFrame(EdgeGeometry* edge, const Rect& frame, bool at_head);

/// Moves arrow room to the ends that have arrows (tail_tip / head_tip set
/// exactly where asked), keeping the line from border to border.
void FitArrows(EdgeGeometry* edge, bool tail_arrow, bool head_arrow);

/// The path moved sideways by `offset` points (to the right of its direction
/// for positive values), ends included; arrow tips are dropped.
void OffsetPath(EdgeGeometry* edge, double offset);

/// A straight edge between two boxes, from border to border, leaving
/// kArrowLength for each arrowhead.
EdgeGeometry StraightEdge(const NodeBox& tail, const NodeBox& head, bool tail_arrow,
                          bool head_arrow);

}  // namespace dg::layout::gv
