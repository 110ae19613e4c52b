// Measured multi-line labels: ir::RichText -> sized lines of spans, and the
// Scene shapes that draw them (text, rules, creole tables, sprites). Shared
// by the Graphviz-backed layouts.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::layout {

/// A sprite inside a line (creole `<$name>`), sized in points.
struct InlinePicture {
  size_t before = 0;                  ///< drawn just before spans[before] (or at the line's end)
  const ir::Sprite* sprite = nullptr; ///< owned by the IR, which outlives layout
  double scale = 1;                   ///< points per sprite pixel
  std::string color;                  ///< `<color>` around it; empty = the label's colour
  double width() const { return sprite ? sprite->width * scale : 0; }
  double height() const { return sprite ? sprite->height * scale : 0; }
};

struct TextLine {
  std::vector<TextSpan> spans;
  std::vector<double> advances;          ///< width of each span, points
  std::vector<InlinePicture> pictures;
  double width = 0;
  double ascent = 0;
  double descent = 0;
  bool rule = false;         ///< a "----" / "====" / "...." separator: drawn as a rule
  bool double_rule = false;  ///< "===="
  bool dotted_rule = false;  ///< "...."
  // A creole table row: one measured line per cell. Consecutive rows form a
  // table whose columns share their widths.
  std::vector<TextLine> cells;
  std::vector<double> columns;  ///< the table's column widths (text only), points
  std::string fill;             ///< a cell's background, as written
  std::string row_fill;         ///< the row's background, as written
  std::string row_border;       ///< the row's grid colour, as written
  bool table_row() const { return !cells.empty(); }
};

struct TextBlock {
  std::vector<TextLine> lines;
  double width = 0;
  double height = 0;
  ir::TextAlign align = ir::TextAlign::kDefault;  ///< how lines sit in the block
  bool empty() const { return lines.empty(); }
};

/// Measures every line; `base` gives size and default weight. Lines wider
/// than `wrap_width` (points, 0 = never) are broken between words.
TextBlock MeasureText(const ir::RichText& text, const FontSpec& base, const TextMeasurer& m,
                      double wrap_width = 0);
/// One plain line (stereotypes, cardinalities).
TextBlock MeasurePlain(const std::string& text, const FontSpec& base, const TextMeasurer& m);
/// Appends `b` below `a` (a's width grows to the wider of the two).
void StackBelow(TextBlock* a, const TextBlock& b);

/// Emits the block with its top edge at `top`; `x` is the block's left edge
/// (kStart), centre (kMiddle) or right edge (kEnd). Each line sits in the
/// block as the block's alignment says, else as `anchor` does. Rules span
/// `rule_width` centred on `rule_cx` (pass the shape's inner width so rules
/// reach the sides). `paint.fill` colours text, sprites and table grids.
void EmitText(const TextBlock& block, double x, double top, Anchor anchor, Role role,
              const Paint& paint, std::vector<Shape>* out, double rule_cx = 0,
              double rule_width = -1);

/// The label's text without markup, lines joined with '\n'.
std::string PlainText(const ir::RichText& text);

}  // namespace dg::layout
