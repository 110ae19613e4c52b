#include "layout/text_block.hpp"

#include <algorithm>

namespace dg::layout {
namespace {

constexpr double kLineGapPt = 2.0;   // extra leading between lines, points
constexpr double kRuleLinePt = 8.0;  // height a separator rule takes, points

bool IsSeparator(const std::vector<ir::TextRun>& line, char* c) {
  if (line.size() != 1) return false;
  const std::string& t = line[0].text;
  if (t.size() < 2 || (t[0] != '-' && t[0] != '=' && t[0] != '.' && t[0] != '_')) return false;
  if (!std::all_of(t.begin(), t.end(), [&](char x) { return x == t[0]; })) return false;
  *c = t[0];
  return true;
}

TextLine MeasureLine(const std::vector<ir::TextRun>& runs, const FontSpec& base,
                     const TextMeasurer& m) {
  TextLine line;
  line.ascent = m.Ascent(base);
  line.descent = m.Descent(base);
  for (const ir::TextRun& r : runs) {
    TextSpan s;
    s.text = r.text;
    s.font = base;
    s.font.bold = base.bold || r.bold;
    s.font.italic = base.italic || r.italic;
    s.font.mono = base.mono || r.mono;
    s.underline = r.underline;
    s.strike = r.strike;
    line.width += m.Width(s.text, s.font);
    line.ascent = std::max(line.ascent, m.Ascent(s.font));
    line.descent = std::max(line.descent, m.Descent(s.font));
    line.spans.push_back(std::move(s));
  }
  return line;
}

double LineHeight(const TextLine& l) { return l.rule ? kRuleLinePt : l.ascent + l.descent; }

void Finish(TextBlock* b) {
  b->width = 0;
  b->height = 0;
  for (size_t i = 0; i < b->lines.size(); ++i) {
    b->width = std::max(b->width, b->lines[i].width);
    b->height += LineHeight(b->lines[i]) + (i ? kLineGapPt : 0);
  }
}

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

}  // namespace

TextBlock MeasureText(const ir::RichText& text, const FontSpec& base, const TextMeasurer& m) {
  TextBlock b;
  for (const auto& runs : text.lines) {
    char sep = 0;
    if (IsSeparator(runs, &sep)) {
      TextLine l;
      l.rule = true;
      l.double_rule = sep == '=';
      l.dotted_rule = sep == '.';
      b.lines.push_back(l);
    } else {
      b.lines.push_back(MeasureLine(runs, base, m));
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
  double y = top;
  if (rule_width < 0) {
    rule_width = block.width;
    rule_cx = anchor == Anchor::kStart ? x + block.width / 2 : x;
  }
  for (const TextLine& l : block.lines) {
    if (l.rule) {
      EmitRule(l, y + kRuleLinePt / 2, rule_cx, rule_width, out);
    } else if (!l.spans.empty()) {
      Text t;
      t.x = x;
      t.y = y + l.ascent;
      t.anchor = anchor;
      t.spans = l.spans;
      t.width = l.width;
      out->push_back({role, paint, t});
    }
    y += LineHeight(l) + kLineGapPt;
  }
}

std::string PlainText(const ir::RichText& text) {
  std::string s;
  for (size_t i = 0; i < text.lines.size(); ++i) {
    if (i) s += '\n';
    for (const ir::TextRun& r : text.lines[i]) s += r.text;
  }
  return s;
}

}  // namespace dg::layout
