// The Mermaid front, one syntax form per row: what each parses to, and the
// exact first diagnostic for each kind of mistake.
#include <doctest/doctest.h>

#include <string>

#include "grammar/mermaid.hpp"

namespace dg::grammar::mermaid {
namespace {

struct Parsed {
  SourceFile file;
  Diagnostics diags;
  std::optional<Document> doc;
  explicit Parsed(std::string text) : file("t.mmd", std::move(text)), diags(file), doc(ParseMermaid(file, diags)) {}
  std::string FirstError() const {
    for (const Diagnostic& d : diags.items()) {
      if (d.severity != Severity::kError) continue;
      LineCol at = file.Locate(d.span.begin);
      return std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + d.message;
    }
    return "";
  }
};

const Flowchart& Chart(const Parsed& p) {
  REQUIRE(p.doc);
  REQUIRE(p.diags.ErrorCount() == 0);
  return std::get<Flowchart>(p.doc->body);
}

const FlowChain& FirstChain(const Parsed& p) {
  for (const FlowStatement& st : Chart(p).statements)
    if (const auto* chain = std::get_if<FlowChain>(&st)) return *chain;
  FAIL("no chain");
  static FlowChain none;
  return none;
}

TEST_CASE("mermaid flowchart: every node shape, with its text") {
  struct Row {
    const char* node;
    const char* shape;
    const char* text;
  };
  const Row rows[] = {
      {"A", "", ""},
      {"A[Text]", "square", "Text"},
      {"A(Text)", "round", "Text"},
      {"A([Text])", "stadium", "Text"},
      {"A[[Text]]", "subroutine", "Text"},
      {"A[(Text)]", "cylinder", "Text"},
      {"A((Text))", "circle", "Text"},
      {"A>Text]", "odd", "Text"},
      {"A{Text}", "diamond", "Text"},
      {"A{{Text}}", "hexagon", "Text"},
      {"A[/Text/]", "lean_right", "Text"},
      {"A[\\Text\\]", "lean_left", "Text"},
      {"A[/Text\\]", "trapezoid", "Text"},
      {"A[\\Text/]", "inv_trapezoid", "Text"},
      {"A(((Text)))", "doublecircle", "Text"},
      {"A(-Text-)", "ellipse", "Text"},
      {"A[\"Text (with) [brackets]\"]", "square", "Text (with) [brackets]"},
      {"A[\"`**md** text`\"]", "square", "**md** text"},
      {"A@{ shape: stadium, label: \"Text\" }", "stadium", "Text"},
      {"A@{ shape: lean-r }", "lean-r", ""},
      {"A@{\n  shape: doc\n  label: \"Two, words\"\n}", "doc", "Two, words"},
      {"LINE-ITEM.x_1[Text]", "square", "Text"},
      {"Ünïcødé[Text]", "square", "Text"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.node);
    Parsed p(std::string("flowchart LR\n  ") + row.node + "\n");
    const FlowNode& n = FirstChain(p).groups.at(0).at(0);
    CHECK(n.shape == row.shape);
    CHECK((n.label ? n.label->value : "") == row.text);
  }
  Parsed md("flowchart LR\n  A[\"`x`\"]\n");
  CHECK(FirstChain(md).groups[0][0].label->markdown);
}

TEST_CASE("mermaid flowchart: every link form") {
  struct Row {
    const char* link;
    char line, head, tail;
    int length;
    const char* label;
  };
  const Row rows[] = {
      {"-->", '-', '>', 0, 1, nullptr},       {"---", '-', 0, 0, 1, nullptr},
      {"--->", '-', '>', 0, 2, nullptr},      {"----", '-', 0, 0, 2, nullptr},
      {"---->", '-', '>', 0, 3, nullptr},     {"-.->", '.', '>', 0, 1, nullptr},
      {"-.-", '.', 0, 0, 1, nullptr},         {"-..->", '.', '>', 0, 2, nullptr},
      {"==>", '=', '>', 0, 1, nullptr},       {"===", '=', 0, 0, 1, nullptr},
      {"===>", '=', '>', 0, 2, nullptr},      {"~~~", '~', 0, 0, 1, nullptr},
      {"--o", '-', 'o', 0, 1, nullptr},       {"--x", '-', 'x', 0, 1, nullptr},
      {"<-->", '-', '>', '>', 1, nullptr},    {"o--o", '-', 'o', 'o', 1, nullptr},
      {"x--x", '-', 'x', 'x', 1, nullptr},    {"<==>", '=', '>', '>', 1, nullptr},
      {"-->|text|", '-', '>', 0, 1, "text"},  {"---|text|", '-', 0, 0, 1, "text"},
      {"-- text -->", '-', '>', 0, 1, "text"}, {"-- text ---", '-', 0, 0, 1, "text"},
      {"-- text ---->", '-', '>', 0, 3, "text"}, {"-. text .->", '.', '>', 0, 1, "text"},
      {"== text ==>", '=', '>', 0, 1, "text"}, {"-- \"quoted -->\" -->", '-', '>', 0, 1, "quoted -->"},
      {"-->|\"quoted | pipe\"|", '-', '>', 0, 1, "quoted | pipe"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.link);
    Parsed p(std::string("graph LR\n  A ") + row.link + " B\n");
    const FlowChain& c = FirstChain(p);
    REQUIRE(c.links.size() == 1);
    const FlowLink& l = c.links[0];
    CHECK(l.line == row.line);
    CHECK(l.head == row.head);
    CHECK(l.tail == row.tail);
    CHECK(l.length == row.length);
    CHECK((l.label ? l.label->value : "") == std::string(row.label ? row.label : ""));
    CHECK(c.groups[1][0].id == "B");
  }
}

TEST_CASE("mermaid flowchart: chains, groups, classes, ids, semicolons and comments") {
  Parsed p("graph TD; A & B:::hot --> C -- x --> D & E; F e1@--> G %% a comment\n%% a line comment\n");
  const Flowchart& f = Chart(p);
  CHECK(f.direction == "TB");
  REQUIRE(f.statements.size() == 2);
  const auto& chain = std::get<FlowChain>(f.statements[0]);
  REQUIRE(chain.groups.size() == 3);
  CHECK(chain.groups[0].size() == 2);
  CHECK(chain.groups[0][1].classes == std::vector<std::string>{"hot"});
  CHECK(chain.groups[2][1].id == "E");
  CHECK(std::get<FlowChain>(f.statements[1]).links[0].id == "e1");
  // Mermaid's quirk: "---o" ends in a circle, so "A---oB" links A to B.
  CHECK(FirstChain(Parsed("graph LR\nA---oB\n")).groups[1][0].id == "B");
  CHECK(FirstChain(Parsed("graph LR\ndev--- ops\n")).groups[1][0].id == "ops");
}

TEST_CASE("mermaid flowchart: directions, subgraphs and statements") {
  for (auto [header, dir] : {std::pair{"graph", "TB"}, {"graph TD", "TB"}, {"flowchart LR", "LR"},
                             {"flowchart RL", "RL"}, {"flowchart BT", "BT"}, {"flowchart-elk TB", "TB"}}) {
    CHECK(Chart(Parsed(std::string(header) + "\nA\n")).direction == dir);
  }
  Parsed p(
      "flowchart TB\n"
      "subgraph one\n  direction LR\n  a1\nend\n"
      "subgraph ide1 [Title words]\nend\n"
      "subgraph Two words\nend\n"
      "subgraph \"quoted\"\nend\n"
      "classDef hot,cold fill:#f96,stroke:#333;\n"
      "class a1,b hot\n"
      "style a1 fill:#bbf,stroke-width:2px\n"
      "linkStyle 0,2 stroke:red\n"
      "linkStyle default interpolate basis stroke:blue\n"
      "click a1 \"https://x.org\" \"tip\" _blank\n"
      "click a1 href \"https://y.org\"\n"
      "click a1 call cb(1, 2) \"tip\"\n"
      "click a1 callback\n"
      "accTitle: A title\n"
      "accDescr { several\nlines }\n");
  const auto& st = Chart(p).statements;
  REQUIRE(st.size() == 19);  // accTitle and accDescr are read and dropped
  CHECK(std::get<SubgraphStart>(st[0]).id == "one");
  CHECK(std::get<FlowDirection>(st[1]).value == "LR");
  CHECK(std::get<SubgraphStart>(st[4]).id == "ide1");
  CHECK(std::get<SubgraphStart>(st[4]).title->value == "Title words");
  CHECK(std::get<SubgraphStart>(st[6]).id.empty());  // words with a blank: Mermaid makes an id
  CHECK(std::get<SubgraphStart>(st[6]).title->value == "Two words");
  CHECK(std::get<SubgraphStart>(st[8]).id == "quoted");
  const auto& def = std::get<ClassDef>(st[10]);
  CHECK(def.names == std::vector<std::string>{"hot", "cold"});
  REQUIRE(def.props.size() == 2);
  CHECK(def.props[1].name == "stroke");
  CHECK(def.props[1].value == "#333");
  CHECK(std::get<ClassAssign>(st[11]).ids == std::vector<std::string>{"a1", "b"});
  CHECK(std::get<NodeStyle>(st[12]).props.size() == 2);
  CHECK(std::get<LinkStyle>(st[13]).indices == std::vector<int>{0, 2});
  CHECK(std::get<LinkStyle>(st[14]).all);
  CHECK(std::get<Click>(st[15]).url == "https://x.org");
  CHECK(std::get<Click>(st[15]).tooltip == "tip");
  CHECK(std::get<Click>(st[16]).url == "https://y.org");
  CHECK(std::get<Click>(st[17]).url.empty());
  CHECK(std::get<Click>(st[17]).tooltip == "tip");
  CHECK(std::get<Click>(st[18]).url.empty());
}

TEST_CASE("mermaid: front matter and directives set title, theme and look") {
  Parsed p("---\ntitle: \"My chart\"\nconfig:\n  theme: dark\n  look: handDrawn\n---\ngraph LR\nA\n");
  REQUIRE(p.doc);
  CHECK(p.doc->config.title->value == "My chart");
  CHECK(p.doc->config.theme == "dark");
  CHECK(p.doc->config.hand_drawn);
  Parsed d("%%{init: {'theme': 'neutral', \"themeVariables\": {\"primaryColor\": \"#fff\"}}}%%\nsequenceDiagram\nA->>B: x\n");
  REQUIRE(d.doc);
  CHECK(d.doc->config.theme == "neutral");
  CHECK(std::holds_alternative<Sequence>(d.doc->body));
  CHECK(LooksLikeMermaid("\n%% comment\n  erDiagram\n"));
  CHECK(LooksLikeMermaid("---\ntitle: x\n---\ngantt\n"));
  CHECK_FALSE(LooksLikeMermaid("@startuml\nA -> B\n@enduml\n"));
}

TEST_CASE("mermaid sequence: every arrow, activation shortcut and statement") {
  for (const char* arrow : {"->>", "-->>", "->", "-->", "-x", "--x", "-)", "--)", "<<->>", "<<-->>"}) {
    CAPTURE(arrow);
    Parsed p(std::string("sequenceDiagram\nLINE-ITEM") + arrow + "+Bob Smith: hi: there\n");
    REQUIRE(p.diags.ErrorCount() == 0);
    const auto& m = std::get<SeqMessage>(std::get<Sequence>(p.doc->body).statements.at(0));
    CHECK(m.from == "LINE-ITEM");
    CHECK(m.arrow == arrow);
    CHECK(m.activation == '+');
    CHECK(m.to == "Bob Smith");
    CHECK(m.text.value == "hi: there");
  }
  Parsed p(
      "sequenceDiagram\n"
      "  title: Hello\n"
      "  participant A as Alice<br/>Smith\n"
      "  actor B\n"
      "  participant D@{ \"type\": \"database\" }\n"
      "  create participant C\n"
      "  A->>C: x; destroy C; C-->>A: y #35; z # comment\n"
      "  activate A\n  deactivate A\n"
      "  Note left of A: l\n  note RIGHT OF B: r\n  Note over A,B: o\n"
      "  loop every minute\n  alt a\n  else b\n  end\n  par p\n  and q\n  end\n"
      "  critical c\n  option o\n  end\n  break b\n  end\n  rect rgb(1, 2, 3)\n  end\n  end\n"
      "  autonumber 10 5\n  autonumber off\n"
      "  box Aqua Group one\n  end\n  box Not a colour\n  end\n"
      "  link A: Dash @ https://x.org\n  links B: {\"Wiki\": \"https://w.org\"}\n");
  REQUIRE(p.diags.ErrorCount() == 0);
  const Sequence& s = std::get<Sequence>(p.doc->body);
  CHECK(s.title->value == "Hello");
  const auto& st = s.statements;
  CHECK(std::get<SeqParticipant>(st[0]).alias->value == "Alice<br/>Smith");
  CHECK(std::get<SeqParticipant>(st[1]).kind == "actor");
  CHECK(std::get<SeqParticipant>(st[2]).kind == "database");
  CHECK(std::get<SeqParticipant>(st[3]).create);
  CHECK(std::get<SeqDestroy>(st[5]).id == "C");
  CHECK(std::get<SeqMessage>(st[6]).text.value == "y #35; z");
  CHECK_FALSE(std::get<SeqActivation>(st[8]).activate);
  CHECK(std::get<SeqNote>(st[9]).position == "left of");
  CHECK(std::get<SeqNote>(st[10]).position == "right of");
  CHECK(std::get<SeqNote>(st[11]).second == "B");
  CHECK(std::get<SeqBlockStart>(st[12]).text.value == "every minute");
  CHECK(std::get<SeqBlockElse>(st[14]).op == "else");
  CHECK(std::get<SeqBlockStart>(st[24]).op == "rect");
  CHECK(std::get<SeqAutonumber>(st[27]).start == 10);
  CHECK(std::get<SeqAutonumber>(st[27]).step == 5);
  CHECK_FALSE(std::get<SeqAutonumber>(st[28]).on);
  CHECK(std::get<SeqBoxStart>(st[29]).color == "Aqua");
  CHECK(std::get<SeqBoxStart>(st[29]).label.value == "Group one");
  CHECK(std::get<SeqBoxStart>(st[31]).color.empty());
  CHECK(std::get<SeqLink>(st[33]).url == "https://x.org");
  CHECK(std::get<SeqLink>(st[34]).url == "https://w.org");
}

TEST_CASE("mermaid ER: entities, attributes, every cardinality and line") {
  struct Row {
    const char* rel;
    ErCardinality a, b;
    bool identifying;
  };
  const Row rows[] = {
      {"||--||", ErCardinality::kOne, ErCardinality::kOne, true},
      {"|o..o|", ErCardinality::kZeroOrOne, ErCardinality::kZeroOrOne, false},
      {"}o--o{", ErCardinality::kZeroOrMore, ErCardinality::kZeroOrMore, true},
      {"}|..|{", ErCardinality::kOneOrMore, ErCardinality::kOneOrMore, false},
      {"only one to zero or more", ErCardinality::kOne, ErCardinality::kZeroOrMore, true},
      {"one or zero optionally to one or many", ErCardinality::kZeroOrOne, ErCardinality::kOneOrMore, false},
      {"many(0) to many(1)", ErCardinality::kZeroOrMore, ErCardinality::kOneOrMore, true},
      {"1+ to 0+", ErCardinality::kOneOrMore, ErCardinality::kZeroOrMore, true},
      {"1 to zero or one", ErCardinality::kOne, ErCardinality::kZeroOrOne, true},
  };
  for (const Row& row : rows) {
    CAPTURE(row.rel);
    Parsed p(std::string("erDiagram\n  A ") + row.rel + " B-2 : \"a label\"\n");
    REQUIRE(p.diags.ErrorCount() == 0);
    const auto& r = std::get<ErRelationship>(std::get<Er>(p.doc->body).statements.at(0));
    CHECK(r.a_card == row.a);
    CHECK(r.b_card == row.b);
    CHECK(r.identifying == row.identifying);
    CHECK(r.b == "B-2");
    CHECK(r.label.value == "a label");
  }
  Parsed p(
      "erDiagram\n  direction LR\n  p[\"Person Name\"]:::big {\n    string name PK, FK \"the name\"\n"
      "    *int id\n    string(99)[] tags UK\n  }\n  \"quoted name\" ||--o{ p : owns\n"
      "  classDef big fill:#eee\n  class p big\n  style p stroke:#000\n");
  REQUIRE(p.diags.ErrorCount() == 0);
  const auto& st = std::get<Er>(p.doc->body).statements;
  CHECK(std::get<ErDirection>(st[0]).value == "LR");
  const auto& e = std::get<ErEntity>(st[1]);
  CHECK(e.alias->value == "Person Name");
  CHECK(e.classes == std::vector<std::string>{"big"});
  REQUIRE(e.attributes.size() == 3);
  CHECK(e.attributes[0].keys == std::vector<std::string>{"PK", "FK"});
  CHECK(e.attributes[0].comment == "the name");
  CHECK(e.attributes[1].type == "*int");
  CHECK(e.attributes[2].type == "string(99)[]");
  CHECK(std::get<ErRelationship>(st[2]).a == "quoted name");
}

TEST_CASE("mermaid: each mistake gives its exact first diagnostic") {
  struct Row {
    const char* text;
    const char* error;
  };
  const Row rows[] = {
      {"", "1:1: expected a Mermaid diagram type (flowchart, graph, sequenceDiagram, erDiagram), got end of file"},
      {"hello\n", "1:1: expected a Mermaid diagram type (flowchart, graph, sequenceDiagram, erDiagram), got \"hello\""},
      {"pie\n  \"a\" : 1\n",
       "1:1: Mermaid diagram type \"pie\" is not supported: diagc draws flowchart (graph), sequenceDiagram and erDiagram"},
      {"---\ntitle: x\ngraph TD\n", "1:1: front matter opened with \"---\" is never closed: expected a \"---\" line"},
      {"%%{init: {}\ngraph TD\n", "1:1: directive opened with \"%%{\" is never closed: expected \"}%%\""},
      {"graph XY\n", "1:7: unexpected \"XY\", expected a direction (TB, TD, BT, LR, RL) or the end of the line after the diagram type"},
      {"graph TD\n  A[open --> B\n", "2:4: \"[\" is never closed: expected \"]\" after the text"},
      {"graph TD\n  A((x) --> B\n", "2:4: \"((\" is never closed: expected \"))\" after the text"},
      {"graph TD\n  A[\"open] --> B\n", "2:5: string is never closed: expected a closing '\"'"},
      {"graph TD\n  A -->\n", "2:8: unexpected end of line, expected a node id"},
      {"graph TD\n  A -> B\n", "2:5: unexpected \"->\", expected a link (\"-->\", \"---\", \"-.->\", \"==>\" …), \"&\" or the end of the statement"},
      {"graph TD\n  A -- text B\n", "2:5: link text is never closed: expected \"-->\" or \"---\" after the text"},
      {"graph TD\n  subgraph S\n  A\n", "2:3: subgraph is never closed: expected \"end\""},
      {"graph TD\n  end\n", "2:3: \"end\" without an open subgraph"},
      {"graph TD\n  direction up\n", "2:13: unexpected \"up\", expected a direction (TB, BT, LR, RL) after \"direction\""},
      {"graph TD\n  A@{ shape: rect\n", "2:4: \"@{\" is never closed: expected \"}\""},
      {"graph TD\n  linkStyle x stroke:red\n", "2:13: unexpected \"x\", expected link numbers (0,1,…) or \"default\" after \"linkStyle\""},
      {"graph TD\n  A e1@ B\n", "2:9: unexpected \"B\", expected a link after the edge id \"e1@\""},
      {"sequenceDiagram\n  A->>B\n", "2:8: unexpected end of line, expected \":\" and the message text after \"B\""},
      {"sequenceDiagram\n  A=>B: x\n", "2:3: unexpected \"A=>B:\", expected a statement (participant, Note, loop, alt …) or a message \"A->>B: text\" (arrows ->> -->> -> --> -x --x -) --) <<->>)"},
      {"sequenceDiagram\n  Note above A: x\n", "2:8: unexpected \"above\", expected \"left of\", \"right of\" or \"over\" after \"Note\""},
      {"sequenceDiagram\n  loop x\n", "2:3: block is never closed: expected \"end\""},
      {"sequenceDiagram\n  end\n", "2:3: \"end\" without an open block or box"},
      {"sequenceDiagram\n  create A\n", "2:10: unexpected \"A\", expected \"participant\" or \"actor\" after \"create\""},
      {"sequenceDiagram\n  autonumber x\n", "2:14: unexpected \"x\", expected a number or \"off\" after \"autonumber\""},
      {"erDiagram\n  A ||--o{ B\n", "2:13: unexpected end of line, expected \":\" and the relationship label after \"B\""},
      {"erDiagram\n  A ||--xx B : y\n", "2:9: unexpected \"xx\", expected the second cardinality (\"||\", \"o|\", \"o{\", \"|{\" or words like \"zero or more\")"},
      {"erDiagram\n  A ||~~o{ B : y\n", "2:7: unexpected \"~~o{\", expected the relationship's line (\"--\", \"..\", \"to\", \"optionally to\")"},
      {"erDiagram\n  A {\n    string\n  }\n", "3:11: unexpected end of line, expected an attribute \"type name\" or \"}\""},
      {"erDiagram\n  A {\n    string a\n", "2:5: \"{\" of entity \"A\" is never closed: expected \"}\""},
      {"erDiagram\n  A B\n", "2:5: unexpected \"B\", expected a relationship (\"||--o{\" …), \"{\" or the end of the line after the entity"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    Parsed p(row.text);
    CHECK(p.FirstError() == row.error);
  }
}

}  // namespace
}  // namespace dg::grammar::mermaid
