#include "layout/sequence_layout.hpp"

#include <doctest/doctest.h>

#include <cstdio>

#include "compiler/lower_sequence.hpp"
#include "tests/grammar/puml_sequence_util.hpp"

namespace dg::layout {
namespace {

struct Laid {
  grammar::SourceFile file;
  grammar::Diagnostics diags;
  std::vector<Scene> scenes;
  explicit Laid(std::string text) : file("t.puml", std::move(text)), diags(file) {
    auto model = compiler::LowerSequence(testing::BlockOf(file), file, diags);
    REQUIRE(model);
    FixedWidthMeasurer m;
    scenes = LayoutSequence(*model, m, LayoutOptions{}, diags);
  }
  std::vector<const Group*> Groups(std::string_view prefix, size_t page = 0) const {
    std::vector<const Group*> out;
    for (const Group& g : scenes[page].groups)
      if (g.cls.starts_with(prefix)) out.push_back(&g);
    return out;
  }
};

struct Box {
  double x0, y0, x1, y1;
};

Box TextBox(const Text& t) {
  double size = t.spans.empty() ? 12 : t.spans.front().font.size;
  double left = t.anchor == Anchor::kStart ? t.x : t.anchor == Anchor::kMiddle ? t.x - t.width / 2 : t.x - t.width;
  return {left, t.y - 0.9 * size, left + t.width, t.y + 0.25 * size};
}

bool Overlap(const Box& a, const Box& b) {
  return a.x0 < b.x1 - 0.01 && b.x0 < a.x1 - 0.01 && a.y0 < b.y1 - 0.01 && b.y0 < a.y1 - 0.01;
}

double LifelineX(const Group& g) {
  for (const Shape& s : g.shapes)
    if (s.role == Role::kLifeline) return std::get<Path>(s.geometry).segs[0].p[0].x;
  return -1;
}

std::string Dump(const Scene& s) {
  std::string out;
  char buf[64];
  for (const Group& g : s.groups) {
    out += g.cls + "|" + g.id + "|" + g.title + "\n";
    for (const Shape& sh : g.shapes) {
      if (const auto* r = std::get_if<Rect>(&sh.geometry)) {
        std::snprintf(buf, sizeof buf, "R %.2f %.2f %.2f %.2f\n", r->x, r->y, r->w, r->h);
        out += buf;
      } else if (const auto* t = std::get_if<Text>(&sh.geometry)) {
        std::snprintf(buf, sizeof buf, "T %.2f %.2f ", t->x, t->y);
        out += buf + (t->spans.empty() ? "" : t->spans[0].text) + "\n";
      } else if (const auto* p = std::get_if<Path>(&sh.geometry)) {
        for (const PathSeg& seg : p->segs) {
          std::snprintf(buf, sizeof buf, "P %.2f %.2f\n", seg.p[0].x, seg.p[0].y);
          out += buf;
        }
      }
    }
  }
  return out;
}

const char* const kSample =
    "actor User\nparticipant \"Web\\nServer\" as W\ndatabase DB\n"
    "User -> W ++ : a rather long request label\n"
    "alt cached\n  W -> W : look in cache\nelse miss\n  W -> DB ++ : select everything from the table\n"
    "  DB --> W -- : rows\n  loop each row\n    W -> W : render\n  end\nend\n"
    "W --> User -- : page\nnote over User, DB : done\n== Phase two ==\n...\n|||\n";

}  // namespace

TEST_CASE("sequence_layout: participant groups left to right, titled by first line") {
  Laid l(kSample);
  REQUIRE(l.scenes.size() == 1);
  auto parts = l.Groups("participant");
  REQUIRE(parts.size() == 3);
  CHECK(parts[0]->cls == "participant actor");
  CHECK(parts[1]->title == "Web");
  CHECK(parts[2]->cls == "participant database");
  CHECK(LifelineX(*parts[0]) < LifelineX(*parts[1]));
  CHECK(LifelineX(*parts[1]) < LifelineX(*parts[2]));
  CHECK(l.Groups("message").size() == 6);
  CHECK(l.Groups("message")[0]->title == "a rather long request label");
  CHECK(l.Groups("fragment alt").size() == 1);
  CHECK(l.Groups("fragment loop").size() == 1);
  CHECK(l.Groups("note").size() == 1);
}

TEST_CASE("sequence_layout: message labels never overlap and sit between lifelines") {
  Laid l(kSample);
  std::vector<Box> boxes;
  for (const Group* g : l.Groups("message"))
    for (const Shape& s : g->shapes)
      if (const auto* t = std::get_if<Text>(&s.geometry)) boxes.push_back(TextBox(*t));
  for (size_t i = 0; i < boxes.size(); ++i)
    for (size_t j = i + 1; j < boxes.size(); ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(!Overlap(boxes[i], boxes[j]));
    }
  // The long DB label fits between the Web and DB lifelines.
  auto parts = l.Groups("participant");
  const Group* select = l.Groups("message")[2];
  for (const Shape& s : select->shapes)
    if (const auto* t = std::get_if<Text>(&s.geometry)) {
      Box b = TextBox(*t);
      CHECK(b.x0 >= LifelineX(*parts[1]));
      CHECK(b.x1 <= LifelineX(*parts[2]));
    }
}

TEST_CASE("sequence_layout: activation bars hug their lifeline, nested ones offset") {
  Laid l("A -> B ++\nB -> B ++\nB -> A\nreturn\nreturn\n");
  for (const Group* g : l.Groups("participant")) {
    double x = LifelineX(*g);
    int bars = 0;
    for (const Shape& s : g->shapes)
      if (s.role == Role::kActivation) {
        const Rect& r = std::get<Rect>(s.geometry);
        CHECK(r.x >= x - 10);
        CHECK(r.x + r.w <= x + 20);
        CHECK(r.h > 0);
        ++bars;
      }
    if (g->title == "B") CHECK(bars == 2);
  }
}

TEST_CASE("sequence_layout: fragment frames contain their messages") {
  Laid l("A -> B\nalt x\n  B -> C : inner message\n  opt y\n    C -> D\n  end\nend\nD -> A\n");
  auto frags = l.Groups("fragment");
  REQUIRE(frags.size() == 2);  // inner frames finish first
  auto msgs = l.Groups("message");
  auto frame = [](const Group* g) { return std::get<Rect>(g->shapes.front().geometry); };
  auto inside = [](const Rect& r, const Group* m) {
    for (const Shape& s : m->shapes)
      if (const auto* p = std::get_if<Path>(&s.geometry))
        for (const PathSeg& seg : p->segs)
          if (seg.op != PathOp::kClose &&
              (seg.p[0].x < r.x || seg.p[0].x > r.x + r.w || seg.p[0].y < r.y || seg.p[0].y > r.y + r.h))
            return false;
    return true;
  };
  Rect opt = frame(frags[0]), alt = frame(frags[1]);
  CHECK(inside(alt, msgs[1]));
  CHECK(inside(alt, msgs[2]));
  CHECK(inside(opt, msgs[2]));
  CHECK(!inside(alt, msgs[0]));
  CHECK(!inside(alt, msgs[3]));
  CHECK(alt.x < opt.x);
  CHECK(alt.x + alt.w > opt.x + opt.w);
}

TEST_CASE("sequence_layout: pages, footbox, determinism") {
  Laid l("A -> B\nnewpage two\nB -> A\nA -> B\n");
  REQUIRE(l.scenes.size() == 2);
  CHECK(l.Groups("message", 0).size() == 1);
  CHECK(l.Groups("message", 1).size() == 2);
  Laid again("A -> B\nnewpage two\nB -> A\nA -> B\n");
  CHECK(Dump(l.scenes[1]) == Dump(again.scenes[1]));
  Laid a(kSample), b(kSample);
  CHECK(Dump(a.scenes[0]) == Dump(b.scenes[0]));

  Laid foot("A -> B\n"), nofoot("hide footbox\nA -> B\n");
  CHECK(nofoot.scenes[0].height < foot.scenes[0].height);
  for (const Scene& s : l.scenes) {
    CHECK(s.width > 0);
    CHECK(s.height > 0);
  }
}

TEST_CASE("sequence_layout: every shape inside the scene") {
  Laid l(std::string("title Hello\nheader h\nfooter f\nlegend\nkey\nendlegend\n[-> A : in\nA ->] : out\n") + kSample);
  const Scene& s = l.scenes[0];
  for (const Group& g : s.groups)
    for (const Shape& sh : g.shapes)
      if (const auto* r = std::get_if<Rect>(&sh.geometry)) {
        CHECK(r->x >= 0);
        CHECK(r->y >= 0);
        CHECK(r->x + r->w <= s.width);
        CHECK(r->y + r->h <= s.height);
      }
}

// The label's text box and the y of the message's first path (its arrow line).
std::pair<Box, double> LabelAndArrow(const Group& g) {
  Box label{0, 0, 0, 0};
  double arrow_y = -1;
  for (const Shape& s : g.shapes) {
    if (const auto* t = std::get_if<Text>(&s.geometry)) label = TextBox(*t);
    if (const auto* p = std::get_if<Path>(&s.geometry); p && arrow_y < 0) arrow_y = p->segs[0].p[0].y;
  }
  return {label, arrow_y};
}

TEST_CASE("sequence_layout: responseMessageBelowArrow and SequenceMessageAlign") {
  Laid plain("A -> B : request\nB -> A : answer\n");
  Laid below("skinparam responseMessageBelowArrow true\nA -> B : request\nB -> A : answer\n");
  auto [req, req_y] = LabelAndArrow(*below.Groups("message")[0]);
  auto [ans, ans_y] = LabelAndArrow(*below.Groups("message")[1]);
  CHECK(req.y1 <= req_y);  // a call keeps its label above
  CHECK(ans.y0 >= ans_y);  // a response carries it below
  CHECK(LabelAndArrow(*plain.Groups("message")[1]).first.y1 <= LabelAndArrow(*plain.Groups("message")[1]).second);

  Laid right("skinparam SequenceMessageAlign right\nparticipant A\nparticipant B\nA -> B : x\n"
             "note over A, B : a rather long note that widens the gap\n");
  Laid left("participant A\nparticipant B\nA -> B : x\nnote over A, B : a rather long note that widens the gap\n");
  Laid center("skinparam SequenceMessageAlign center\nparticipant A\nparticipant B\nA -> B : x\n"
              "note over A, B : a rather long note that widens the gap\n");
  double lx = LabelAndArrow(*left.Groups("message")[0]).first.x0;
  double cx = LabelAndArrow(*center.Groups("message")[0]).first.x0;
  double rx = LabelAndArrow(*right.Groups("message")[0]).first.x0;
  CHECK(lx < cx);
  CHECK(cx < rx);
}

TEST_CASE("sequence_layout: lifeline strategy, dotted delays, box padding") {
  auto dashes = [](const Laid& l) {
    std::vector<std::vector<double>> out;
    for (const Shape& s : l.Groups("participant")[0]->shapes)
      if (s.role == Role::kLifeline) out.push_back(s.paint.dash);
    return out;
  };
  Laid dashed("A -> B\n"), solid("skinparam lifelineStrategy solid\nA -> B\n");
  REQUIRE(dashes(dashed).size() == 1);
  CHECK(dashes(dashed)[0] == std::vector<double>{5, 5});
  REQUIRE(dashes(solid).size() == 1);
  CHECK(dashes(solid)[0] == std::vector<double>{1, 0});
  Laid delay("A -> B\n...\nA -> B\n");
  auto d = dashes(delay);
  REQUIRE(d.size() == 3);  // dashed, dotted through the delay, dashed
  CHECK(d[1].front() < d[0].front());

  auto box_w = [](const Laid& l) { return std::get<Rect>(l.Groups("cluster box")[0]->shapes[0].geometry).w; };
  Laid narrow("box X\nparticipant A\nend box\nA -> A\n");
  Laid wide("skinparam BoxPadding 30\nbox X\nparticipant A\nend box\nA -> A\n");
  CHECK(box_w(wide) > box_w(narrow) + 20);
}

TEST_CASE("sequence_layout: fragment guards live in the tab, clear of the first message") {
  Laid l("A -> B\nalt a fairly long guard text\n  A -> B : first\nelse other\n  B -> A\nend\n");
  const Group* frag = l.Groups("fragment alt")[0];
  Box first = LabelAndArrow(*l.Groups("message")[1]).first;
  double tab_bottom = -1;
  for (const Shape& s : frag->shapes)
    if (s.role == Role::kDivider && std::holds_alternative<Path>(s.geometry))
      for (const PathSeg& seg : std::get<Path>(s.geometry).segs)
        if (seg.op != PathOp::kClose) tab_bottom = std::max(tab_bottom, seg.p[0].y);
  REQUIRE(tab_bottom > 0);
  CHECK(first.y0 > tab_bottom + 2);
  std::vector<Box> texts;
  for (const Shape& s : frag->shapes)
    if (const auto* t = std::get_if<Text>(&s.geometry)) texts.push_back(TextBox(*t));
  REQUIRE(texts.size() == 3);  // "alt", "[guard]", "[other]"
  CHECK(texts[1].x0 > texts[0].x1);
  CHECK(!Overlap(texts[1], first));
}

TEST_CASE("sequence_layout: links on messages and notes, sanitised; stereotype styles on messages") {
  Laid l(
      "<style>\n"
      ".a {\n"
      "  LineStyle 5\n"
      "  LineThickness 2\n"
      "  LineColor red\n"
      "}\n"
      "</style>\n"
      "participant A [[http://x.org/a]]\n"
      "participant B [[file:///etc/passwd]]\n"
      "A -> B [[http://x.org/m]] : linked\n"
      "note left [[http://x.org/n]] : note\n"
      "A -> B [[javascript:alert(1)]] : dropped\n"
      "A -> B <<a>> : red\n"
      "A -> B : plain\n");
  auto msgs = l.Groups("message");
  REQUIRE(msgs.size() == 4);
  CHECK(msgs[0]->link == "http://x.org/m");
  CHECK(msgs[1]->link.empty());
  CHECK(l.diags.items().size() == 2);  // warnings for the file: and javascript: links
  auto parts = l.Groups("participant");
  REQUIRE(parts.size() == 2);
  CHECK(parts[0]->link == "http://x.org/a");
  CHECK(parts[1]->link.empty());
  auto notes = l.Groups("note");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0]->link == "http://x.org/n");
  auto line_of = [](const Group* g) { return g->shapes.front().paint; };
  Paint red = line_of(msgs[2]), plain = line_of(msgs[3]);
  CHECK(red.stroke != plain.stroke);
  CHECK(red.stroke_width == 2);
  CHECK(!red.dash.empty());
  CHECK(plain.dash.empty());
}

TEST_CASE("sequence_layout: @newpage, create as, multicast, one-line legend") {
  Laid l(
      "A -> B : one\n"
      "@newpage\n"
      "create \"Long\\nname\" as 2\n"
      "A -> 2 & B & C : all\n"
      "legend \"x5\"\n");
  CHECK(l.diags.ErrorCount() == 0);
  REQUIRE(l.scenes.size() == 2);
  auto multicast = l.Groups("message", 1);
  REQUIRE(multicast.size() == 3);  // one arrow per target, on one row
  auto arrow_y = [](const Group* g) { return std::get<Path>(g->shapes.front().geometry).segs[0].p[0].y; };
  CHECK(arrow_y(multicast[1]) == arrow_y(multicast[0]));
  CHECK(arrow_y(multicast[2]) == arrow_y(multicast[0]));
  bool long_name = false;
  for (const Group* g : l.Groups("participant", 1)) long_name = long_name || g->title == "Long";
  CHECK(long_name);
  CHECK(l.Groups("legend", 1).size() == 1);
}

TEST_CASE("sequence_layout: a teoz duration runs between its anchored messages, mid first arrow") {
  Laid l(
      "{start} Alice -> Bob : start\n"
      "Bob -> Max : something\n"
      "{end} Bob -> Alice : finish\n"
      "{start} <-> {end} : some time\n"
      "{start} <-> {nowhere} : dropped\n");
  auto msgs = l.Groups("message");
  auto durations = l.Groups("duration");
  REQUIRE(msgs.size() == 3);
  REQUIRE(durations.size() == 1);
  CHECK(durations[0]->title == "some time");
  auto ends = [](const Group* g) { return std::get<Path>(g->shapes.front().geometry).segs; };
  auto first = ends(msgs[0]), last = ends(msgs[2]), line = ends(durations[0]);
  double top = first[0].p[0].y, bottom = last[0].p[0].y;
  CHECK(line[0].p[0].y == doctest::Approx(top));
  CHECK(line[1].p[0].y == doctest::Approx(bottom));
  double mid = (first[0].p[0].x + first[1].p[0].x) / 2;
  CHECK(line[0].p[0].x == doctest::Approx(mid).epsilon(0.05));
}

TEST_CASE("sequence_layout: 10,000 messages complete") {
  std::string text;
  for (int i = 0; i < 10000; ++i)
    text += "P" + std::to_string(i % 40) + " -> P" + std::to_string((i * 7 + 1) % 40) + " : m" + std::to_string(i) + "\n";
  Laid l(text);
  CHECK(l.Groups("message").size() == 10000);
}

}  // namespace dg::layout
