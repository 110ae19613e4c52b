// Decorations are laid out in a column around the body, as PlantUML does:
// header, title | body | legend, caption, footer.
#include "layout/decorations.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <variant>

#include "layout/text_block.hpp"

namespace dg::layout {
namespace {

constexpr double kTitleScale = 1.35;     // title relative to the default size
constexpr double kSmallScale = 0.85;     // header / footer relative to the default size
constexpr double kDecorationGapPt = 10;  // between title, diagram, legend …, points
constexpr double kLegendPadPt = 8;       // inside the legend box, points
constexpr double kLegendRadiusPt = 4;
constexpr double kFramePadPt = 4;        // a framed title's text to its frame, points

void Translate(Point* p, double dx, double dy) {
  p->x += dx;
  p->y += dy;
}

void Translate(Shape* s, double dx, double dy) {
  std::visit(
      [&](auto& g) {
        using T = std::decay_t<decltype(g)>;
        if constexpr (std::is_same_v<T, Rect>) {
          g.x += dx, g.y += dy;
        } else if constexpr (std::is_same_v<T, Ellipse>) {
          g.cx += dx, g.cy += dy;
        } else if constexpr (std::is_same_v<T, Text>) {
          g.x += dx, g.y += dy;
        } else {
          for (PathSeg& seg : g.segs)
            for (Point& p : seg.p) Translate(&p, dx, dy);
        }
      },
      s->geometry);
}

struct Blocks {
  TextBlock header, title, legend, caption, footer;
};

/// `base` at the size a skinparam / `<style>` gives, if any.
FontSpec Sized(FontSpec base, const ir::Style& style) {
  if (style.font_size && *style.font_size > 0) base.size = *style.font_size;
  if (style.bold) base.bold = *style.bold;
  if (style.italic) base.italic = *style.italic;
  return base;
}

Blocks Measure(const ir::Decorations& d, const FontSpec& base, const TextMeasurer& m) {
  FontSpec small = base, title = base;
  small.size = base.size * kSmallScale;
  title.size = base.size * kTitleScale;
  title.bold = true;
  return {MeasureText(d.header, small, m), MeasureText(d.title, Sized(title, d.title_style), m),
          MeasureText(d.legend, Sized(base, d.legend_style), m), MeasureText(d.caption, base, m),
          MeasureText(d.footer, small, m)};
}

Paint FramePaint(const ir::Style& s) {
  Paint p;
  p.fill = s.fill.value;
  p.stroke = s.stroke.value;
  p.stroke_width = s.stroke_width.value_or(0);
  return p;
}

Paint InkPaint(const ir::Style& s) {
  Paint p;
  p.fill = s.text.value;
  return p;
}

class Placer {
 public:
  Placer(IdMaker* ids, Scene* s) : ids_(ids), s_(s) {}

  /// A text decoration; a style with a background or border frames it.
  void Text(const char* cls, const TextBlock& b, double x, Anchor a, Role role, double top,
            const ir::Style& style = {}) {
    if (b.empty()) return;
    Group grp;
    grp.cls = cls;
    grp.id = ids_->Make(cls);
    if (style.fill.set() || style.stroke.set()) {
      double left = a == Anchor::kStart ? x : a == Anchor::kMiddle ? x - b.width / 2 : x - b.width;
      grp.shapes.push_back({Role::kLegend, FramePaint(style),
                            Rect{left - kFramePadPt, top - kFramePadPt, b.width + 2 * kFramePadPt,
                                 b.height + 2 * kFramePadPt,
                                 style.round_corner.value_or(kLegendRadiusPt)}});
    }
    EmitText(b, x, top, a, role, InkPaint(style), &grp.shapes);
    s_->groups.push_back(std::move(grp));
  }

  void Legend(const TextBlock& b, double x, double top, const ir::Style& style) {
    Group grp;
    grp.cls = "legend";
    grp.id = ids_->Make("legend");
    double w = b.width + 2 * kLegendPadPt, h = b.height + 2 * kLegendPadPt;
    grp.shapes.push_back({Role::kLegend, FramePaint(style), Rect{x, top, w, h, kLegendRadiusPt}});
    EmitText(b, x + kLegendPadPt, top + kLegendPadPt, Anchor::kStart, Role::kText, InkPaint(style),
             &grp.shapes);
    s_->groups.push_back(std::move(grp));
  }

 private:
  IdMaker* ids_;
  Scene* s_;
};

}  // namespace

void ShiftScene(Scene* s, double dx, double dy) {
  for (Group& g : s->groups)
    for (Shape& sh : g.shapes) Translate(&sh, dx, dy);
}

void ShiftShape(Shape* s, double dx, double dy) { Translate(s, dx, dy); }

namespace {

void ReplaceAll(std::string* text, std::string_view from, std::string_view to) {
  for (size_t at = text->find(from); at != std::string::npos; at = text->find(from, at + to.size()))
    text->replace(at, from.size(), to);
}

void NumberPages(ir::RichText* text, const std::string& page, const std::string& last_page) {
  for (std::vector<ir::TextRun>& line : text->lines) {
    for (ir::TextRun& run : line) {
      ReplaceAll(&run.text, "%page%", page);
      ReplaceAll(&run.text, "%lastpage%", last_page);
    }
  }
}

}  // namespace

ir::Decorations NumberPages(const ir::Decorations& d, int page, int last_page) {
  ir::Decorations numbered = d;
  std::string page_text = std::to_string(page), last_text = std::to_string(last_page);
  for (ir::RichText* text : {&numbered.title, &numbered.caption, &numbered.header,
                             &numbered.footer, &numbered.legend}) {
    NumberPages(text, page_text, last_text);
  }
  return numbered;
}

void AddDecorations(const ir::Decorations& unnumbered, const FontSpec& base, const TextMeasurer& m,
                    double margin, IdMaker* ids, Scene* s) {
  const double gap = kDecorationGapPt;
  ir::Decorations d = NumberPages(unnumbered, 1, 1);
  Blocks b = Measure(d, base, m);
  double top = 0;
  if (!b.header.empty()) top += b.header.height + gap;
  if (!b.title.empty()) top += b.title.height + gap;
  ShiftScene(s, 0, top);
  double w = std::max({s->width, b.header.width + 2 * margin, b.title.width + 2 * margin,
                       b.footer.width + 2 * margin, b.caption.width + 2 * margin,
                       b.legend.width + 2 * kLegendPadPt + 2 * margin});
  Placer place(ids, s);
  double y = margin;
  place.Text("header", b.header, w - margin, Anchor::kEnd, Role::kTitle, y);
  if (!b.header.empty()) y += b.header.height + gap;
  place.Text("title", b.title, w / 2, Anchor::kMiddle, Role::kTitle, y, d.title_style);
  y = s->height + top - margin + gap;
  if (!b.legend.empty()) {
    double lw = b.legend.width + 2 * kLegendPadPt;
    double lx = d.legend_align == "left"     ? margin
                : d.legend_align == "center" ? (w - lw) / 2
                                             : w - margin - lw;
    place.Legend(b.legend, lx, y, d.legend_style);
    y += b.legend.height + 2 * kLegendPadPt + gap;
  }
  place.Text("caption", b.caption, w / 2, Anchor::kMiddle, Role::kText, y);
  if (!b.caption.empty()) y += b.caption.height + gap;
  place.Text("footer", b.footer, w / 2, Anchor::kMiddle, Role::kTitle, y);
  if (!b.footer.empty()) y += b.footer.height + gap;
  s->width = std::ceil(w);
  s->height = std::ceil(std::max(s->height + top, y - gap + margin));
}

}  // namespace dg::layout
