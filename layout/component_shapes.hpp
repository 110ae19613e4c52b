// How each PlantUML element keyword looks: its size around a measured label,
// where the label goes, and its outline drawn with Scene primitives.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"
#include "layout/graphviz.hpp"
#include "layout/scene.hpp"

namespace dg::layout::shapes {

using gv::Size;

/// The outline Graphviz should clip edges against for this keyword.
gv::NodeShape GraphvizShape(std::string_view kind);

/// Outer size of a node whose label block measures `text`.
Size NodeSize(std::string_view kind, Size text, std::string_view component_style);

/// Where the label block goes inside `box` (its top-left and width), and
/// whether it is centred (else left-aligned at area.x).
struct TextPlace {
  Rect area;
  bool centred = true;
};
TextPlace NodeTextPlace(std::string_view kind, const Rect& box, Size text,
                        std::string_view component_style);

/// Interfaces, circles and ports draw a small shape above their label,
/// inside a box Graphviz sees whole: that shape's outline, for edges to end
/// on; nothing for other kinds (line-art figures such as actors take edges
/// on their whole box). `round`: the shape is a circle.
std::optional<Rect> IconOutline(std::string_view kind, const Rect& box, bool* round);

/// How a box's corners are drawn (RoundCorner / DiagonalCorner): the kind's
/// own radius unless `round` is set; `diagonal` > 0 cuts the corners off (an
/// eight-sided box, C4's EightSidedShape).
struct Corners {
  std::optional<double> round;
  double diagonal = 0;
};

/// Appends the outline and icon of a node of `kind` filling `box`.
void DrawNode(std::string_view kind, const Rect& box, const Paint& paint,
              std::string_view component_style, std::vector<Shape>* out,
              const Corners& corners = {});

/// The shadow of the shapes `outline` drew: the same closed outlines, offset
/// down and right, in translucent black, to go underneath.
std::vector<Shape> Shadow(const std::vector<Shape>& outline);

/// Label box Graphviz should reserve at a cluster's top left for `text`.
Size ClusterLabelSize(std::string_view kind, Size text);
/// Where the label text goes inside the reserved box.
Rect ClusterTextArea(std::string_view kind, const Rect& label_box, Size text);
/// Appends a cluster's frame (tab, 3-D box, cloud …) around `rect`.
void DrawCluster(std::string_view kind, const Rect& rect, const Rect& label_box, const Paint& paint,
                 std::vector<Shape>* out, const Corners& corners = {});
/// Whether a cluster of `kind` centres its label at the top (PlantUML's
/// rectangle), rather than placing it at the top left.
bool CentresClusterLabel(std::string_view kind);
/// Whether a cluster of `kind` may have its title elsewhere along its top
/// (not where a tab holds it).
bool ClusterTitleSlides(std::string_view kind);

/// Notes: folded-corner box.
Size NoteSize(Size text);
Rect NoteTextArea(const Rect& box, Size text);
void DrawNote(const Rect& box, const Paint& paint, std::vector<Shape>* out);

// Path helpers shared with edge drawing.
Path EllipsePath(Point c, double rx, double ry);
Path Polygon(const std::vector<Point>& pts);

}  // namespace dg::layout::shapes
