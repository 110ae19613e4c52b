// Internal: shapes of sequence diagrams (sequence_draw.cpp) used by
// sequence_layout.cpp. Everything here is pure geometry at given positions.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::layout::seq {

struct Size {
  double w = 0;
  double h = 0;
};

/// Width of the widest line and the height of all lines of `text`.
Size MeasureText(const ir::RichText& text, const FontSpec& font, const TextMeasurer& m);

/// Draws `text` with its first line's top at `top`; x is the anchor point.
/// `paint.fill` colours the text (empty: the theme's colour for `role`).
void DrawText(std::vector<Shape>& out, const ir::RichText& text, double x, double top, Anchor anchor,
              const FontSpec& font, Role role, const TextMeasurer& m, const Paint& paint = {});

/// All text of a label on one line (for <title>s): lines joined by spaces.
std::string PlainText(const ir::RichText& text);
std::string FirstLine(const ir::RichText& text);

/// Size of a participant head (shape plus its text).
Size MeasureHead(const ir::Participant& p, const FontSpec& font, const TextMeasurer& m);
/// Draws a head whose box is [cx - size.w/2, top] … [cx + size.w/2, top + size.h].
void DrawHead(std::vector<Shape>& out, const ir::Participant& p, double cx, double top, Size size,
              const FontSpec& font, const TextMeasurer& m);

/// A straight message line with its heads and end marks.
void DrawArrow(std::vector<Shape>& out, const ir::Message& msg, Point from, Point to);
/// teoz durations: a vertical line with a filled head at each end.
void DrawVerticalDoubleArrow(std::vector<Shape>& out, Point top, Point bottom);
/// A self message: out to the right by `width` and back down by `height`.
void DrawSelfArrow(std::vector<Shape>& out, const ir::Message& msg, Point start, double width,
                   double height);

/// Note bodies: folded corner, hexagon (hnote), rectangle (rnote), ref frame.
void DrawNoteShape(std::vector<Shape>& out, ir::SeqNote::Shape shape, Rect r, const Paint& paint);
/// Size of a fragment tab holding `op` (bold) and the guard after it.
Size FrameTabSize(const std::string& op, const ir::RichText& guard, const FontSpec& font,
                  const TextMeasurer& m);
/// A fragment frame with its filled tab ("alt [guard]", "loop" …) at the top left.
void DrawFrame(std::vector<Shape>& out, Rect r, const std::string& op, const ir::RichText& guard,
               const FontSpec& font, const TextMeasurer& m);
/// Text on a small filled chip, so lines behind it never cross it.
void DrawLabelChip(std::vector<Shape>& out, const ir::RichText& text, double x, double top,
                   const FontSpec& font, const TextMeasurer& m);

/// "#red" etc. from the IR, as a paint fill (and stroke, dashed).
Paint FillPaint(const ir::Style& style);
/// A text colour from the IR (unset: the theme's).
Paint TextPaint(const ir::Color& color);

}  // namespace dg::layout::seq
