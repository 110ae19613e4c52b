// SVG output: one <style> block maps roles to CSS classes (theme.hpp), every
// scene group becomes a <g> with its <title> first, text stays real <text>.
// One element per line, two-space indentation, numbers with at most two
// decimals: small, diffable and byte-for-byte deterministic.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "render/color.hpp"
#include "render/markup.hpp"
#include "render/render.hpp"
#include "render/sketch.hpp"
#include "render/theme.hpp"

namespace dg::render {
namespace {

using layout::Role;

constexpr std::string_view kIndent = "  ";
constexpr std::string_view kMonoClass = "dg-mono";
constexpr std::string_view kBackgroundClass = "dg-background";

/// Everything the writer needs besides the scene: the palette(s) in use.
struct Context {
  Theme theme;
  std::optional<Theme> dark;
  bool monochrome = false;
  std::string font_faces;  ///< @font-face rules (sketch theme), or empty
  std::string out;
};

/// A colour override, validated and normalised; empty when unusable.
std::string OverrideColor(const std::string& text, bool monochrome) {
  if (text.empty()) return "";
  std::optional<Rgba> color = ParseColor(text);
  if (!color) return "";
  return FormatHex(monochrome ? ToGrey(*color) : *color);
}

void Attr(std::string_view name, std::string_view value, std::string* out) {
  *out += ' ';
  *out += name;
  *out += "=\"";
  AppendXmlEscaped(value, out);
  *out += '"';
}

void NumAttr(std::string_view name, double value, std::string* out) {
  *out += ' ';
  *out += name;
  *out += "=\"";
  AppendNumber(value, out);
  *out += '"';
}

void Indent(int depth, std::string* out) {
  for (int i = 0; i < depth; ++i) *out += kIndent;
}

// ---- <style> -------------------------------------------------------------

void RoleRules(const Theme& theme, std::string* out) {
  *out += '.';
  *out += kBackgroundClass;
  *out += "{fill:" + theme.background + "}\n";
  for (int i = 0; i < kRoleCount; ++i) {
    auto role = static_cast<Role>(i);
    const RoleStyle& style = theme.For(role);
    std::string cls(RoleClass(role));
    *out += '.' + cls + "{fill:" + style.fill + ";stroke:" + style.stroke;
    if (style.stroke != "none") {
      *out += ";stroke-width:";
      AppendNumber(style.stroke_width, out);
    }
    if (!style.dash.empty()) *out += ";stroke-dasharray:" + style.dash;
    *out += "}\n";
  }
  // Text of a role takes the role's text colour and is never outlined; roles
  // sharing a colour share one rule, in role order.
  std::vector<bool> done(kRoleCount, false);
  for (int i = 0; i < kRoleCount; ++i) {
    if (done[i]) continue;
    const std::string& color = theme.For(static_cast<Role>(i)).text;
    std::string selectors;
    for (int j = i; j < kRoleCount; ++j) {
      if (done[j] || theme.For(static_cast<Role>(j)).text != color) continue;
      done[j] = true;
      if (!selectors.empty()) selectors += ',';
      selectors += "text." + std::string(RoleClass(static_cast<Role>(j)));
    }
    *out += selectors + "{fill:" + color + ";stroke:none}\n";
  }
}

void StyleBlock(const Context& ctx, std::string* out) {
  *out += "<style>\n";
  *out += ctx.font_faces;  // sketch: the hand-written face, embedded
  *out += "text{font-family:" + ctx.theme.font_family + "}\n";
  *out += '.' + std::string(kMonoClass) + "{font-family:" + ctx.theme.mono_family + "}\n";
  RoleRules(ctx.theme, out);
  if (ctx.dark) {
    *out += "@media (prefers-color-scheme:dark){\n";
    RoleRules(*ctx.dark, out);
    *out += "}\n";
  }
  *out += "</style>\n";
}

// ---- shapes ----------------------------------------------------------------

/// Paint overrides go in a style attribute: a presentation attribute
/// (fill="…") would lose to the role's CSS class rule.
std::string OverrideStyle(const layout::Shape& shape, bool open_path, const Context& ctx) {
  const layout::Paint& paint = shape.paint;
  std::string fill = OverrideColor(paint.fill, ctx.monochrome);
  std::string stroke = OverrideColor(paint.stroke, ctx.monochrome);
  // A filled arrowhead follows its edge's colour.
  if (fill.empty() && shape.role == Role::kArrowFilled) fill = stroke;
  if (open_path) fill = ctx.theme.For(shape.role).fill == "none" ? "" : "none";
  std::string style;
  auto add = [&style](std::string_view property, std::string_view value) {
    if (value.empty()) return;
    if (!style.empty()) style += ';';
    style += std::string(property) + ':' + std::string(value);
  };
  add("fill", fill);
  // Text is never outlined (cairo draws it the same way).
  if (std::holds_alternative<layout::Text>(shape.geometry)) return style;
  add("stroke", stroke);
  if (paint.stroke_width > 0) add("stroke-width", FormatNumber(paint.stroke_width));
  std::string dash;
  for (double length : paint.dash) {
    if (!dash.empty()) dash += ' ';
    dash += FormatNumber(std::fabs(length));
  }
  add("stroke-dasharray", dash);
  if (paint.opacity < 1) add("fill-opacity", FormatNumber(std::fmax(0, paint.opacity)));
  return style;
}

void OpenShape(std::string_view element, const layout::Shape& shape, bool open_path,
               const Context& ctx, int depth, std::string* out) {
  Indent(depth, out);
  *out += '<';
  *out += element;
  std::string cls(RoleClass(shape.role));
  const auto* text = std::get_if<layout::Text>(&shape.geometry);
  if (text && text->spans.size() == 1 && text->spans.front().font.mono) {
    cls += ' ';
    cls += kMonoClass;
  }
  Attr("class", cls, out);
  std::string style = OverrideStyle(shape, open_path, ctx);
  if (!style.empty()) Attr("style", style, out);
}

void WriteRect(const layout::Rect& r, std::string* out) {
  NumAttr("x", r.x, out);
  NumAttr("y", r.y, out);
  NumAttr("width", std::fmax(0, r.w), out);
  NumAttr("height", std::fmax(0, r.h), out);
  if (r.rx > 0) NumAttr("rx", r.rx, out);
  *out += "/>\n";
}

void WriteEllipse(const layout::Ellipse& e, std::string* out) {
  NumAttr("cx", e.cx, out);
  NumAttr("cy", e.cy, out);
  NumAttr("rx", std::fmax(0, e.rx), out);
  NumAttr("ry", std::fmax(0, e.ry), out);
  *out += "/>\n";
}

void AppendPoint(layout::Point p, std::string* d) {
  AppendNumber(p.x, d);
  *d += ',';
  AppendNumber(p.y, d);
}

std::string PathData(const layout::Path& path) {
  std::string d;
  for (const layout::PathSeg& seg : path.segs) {
    if (!d.empty()) d += ' ';
    switch (seg.op) {
      case layout::PathOp::kMove: d += 'M'; AppendPoint(seg.p[0], &d); break;
      case layout::PathOp::kLine: d += 'L'; AppendPoint(seg.p[0], &d); break;
      case layout::PathOp::kCubic:
        d += 'C';
        for (int i = 0; i < 3; ++i) {
          if (i > 0) d += ' ';
          AppendPoint(seg.p[i], &d);
        }
        break;
      case layout::PathOp::kClose: d += 'Z'; break;
    }
  }
  return d;
}

bool IsClosed(const layout::Path& path) {
  return !path.segs.empty() && path.segs.back().op == layout::PathOp::kClose;
}

// ---- text ------------------------------------------------------------------

/// Font attributes of a span; the size only when it differs from `base_size`
/// (the enclosing <text>'s), negative for "always".
void SpanAttrs(const layout::TextSpan& span, double base_size, std::string* out) {
  if (span.font.size != base_size) NumAttr("font-size", span.font.size, out);
  if (span.font.bold) Attr("font-weight", "bold", out);
  if (span.font.italic) Attr("font-style", "italic", out);
  std::string decoration = span.underline ? "underline" : "";
  if (span.strike) decoration += decoration.empty() ? "line-through" : " line-through";
  if (!decoration.empty()) Attr("text-decoration", decoration, out);
}

/// SVG collapses runs of spaces and trims the ends unless told otherwise.
bool NeedsPreserve(const layout::Text& text) {
  std::string all;
  for (const layout::TextSpan& span : text.spans) all += span.text;
  return !all.empty() && (all.front() == ' ' || all.back() == ' ' ||
                          all.find("  ") != std::string::npos || all.find('\t') != std::string::npos);
}

void WriteTspans(const layout::Text& text, const Context& ctx, std::string* out) {
  double base_size = text.spans.front().font.size;
  for (const layout::TextSpan& span : text.spans) {
    std::string attrs;
    if (span.font.mono) Attr("class", kMonoClass, &attrs);
    // On the <tspan> itself, a presentation attribute beats the colour the
    // <text> inherits from its role's CSS rule.
    std::string color = OverrideColor(span.color, ctx.monochrome);
    if (!color.empty()) Attr("fill", color, &attrs);
    SpanAttrs(span, base_size, &attrs);
    if (attrs.empty()) {
      AppendXmlEscaped(span.text, out);
      continue;
    }
    *out += "<tspan" + attrs + '>';
    AppendXmlEscaped(span.text, out);
    *out += "</tspan>";
  }
}

bool HasSpanColor(const layout::Text& text) {
  for (const layout::TextSpan& span : text.spans)
    if (!span.color.empty()) return true;
  return false;
}

/// One span: its font goes on <text> itself. Several, or any with a colour
/// of its own: <text> carries the first span's size and each styled span
/// becomes a <tspan>.
void WriteText(const layout::Text& text, const Context& ctx, std::string* out) {
  NumAttr("x", text.x, out);
  NumAttr("y", text.y, out);
  if (text.anchor == layout::Anchor::kMiddle) Attr("text-anchor", "middle", out);
  if (text.anchor == layout::Anchor::kEnd) Attr("text-anchor", "end", out);
  if (NeedsPreserve(text)) Attr("xml:space", "preserve", out);
  const layout::TextSpan& first = text.spans.front();
  if (text.spans.size() == 1 && !HasSpanColor(text)) {
    SpanAttrs(first, -1, out);
    *out += '>';
    AppendXmlEscaped(first.text, out);
  } else {
    NumAttr("font-size", first.font.size, out);
    *out += '>';
    WriteTspans(text, ctx, out);
  }
  *out += "</text>\n";
}

/// Sketch theme / handwritten: a <g> carrying the role class and overrides
/// around the wobbly fill (stroke="none") and the doubled strokes (fill="none").
void WriteSketched(const layout::Shape& shape, const Context& ctx, int depth, std::string* out) {
  SketchedShape sketch = Sketch(shape);
  if (sketch.stroke.segs.empty()) return;
  OpenShape("g", shape, sketch.fill.segs.empty(), ctx, depth, out);
  *out += ">\n";
  if (!sketch.fill.segs.empty()) {
    Indent(depth + 1, out);
    *out += "<path";
    Attr("d", PathData(sketch.fill), out);
    *out += " stroke=\"none\"/>\n";
  }
  Indent(depth + 1, out);
  *out += "<path";
  Attr("d", PathData(sketch.stroke), out);
  *out += " fill=\"none\" stroke-linecap=\"round\"/>\n";
  Indent(depth, out);
  *out += "</g>\n";
}

void WriteShape(const layout::Shape& shape, const Context& ctx, int depth, std::string* out) {
  if (ctx.theme.sketch && !shape.paint.pixels &&
      !std::holds_alternative<layout::Text>(shape.geometry)) {
    WriteSketched(shape, ctx, depth, out);
    return;
  }
  if (const auto* rect = std::get_if<layout::Rect>(&shape.geometry)) {
    OpenShape("rect", shape, false, ctx, depth, out);
    WriteRect(*rect, out);
  } else if (const auto* ellipse = std::get_if<layout::Ellipse>(&shape.geometry)) {
    OpenShape("ellipse", shape, false, ctx, depth, out);
    WriteEllipse(*ellipse, out);
  } else if (const auto* path = std::get_if<layout::Path>(&shape.geometry)) {
    if (path->segs.empty()) return;
    OpenShape("path", shape, !IsClosed(*path), ctx, depth, out);
    Attr("d", PathData(*path), out);
    *out += "/>\n";
  } else if (const auto* text = std::get_if<layout::Text>(&shape.geometry)) {
    if (text->spans.empty()) return;
    OpenShape("text", shape, false, ctx, depth, out);
    WriteText(*text, ctx, out);
  }
}
// ---- groups and document ---------------------------------------------------

void WriteTitle(std::string_view title, int depth, std::string* out) {
  Indent(depth, out);
  *out += "<title>";
  AppendXmlEscaped(title, out);
  *out += "</title>\n";
}

/// <g class id><title/> then the shapes, wrapped in <a href> for a link;
/// a tooltip is the wrapper's own <title> (browsers show the innermost).
void WriteGroup(const layout::Group& group, const Context& ctx, std::string* out) {
  *out += "<g";
  if (!group.cls.empty()) Attr("class", group.cls, out);
  if (!group.id.empty()) Attr("id", group.id, out);
  *out += ">\n";
  if (!group.title.empty()) WriteTitle(group.title, 1, out);
  std::string link = SanitizeLink(group.link);
  int depth = 1;
  if (!link.empty() || !group.tooltip.empty()) {
    Indent(depth, out);
    if (link.empty()) {
      *out += "<g>\n";
    } else {
      *out += "<a";
      Attr("href", link, out);
      *out += ">\n";
    }
    ++depth;
    if (!group.tooltip.empty()) WriteTitle(group.tooltip, depth, out);
  }
  for (const layout::Shape& shape : group.shapes) WriteShape(shape, ctx, depth, out);
  if (depth > 1) {
    Indent(1, out);
    *out += link.empty() ? "</g>\n" : "</a>\n";
  }
  *out += "</g>\n";
}

/// The themes asked for; unknown names fall back to "default" (the CLI
/// checks names against ThemeNames() and reports them first).
Context MakeContext(const layout::Scene& scene, const RenderOptions& options) {
  Context ctx;
  const Theme* theme = FindTheme(options.theme);
  ctx.theme = theme ? *theme : *FindTheme("default");
  if (!options.dark_theme.empty()) {
    const Theme* dark = FindTheme(options.dark_theme);
    if (dark) ctx.dark = *dark;
  }
  ctx.monochrome = scene.monochrome;
  if (ctx.theme.hand_font) ctx.font_faces = HandFontFaces(scene);
  ctx.theme.sketch = ctx.theme.sketch || scene.handwritten;  // skinparam handwritten: strokes only
  std::string background = OverrideColor(scene.background, false);
  if (!background.empty()) {
    ctx.theme.background = background;
    ctx.theme.roles[static_cast<int>(Role::kArrowOpen)].fill = background;
  }
  if (ctx.monochrome) {
    ctx.theme = Monochrome(ctx.theme);
    if (ctx.dark) ctx.dark = Monochrome(*ctx.dark);
  }
  return ctx;
}

}  // namespace

std::string RenderSvg(const layout::Scene& scene, const RenderOptions& options) {
  Context ctx = MakeContext(scene, options);
  std::string& out = ctx.out;
  double width = std::fmax(0, scene.width), height = std::fmax(0, scene.height);
  out += "<svg";
  Attr("xmlns", "http://www.w3.org/2000/svg", &out);
  NumAttr("width", width, &out);
  NumAttr("height", height, &out);
  Attr("viewBox", "0 0 " + FormatNumber(width) + ' ' + FormatNumber(height), &out);
  out += ">\n";
  StyleBlock(ctx, &out);
  if (ctx.theme.background != "none" || ctx.dark) {
    out += "<rect";
    Attr("class", kBackgroundClass, &out);
    NumAttr("width", width, &out);
    NumAttr("height", height, &out);
    out += "/>\n";
  }
  for (const layout::Group& group : scene.groups) WriteGroup(group, ctx, &out);
  out += "</svg>\n";
  return std::move(out);
}

}  // namespace dg::render
