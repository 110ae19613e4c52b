// Mermaid front: text → syntax tree for the three diagram types diagc draws
// (flowchart / graph, sequenceDiagram, erDiagram). Names are not resolved
// here; compiler/lower_mermaid*.cpp does that.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/source.hpp"

namespace dg::grammar::mermaid {

/// Label text as written: without its quotes or brackets, entity codes
/// (`#quot;`), `<br>` and markdown still in it; lowering decodes them.
struct Text {
  std::string value;
  bool markdown = false;  ///< "`…`" markdown string
  Span span;
};

/// `fill:#f9f`, `stroke-width:4px` … as written.
struct StyleProp {
  std::string name;
  std::string value;
};

// ------------------------------------------------------------- flowchart

struct FlowNode {
  std::string id;
  Span span;
  std::string shape;              ///< "" when not given; else a shape name ("rect", "stadium" …)
  Span shape_span;                ///< of the shape name in `@{ shape: … }`
  std::optional<Text> label;
  std::vector<std::string> classes;  ///< `:::cls`
  std::string link;               ///< `@{ … link: … }` is not Mermaid; filled by click statements
};

/// A link between two node groups: `-->`, `-- text ---`, `==>|text|`, `~~~` …
struct FlowLink {
  char line = '-';     ///< '-' normal, '=' thick, '.' dotted, '~' invisible
  char head = 0;       ///< '>' arrow, 'o' circle, 'x' cross, 0 none
  char tail = 0;       ///< same, at the source end (`<-->`, `o--o`)
  int length = 1;      ///< Mermaid's length: 1 for `-->`, 2 for `--->` …
  std::optional<Text> label;
  std::string id;      ///< `e1@-->`
  Span span;
};

/// `A & B --> C -- x --> D`: groups.size() == links.size() + 1.
struct FlowChain {
  std::vector<std::vector<FlowNode>> groups;
  std::vector<FlowLink> links;
  Span span;
};

struct SubgraphStart {
  std::string id;     ///< empty: Mermaid generates "subGraphN"
  std::optional<Text> title;
  Span span;
};
struct SubgraphEnd {
  Span span;
};
struct FlowDirection {
  std::string value;  ///< TB, BT, LR, RL
  Span span;
};
struct ClassDef {
  std::vector<std::string> names;
  std::vector<StyleProp> props;
  Span span;
};
struct ClassAssign {
  std::vector<std::string> ids;
  std::string cls;
  Span span;
};
struct NodeStyle {
  std::string id;
  std::vector<StyleProp> props;
  Span span;
};
struct LinkStyle {
  bool all = false;              ///< `linkStyle default`
  std::vector<int> indices;
  std::vector<StyleProp> props;
  Span span;
};
struct Click {
  std::string id;
  std::string url;               ///< empty for callbacks
  std::string tooltip;
  Span span;
};

using FlowStatement = std::variant<FlowChain, SubgraphStart, SubgraphEnd, FlowDirection, ClassDef,
                                   ClassAssign, NodeStyle, LinkStyle, Click>;

struct Flowchart {
  std::string direction = "TB";
  std::vector<FlowStatement> statements;
};

// -------------------------------------------------------------- sequence

struct SeqParticipant {
  std::string kind = "participant";  ///< participant, actor, boundary, control, entity, database, collections, queue
  std::string id;
  std::optional<Text> alias;         ///< `as Alias text`
  bool create = false;               ///< `create participant X`
  Span span;
};

struct SeqMessage {
  std::string from, to;
  Span from_span, to_span;
  std::string arrow;     ///< as written: "->>", "-->>", "->", "-->", "-x", "--x", "-)", "--)", "<<->>", "<<-->>"
  char activation = 0;   ///< '+' activates the target, '-' deactivates the source
  Text text;
  Span span;
};

struct SeqNote {
  std::string position;  ///< "left of", "right of", "over"
  std::string first, second;  ///< second is empty unless `over A,B`
  Span first_span, second_span;
  Text text;
  Span span;
};

struct SeqActivation {
  bool activate = true;
  std::string id;
  Span id_span;
  Span span;
};

struct SeqDestroy {
  std::string id;
  Span id_span;
  Span span;
};

/// loop, alt, opt, par, par_over, critical, break, rect; and their else /
/// and / option sections; `end` closes the innermost block (or box).
struct SeqBlockStart {
  std::string op;
  Text text;
  Span span;
};
struct SeqBlockElse {
  std::string op;  ///< else, and, option
  Text text;
  Span span;
};
struct SeqEnd {
  Span span;
};
struct SeqBoxStart {
  std::string color;
  Text label;
  Span span;
};
struct SeqAutonumber {
  bool on = true;
  int start = 1;
  int step = 1;
  Span span;
};
struct SeqLink {
  std::string id;
  Span id_span;
  std::string label;
  std::string url;
  Span span;
};

using SeqStatement = std::variant<SeqParticipant, SeqMessage, SeqNote, SeqActivation, SeqDestroy,
                                  SeqBlockStart, SeqBlockElse, SeqEnd, SeqBoxStart, SeqAutonumber,
                                  SeqLink>;

struct Sequence {
  std::vector<SeqStatement> statements;
  std::optional<Text> title;  ///< `title …` statement
};

// -------------------------------------------------------------------- ER

struct ErAttribute {
  std::string type;
  std::string name;
  std::vector<std::string> keys;  ///< PK, FK, UK
  std::string comment;
  Span span;
};

struct ErEntity {
  std::string id;
  std::optional<Text> alias;  ///< `p[Person]`
  std::vector<ErAttribute> attributes;
  std::vector<std::string> classes;  ///< `:::cls`
  Span span;
};

/// Cardinality at one end: "|o" "||" "}o" "}|" (left) or "o|" "||" "o{" "|{"
/// (right), normalised to one of: zero-or-one, one, zero-or-more, one-or-more.
enum class ErCardinality { kZeroOrOne, kOne, kZeroOrMore, kOneOrMore };

struct ErRelationship {
  std::string a, b;
  Span a_span, b_span;
  ErCardinality a_card = ErCardinality::kOne;
  ErCardinality b_card = ErCardinality::kOne;
  bool identifying = true;  ///< `--` (solid) vs `..` (dashed)
  Text label;
  Span span;
};

struct ErDirection {
  std::string value;
  Span span;
};

using ErStatement = std::variant<ErEntity, ErRelationship, ErDirection, ClassDef, ClassAssign,
                                 NodeStyle>;

struct Er {
  std::vector<ErStatement> statements;
};

// -------------------------------------------------------------- document

/// Settings from the `---` front matter and `%%{init: …}%%` directives.
struct Config {
  std::optional<Text> title;
  std::string theme;   ///< Mermaid theme name, as written
  Span theme_span;
  bool hand_drawn = false;  ///< `look: handDrawn`
};

using Body = std::variant<Flowchart, Sequence, Er>;

struct Document {
  Config config;
  std::string type;   ///< the header word: "flowchart", "graph", "sequenceDiagram", "erDiagram"
  Span type_span;
  Body body;
};

/// Parses a whole Mermaid file. Reports every syntax error it finds (the
/// parsers recover at the next statement); nullopt when the diagram type is
/// missing or is one diagc does not draw (one error naming it).
std::optional<Document> ParseMermaid(const SourceFile& file, Diagnostics& diags);

/// True when `text` looks like Mermaid: its first meaningful line starts with
/// a Mermaid diagram type (after an optional front matter and directives).
bool LooksLikeMermaid(std::string_view text);

}  // namespace dg::grammar::mermaid
