// The positioned scene: absolute geometry in points (y down) and style
// roles. It is all a renderer sees; renderers decide nothing about layout.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace dg::layout {

struct Point {
  double x = 0;
  double y = 0;
};

/// What a font is asked for. Sizes are in points (1 SVG user unit = 1 pt).
struct FontSpec {
  double size = 12;
  bool bold = false;
  bool italic = false;
  bool mono = false;
};

/// What part a shape plays. Renderers map roles to colours through a theme;
/// in SVG each role is a CSS class, so a page can restyle the diagram.
enum class Role {
  kBox,          ///< body of a node (component, database, table …)
  kCluster,      ///< frame of a package / group
  kEdge,         ///< an edge's line (stroke only)
  kArrowFilled,  ///< a filled arrowhead (filled with the edge colour)
  kArrowOpen,    ///< a hollow arrowhead (filled with the background)
  kText,         ///< ordinary label text
  kTitle,        ///< title / caption / header / footer text
  kStereotype,   ///< «stereotype» and other secondary text
  kEdgeLabel,    ///< text on an edge
  kNote,         ///< note body
  kIcon,         ///< small decoration drawn on a shape (component icon, actor)
  kTableHeader,  ///< ER table header band
  kTableRow,     ///< ER table body
  kLifeline,     ///< sequence lifeline (dashed)
  kActivation,   ///< sequence activation bar
  kFragment,     ///< sequence fragment frame and its tab
  kDivider,      ///< sequence divider band
  kLegend,       ///< legend box
};

/// Per-shape overrides of the theme (from `#color`, skinparam, inline styles).
/// Empty strings and zero widths mean "as the theme says".
struct Paint {
  std::string fill;
  std::string stroke;
  double stroke_width = 0;
  std::vector<double> dash;  ///< on/off lengths in points; empty = solid
  double opacity = 1;        ///< fill opacity (a sprite's grey levels)
  bool pixels = false;       ///< a bitmap drawn as squares: never sketched
};

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  double rx = 0;  ///< corner radius
};

struct Ellipse {
  double cx = 0, cy = 0, rx = 0, ry = 0;
};

enum class PathOp { kMove, kLine, kCubic, kClose };

struct PathSeg {
  PathOp op = PathOp::kMove;
  Point p[3];  ///< kMove/kLine use p[0]; kCubic uses p[0..2] (two controls, then the end)
};

/// An open or closed outline. Closed paths are filled; open ones only stroked.
struct Path {
  std::vector<PathSeg> segs;
  void MoveTo(Point p) { segs.push_back({PathOp::kMove, {p, {}, {}}}); }
  void LineTo(Point p) { segs.push_back({PathOp::kLine, {p, {}, {}}}); }
  void CubicTo(Point c1, Point c2, Point p) { segs.push_back({PathOp::kCubic, {c1, c2, p}}); }
  void Close() { segs.push_back({PathOp::kClose, {}}); }
};

struct TextSpan {
  std::string text;  ///< UTF-8, one line
  FontSpec font;
  bool underline = false;
  bool strike = false;
  std::string color{};  ///< creole `<color:…>`: overrides the shape's text colour; empty = none
};

enum class Anchor { kStart, kMiddle, kEnd };

/// One line of text. (x, y) is the anchor point on the baseline; `width` is
/// the measured advance of all spans, so renderers can place spans exactly.
struct Text {
  double x = 0, y = 0;
  Anchor anchor = Anchor::kMiddle;
  std::vector<TextSpan> spans;
  double width = 0;
};

struct Shape {
  Role role = Role::kBox;
  Paint paint;
  std::variant<Rect, Ellipse, Path, Text> geometry;
};

/// A semantic element: one `<g>` in SVG. `cls` is its class list as DESIGN.md
/// fixes it ("node component", "edge", "cluster package", "participant actor" …).
struct Group {
  std::string cls;
  std::string id;       ///< stable, derived from the element's name
  std::string title;    ///< first child <title>; may be empty (notes)
  std::string link;     ///< sanitised URL or empty
  std::string tooltip;  ///< extra hover text, e.g. column notes
  std::vector<Shape> shapes;
};

struct Scene {
  double width = 0;
  double height = 0;
  std::string background;  ///< override of the theme background, or empty
  bool monochrome = false;
  bool handwritten = false;
  std::vector<Group> groups;  ///< draw order
};

}  // namespace dg::layout
