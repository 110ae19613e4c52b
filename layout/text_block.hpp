// Measured multi-line labels: ir::RichText -> sized lines of spans, and the
// Scene Text shapes that draw them. Shared by the Graphviz-backed layouts.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::layout {

struct TextLine {
  std::vector<TextSpan> spans;
  double width = 0;
  double ascent = 0;
  double descent = 0;
  bool rule = false;         ///< a "----" / "====" / "...." separator: drawn as a rule
  bool double_rule = false;  ///< "===="
  bool dotted_rule = false;  ///< "...."
};

struct TextBlock {
  std::vector<TextLine> lines;
  double width = 0;
  double height = 0;
  bool empty() const { return lines.empty(); }
};

/// Measures every line; `base` gives size and default weight.
TextBlock MeasureText(const ir::RichText& text, const FontSpec& base, const TextMeasurer& m);
/// One plain line (stereotypes, cardinalities).
TextBlock MeasurePlain(const std::string& text, const FontSpec& base, const TextMeasurer& m);
/// Appends `b` below `a` (a's width grows to the wider of the two).
void StackBelow(TextBlock* a, const TextBlock& b);

/// Emits the block with its top edge at `top`. With kMiddle lines are centred
/// on x; with kStart they start at x. Rules span `rule_width` centred on
/// `rule_cx` (pass the shape's inner width so rules reach the sides).
void EmitText(const TextBlock& block, double x, double top, Anchor anchor, Role role,
              const Paint& paint, std::vector<Shape>* out, double rule_cx = 0,
              double rule_width = -1);

/// The label's text without markup, lines joined with '\n'.
std::string PlainText(const ir::RichText& text);

}  // namespace dg::layout
