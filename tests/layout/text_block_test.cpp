#include "layout/text_block.hpp"

#include <doctest/doctest.h>

using namespace dg;

TEST_CASE("MeasureText: creole flags become fonts and spans; separators become rules") {
  ir::RichText t;
  ir::TextRun bold{"ab"};
  bold.bold = true;
  ir::TextRun under{"cd"};
  under.underline = true;
  under.mono = true;
  t.lines.push_back({bold, under});
  t.lines.push_back({ir::TextRun{"===="}});
  t.lines.push_back({ir::TextRun{"xyz"}});
  layout::FixedWidthMeasurer m;
  layout::FontSpec f;
  layout::TextBlock b = layout::MeasureText(t, f, m);
  REQUIRE(b.lines.size() == 3);
  CHECK(b.lines[0].spans.size() == 2);
  CHECK(b.lines[0].spans[0].font.bold);
  CHECK(b.lines[0].spans[1].font.mono);
  CHECK(b.lines[0].spans[1].underline);
  CHECK(b.lines[0].width == doctest::Approx(2 * 12 * 0.65 + 2 * 12 * 0.6));
  CHECK(b.lines[1].rule);
  CHECK(b.lines[1].double_rule);
  CHECK(b.width == doctest::Approx(b.lines[0].width));

  std::vector<layout::Shape> out;
  layout::EmitText(b, 100, 10, layout::Anchor::kMiddle, layout::Role::kText, {}, &out, 100, 80);
  int texts = 0, rules = 0;
  double last_y = 0;
  for (const auto& s : out) {
    if (auto* tx = std::get_if<layout::Text>(&s.geometry)) {
      ++texts;
      CHECK(tx->y > last_y);
      last_y = tx->y;
    } else if (auto* p = std::get_if<layout::Path>(&s.geometry)) {
      ++rules;
      CHECK(p->segs[0].p[0].x == doctest::Approx(60));  // rule spans the given width
      CHECK(p->segs[1].p[0].x == doctest::Approx(140));
    }
  }
  CHECK(texts == 2);
  CHECK(rules == 2);  // "====" is a double rule
  CHECK(layout::PlainText(t) == "abcd\n====\nxyz");
}

namespace {

layout::TextBlock Measure(const std::string& creole, double wrap = 0,
                          const ir::SpriteTable* sprites = nullptr) {
  layout::FixedWidthMeasurer m;
  return layout::MeasureText(ir::ParseCreole(creole, sprites), layout::FontSpec{}, m, wrap);
}

std::vector<const layout::Text*> Texts(const std::vector<layout::Shape>& out) {
  std::vector<const layout::Text*> texts;
  for (const auto& s : out)
    if (auto* t = std::get_if<layout::Text>(&s.geometry)) texts.push_back(t);
  return texts;
}

}  // namespace

TEST_CASE("MeasureText: headings grow, <size> and <color> reach the spans") {
  layout::TextBlock b = Measure("== Title\n<size:20>big</size> <color:red>red</color>");
  REQUIRE(b.lines.size() == 2);
  CHECK(b.lines[0].spans[0].font.size == 14);  // 12 + 2 for "=="
  CHECK(b.lines[0].spans[0].font.bold);
  CHECK(b.lines[1].spans[0].font.size == 20);
  CHECK(b.lines[1].spans[2].color == "red");
  CHECK(b.lines[1].ascent == doctest::Approx(0.9 * 20));
}

TEST_CASE("MeasureText: wrapping breaks between words, keeps styles and drops edge spaces") {
  // 12 pt fixed width: 7.2 pt a character; 60 pt holds 8 characters.
  layout::TextBlock b = Measure("aaa bbb **ccc** dddddddddddd e", 60);
  REQUIRE(b.lines.size() == 4);
  CHECK(b.lines[0].spans[0].text == "aaa bbb");
  CHECK(b.lines[1].spans[0].text == "ccc");
  CHECK(b.lines[1].spans[0].font.bold);
  CHECK(b.lines[2].spans[0].text == "dddddddddddd");  // one word wider than the limit stays whole
  CHECK(b.lines[3].spans[0].text == "e");
  for (const auto& l : b.lines) CHECK(l.spans.back().text.back() != ' ');
  CHECK(Measure("short", 60).lines.size() == 1);
  CHECK(Measure("aaa bbb ccc", 0).lines.size() == 1);  // 0: never
}

TEST_CASE("MeasureText: table rows share column widths; cells carry fills and a grid") {
  layout::TextBlock b = Measure("|= Key |= Value |\n| a | <#red>much longer |\ntext");
  REQUIRE(b.lines.size() == 3);
  REQUIRE(b.lines[0].table_row());
  CHECK(b.lines[0].columns == b.lines[1].columns);
  CHECK(b.lines[0].columns[1] == doctest::Approx(11 * 7.2));  // "much longer"
  CHECK(b.lines[0].cells[0].spans[0].font.bold);                // header cell
  CHECK(b.lines[1].cells[1].fill == "#red");
  std::vector<layout::Shape> out;
  layout::Paint ink;
  ink.fill = "#000000";
  layout::EmitText(b, 0, 0, layout::Anchor::kStart, layout::Role::kText, ink, &out);
  int cells = 0;
  double row1_top = -1, row2_top = -1;
  for (const auto& s : out) {
    auto* r = std::get_if<layout::Rect>(&s.geometry);
    if (!r) continue;
    ++cells;
    CHECK(s.paint.stroke == "#000000");  // the grid takes the text colour
    if (cells == 1) row1_top = r->y;
    if (cells == 3) {
      row2_top = r->y;
      CHECK(r->y == doctest::Approx(row1_top + b.lines[0].ascent + b.lines[0].descent));  // rows touch
    }
    if (cells == 4) CHECK(s.paint.fill == "#red");
  }
  CHECK(cells == 4);
  CHECK(row2_top > row1_top);
  CHECK(Texts(out).size() == 5);
}

TEST_CASE("EmitText: sprites become one translucent path per grey level, in the text colour") {
  ir::SpriteTable sprites;
  auto s = std::make_shared<ir::Sprite>();
  s->width = 3, s->height = 2, s->levels = 16;
  s->pixels = {0, 15, 15, 7, 0, 15};
  sprites["p"] = s;
  layout::TextBlock b = Measure("<$p,scale=2> me", 0, &sprites);
  REQUIRE(b.lines.size() == 1);
  REQUIRE(b.lines[0].pictures.size() == 1);
  CHECK(b.lines[0].width == doctest::Approx(6 + 3 * 7.2));
  CHECK(b.lines[0].ascent == doctest::Approx(10.8));  // the font's ascent beats the 4 pt sprite
  std::vector<layout::Shape> out;
  layout::Paint ink;
  ink.fill = "#ffffff";
  layout::EmitText(b, 100, 0, layout::Anchor::kMiddle, layout::Role::kText, ink, &out);
  std::vector<const layout::Shape*> paths;
  for (const auto& shape : out)
    if (std::holds_alternative<layout::Path>(shape.geometry)) paths.push_back(&shape);
  REQUIRE(paths.size() == 2);  // levels 7 and 15
  CHECK(paths[0]->paint.opacity == doctest::Approx(7.0 / 15));
  CHECK(paths[1]->paint.opacity == 1);
  CHECK(paths[1]->paint.fill == "#ffffff");
  CHECK(paths[1]->paint.pixels);
  // Level 15: two runs (row 0 columns 1–2, row 1 column 2), each a closed square strip.
  CHECK(std::get<layout::Path>(paths[1]->geometry).segs.size() == 10);
  double left = 100 - b.width / 2;
  CHECK(std::get<layout::Path>(paths[0]->geometry).segs[0].p[0].x == doctest::Approx(left));
  auto texts = Texts(out);
  REQUIRE(texts.size() == 1);
  CHECK(texts[0]->anchor == layout::Anchor::kStart);
  CHECK(texts[0]->x == doctest::Approx(left + 6));  // after the sprite
}

TEST_CASE("EmitText: \\l and \\r align every line in the block") {
  layout::TextBlock b = Measure("wide line\\lx");
  CHECK(b.align == ir::TextAlign::kLeft);
  std::vector<layout::Shape> out;
  layout::EmitText(b, 100, 0, layout::Anchor::kMiddle, layout::Role::kText, {}, &out);
  auto texts = Texts(out);
  REQUIRE(texts.size() == 2);
  CHECK(texts[1]->anchor == layout::Anchor::kStart);
  CHECK(texts[1]->x == doctest::Approx(100 - b.width / 2));
  layout::TextBlock r = Measure("wide line\\rx");
  out.clear();
  layout::EmitText(r, 100, 0, layout::Anchor::kMiddle, layout::Role::kText, {}, &out);
  CHECK(Texts(out)[1]->anchor == layout::Anchor::kEnd);
  CHECK(Texts(out)[1]->x == doctest::Approx(100 + r.width / 2));
}

TEST_CASE("MeasureText: the first row's border colour is the whole table's") {
  layout::TextBlock b = Measure("<#white,#transparent>| Legend |\n|<#red> a |\n| b |");
  REQUIRE(b.lines.size() == 3);
  for (const auto& row : b.lines) CHECK(row.row_border == "#transparent");
  CHECK(b.lines[1].row_fill.empty());  // the fill stays the first row's own
}
