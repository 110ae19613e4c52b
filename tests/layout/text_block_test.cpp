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
