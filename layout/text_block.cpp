#include "layout/text_block.hpp"

#include <algorithm>

namespace dg::layout {
namespace {

constexpr double kLineGapPt = 2.0;   // extra leading between lines, points
constexpr double kRuleLinePt = 8.0;  // height a separator rule takes, points
constexpr double kCellPadXPt = 4.0;  // table cell text to its sides, points
constexpr double kCellPadYPt = 1.0;  // table cell text to its top and bottom, points
constexpr double kGridPt = 1.0;      // table grid line width, points
// Creole headings (`=` … `====`) grow the font by these points, as PlantUML's do.
constexpr double kHeadingGrowPt[] = {0, 4, 2, 1, 0};

bool IsSeparator(const std::vector<ir::TextRun>& line, char* c) {
  if (line.size() != 1) return false;
  const std::string& t = line[0].text;
  if (t.size() < 2 || (t[0] != '-' && t[0] != '=' && t[0] != '.' && t[0] != '_')) return false;
  if (!std::all_of(t.begin(), t.end(), [&](char x) { return x == t[0]; })) return false;
  *c = t[0];
  return true;
}

/// The font of a heading line: bigger and bold (level 4: italic).
FontSpec HeadingFont(FontSpec f, int level) {
  if (level <= 0 || level > 4) return f;
  f.size += kHeadingGrowPt[level];
  if (level < 4) f.bold = true;
  else f.italic = true;
  return f;
}

FontSpec RunFont(const ir::TextRun& r, const FontSpec& base) {
  FontSpec f = base;
  if (r.size > 0) f.size = r.size;
  f.bold = base.bold || r.bold;
  f.italic = base.italic || r.italic;
  f.mono = base.mono || r.mono;
  return f;
}

TextLine MeasureLine(const std::vector<ir::TextRun>& runs, const FontSpec& base,
                     const TextMeasurer& m) {
  TextLine line;
  line.ascent = m.Ascent(base);
  line.descent = m.Descent(base);
  for (const ir::TextRun& r : runs) {
    if (r.sprite) {
      InlinePicture pic{line.spans.size(), r.sprite.get(), r.sprite_scale, r.color};
      line.width += pic.width();
      line.ascent = std::max(line.ascent, pic.height());
      line.pictures.push_back(pic);
      continue;
    }
    TextSpan s;
    s.text = r.text;
    s.font = RunFont(r, base);
    s.underline = r.underline;
    s.strike = r.strike;
    s.color = r.color;
    double w = m.Width(s.text, s.font);
    line.width += w;
    line.advances.push_back(w);
    line.ascent = std::max(line.ascent, m.Ascent(s.font));
    line.descent = std::max(line.descent, m.Descent(s.font));
    line.spans.push_back(std::move(s));
  }
  return line;
}

/// Two text runs that can be one span.
bool SameLook(const ir::TextRun& a, const ir::TextRun& b) {
  return !a.sprite && !b.sprite && a.bold == b.bold && a.italic == b.italic && a.mono == b.mono &&
         a.underline == b.underline && a.strike == b.strike && a.color == b.color && a.size == b.size;
}

/// Breaks `runs` between words so each piece measures at most `limit`
/// (a single word wider than that stays whole).
std::vector<std::vector<ir::TextRun>> Wrap(const std::vector<ir::TextRun>& runs,
                                           const FontSpec& base, const TextMeasurer& m,
                                           double limit) {
  std::vector<std::vector<ir::TextRun>> out(1);
  double width = 0;
  auto trim_end = [](std::vector<ir::TextRun>& line) {
    while (!line.empty() && !line.back().sprite) {
      std::string& t = line.back().text;
      while (!t.empty() && t.back() == ' ') t.pop_back();
      if (!t.empty()) break;
      line.pop_back();
    }
  };
  auto place = [&](ir::TextRun token, double w, double trailing) {
    if (width > 0 && width + w - trailing > limit) {
      trim_end(out.back());
      out.emplace_back();
      width = 0;
    }
    if (width == 0 && !token.sprite) {
      size_t lead = token.text.find_first_not_of(' ');
      if (lead == std::string::npos) return;  // spaces at a line's start
      token.text.erase(0, lead);
      w = m.Width(token.text, RunFont(token, base));
    }
    width += w;
    std::vector<ir::TextRun>& line = out.back();
    if (!line.empty() && SameLook(line.back(), token)) line.back().text += token.text;
    else line.push_back(std::move(token));
  };
  for (const ir::TextRun& r : runs) {
    if (r.sprite) {
      place(r, r.sprite->width * r.sprite_scale, 0);
      continue;
    }
    FontSpec f = RunFont(r, base);
    for (size_t at = 0; at < r.text.size();) {
      size_t word_end = r.text.find(' ', at);
      word_end = word_end == std::string::npos ? r.text.size() : word_end;
      size_t end = r.text.find_first_not_of(' ', word_end);
      end = end == std::string::npos ? r.text.size() : end;
      ir::TextRun token = r;
      token.text = r.text.substr(at, end - at);
      double w = m.Width(token.text, f);
      place(std::move(token), w, m.Width(r.text.substr(word_end, end - word_end), f));
      at = end;
    }
  }
  trim_end(out.back());
  return out;
}

TextLine MeasureTableRow(const ir::TextLine& row, const FontSpec& base, const TextMeasurer& m) {
  TextLine line;
  line.row_fill = row.row_fill;
  line.row_border = row.row_border;
  for (const ir::TableCell& c : row.cells) {
    FontSpec f = base;
    f.bold = f.bold || c.header;
    TextLine cell = MeasureLine(c.runs, f, m);
    cell.fill = c.fill;
    line.ascent = std::max(line.ascent, cell.ascent + kCellPadYPt);
    line.descent = std::max(line.descent, cell.descent + kCellPadYPt);
    line.cells.push_back(std::move(cell));
  }
  return line;
}

double LineHeight(const TextLine& l) { return l.rule ? kRuleLinePt : l.ascent + l.descent; }

/// No leading between two rows of one table: their grids touch.
double GapBefore(const TextBlock& b, size_t i) {
  if (i == 0) return 0;
  return b.lines[i - 1].table_row() && b.lines[i].table_row() ? 0 : kLineGapPt;
}

/// Gives the rows of each table (consecutive table rows) shared column widths.
void SizeTables(TextBlock* b) {
  for (size_t first = 0; first < b->lines.size();) {
    if (!b->lines[first].table_row()) {
      ++first;
      continue;
    }
    size_t last = first;
    while (last < b->lines.size() && b->lines[last].table_row()) ++last;
    std::vector<double> columns;
    for (size_t i = first; i < last; ++i) {
      const std::vector<TextLine>& cells = b->lines[i].cells;
      if (columns.size() < cells.size()) columns.resize(cells.size(), 0);
      for (size_t c = 0; c < cells.size(); ++c) columns[c] = std::max(columns[c], cells[c].width);
    }
    double width = 0;
    for (double c : columns) width += c + 2 * kCellPadXPt;
    // The first row's `<#fill,#border>` border is the whole table's, as in PlantUML.
    std::string border = b->lines[first].row_border;
    for (size_t i = first; i < last; ++i) {
      b->lines[i].columns = columns;
      b->lines[i].width = width;
      if (b->lines[i].row_border.empty()) b->lines[i].row_border = border;
    }
    first = last;
  }
}

void Finish(TextBlock* b) {
  SizeTables(b);
  b->width = 0;
  b->height = 0;
  for (size_t i = 0; i < b->lines.size(); ++i) {
    b->width = std::max(b->width, b->lines[i].width);
    b->height += LineHeight(b->lines[i]) + GapBefore(*b, i);
  }
}

// ------------------------------------------------------------------ emitting

void EmitRule(const TextLine& l, double y, double cx, double w, std::vector<Shape>* out) {
  Paint p;
  if (l.dotted_rule) p.dash = {1, 2};
  for (int k = 0; k < (l.double_rule ? 2 : 1); ++k) {
    double yy = y + (l.double_rule ? (k ? 1.5 : -1.5) : 0);
    Path path;
    path.MoveTo({cx - w / 2, yy});
    path.LineTo({cx + w / 2, yy});
    out->push_back({Role::kEdge, p, path});
  }
}

/// One path per grey level, each pixel a square: exact in every renderer,
/// and a level's opacity blends it with whatever lies below, as PlantUML's
/// sprites do.
void EmitPicture(const InlinePicture& pic, double x, double bottom, const std::string& color,
                 std::vector<Shape>* out) {
  const ir::Sprite& s = *pic.sprite;
  double px = pic.scale, top = bottom - pic.height();
  if (s.levels < 2 || s.pixels.size() != size_t(s.width) * size_t(s.height)) return;
  for (int level = 1; level < s.levels; ++level) {
    Path path;
    for (int row = 0; row < s.height; ++row) {
      for (int col = 0; col < s.width;) {
        if (s.pixels[size_t(row) * s.width + col] != level) {
          ++col;
          continue;
        }
        int end = col;
        while (end < s.width && s.pixels[size_t(row) * s.width + end] == level) ++end;
        double x0 = x + col * px, x1 = x + end * px, y0 = top + row * px, y1 = y0 + px;
        path.MoveTo({x0, y0});
        path.LineTo({x1, y0});
        path.LineTo({x1, y1});
        path.LineTo({x0, y1});
        path.Close();
        col = end;
      }
    }
    if (path.segs.empty()) continue;
    Paint p;
    p.fill = color;
    p.stroke = "none";
    p.opacity = double(level) / (s.levels - 1);
    p.pixels = true;
    // Without a colour of its own a sprite takes the theme's ink (the colour
    // of filled arrowheads), so it follows light and dark themes.
    out->push_back({color.empty() ? Role::kArrowFilled : Role::kText, p, std::move(path)});
  }
}

Text SpanText(std::vector<TextSpan> spans, double x, double baseline, Anchor anchor, double width) {
  Text t;
  t.x = x;
  t.y = baseline;
  t.anchor = anchor;
  t.spans = std::move(spans);
  t.width = width;
  return t;
}

/// A line holding sprites: pieces left to right from `left`.
void EmitMixedLine(const TextLine& l, double left, double baseline, Role role, const Paint& paint,
                   std::vector<Shape>* out) {
  double x = left;
  size_t next_pic = 0;
  for (size_t k = 0; k <= l.spans.size(); ++k) {
    for (; next_pic < l.pictures.size() && l.pictures[next_pic].before == k; ++next_pic) {
      const InlinePicture& pic = l.pictures[next_pic];
      EmitPicture(pic, x, baseline, pic.color.empty() ? paint.fill : pic.color, out);
      x += pic.width();
    }
    if (k == l.spans.size()) break;
    if (!l.spans[k].text.empty())
      out->push_back({role, paint, SpanText({l.spans[k]}, x, baseline, Anchor::kStart, l.advances[k])});
    x += l.advances[k];
  }
}

/// A table row: cell backgrounds and grid, then each cell's line.
void EmitTableRow(const TextLine& row, double left, double top, Role role, const Paint& paint,
                  std::vector<Shape>* out) {
  double h = LineHeight(row), x = left;
  std::string border = !row.row_border.empty() ? row.row_border : paint.fill;
  for (size_t c = 0; c < row.columns.size(); ++c) {
    double w = row.columns[c] + 2 * kCellPadXPt;
    const TextLine* cell = c < row.cells.size() ? &row.cells[c] : nullptr;
    Paint box;
    box.fill = cell && !cell->fill.empty() ? cell->fill : row.row_fill;
    box.stroke = border;
    box.stroke_width = kGridPt;
    out->push_back({Role::kEdge, box, Rect{x, top, w, h, 0}});
    if (cell) {
      double baseline = top + row.ascent;
      if (cell->pictures.empty() && !cell->spans.empty())
        out->push_back({role, paint, SpanText(cell->spans, x + kCellPadXPt, baseline, Anchor::kStart,
                                              cell->width)});
      else
        EmitMixedLine(*cell, x + kCellPadXPt, baseline, role, paint, out);
    }
    x += w;
  }
}

ir::TextAlign LineAlign(const TextBlock& b, Anchor anchor) {
  if (b.align != ir::TextAlign::kDefault) return b.align;
  if (anchor == Anchor::kStart) return ir::TextAlign::kLeft;
  if (anchor == Anchor::kEnd) return ir::TextAlign::kRight;
  return ir::TextAlign::kCenter;
}

}  // namespace

TextBlock MeasureText(const ir::RichText& text, const FontSpec& base, const TextMeasurer& m,
                      double wrap_width) {
  TextBlock b;
  b.align = text.align;
  for (const ir::TextLine& runs : text.lines) {
    char sep = 0;
    if (runs.table_row()) {
      b.lines.push_back(MeasureTableRow(runs, base, m));
    } else if (IsSeparator(runs, &sep)) {
      TextLine l;
      l.rule = true;
      l.double_rule = sep == '=';
      l.dotted_rule = sep == '.';
      b.lines.push_back(l);
    } else {
      FontSpec f = HeadingFont(base, runs.heading);
      TextLine whole = MeasureLine(runs, f, m);
      if (wrap_width <= 0 || whole.width <= wrap_width) {
        b.lines.push_back(std::move(whole));
        continue;
      }
      for (const auto& piece : Wrap(runs, f, m, wrap_width)) b.lines.push_back(MeasureLine(piece, f, m));
    }
  }
  Finish(&b);
  return b;
}

TextBlock MeasurePlain(const std::string& text, const FontSpec& base, const TextMeasurer& m) {
  ir::RichText t;
  if (!text.empty()) t.lines.push_back({ir::TextRun{text}});
  return MeasureText(t, base, m);
}

void StackBelow(TextBlock* a, const TextBlock& b) {
  a->lines.insert(a->lines.end(), b.lines.begin(), b.lines.end());
  Finish(a);
}

void EmitText(const TextBlock& block, double x, double top, Anchor anchor, Role role,
              const Paint& paint, std::vector<Shape>* out, double rule_cx, double rule_width) {
  double left = anchor == Anchor::kStart    ? x
                : anchor == Anchor::kMiddle ? x - block.width / 2
                                            : x - block.width;
  if (rule_width < 0) {
    rule_width = block.width;
    rule_cx = left + block.width / 2;
  }
  ir::TextAlign align = LineAlign(block, anchor);
  double y = top;
  for (size_t i = 0; i < block.lines.size(); ++i) {
    const TextLine& l = block.lines[i];
    y += GapBefore(block, i);
    double slack = block.width - l.width;
    double line_left = align == ir::TextAlign::kLeft     ? left
                       : align == ir::TextAlign::kCenter ? left + slack / 2
                                                         : left + slack;
    if (l.rule) {
      EmitRule(l, y + kRuleLinePt / 2, rule_cx, rule_width, out);
    } else if (l.table_row()) {
      EmitTableRow(l, line_left, y, role, paint, out);
    } else if (!l.pictures.empty()) {
      EmitMixedLine(l, line_left, y + l.ascent, role, paint, out);
    } else if (!l.spans.empty()) {
      // One <text> per line, anchored as the line is aligned.
      Anchor a = align == ir::TextAlign::kLeft     ? Anchor::kStart
                 : align == ir::TextAlign::kCenter ? Anchor::kMiddle
                                                   : Anchor::kEnd;
      double ax = a == Anchor::kStart    ? line_left
                  : a == Anchor::kMiddle ? left + block.width / 2
                                         : left + block.width;
      out->push_back({role, paint, SpanText(l.spans, ax, y + l.ascent, a, l.width)});
    }
    y += LineHeight(l);
  }
}

std::string PlainText(const ir::RichText& text) { return text.Plain(); }

}  // namespace dg::layout
