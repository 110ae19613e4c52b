// Mermaid lowering: what each diagram type means in diagc's IR (Mermaid's
// own rules for node text, subgraph membership, generated ids, activations
// and destruction, cardinalities), and the text and style decoding.
#include <doctest/doctest.h>

#include <string>

#include "compiler/compile.hpp"
#include "compiler/lower_mermaid.hpp"
#include "compiler/mermaid_text.hpp"

namespace dg::compiler {
namespace {

template <typename Body>
Body Lowered(const std::string& text, size_t warnings = 0) {
  grammar::SourceFile file("t.mmd", text);
  grammar::Diagnostics diags(file);
  std::vector<ir::Diagram> d = Compile(file, DetectLanguage(file), {}, diags);
  REQUIRE(diags.ErrorCount() == 0);
  CHECK(diags.items().size() == warnings);
  REQUIRE(d.size() == 1);
  return std::get<Body>(d[0].body);
}

std::string Plain(const ir::RichText& t) { return t.Plain(); }

int NodeIndex(const ir::ComponentGraph& g, const std::string& id) {
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].id == id) return static_cast<int>(i);
  FAIL("no node " << id);
  return -1;
}

TEST_CASE("mermaid flowchart: nodes, last text and shape win, one edge per pair") {
  auto g = Lowered<ir::ComponentGraph>(
      "flowchart LR\n  A[First] --> B\n  A(Second) & C --> D & E\n  B{{Hex}}\n  F@{ shape: cyl }\n");
  REQUIRE(g.nodes.size() == 6);
  CHECK(g.left_to_right);
  CHECK_FALSE(g.reverse_ranks);
  const ir::Node& a = g.nodes[NodeIndex(g, "A")];
  CHECK(Plain(a.label) == "Second");
  CHECK(a.kind == "rounded");
  CHECK(g.nodes[NodeIndex(g, "B")].kind == "hexagon");
  CHECK(g.nodes[NodeIndex(g, "F")].kind == "database");
  CHECK(Plain(g.nodes[NodeIndex(g, "F")].label) == "F");  // no text: the id
  REQUIRE(g.edges.size() == 5);
  CHECK(g.edges[4].from.index == NodeIndex(g, "C"));
  CHECK(g.edges[4].to.index == NodeIndex(g, "E"));
}

TEST_CASE("mermaid flowchart: link forms become heads, lines, lengths and labels") {
  auto g = Lowered<ir::ComponentGraph>(
      "graph TD\nA --> B\nA --- B\nA -.-> B\nA ==> B\nA ~~~ B\nA <--> B\nA o--o B\nA x--x B\n"
      "A ---->|long| B\n");
  REQUIRE(g.edges.size() == 9);
  CHECK(g.edges[0].head == ir::ArrowHead::kNormal);
  CHECK(g.edges[0].length == 2);
  CHECK(g.edges[1].head == ir::ArrowHead::kNone);
  CHECK(g.edges[2].line == ir::LineStyle::kDotted);
  CHECK(g.edges[3].line == ir::LineStyle::kBold);
  CHECK(g.edges[4].hidden);
  CHECK(g.edges[5].tail == ir::ArrowHead::kNormal);
  CHECK(g.edges[6].head == ir::ArrowHead::kCircle);
  CHECK(g.edges[6].tail == ir::ArrowHead::kCircle);
  CHECK(g.edges[7].tail == ir::ArrowHead::kCross);
  CHECK(g.edges[8].length == 4);
  CHECK(Plain(g.edges[8].label) == "long");
}

TEST_CASE("mermaid flowchart: subgraphs, membership, generated ids, links to subgraphs") {
  auto g = Lowered<ir::ComponentGraph>(
      "flowchart BT\n"
      "  c1 --> a2\n"
      "  subgraph outer [Outer]\n"
      "    subgraph inner\n      a1 --> a2\n    end\n"
      "    a2 --> b1\n"
      "  end\n"
      "  subgraph Two words\n    b1\n  end\n"
      "  subgraph\n    x\n  end\n"
      "  outer --> c2\n");
  CHECK(g.reverse_ranks);
  REQUIRE(g.clusters.size() == 4);
  CHECK(g.clusters[0].id == "outer");
  CHECK(Plain(g.clusters[0].label) == "Outer");
  CHECK(g.clusters[1].id == "inner");
  CHECK(g.clusters[1].parent == 0);
  // Ids for titles with blanks and untitled subgraphs count subgraphs as they close.
  CHECK(g.clusters[2].id == "subGraph2");
  CHECK(Plain(g.clusters[2].label) == "Two words");
  CHECK(g.clusters[3].id == "subGraph3");
  // a2 was first mentioned outside, then in inner (closed first); b1 is in
  // outer (closed before "Two words"); c1 stays at the top.
  CHECK(g.nodes[NodeIndex(g, "a2")].cluster == 1);
  CHECK(g.nodes[NodeIndex(g, "b1")].cluster == 0);
  CHECK(g.nodes[NodeIndex(g, "c1")].cluster == -1);
  for (const ir::Node& n : g.nodes) CHECK(n.id != "outer");  // a subgraph id names the cluster
  const ir::Edge& last = g.edges.back();
  CHECK(last.from.type == ir::EndpointRef::Type::kCluster);
  CHECK(last.from.index == 0);
}

TEST_CASE("mermaid flowchart: classes, styles, link styles and clicks") {
  auto g = Lowered<ir::ComponentGraph>(
      "graph LR\n  A:::hot --> B --> C\n  classDef default fill:#eee\n  classDef hot fill:#f96,color:#fff\n"
      "  classDef cool stroke:rgba(0, 0, 255, 0.5),stroke-dasharray: 5 5\n  class B cool\n"
      "  style C fill:red,stroke-width:3px\n  linkStyle 1 stroke:#00f,stroke-width:2px\n"
      "  click A \"https://example.com\" \"Docs\"\n  click B \"javascript:alert(1)\"\n",
      1);
  const ir::Node& a = g.nodes[NodeIndex(g, "A")];
  CHECK(a.style.fill.value == "#ff9966");
  CHECK(a.style.text.value == "#ffffff");
  CHECK(a.link == "https://example.com");
  CHECK(a.tooltip == "Docs");
  const ir::Node& b = g.nodes[NodeIndex(g, "B")];
  CHECK(b.style.fill.value == "#eeeeee");
  CHECK(b.style.stroke.value == "#8080ff");
  CHECK(b.style.dashed);
  CHECK(b.link.empty());
  const ir::Node& c = g.nodes[NodeIndex(g, "C")];
  CHECK(c.style.fill.value == "red");
  CHECK(c.style.stroke_width == 3);
  CHECK(g.edges[1].style.stroke.value == "#0000ff");
  CHECK_FALSE(g.edges[0].style.stroke.set());
}

TEST_CASE("mermaid flowchart: link style numbers must name earlier links") {
  grammar::SourceFile file("t.mmd", "graph LR\nA --> B\nlinkStyle 3 stroke:red\n");
  grammar::Diagnostics diags(file);
  CHECK(Compile(file, Language::kMermaid, {}, diags).empty());
  REQUIRE(diags.ErrorCount() == 1);
  CHECK(diags.items()[0].message == "linkStyle 3 refers to no link: the links before it are numbered 0 to 0");
}

TEST_CASE("mermaid: title, theme and hand-drawn look from the front matter") {
  auto g = Lowered<ir::ComponentGraph>("---\ntitle: Hi\nconfig:\n  theme: forest\n  look: handDrawn\n---\ngraph\nA\n");
  CHECK(Plain(g.decorations.title) == "Hi");
  CHECK(g.skin.theme == "default");
  CHECK(g.skin.handwritten);
  auto e = Lowered<ir::ErGraph>("%%{init: {\"theme\": \"dark\"}}%%\nerDiagram\nA\n");
  CHECK(e.skin.theme == "dark");
}

TEST_CASE("mermaid sequence: participants, arrows, activations, notes, blocks, boxes") {
  auto m = Lowered<ir::SequenceModel>(
      "sequenceDiagram\n  autonumber 5 5\n  box Aqua Front\n  participant W as Web app\n  end\n"
      "  actor U\n  U->>+W: a\n  W-->>-U: b\n  W-xS: c\n  W-)S: d\n  S<<-->>W: e\n"
      "  Note over U,W: n\n  loop l\n  W->S: f\n  end\n  rect rgb(0, 0, 255, 0.1)\n  end\n");
  REQUIRE(m.participants.size() == 3);
  CHECK(m.participants[0].id == "W");
  CHECK(Plain(m.participants[0].label) == "Web app");
  CHECK(m.participants[0].box == 0);
  CHECK(m.participants[1].kind == "actor");
  CHECK(m.participants[1].box == -1);
  CHECK(m.participants[2].id == "S");  // implicit, on first mention
  REQUIRE(m.boxes.size() == 1);
  CHECK(m.boxes[0].style.fill.value == "aqua");
  const auto& ev = m.pages[0].events;
  const auto& first = std::get<ir::Message>(ev[0]);
  CHECK(first.number == "5");
  CHECK(first.head == ir::SeqHead::kFilled);
  CHECK_FALSE(first.dashed);
  CHECK(std::get<ir::Activation>(ev[1]).participant == 0);
  CHECK(std::get<ir::Activation>(ev[1]).op == ir::ActivationOp::kActivate);
  const auto& back = std::get<ir::Message>(ev[2]);
  CHECK(back.number == "10");
  CHECK(back.dashed);
  CHECK(std::get<ir::Activation>(ev[3]).op == ir::ActivationOp::kDeactivate);
  CHECK(std::get<ir::Message>(ev[4]).head_mark == ir::SeqEndMark::kCross);
  CHECK(std::get<ir::Message>(ev[5]).head == ir::SeqHead::kOpen);
  CHECK(std::get<ir::Message>(ev[6]).tail_head == ir::SeqHead::kFilled);
  CHECK(std::get<ir::SeqNote>(ev[7]).last == 0);
  CHECK(std::get<ir::FragmentStart>(ev[8]).op == "loop");
  CHECK(std::get<ir::Message>(ev[9]).head == ir::SeqHead::kNone);
  CHECK(std::get<ir::FragmentEnd>(ev[10]).origin.begin > 0);
  CHECK(std::get<ir::FragmentStart>(ev[11]).style.fill.value == "#e6e6ff");
}

TEST_CASE("mermaid sequence: create draws the head at its message, destroy ends at the next one") {
  auto m = Lowered<ir::SequenceModel>(
      "sequenceDiagram\n  A->>B: x\n  create participant C\n  A->>C: hi\n  destroy C\n  B->>A: y\n  A-xC: bye\n");
  const auto& ev = m.pages[0].events;
  REQUIRE(ev.size() == 6);
  CHECK(m.participants[2].created);
  CHECK(std::get<ir::Activation>(ev[1]).op == ir::ActivationOp::kCreate);
  CHECK(std::holds_alternative<ir::Message>(ev[3]));  // B->>A: C is not destroyed yet
  CHECK(std::get<ir::Activation>(ev[5]).op == ir::ActivationOp::kDestroy);
  CHECK(std::get<ir::Activation>(ev[5]).participant == 2);
}

TEST_CASE("mermaid sequence: the first participant link is kept, unsafe ones are dropped") {
  auto m = Lowered<ir::SequenceModel>(
      "sequenceDiagram\n  participant A\n  link A: Dash @ https://d.org/a\n  link A: Wiki @ https://w.org\n"
      "  links B: {\"Repo\": \"javascript:alert(1)\"}\n  A->>B: x\n",
      1);
  CHECK(m.participants[0].link == "https://d.org/a");
  CHECK(m.participants[0].tooltip == "Dash");
  CHECK(m.participants[1].link.empty());
}

TEST_CASE("mermaid ER: entities, columns, cardinalities and lines") {
  auto g = Lowered<ir::ErGraph>(
      "erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER }|..|{ ITEM : has\n"
      "  CUSTOMER {\n    string id PK, FK \"the #35;\"\n    string mail UK\n  }\n  c[Client] {\n  }\n");
  CHECK_FALSE(g.left_to_right);
  REQUIRE(g.tables.size() == 4);
  CHECK(g.tables[0].id == "CUSTOMER");
  CHECK(g.tables[0].kind == "entity");
  REQUIRE(g.tables[0].columns.size() == 2);
  CHECK(g.tables[0].columns[0].primary_key);
  CHECK(g.tables[0].columns[0].foreign_key);
  CHECK(g.tables[0].columns[0].note == "the #");
  CHECK(g.tables[0].columns[1].unique);
  CHECK(Plain(g.tables[3].label) == "Client");
  REQUIRE(g.relationships.size() == 2);
  CHECK(g.relationships[0].from_end == ir::Cardinality::kOne);
  CHECK(g.relationships[0].to_end == ir::Cardinality::kZeroOrMany);
  CHECK(g.relationships[0].line == ir::LineStyle::kSolid);
  CHECK(g.relationships[1].from_end == ir::Cardinality::kOneOrMany);
  CHECK(g.relationships[1].line == ir::LineStyle::kDashed);
  CHECK(Plain(g.relationships[1].label) == "has");
}

TEST_CASE("mermaid text: entities, line breaks, tags, markdown, icons") {
  using mermaid::Label;
  CHECK(mermaid::DecodeEntities("#quot;a#quot; #35; #9829; &amp; &#x41; #nope; #12") == "\"a\" # \u2665 & A #nope; #12");
  ir::RichText br = Label(std::string_view("one<br>two<BR/>three <br /> four"));
  REQUIRE(br.lines.size() == 4);
  CHECK(br.lines[3][0].text == "four");
  ir::RichText tags = Label(std::string_view("a <b>bold</b> <i>it</i> <span class=x>s</span> 1 < 2"));
  CHECK(tags.Plain() == "a bold it s 1 < 2");
  CHECK(tags.lines[0][1].bold);
  CHECK(tags.lines[0][3].italic);
  grammar::mermaid::Text md{"**Bold** and _it_\n   next `code`", true, {}};
  ir::RichText m = Label(md);
  REQUIRE(m.lines.size() == 2);
  CHECK(m.lines[0][0].bold);
  CHECK(m.lines[0][2].italic);
  CHECK(m.lines[1][0].text == "next ");
  CHECK(m.lines[1][1].mono);
  CHECK(Label(std::string_view("fa:fa-car Car fab:fa-github")).Plain() == "Car");
  CHECK(Label(std::string_view("snake_case_name")).Plain() == "snake_case_name");
  CHECK(mermaid::Color("#F96").value == "#ff9966");
  CHECK(mermaid::Color("rgb(1, 2, 3)").value == "#010203");
  CHECK(mermaid::Color("Purple").value == "purple");
  CHECK_FALSE(mermaid::Color("notacolour").set());
}

TEST_CASE("mermaid: detection by name and content") {
  CHECK(DetectLanguage(grammar::SourceFile("a.MMD", "")) == Language::kMermaid);
  CHECK(DetectLanguage(grammar::SourceFile("a.mermaid", "")) == Language::kMermaid);
  CHECK(DetectLanguage(grammar::SourceFile("<stdin>", "graph TD; A-->B")) == Language::kMermaid);
  CHECK(DetectLanguage(grammar::SourceFile("<stdin>", "@startuml\ngraph\n@enduml")) == Language::kPlantUml);
  CHECK(DetectLanguage(grammar::SourceFile("<stdin>", "[A] --> [B]")) == Language::kPlantUml);
}

}  // namespace
}  // namespace dg::compiler
