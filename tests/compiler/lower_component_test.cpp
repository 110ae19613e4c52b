#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/compile.hpp"
#include "compiler/lower_component.hpp"
#include "tests/compiler/compiled_text.hpp"

using namespace dg;
using ir::ArrowHead;
using ir::Direction;
using ir::EndpointRef;
using ir::LineStyle;

namespace {

struct Compiled : testing::CompiledText {
  using CompiledText::CompiledText;
  const ir::ComponentGraph& graph() const {
    REQUIRE(diagrams.size() == 1);
    REQUIRE(std::holds_alternative<ir::ComponentGraph>(diagrams[0].body));
    return std::get<ir::ComponentGraph>(diagrams[0].body);
  }
  int Node(const std::string& id) const {
    const auto& nodes = graph().nodes;
    auto it = std::find_if(nodes.begin(), nodes.end(), [&](const ir::Node& n) { return n.id == id; });
    return it == nodes.end() ? -1 : static_cast<int>(it - nodes.begin());
  }
  int Cluster(const std::string& id) const {
    const auto& cs = graph().clusters;
    auto it = std::find_if(cs.begin(), cs.end(), [&](const ir::Cluster& c) { return c.id == id; });
    return it == cs.end() ? -1 : static_cast<int>(it - cs.begin());
  }
  std::string FirstMessage(grammar::Severity s = grammar::Severity::kError) const {
    for (const auto& d : diags.items()) {
      if (d.severity == s) return d.message;
    }
    return "";
  }
};

const char* kBriefExample = R"(@startuml
!define RECTANGLE class

package "Frontend" {
  [Web App] as WebApp
  [Mobile App] as MobileApp
}

package "Backend Services" {
  [API Gateway] as Gateway
  [User Service] as UserSvc
  [Order Service] as OrderSvc
  [Payment Service] as PaymentSvc
}

package "Data Layer" {
  database "User DB" as UserDB
  database "Order DB" as OrderDB
  queue "Message Queue" as MQ
}

WebApp --> Gateway
MobileApp --> Gateway
Gateway --> UserSvc
Gateway --> OrderSvc
Gateway --> PaymentSvc
UserSvc --> UserDB
OrderSvc --> OrderDB
OrderSvc --> MQ
PaymentSvc --> MQ
@enduml
)";

}  // namespace

TEST_CASE("LowerComponent: the brief's example gives 9 nodes, 3 clusters, 9 edges") {
  Compiled c(kBriefExample);
  CHECK(c.diags.items().empty());
  const auto& g = c.graph();
  CHECK(g.nodes.size() == 9);
  CHECK(g.clusters.size() == 3);
  CHECK(g.edges.size() == 9);
  int gateway = c.Node("Backend Services.Gateway");
  REQUIRE(gateway >= 0);
  CHECK(g.nodes[gateway].label.Plain() == "API Gateway");
  CHECK(g.nodes[gateway].kind == "component");
  CHECK(g.nodes[gateway].cluster == c.Cluster("Backend Services"));
  int mq = c.Node("Data Layer.MQ");
  REQUIRE(mq >= 0);
  CHECK(g.nodes[mq].kind == "queue");
  const ir::Edge& first = g.edges[0];
  CHECK(first.from.type == EndpointRef::Type::kNode);
  CHECK(first.from.index == c.Node("Frontend.WebApp"));
  CHECK(first.to.index == gateway);
  CHECK(first.head == ArrowHead::kNormal);
  CHECK(first.tail == ArrowHead::kNone);
  CHECK(first.length == 2);
}

TEST_CASE("LowerComponent: qualified ids, nested clusters and parents") {
  Compiled c("node AA {\n  folder CC {\n    [X]\n  }\n  [Y]\n}\nrectangle Empty {\n}\n");
  const auto& g = c.graph();
  int aa = c.Cluster("AA"), cc = c.Cluster("AA.CC");
  REQUIRE(aa >= 0);
  REQUIRE(cc >= 0);
  CHECK(g.clusters[cc].parent == aa);
  CHECK(g.clusters[aa].parent == -1);
  CHECK(g.clusters[cc].kind == "folder");
  CHECK(g.nodes[c.Node("AA.CC.X")].cluster == cc);
  CHECK(g.nodes[c.Node("AA.Y")].cluster == aa);
  Compiled anon("cloud {\n  [Z]\n}\n");
  CHECK(anon.Cluster("##1") >= 0);
  CHECK(anon.Node("##1.Z") >= 0);
  // A container without children is an element.
  REQUIRE(c.Node("Empty") >= 0);
  CHECK(g.nodes[c.Node("Empty")].kind == "rectangle");
}

TEST_CASE("LowerComponent: links to containers and implicit elements") {
  Compiled c("package P {\n  [A]\n}\nP --> [B]\nA --> C\n() I --> :U:\n");
  const auto& g = c.graph();
  REQUIRE(g.edges.size() == 3);
  CHECK(g.edges[0].from.type == EndpointRef::Type::kCluster);
  CHECK(g.edges[0].from.index == c.Cluster("P"));
  REQUIRE(c.Node("B") >= 0);
  CHECK(g.nodes[c.Node("B")].kind == "component");
  CHECK(g.edges[1].from.index == c.Node("P.A"));
  REQUIRE(c.Node("C") >= 0);
  CHECK(g.nodes[c.Node("C")].kind == "interface");  // bare names are drawn as interfaces
  CHECK(g.nodes[c.Node("I")].kind == "interface");
  CHECK(g.nodes[c.Node("U")].kind == "actor");
}

TEST_CASE("LowerComponent: edge heads, length, direction and style") {
  Compiled c(
      "[A] -up-> [B]\n"
      "[A] - [C]\n"
      "[A] ..|> [D]\n"
      "[A] <-- [E]\n"
      "[A] -[#red,dashed,thickness=3]-> [F] : hi\n"
      "[A] -[hidden]- [G]\n"
      "[A] \"1\" *--o \"many\" [H]\n"
      "[A] ---> [I]\n"
      "[A] -0)- [J]\n"
      "[A] ==> [K]\n");
  const auto& e = c.graph().edges;
  REQUIRE(e.size() == 10);
  CHECK(e[0].direction == Direction::kUp);
  CHECK(e[1].length == 1);
  CHECK(e[1].head == ArrowHead::kNone);
  CHECK(e[2].line == LineStyle::kDashed);
  CHECK(e[2].head == ArrowHead::kTriangle);
  // `A <-- E` is drawn as E --> A.
  CHECK(e[3].from.index == c.Node("E"));
  CHECK(e[3].to.index == c.Node("A"));
  CHECK(e[3].head == ArrowHead::kNormal);
  CHECK(e[4].style.stroke.value == "red");
  CHECK(e[4].line == LineStyle::kDashed);
  CHECK(*e[4].style.stroke_width == 3);
  CHECK(e[4].label.Plain() == "hi");
  CHECK(e[5].hidden);
  CHECK(e[6].tail == ArrowHead::kDiamond);
  CHECK(e[6].head == ArrowHead::kOpenDiamond);
  CHECK(e[6].tail_label == "1");
  CHECK(e[6].head_label == "many");
  CHECK(e[7].length == 3);
  CHECK(e[8].lollipop);
  CHECK(e[9].line == LineStyle::kBold);
}

TEST_CASE("LowerComponent: notes attached, floating and linked") {
  Compiled c(
      "[A]\nnote right of A : r\nnote bottom of A\n  two\n  lines\nend note\n"
      "note \"free\" as N1\nN1 .. A\npackage P {\n  note as N2\n  x\n  end note\n}\n");
  const auto& g = c.graph();
  REQUIRE(g.notes.size() == 4);
  CHECK(g.notes[0].position == ir::NotePosition::kRight);
  REQUIRE(g.notes[0].target.has_value());
  CHECK(g.notes[0].target->index == c.Node("A"));
  CHECK(g.notes[1].text.lines.size() == 2);
  CHECK(g.notes[2].id == "N1");
  CHECK(g.notes[2].named);
  CHECK_FALSE(g.notes[0].named);
  CHECK(g.notes[2].position == ir::NotePosition::kFloating);
  REQUIRE(g.edges.size() == 1);
  CHECK(g.edges[0].from.type == EndpointRef::Type::kNote);
  CHECK(g.edges[0].from.index == 2);
  CHECK(g.notes[3].id == "P.N2");
  CHECK(g.notes[3].cluster == c.Cluster("P"));
}

TEST_CASE("LowerComponent: element styles, stereotypes, links and long descriptions") {
  Compiled c(
      "component c <<api>> <<v2>> #pink;line:red;text:blue [[javascript:alert(1)]]\n"
      "component d [[https://ok.org]]\n"
      "component e [[docs/e.html]]\n"
      "component f [\n  **bold** text\n  ----\n  more\n]\n"
      "skinparam componentBackgroundColor yellow\n");
  const auto& g = c.graph();
  const ir::Node& n = g.nodes[c.Node("c")];
  CHECK(n.stereotypes == std::vector<std::string>{"api", "v2"});
  CHECK(n.style.fill.value == "pink");
  CHECK(n.style.stroke.value == "red");
  CHECK(n.style.text.value == "blue");
  CHECK(n.link == "");
  CHECK(g.nodes[c.Node("d")].link == "https://ok.org");
  CHECK(g.nodes[c.Node("e")].link == "docs/e.html");
  const ir::RichText& f = g.nodes[c.Node("f")].label;
  REQUIRE(f.lines.size() == 3);
  CHECK(f.lines[0][0].bold);
  CHECK(f.lines[1][0].text == "----");
  CHECK(g.kind_styles.at("component").fill.value == "yellow");
}

TEST_CASE("LowerComponent: remove, restore, hide and show") {
  Compiled c(
      "component a $t\ncomponent b\ncomponent c\ncomponent d <<x>>\n"
      "a -- b\nremove *\nrestore $t\nrestore b\nhide b\nshow b\n");
  const auto& g = c.graph();
  CHECK(g.nodes.size() == 2);
  CHECK(c.Node("a") >= 0);
  CHECK(c.Node("b") >= 0);
  CHECK(g.edges.size() == 1);
  Compiled u("component a\ncomponent b\ncomponent lone\na -- b\nremove @unlinked\n");
  CHECK(u.graph().nodes.size() == 2);
  Compiled h("component a {\n  component a_sub\n}\nhide a_sub\nhide stereotype\n");
  // A container whose children are hidden still holds their place.
  CHECK(h.Cluster("a") >= 0);
  CHECK(h.graph().nodes.empty());
  CHECK(h.graph().hide_stereotypes);
}

TEST_CASE("LowerComponent: set separator splits names into packages") {
  Compiled c("set separator .\ncomponent a.b.c\na.b.c -- a.d\n");
  CHECK(c.Cluster("a") >= 0);
  CHECK(c.Cluster("a.b") >= 0);
  CHECK(c.Node("a.b.c") >= 0);
  CHECK(c.Node("a.d") >= 0);
  CHECK(c.graph().edges.size() == 1);
  Compiled n("component a.b.c\n");
  CHECK(n.graph().clusters.empty());
  CHECK(n.Node("a.b.c") >= 0);
}

TEST_CASE("LowerComponent: block errors and deep nesting") {
  Compiled extra("[A]\n}\n");
  CHECK(extra.FirstMessage() == "unexpected \"}\", no block is open");
  CHECK(extra.file.Locate(extra.diags.items()[0].span.begin).line == 2);
  Compiled open("package P {\n[A]\n");
  CHECK_FALSE(open.diags.HasErrors());
  CHECK(open.FirstMessage(grammar::Severity::kWarning) == "this block is not closed: expected \"}\"");
  CHECK(open.Cluster("P") >= 0);
  // 1500 nested packages: no recursion, an error past the cap.
  std::string deep;
  for (int i = 0; i < 1500; ++i) deep += "package p" + std::to_string(i) + " {\n";
  deep += "[X]\n";
  for (int i = 0; i < 1500; ++i) deep += "}\n";
  Compiled d(deep);
  CHECK(d.FirstMessage() == "containers are nested deeper than 1000 levels");
}

TEST_CASE("LowerComponent: left to right and common statements") {
  Compiled c("left to right direction\ntitle T\nskinparam linetype ortho\n[A] --> [B]\n");
  const auto& g = c.graph();
  CHECK(g.left_to_right);
  CHECK(g.decorations.title.Plain() == "T");
  CHECK(g.skin.line_type == "ortho");
}

TEST_CASE("Compile: names, several blocks, unsupported kinds") {
  Compiled c("@startuml first\n[A]\n@enduml\n@startmindmap\n* x\n@endmindmap\n");
  REQUIRE(c.diagrams.size() == 1);
  CHECK(c.diagrams[0].name == "first");
  CHECK(c.FirstMessage().rfind("unsupported diagram kind: mindmap", 0) == 0);
  Compiled s("@startuml\nAlice -> Bob : hi\n@enduml\n");
  REQUIRE(s.diagrams.size() == 1);
  CHECK(std::holds_alternative<ir::SequenceModel>(s.diagrams[0].body));
}

TEST_CASE("LowerComponent: url of X is [[…]] links X, before or after X's declaration") {
  Compiled c(
      "url of api is [[https://docs.example/api{The API}]]\n"
      "component \"Web API\" as api\n"
      "[db]\n"
      "url for [db] is [[javascript:alert(1)]]\n"
      "url of ghost is [[https://nowhere.example]]\n"
      "api --> db\n");
  const auto& g = c.graph();
  CHECK(g.nodes[c.Node("api")].link == "https://docs.example/api");
  CHECK(g.nodes[c.Node("api")].tooltip == "The API");
  CHECK(g.nodes[c.Node("db")].link == "");  // unsafe: dropped with a warning at the link
  std::vector<std::string> warnings;
  for (const auto& d : c.diags.items())
    if (d.severity == grammar::Severity::kWarning) warnings.push_back(d.message);
  CHECK(std::count_if(warnings.begin(), warnings.end(), [](const std::string& w) {
          return w.find("javascript:alert(1)") != std::string::npos;
        }) == 1);
  CHECK(std::count(warnings.begin(), warnings.end(),
                   "no element is named \"ghost\"; its url is ignored") == 1);
  CHECK(c.diags.ErrorCount() == 0);
}

TEST_CASE("LowerComponent: a url line that is not `url of X is [[…]]` is reported") {
  Compiled odd("[a]\nurl of a is http://bare.example\n");
  CHECK(odd.graph().nodes[odd.Node("a")].link == "");
  CHECK(odd.FirstMessage(grammar::Severity::kWarning) == "\"url\" is ignored");
  Compiled nameless("[a]\nurl of \"\" is [[https://x.example]]\n");
  REQUIRE(nameless.diags.ErrorCount() == 1);
  CHECK(nameless.FirstMessage() == "expected an element's name after \"url of\"");
  CHECK(nameless.diags.items()[0].span.begin == 11);  // the empty name, line 2 column 8
}

TEST_CASE("SanitizeUrl keeps http, https, mailto and relative links only") {
  CHECK(compiler::SanitizeUrl("http://a") == "http://a");
  CHECK(compiler::SanitizeUrl("HTTPS://a") == "HTTPS://a");
  CHECK(compiler::SanitizeUrl("mailto:x@y") == "mailto:x@y");
  CHECK(compiler::SanitizeUrl("a/b.html#c") == "a/b.html#c");
  CHECK(compiler::SanitizeUrl("javascript:alert(1)") == "");
  CHECK(compiler::SanitizeUrl("data:text/html,x") == "");
  CHECK(compiler::SanitizeUrl("file:///etc/passwd") == "");
}

TEST_CASE("LowerComponent: C4 relations keep stereotypes, links and their written order") {
  Compiled c(
      "@startuml\n"
      "rectangle a\nrectangle b\n"
      "a <<-- b <<async>> : **[[https://docs.example/rel Uses]]**\n"
      "a -->> b : **[[javascript:alert(1) Bad]]**\n"
      "@enduml\n");
  const auto& g = c.graph();
  REQUIRE(g.edges.size() == 2);
  CHECK(g.edges[0].from.index == c.Node("b"));  // drawn from b …
  CHECK(g.edges[0].reversed);                    // … laid out with a first
  CHECK(g.edges[0].head == ArrowHead::kOpen);
  CHECK(g.edges[0].stereotypes == std::vector<std::string>{"async"});
  CHECK(g.edges[0].link == "https://docs.example/rel");
  CHECK(g.edges[0].label.Plain() == "Uses");
  CHECK_FALSE(g.edges[1].reversed);
  CHECK(g.edges[1].link.empty());  // sanitised away
}
