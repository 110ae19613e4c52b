#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/lower_sequence.hpp"
#include "tests/grammar/puml_sequence_util.hpp"

namespace dg::compiler {
namespace {

struct Lowered {
  grammar::SourceFile file;
  grammar::Diagnostics diags;
  std::optional<ir::SequenceModel> model;
  explicit Lowered(std::string text) : file("t.puml", std::move(text)), diags(file) {
    model = LowerSequence(testing::BlockOf(file), file, diags);
  }
  const std::vector<ir::SeqEvent>& events(size_t page = 0) const { return model->pages[page].events; }
  template <typename T>
  std::vector<T> All(size_t page = 0) const {
    std::vector<T> out;
    for (const ir::SeqEvent& e : events(page))
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
  }
};

std::string Plain(const ir::RichText& t) {
  std::string out;
  for (const auto& line : t.lines) {
    if (!out.empty()) out += '\n';
    for (const ir::TextRun& r : line) out += r.text;
  }
  return out;
}

std::vector<std::string> Ids(const ir::SequenceModel& m) {
  std::vector<std::string> out;
  for (const ir::Participant& p : m.participants) out.push_back(p.id);
  return out;
}

}  // namespace

TEST_CASE("sequence_lower: implicit and declared participants, order, boxes") {
  Lowered l(
      "box \"Front\" #LightBlue\n"
      "participant B order 20\n"
      "end box\n"
      "actor A order 10\n"
      "A -> C\n");
  REQUIRE(l.model);
  // Unordered participants count as order 0, as in PlantUML; the sort is stable.
  CHECK(Ids(*l.model) == std::vector<std::string>{"C", "A", "B"});
  CHECK(l.model->participants[1].kind == "actor");
  CHECK(l.model->participants[2].box == 0);
  CHECK(l.model->participants[0].box == -1);
  CHECK(l.model->boxes[0].style.fill.value == "lightblue");
  auto msgs = l.All<ir::Message>();
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].from == 1);  // indices follow the reordering
  CHECK(msgs[0].to == 0);
}

TEST_CASE("sequence_lower: arrow direction, heads and marks") {
  Lowered l("A <-- B : back\nA o->x B\n[-> A\nA <-]\nA -> A\n");
  REQUIRE(l.model);
  auto m = l.All<ir::Message>();
  REQUIRE(m.size() == 5);
  CHECK(m[0].from == 1);
  CHECK(m[0].to == 0);
  CHECK(m[0].dashed);
  CHECK(Plain(m[0].label) == "back");
  CHECK(m[1].tail_mark == ir::SeqEndMark::kCircle);
  CHECK(m[1].head_mark == ir::SeqEndMark::kCross);
  CHECK(m[2].from == -1);
  CHECK(!m[2].from_outside_right);
  CHECK(m[3].from == -1);
  CHECK(m[3].from_outside_right);
  CHECK(m[3].to == 0);
  CHECK(m[4].from == m[4].to);
}

TEST_CASE("sequence_lower: activation shortcuts and return") {
  Lowered l("A -> B ++ : call\nB -> C ++\nreturn r1\nreturn r2\n");
  REQUIRE(l.model);
  auto m = l.All<ir::Message>();
  REQUIRE(m.size() == 4);
  CHECK(m[2].from == 2);
  CHECK(m[2].to == 1);
  CHECK(m[2].dashed);
  CHECK(m[3].from == 1);
  CHECK(m[3].to == 0);
  auto acts = l.All<ir::Activation>();
  REQUIRE(acts.size() == 4);
  CHECK(acts[0].op == ir::ActivationOp::kActivate);
  CHECK(acts[3].op == ir::ActivationOp::kDeactivate);
  CHECK(acts[3].participant == 1);

  Lowered bad("return nothing\n");
  CHECK(!bad.model);
  CHECK(bad.diags.ErrorCount() == 1);
}

TEST_CASE("sequence_lower: autonumber formats, stop and resume") {
  CHECK(detail::FormatAutonumber(7, "<b>[000]") == "[007]");
  CHECK(detail::FormatAutonumber(12, "") == "12");
  CHECK(detail::FormatAutonumber(3, "<b>(<u>##</u>)") == "(3)");
  Lowered l("autonumber 10 5 \"[00]\"\nA -> B\nA -> B\nautonumber stop\nA -> B\nautonumber resume\nA -> B\n");
  REQUIRE(l.model);
  auto m = l.All<ir::Message>();
  REQUIRE(m.size() == 4);
  CHECK(m[0].number == "[10]");
  CHECK(m[1].number == "[15]");
  CHECK(m[2].number.empty());
  CHECK(m[3].number == "[20]");
}

TEST_CASE("sequence_lower: notes, pages, hide footbox / unlinked, skinparams, text") {
  Lowered l(
      "hide footbox\nhide unlinked\nskinparam ParticipantPadding 20\ntitle T\n"
      "participant Lonely\nA -> B : x\nnote right : on message\nnewpage Two\nB -> A\n");
  REQUIRE(l.model);
  CHECK(l.model->hide_footbox);
  CHECK(Ids(*l.model) == std::vector<std::string>{"A", "B"});
  CHECK(l.model->skinparams.at("participantpadding") == "20");
  CHECK(Plain(l.model->decorations.title) == "T");
  REQUIRE(l.model->pages.size() == 2);
  CHECK(Plain(l.model->pages[1].title) == "Two");
  auto notes = l.All<ir::SeqNote>();
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].first == 1);

  CHECK(l.diags.items().empty());  // sequence-only skinparams are not "unsupported"
  Lowered at("hide @unlinked\nparticipant Lonely\nA -> B\n");
  REQUIRE(at.model);
  CHECK(Ids(*at.model) == std::vector<std::string>{"A", "B"});
}

TEST_CASE("sequence_lower: teoz notes under the previous message span both its ends") {
  // issue: without this the block was no sequence diagram, and the entity
  // reader (which takes `A -> B` and `note bottom`) drew it as entities.
  Lowered l("!pragma teoz true\nA -> B : hi\nC -> B : x\nnote bottom : under\nnote top\n  two\nend note\n");
  REQUIRE(l.model);
  auto notes = l.All<ir::SeqNote>();
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].position == ir::SeqNote::Position::kOver);
  CHECK(notes[0].first == 1);  // B
  CHECK(notes[0].last == 2);   // C
  CHECK(Plain(notes[1].text) == "two");
  Lowered bad("A -> B\nnote bottom of A : x\n");
  CHECK_FALSE(bad.model);
  Lowered first("note bottom : nothing above\nA -> B\n");
  CHECK_FALSE(first.model);
}

TEST_CASE("sequence_lower: shared skinparams style participants, notes and arrows") {
  Lowered l(
      "skinparam participantBackgroundColor #AbC\nskinparam actorBorderColor red\n"
      "skinparam <<svc>>BackgroundColor #00ff00\nskinparam noteBackgroundColor yellow\n"
      "skinparam ArrowColor blue\nskinparam BackgroundColor #EEE\n"
      "participant A\nactor U\nparticipant S <<svc>>\nparticipant C #pink\n"
      "A -> U : **hi**\\nthere\nnote over A : n\n");
  REQUIRE(l.model);
  const auto& p = l.model->participants;
  CHECK(p[0].style.fill.value == "#aabbcc");
  CHECK(p[1].style.stroke.value == "red");
  CHECK(p[1].style.fill.value == "#aabbcc");  // actor falls back to participant
  CHECK(p[2].style.fill.value == "#00ff00");  // stereotype beats kind
  CHECK(p[3].style.fill.value == "pink");     // written colour beats skinparam
  CHECK(l.All<ir::SeqNote>()[0].style.fill.value == "yellow");
  CHECK(l.model->skin.background.value == "#eeeeee");
  ir::Message m = l.All<ir::Message>()[0];
  REQUIRE(m.label.lines.size() == 2);
  CHECK(m.label.lines[0][0].bold);
  CHECK(Plain(m.label) == "hi\nthere");
}

TEST_CASE("sequence_lower: 10,000 messages complete") {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "P" + std::to_string(i % 50) + " -> P" + std::to_string((i * 7) % 50) + " : m\n";
  Lowered l(text);
  REQUIRE(l.model);
  CHECK(l.All<ir::Message>().size() == 10000);
  CHECK(l.model->participants.size() == 50);
}

// ------------------------------------------------------------ corpus

namespace {

// PlantUML's fix(): first line, trimmed, chars outside [-A-Za-z0-9_ ] → '.'.
std::string Fix(std::string s) {
  s = s.substr(0, s.find('\n'));
  size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {  // one '.' per code point
      if ((c & 0xC0) != 0x80) out += '.';
      continue;
    }
    out += std::isalnum(c) || c == '-' || c == '_' || c == ' ' ? static_cast<char>(c) : '.';
  }
  return out;
}

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A tiny reader for the facts we need from expect.json: "participants" (list
// of strings or null) and "messages" (number or null).
bool ReadFacts(const std::string& json, std::optional<std::vector<std::string>>& participants,
               std::optional<int>& messages) {
  size_t p = json.find("\"participants\"");
  if (p != std::string::npos) {
    size_t v = json.find_first_not_of(" :\n", p + 14);
    if (json[v] == '[') {
      std::vector<std::string> names;
      size_t close = json.find(']', v);
      for (size_t q = json.find('"', v); q < close; q = json.find('"', q + 1)) {
        std::string name;
        for (++q; q < json.size() && json[q] != '"'; ++q) {
          if (json[q] == '\\') ++q;
          name += json[q];
        }
        names.push_back(name);
      }
      participants = names;
    }
  }
  size_t m = json.find("\"messages\"");
  if (m != std::string::npos) {
    size_t v = json.find_first_not_of(" :\n", m + 10);
    if (std::isdigit(static_cast<unsigned char>(json[v]))) messages = std::atoi(json.c_str() + v);
  }
  return true;
}

}  // namespace

TEST_CASE("sequence_lower: corpus") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(DG_SOURCE_DIR).parent_path() / "shared" / "corpus" / "plantuml" / "sequence";
  if (!fs::exists(dir)) {
    MESSAGE("corpus not found beside the project; skipped");
    return;
  }
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".puml") cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  size_t accepted = 0, structure = 0, preprocessed_ok = 0;
  std::string failures;
  for (const fs::path& path : cases) {
    grammar::SourceFile file(path.filename().string(), ReadAll(path));
    grammar::Diagnostics diags(file);
    std::vector<grammar::puml::Block> blocks = grammar::puml::Preprocess(file, diags);
    std::optional<ir::SequenceModel> model;
    bool preprocessed = !blocks.empty() && !diags.HasErrors();
    preprocessed_ok += preprocessed;
    if (preprocessed) model = LowerSequence(blocks.front(), file, diags);
    if (!model) {
      if (failures.size() < 4000 && !diags.items().empty())
        failures += grammar::FormatText(file, diags.items().front());
      continue;
    }
    ++accepted;
    std::optional<std::vector<std::string>> want_parts;
    std::optional<int> want_msgs;
    fs::path facts = path;
    facts.replace_extension(".expect.json");
    ReadFacts(ReadAll(facts), want_parts, want_msgs);
    std::vector<std::string> got;
    for (const ir::Participant& p : model->participants) got.push_back(Fix(model->participants.empty() ? "" : [&] {
      std::string s;
      if (!p.label.lines.empty())
        for (const ir::TextRun& r : p.label.lines.front()) s += r.text;
      return s;
    }()));
    int msgs = 0;
    for (const ir::SequencePage& page : model->pages)
      for (const ir::SeqEvent& e : page.events) msgs += std::holds_alternative<ir::Message>(e);
    bool ok = (!want_parts || *want_parts == got) && (!want_msgs || *want_msgs == msgs);
    structure += ok;
  }
  double n = static_cast<double>(cases.size());
  MESSAGE("sequence corpus: " << cases.size() << " cases, accepted " << accepted << " ("
                              << 100.0 * accepted / n << "%), structure " << structure << " ("
                              << 100.0 * structure / n << "%); preprocessor accepted "
                              << preprocessed_ok);
  if (std::getenv("DG_CORPUS_VERBOSE")) MESSAGE(failures);
  // Targets: 80% accepted, 70% structure (misses come mostly from !function & co.
  // in the preprocessor, which the sequence front cannot see past).
  CHECK(accepted >= 0.78 * n);
  CHECK(structure >= 0.7 * n);
}

TEST_CASE("sequence_lower: <style> rules for sequence diagrams style participants and arrows") {
  Lowered l(
      "<style>\n"
      "sequenceDiagram {\n"
      "  participant { BackgroundColor #ff0000 }\n"
      "  arrow { LineColor #00ff00 }\n"
      "}\n"
      "componentDiagram { participant { BackgroundColor #0000ff } }\n"
      "root { FontColor #123456 }\n"
      "</style>\n"
      "participant A\n"
      "A -> B : hi\n");
  REQUIRE(l.model);
  CHECK(l.diags.items().empty());
  CHECK(l.model->participants[0].style.fill.value == "#ff0000");
  CHECK(l.model->participants[1].style.text.value == "#123456");
  CHECK(l.All<ir::Message>()[0].style.stroke.value == "#00ff00");
}

}  // namespace dg::compiler
