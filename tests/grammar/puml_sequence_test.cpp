#include "grammar/puml_sequence.hpp"

#include <doctest/doctest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/puml_sequence_rules.hpp"
#include "tests/grammar/puml_sequence_util.hpp"

namespace dg::grammar::puml {
namespace {

struct Parsed {
  SourceFile file;
  Diagnostics diags;
  SequenceDocument doc;
  explicit Parsed(std::string text) : file("t.puml", std::move(text)), diags(file) {
    doc = ParseSequence(testing::BlockOf(file), diags);
  }
  std::string First() const {
    if (diags.items().empty()) return "";
    const Diagnostic& d = diags.items().front();
    LineCol at = file.Locate(d.span.begin);
    return std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + d.message;
  }
};

template <typename T>
const T& Get(const Parsed& p, size_t i) {
  REQUIRE(i < p.doc.statements.size());
  REQUIRE(std::holds_alternative<T>(p.doc.statements[i]));
  return std::get<T>(p.doc.statements[i]);
}

template <typename T>
std::vector<T> All(const SequenceDocument& doc) {
  std::vector<T> out;
  for (const SeqStatement& s : doc.statements)
    if (const T* t = std::get_if<T>(&s)) out.push_back(*t);
  return out;
}

}  // namespace

TEST_CASE("puml_sequence: arrow grammar has no loops without progress") {
  CHECK(tao::pegtl::analyze<seq_rules::arrow>() == 0);
}

TEST_CASE("puml_sequence: arrows accepted") {
  struct Case {
    const char* text;
    SeqArrowHead left, right;
    char lmark, rmark;
    bool dashed;
  };
  const Case cases[] = {
      {"->", SeqArrowHead::kNone, SeqArrowHead::kFilled, 0, 0, false},
      {"-->", SeqArrowHead::kNone, SeqArrowHead::kFilled, 0, 0, true},
      {"->>", SeqArrowHead::kNone, SeqArrowHead::kOpen, 0, 0, false},
      {"-\\", SeqArrowHead::kNone, SeqArrowHead::kHalfTop, 0, 0, false},
      {"-//", SeqArrowHead::kNone, SeqArrowHead::kOpenHalfBottom, 0, 0, false},
      {"->x", SeqArrowHead::kNone, SeqArrowHead::kFilled, 0, 'x', false},
      {"o->o", SeqArrowHead::kNone, SeqArrowHead::kFilled, 'o', 'o', false},
      {"<->", SeqArrowHead::kFilled, SeqArrowHead::kFilled, 0, 0, false},
      {"<--", SeqArrowHead::kFilled, SeqArrowHead::kNone, 0, 0, true},
      {"x<-", SeqArrowHead::kFilled, SeqArrowHead::kNone, 'x', 0, false},
      {"<<-", SeqArrowHead::kOpen, SeqArrowHead::kNone, 0, 0, false},
      {"-->>", SeqArrowHead::kNone, SeqArrowHead::kOpen, 0, 0, true},
      {"-[#red]->", SeqArrowHead::kNone, SeqArrowHead::kFilled, 0, 0, false},
      {"-[#red]-->", SeqArrowHead::kNone, SeqArrowHead::kFilled, 0, 0, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    SeqArrow a;
    CHECK(ParseSeqArrow(c.text, a) == std::string_view(c.text).size());
    CHECK(a.left_head == c.left);
    CHECK(a.right_head == c.right);
    CHECK(a.left_mark == c.lmark);
    CHECK(a.right_mark == c.rmark);
    CHECK(a.dashed == c.dashed);
  }
  SeqArrow a;
  CHECK(ParseSeqArrow("-[#red,bold]->", a) == 14);
  CHECK(a.style == "#red,bold");
  CHECK(ParseSeqArrow("->xavier", a) == 2);  // a mark never eats a name
}

TEST_CASE("puml_sequence: arrows rejected") {
  for (const char* text : {"=>", ">", "..>", "", "A"}) {
    CAPTURE(text);
    SeqArrow a;
    CHECK(ParseSeqArrow(text, a) == 0);
  }
}

TEST_CASE("puml_sequence: participants, aliases, colours, order") {
  Parsed p(
      "participant \"Long\\nName\" as L #red\n"
      "actor Bob as \"Robert\" <<human>> order 3\n"
      "database DB\n"
      "create control C\n");
  CHECK(p.diags.items().empty());
  const auto& l = Get<SeqParticipantDecl>(p, 0);
  CHECK(l.name.text == "L");
  CHECK(l.display == "Long\\nName");
  CHECK(l.color == "#red");
  const auto& b = Get<SeqParticipantDecl>(p, 1);
  CHECK(b.keyword == "actor");
  CHECK(b.name.text == "Bob");
  CHECK(b.display == "Robert");
  CHECK(b.stereotypes == std::vector<std::string>{"human"});
  CHECK(b.order == 3);
  CHECK(Get<SeqParticipantDecl>(p, 2).keyword == "database");
  CHECK(Get<SeqParticipantDecl>(p, 3).create);
}

TEST_CASE("puml_sequence: a description over several lines and boxes with stereotypes (C4_Sequence)") {
  Parsed p(
      "box \"Sample\\n<size:12>[system]</size>\" <<system_boundary>><<boundary>>\n"
      "participant web <<container>>  [\n"
      "  == Web App\n"
      "\n"
      "  Serves the shop\n"
      "]\n"
      "end box\n"
      "web -> web : self\n");
  CHECK(p.First() == "");
  const auto& box = Get<SeqBoxStart>(p, 0);
  CHECK(box.label == "Sample\\n<size:12>[system]</size>");
  CHECK(box.stereotypes == std::vector<std::string>{"system_boundary", "boundary"});
  const auto& web = Get<SeqParticipantDecl>(p, 1);
  CHECK(web.name.text == "web");
  CHECK(web.stereotypes == std::vector<std::string>{"container"});
  CHECK(web.display == "== Web App\\n\\nServes the shop");
  Get<SeqBoxEnd>(p, 2);
  CHECK(Get<SeqMessage>(p, 3).label == "self");

  Parsed open("participant web [\n== Web App\n");
  CHECK(open.First() == "1:1: expected \"]\" to close the participant's description");
}

TEST_CASE("puml_sequence: messages with borders, shortcuts and labels") {
  Parsed p(
      "A -> B ++ #gold : hello **there**\n"
      "[-> A\n"
      "A ->] : out\n"
      "?-> B\n"
      "B --> A --\n"
      "A->A: self\n");
  CHECK(p.diags.items().empty());
  const auto& m = Get<SeqMessage>(p, 0);
  CHECK(m.left->text == "A");
  CHECK(m.right->text == "B");
  CHECK(m.shortcuts == "++");
  CHECK(m.shortcut_color == "#gold");
  CHECK(m.label == "hello **there**");
  CHECK(Get<SeqMessage>(p, 1).left_edge == SeqEdge::kBorder);
  CHECK(Get<SeqMessage>(p, 2).right_edge == SeqEdge::kBorder);
  CHECK(Get<SeqMessage>(p, 3).left_edge == SeqEdge::kShort);
  CHECK(Get<SeqMessage>(p, 4).arrow.dashed);
  CHECK(Get<SeqMessage>(p, 5).right->text == "A");
}

TEST_CASE("puml_sequence: notes, refs, fragments, dividers, delays, spacing") {
  Parsed p(
      "alt ok\n"
      "  note left of A : n1\n"
      "else fail\n"
      "  hnote over A, B\n"
      "  two lines\n"
      "  here\n"
      "  end hnote\n"
      "end\n"
      "ref over A, B : see there\n"
      "== Phase ==\n"
      "... 5 minutes later ...\n"
      "||45||\n"
      "|||\n"
      "/ note across : wide\n"
      "newpage Second\n"
      "autonumber 10 5 \"<b>[000]\"\n");
  CHECK(p.diags.items().empty());
  CHECK(Get<SeqFragmentStart>(p, 0).op == "alt");
  CHECK(Get<SeqFragmentStart>(p, 0).label == "ok");
  CHECK(Get<SeqNote>(p, 1).position == SeqNote::Position::kLeft);
  CHECK(Get<SeqFragmentElse>(p, 2).label == "fail");
  const auto& h = Get<SeqNote>(p, 3);
  CHECK(h.shape == SeqNote::Shape::kHexagon);
  CHECK(h.names.size() == 2);
  CHECK(h.text == "two lines\nhere");
  Get<SeqFragmentEnd>(p, 4);
  CHECK(Get<SeqNote>(p, 5).shape == SeqNote::Shape::kRef);
  CHECK(Get<SeqDivider>(p, 6).text == "Phase");
  CHECK(Get<SeqDelay>(p, 7).text == "5 minutes later");
  CHECK(Get<SeqSpacing>(p, 8).points == 45);
  CHECK(!Get<SeqSpacing>(p, 9).points);
  CHECK(Get<SeqNote>(p, 10).same_row);
  CHECK(Get<SeqNewPage>(p, 11).title == "Second");
  const auto& a = Get<SeqAutonumber>(p, 12);
  CHECK(a.start == 10);
  CHECK(a.step == 5);
  CHECK(a.format == "<b>[000]");
}

TEST_CASE("puml_sequence: nested fragments use an explicit stack") {
  std::string text;
  for (int i = 0; i < 900; ++i) text += "loop\n";
  text += "A -> B\n";
  for (int i = 0; i < 900; ++i) text += "end\n";
  Parsed p(text);
  CHECK(p.diags.items().empty());
  std::string deep;
  for (size_t i = 0; i <= kMaxSequenceNesting; ++i) deep += "opt\n";
  Parsed q(deep);
  CHECK(q.diags.ErrorCount() >= 1);
}

TEST_CASE("puml_sequence: errors at exact line and column, then continue") {
  Parsed p(
      "A -> B\n"
      "Gateway => UserSvc\n"
      "B -> C\n");
  REQUIRE(p.diags.ErrorCount() == 1);
  CHECK(p.First() ==
        "2:9: expected an arrow (\"->\", \"-->\", \"->>\", \"<-\", \"<->\" …) after \"Gateway\", "
        "got \"=>\"");
  CHECK(p.doc.statements.size() == 2);  // the good lines around it survive

  Parsed e("A -> B\n  end\n");
  CHECK(p.diags.ErrorCount() == 1);
  CHECK(e.First() == "2:3: expected a statement; \"end\" has no open fragment, got \"end\"");

  Parsed u("A -> B\nalt x\nA -> B\n");
  CHECK(u.diags.ErrorCount() == 0);  // PlantUML accepts it too
  CHECK(u.First() ==
        "2:1: \"alt\" opened on line 2 is never closed: expected \"end\" before the end of the "
        "diagram; closed there");
  CHECK(std::holds_alternative<SeqFragmentEnd>(u.doc.statements.back()));

  Parsed n("note over A\ntext\n");
  CHECK(n.First().starts_with("1:1: this note is never closed"));

  Parsed x("participant\nparticipant A order x\n");
  CHECK(x.diags.ErrorCount() == 2);
  CHECK(x.First() == "1:12: expected a participant name after \"participant\", got end of line");
}

TEST_CASE("puml_sequence: real-world extras PlantUML accepts") {
  Parsed p(
      "{start} A -> B : timed\n"
      "Bob -> Alice [[http://plantuml.com/start]] : hello\n"
      "A <[#red]- B : styled first\n"
      "-> A : from the border\n"
      "bill -> bob #005500 : coloured\n"
      "activate bob #White #Black\n"
      "note over A #green;line:lightblue : text1\n"
      "note left of A [[http://x.org]] : linked\n"
      "autonumber inc B\n"
      "minwidth 600\n"
      "set separator none\n"
      "participant Alice #red\\blue\n"
      "actor -> director\n"
      "LOOP -> x : not a fragment\n");
  CHECK(p.diags.ErrorCount() == 0);
  CHECK(p.First() == "");
  auto msgs = All<SeqMessage>(p.doc);
  REQUIRE(msgs.size() == 7);
  CHECK(msgs[5].left->text == "actor");
  CHECK(msgs[6].left->text == "LOOP");
  CHECK(msgs[0].label == "timed");
  CHECK(msgs[1].label == "hello");
  CHECK(msgs[2].arrow.left_head == SeqArrowHead::kFilled);
  CHECK(msgs[2].arrow.style == "#red");
  CHECK(msgs[3].left_edge == SeqEdge::kBorder);
  CHECK(msgs[4].arrow.style == "#005500");
  auto notes = All<SeqNote>(p.doc);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].color == "#green");
  CHECK(All<SeqActivation>(p.doc)[0].color == "#White");
}

TEST_CASE("puml_sequence: corpus forms PlantUML accepts (ref … end, @newpage, links, stereotypes, create as)") {
  Parsed p(
      "ref over A, B\n"
      "  some text\n"
      "end\n"
      "@newpage Two\n"
      "A -> B [[http://x.org/a{tip} label]] : hello\n"
      "note left [[http://x.org/n]]\n"
      "  linked\n"
      "end note\n"
      "A -> B <<a>> <<b>> : styled\n"
      "create \"Long\\nname\" as 2\n"
      "create C\n");
  CHECK(p.First() == "");
  const auto& ref = Get<SeqNote>(p, 0);
  CHECK(ref.shape == SeqNote::Shape::kRef);
  CHECK(ref.text == "some text");
  CHECK(Get<SeqNewPage>(p, 1).title == "Two");
  const auto& linked = Get<SeqMessage>(p, 2);
  CHECK(linked.link == "http://x.org/a");
  CHECK(linked.label == "hello");
  const auto& note = Get<SeqNote>(p, 3);
  CHECK(note.position == SeqNote::Position::kLeft);
  CHECK(note.names.empty());
  CHECK(note.link == "http://x.org/n");
  CHECK(note.text == "linked");
  CHECK(Get<SeqMessage>(p, 4).stereotypes == std::vector<std::string>{"a", "b"});
  const auto& created = Get<SeqParticipantDecl>(p, 5);
  CHECK(created.create);
  CHECK(created.name.text == "2");
  CHECK(created.display == "Long\\nname");
  CHECK(Get<SeqCreate>(p, 6).name.text == "C");
  Parsed actor("actor Bob [[http://x.org/b]] #red\n");
  CHECK(Get<SeqParticipantDecl>(actor, 0).link == "http://x.org/b");
  CHECK(Get<SeqParticipantDecl>(actor, 0).color == "#red");
}

TEST_CASE("puml_sequence: teoz anchors, durations, multicast; bare X++; messages to no one") {
  Parsed p(
      "{start} A -> B : start\n"
      "B -> Max{start} : slanted\n"
      "Max{end} -> B : back\n"
      "{start} <-> {end} : some time\n"
      "A -> B & C & D : all\n"
      "IT++\n"
      "IT--\n"
      "B ->\n"
      "A \\\\- : half\n"
      "\\\\- A : half back\n");
  CHECK(p.First() == "");
  auto msgs = All<SeqMessage>(p.doc);
  REQUIRE(msgs.size() == 7);  // the duration line is not a message
  CHECK(msgs[0].anchor == "start");
  CHECK(msgs[1].anchor.empty());
  const auto& duration = All<SeqDuration>(p.doc);
  REQUIRE(duration.size() == 1);
  CHECK(duration[0].from == "start");
  CHECK(duration[0].to == "end");
  CHECK(duration[0].label == "some time");
  CHECK(msgs[1].right->text == "Max");
  CHECK(msgs[2].left->text == "Max");
  REQUIRE(msgs[3].also_to.size() == 2);
  CHECK(msgs[3].also_to[1].text == "D");
  CHECK(msgs[3].label == "all");
  CHECK(msgs[4].right_edge == SeqEdge::kBorder);
  CHECK(!msgs[4].has_label);
  CHECK(msgs[5].right_edge == SeqEdge::kBorder);
  CHECK(msgs[5].label == "half");
  CHECK(msgs[6].left_edge == SeqEdge::kBorder);
  auto acts = All<SeqActivation>(p.doc);
  REQUIRE(acts.size() == 2);
  CHECK(acts[0].op == SeqActivation::Op::kActivate);
  CHECK(acts[1].op == SeqActivation::Op::kDeactivate);
  CHECK(acts[1].name->text == "IT");
}

TEST_CASE("puml_sequence: hostile variants of the corpus forms still fail precisely") {
  Parsed multi("A -> B & : x\n");
  CHECK(multi.First() == "1:10: expected a participant name after \"&\", got \":\"");
  Parsed open_anchor("{start} <-> {end : x\n");
  CHECK(open_anchor.diags.ErrorCount() == 1);
  CHECK(All<SeqDuration>(open_anchor.doc).empty());
  Parsed bare("IT+++\n");
  CHECK(bare.diags.ErrorCount() == 1);
  Parsed ref("ref over A\n  text\n");
  CHECK(ref.First().starts_with("1:1: this ref is never closed"));
  Parsed link("A -> B [[http://x : hi\n");
  CHECK(link.First() == "1:8: expected end of line, got \"[[http://x\"");
  Parsed actor("actor Bob [[http://x\n");
  CHECK(actor.First() == "1:11: expected \"]]\" to close the link, got \"[[http://x\"");
  Parsed stereo("A -> B <<a : hi\n");
  CHECK(stereo.First() == "1:8: expected \">>\" to close the stereotype, got \"<<a\"");
  Parsed at("@newpagex\n");
  CHECK(at.diags.ErrorCount() == 1);
  Parsed create("create \"Long\" as\n");
  CHECK(create.First() == "1:17: expected a name after \"as\", got end of line");
}

}  // namespace dg::grammar::puml
