// Mermaid flowchart (`flowchart` / `graph`) statements, as Mermaid 11's
// flow.jison reads them: node chains with shapes and links, subgraphs,
// direction, classDef / class / style / linkStyle, click.
#include <algorithm>

#include "grammar/mermaid_scan.hpp"
#include "grammar/text.hpp"

namespace dg::grammar::mermaid::detail {
namespace {

constexpr int kMaxSubgraphDepth = 1000;  // hostile nesting bound, as for PlantUML containers

/// Node shapes written with brackets: opener, closer, Mermaid's shape name.
/// Longer openers come first so `((` is not read as `(`.
struct Bracket {
  std::string_view open, close, shape;
};
constexpr Bracket kBrackets[] = {
    {"(((", ")))", "doublecircle"}, {"((", "))", "circle"},    {"(-", "-)", "ellipse"},
    {"([", "])", "stadium"},        {"(", ")", "round"},       {"[[", "]]", "subroutine"},
    {"[(", ")]", "cylinder"},       {"[/", "/]", "lean_right"}, {"[/", "\\]", "trapezoid"},
    {"[\\", "\\]", "lean_left"},     {"[\\", "/]", "inv_trapezoid"}, {"[", "]", "square"},
    {"{{", "}}", "hexagon"},        {"{", "}", "diamond"},     {">", "]", "odd"},
};

constexpr Bracket kSquare = {"[", "]", "square"};
constexpr Bracket kPipes = {"|", "|", ""};

class FlowchartParser {
 public:
  FlowchartParser(const Prepared& p, Diagnostics& diags)
      : s_(p.text, p.body, static_cast<uint32_t>(p.text.size())), diags_(diags) {}

  Flowchart Run() {
    ParseHeader();
    while (true) {
      SkipSeparators();
      if (s_.AtEnd()) break;
      uint32_t start = s_.pos();
      if (!ParseStatement() || !EndOfStatement()) Recover(start);
    }
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      diags_.Error(*it, "mermaid-syntax", "subgraph is never closed: expected \"end\"");
    }
    return std::move(chart_);
  }

 private:
  void ParseHeader();
  bool ParseStatement();
  bool EndOfStatement();
  void Recover(uint32_t start);
  void SkipSeparators();
  bool AtSeparator() const { return s_.AtEnd() || s_.Peek() == '\n' || s_.Peek() == ';'; }
  Span From(uint32_t start) const { return {start, std::max(s_.pos(), start + 1)}; }

  bool ParseSubgraph(uint32_t start);
  bool ParseEnd(uint32_t start);
  bool ParseDirection(uint32_t start);
  bool ParseLinkStyle(uint32_t start);
  bool ParseClick(uint32_t start);
  bool SkipAccessibility();
  bool ParseChain(uint32_t start);
  bool ParseGroup(std::vector<FlowNode>* group);
  bool ParseNode(FlowNode* node);
  bool ParseId(std::string* id);
  bool ParseShape(FlowNode* node);
  bool ParseShapeData(FlowNode* node);
  bool ParseBracketText(const Bracket& b, uint32_t open_at, Text* text,
                        const Bracket** closed = nullptr);
  bool ParseString(Text* text);
  bool TryLink(FlowLink* link, bool* error);
  bool ParseEndLink(FlowLink* link, bool required_line, char line);
  bool ParseLinkText(FlowLink* link, char line, uint32_t start);
  bool AtClosingLink(char line) const;

  Scanner s_;
  Diagnostics& diags_;
  Flowchart chart_;
  std::vector<Span> open_;  // subgraphs not yet closed
};

void FlowchartParser::ParseHeader() {
  s_.SkipBlanks();
  if (AtSeparator()) return;
  std::string dir = ReadDirection(s_);
  if (dir.empty()) {
    Expected(s_, "a direction (TB, TD, BT, LR, RL) or the end of the line after the diagram type", diags_);
    s_.Until("\n;");
    return;
  }
  chart_.direction = dir;
}

void FlowchartParser::SkipSeparators() {
  while (!s_.AtEnd()) {
    char c = s_.Peek();
    if (c == '\n' || c == ';' || c == ' ' || c == '\t' || c == '\r') {
      s_.Advance();
    } else if (s_.StartsWith("%%")) {
      s_.Until("\n");
    } else {
      break;
    }
  }
}

bool FlowchartParser::EndOfStatement() {
  s_.SkipBlanks();
  if (s_.StartsWith("%%")) s_.Until("\n");
  if (AtSeparator()) return true;
  Expected(s_, "a link (\"-->\", \"---\", \"-.->\", \"==>\" …), \"&\" or the end of the statement",
           diags_);
  return false;
}

/// Skips the rest of a bad statement. A statement never ends inside a
/// bracket or string, but after an error we cannot trust those, so the
/// next line is where parsing resumes.
void FlowchartParser::Recover(uint32_t start) {
  if (s_.pos() <= start) s_.Advance();
  s_.Until("\n");
}

bool FlowchartParser::ParseStatement() {
  uint32_t start = s_.pos();
  if (s_.EatKeyword("subgraph")) return ParseSubgraph(start);
  if (s_.EatKeyword("end")) return ParseEnd(start);
  if (s_.EatKeyword("direction")) return ParseDirection(start);
  if (s_.EatKeyword("classDef")) {
    ClassDef def;
    if (!ParseClassDef(s_, From(start), diags_, &def)) return false;
    chart_.statements.push_back(std::move(def));
    return true;
  }
  if (s_.EatKeyword("class")) {
    ClassAssign assign;
    if (!ParseClassAssign(s_, From(start), diags_, &assign)) return false;
    chart_.statements.push_back(std::move(assign));
    return true;
  }
  if (s_.EatKeyword("style")) {
    NodeStyle style;
    if (!ParseNodeStyle(s_, From(start), diags_, &style)) return false;
    chart_.statements.push_back(std::move(style));
    return true;
  }
  if (s_.EatKeyword("linkStyle")) return ParseLinkStyle(start);
  if (s_.EatKeyword("click")) return ParseClick(start);
  if (s_.StartsWith("accTitle") || s_.StartsWith("accDescr")) return SkipAccessibility();
  return ParseChain(start);
}

// ------------------------------------------------------------- subgraphs

bool FlowchartParser::ParseSubgraph(uint32_t start) {
  if (open_.size() >= kMaxSubgraphDepth) {
    diags_.Error(From(start), "mermaid-syntax",
                 "subgraphs nested deeper than " + std::to_string(kMaxSubgraphDepth) + " levels");
    return false;
  }
  SubgraphStart sg;
  s_.SkipBlanks();
  if (s_.Peek() == '"') {
    Text title;
    if (!ParseString(&title)) return false;
    if (title.value.find_first_of(" \t\n") == std::string::npos) sg.id = title.value;
    sg.title = std::move(title);
  } else if (!AtSeparator()) {
    uint32_t at = s_.pos();
    std::string_view words = Trim(s_.Until("[\n;"));
    if (s_.Peek() == '[') {
      uint32_t open_at = s_.pos();
      s_.Advance();
      Text title;
      if (!ParseBracketText(kSquare, open_at, &title)) return false;
      sg.id = std::string(words);
      sg.title = std::move(title);
    } else {
      if (words.find_first_of(" \t") == std::string_view::npos) sg.id = std::string(words);
      sg.title = Text{std::string(words), false, {at, at + static_cast<uint32_t>(words.size())}};
    }
  }
  sg.span = From(start);
  open_.push_back(sg.span);
  chart_.statements.push_back(std::move(sg));
  return true;
}

bool FlowchartParser::ParseEnd(uint32_t start) {
  if (open_.empty()) {
    diags_.Error(From(start), "mermaid-syntax", "\"end\" without an open subgraph");
    return false;
  }
  open_.pop_back();
  chart_.statements.push_back(SubgraphEnd{From(start)});
  return true;
}

bool FlowchartParser::ParseDirection(uint32_t start) {
  s_.SkipBlanks();
  std::string dir = ReadDirection(s_);
  if (dir.empty()) {
    Expected(s_, "a direction (TB, BT, LR, RL) after \"direction\"", diags_);
    return false;
  }
  chart_.statements.push_back(FlowDirection{dir, From(start)});
  return true;
}

// ------------------------------------------------------ styles and clicks

bool FlowchartParser::ParseLinkStyle(uint32_t start) {
  LinkStyle ls;
  s_.SkipBlanks();
  if (s_.EatKeyword("default")) {
    ls.all = true;
  } else {
    std::string_view list = s_.Until(" \t\r\n;");
    size_t from = 0;
    while (from <= list.size()) {
      size_t comma = std::min(list.find(',', from), list.size());
      std::string_view num = list.substr(from, comma - from);
      if (num.empty() || num.size() > 9 || !std::all_of(num.begin(), num.end(), ::isdigit)) {
        s_.set_pos(s_.pos() - static_cast<uint32_t>(list.size() - from));
        Expected(s_, "link numbers (0,1,…) or \"default\" after \"linkStyle\"", diags_);
        return false;
      }
      ls.indices.push_back(std::stoi(std::string(num)));
      from = comma + 1;
    }
  }
  s_.SkipBlanks();
  if (s_.EatKeyword("interpolate")) {  // curve names do not change diagc's splines
    s_.SkipBlanks();
    s_.Until(" \t\r\n;");
    s_.SkipBlanks();
  }
  ls.props = ParseStyleProps(s_.Until("\n;"));
  ls.span = From(start);
  chart_.statements.push_back(std::move(ls));
  return true;
}

bool FlowchartParser::ParseClick(uint32_t start) {
  Click click;
  s_.SkipBlanks();
  click.id = std::string(s_.Until(" \t\r\n;"));
  s_.SkipBlanks();
  if (click.id.empty() || AtSeparator()) {
    Expected(s_, "a node id and a link or callback after \"click\"", diags_);
    return false;
  }
  Text text;
  if (s_.EatKeyword("call")) {  // call fn(args): a callback, nothing to draw
    s_.Until("(\n;");
    if (s_.Eat("(")) s_.Until(")\n");
    s_.Eat(")");
  } else if (s_.EatKeyword("href") || s_.Peek() == '"') {
    s_.SkipBlanks();
    if (!ParseString(&text)) return false;
    click.url = text.value;
  } else {
    s_.Until(" \t\r\n;");  // a callback name
  }
  s_.SkipBlanks();
  if (s_.Peek() == '"') {
    if (!ParseString(&text)) return false;
    click.tooltip = text.value;
    s_.SkipBlanks();
  }
  if (s_.Peek() == '_') s_.Until(" \t\r\n;");  // _blank, _self …: every diagc link is plain
  click.span = From(start);
  chart_.statements.push_back(std::move(click));
  return true;
}

bool FlowchartParser::SkipAccessibility() {
  s_.Until(":{\n");
  if (s_.Eat("{")) {
    s_.Until("}");
    if (!s_.Eat("}")) {
      Expected(s_, "\"}\" closing accDescr", diags_);
      return false;
    }
    return true;
  }
  if (!s_.Eat(":")) {
    Expected(s_, "\":\" or \"{\" after accTitle / accDescr", diags_);
    return false;
  }
  s_.Until("\n");
  return true;
}

// ------------------------------------------------------------ node chains

bool FlowchartParser::ParseChain(uint32_t start) {
  FlowChain chain;
  chain.groups.emplace_back();
  if (!ParseGroup(&chain.groups.back())) return false;
  while (true) {
    uint32_t before = s_.pos();
    s_.SkipBlanks();
    FlowLink link;
    bool error = false;
    if (!TryLink(&link, &error)) {
      if (error) return false;
      s_.set_pos(before);
      break;
    }
    s_.SkipBlanks();
    chain.links.push_back(std::move(link));
    chain.groups.emplace_back();
    if (!ParseGroup(&chain.groups.back())) return false;
  }
  chain.span = From(start);
  chart_.statements.push_back(std::move(chain));
  return true;
}

bool FlowchartParser::ParseGroup(std::vector<FlowNode>* group) {
  while (true) {
    FlowNode node;
    if (!ParseNode(&node)) return false;
    group->push_back(std::move(node));
    uint32_t before = s_.pos();
    s_.SkipBlanks();
    if (!s_.Eat("&")) {
      s_.set_pos(before);
      return true;
    }
    s_.SkipBlanks();
  }
}

/// Mermaid's NODE_STRING: letters, digits, non-ASCII and most punctuation;
/// '-' only when no link starts there, '=' only when not doubled.
bool FlowchartParser::ParseId(std::string* id) {
  uint32_t start = s_.pos();
  while (!s_.AtEnd()) {
    char c = s_.Peek(), next = s_.Peek(1);
    if (IsNameChar(c) || std::string_view("!#$%&'*+.?\\/`,").find(c) != std::string_view::npos) {
      if (c == '&' && s_.pos() == start) break;
    } else if (c == '-') {
      if (next == '-' || next == '>' || next == '.') break;
    } else if (c == '=') {
      if (next == '=') break;
    } else if (c == ':') {
      if (s_.StartsWith(":::")) break;
    } else {
      break;
    }
    s_.Advance();
  }
  *id = std::string(s_.Slice(start, s_.pos()));
  return !id->empty();
}

bool FlowchartParser::ParseNode(FlowNode* node) {
  uint32_t start = s_.pos();
  if (!ParseId(&node->id)) {
    Expected(s_, "a node id", diags_);
    return false;
  }
  node->span = From(start);
  if (!ParseShape(node)) return false;
  while (s_.Eat(":::")) {
    std::string cls;
    uint32_t at = s_.pos();
    while (IsNameChar(s_.Peek()) || s_.Peek() == '-') s_.Advance();
    cls = std::string(s_.Slice(at, s_.pos()));
    if (cls.empty()) {
      Expected(s_, "a class name after \":::\"", diags_);
      return false;
    }
    node->classes.push_back(std::move(cls));
  }
  if (s_.StartsWith("@{") && !ParseShapeData(node)) return false;
  return true;
}

bool FlowchartParser::ParseShape(FlowNode* node) {
  for (const Bracket& b : kBrackets) {
    if (!s_.StartsWith(b.open)) continue;
    uint32_t open_at = s_.pos();
    s_.Advance(static_cast<uint32_t>(b.open.size()));
    Text text;
    const Bracket* closed = nullptr;
    if (!ParseBracketText(b, open_at, &text, &closed)) return false;
    node->shape = std::string(closed->shape);
    node->label = std::move(text);
    return true;
  }
  return true;
}

/// Text up to the bracket's closer: a "string", a "`markdown`" string, or
/// plain text. Mermaid forbids brackets of other kinds inside plain text;
/// diagc allows them where they cannot be mistaken for the closer.
bool FlowchartParser::ParseBracketText(const Bracket& b, uint32_t open_at, Text* text,
                                       const Bracket** closed) {
  s_.SkipBlanks();
  bool quoted = s_.Peek() == '"';
  if (quoted && !ParseString(text)) return false;
  if (quoted) s_.SkipBlanks();
  uint32_t from = s_.pos();
  // `[/` and `[\` each have two closers; which one came decides the shape.
  auto closer = [&]() -> const Bracket* {
    if (s_.StartsWith(b.close)) return &b;
    for (const Bracket& other : kBrackets)
      if (other.open == b.open && s_.StartsWith(other.close)) return &other;
    return nullptr;
  };
  while (!quoted && !s_.AtEnd() && s_.Peek() != '"' && !closer()) s_.Advance();
  const Bracket* found = closer();
  if (!found) {
    diags_.Error({open_at, open_at + static_cast<uint32_t>(b.open.size())}, "mermaid-syntax",
                 "\"" + std::string(b.open) + "\" is never closed: expected \"" + std::string(b.close) +
                     "\" after the text");
    return false;
  }
  if (!quoted) *text = Text{std::string(s_.Slice(from, s_.pos())), false, {from, s_.pos()}};
  s_.Advance(static_cast<uint32_t>(found->close.size()));
  if (closed) *closed = found;
  return true;
}

/// "text" or "`markdown`". Strings may span lines, as in Mermaid.
bool FlowchartParser::ParseString(Text* text) {
  uint32_t open_at = s_.pos();
  s_.Advance();
  bool markdown = s_.Eat("`");
  uint32_t from = s_.pos();
  std::string_view body = s_.Until(markdown ? "`" : "\"");
  if (markdown ? !s_.StartsWith("`\"") : !s_.StartsWith("\"")) {
    s_.set_pos(open_at);
    diags_.Error({open_at, open_at + 1}, "mermaid-syntax",
                 markdown ? "markdown string is never closed: expected \"`\\\"\""
                          : "string is never closed: expected a closing '\"'");
    return false;
  }
  *text = Text{std::string(body), markdown, {from, s_.pos()}};
  s_.Advance(markdown ? 2 : 1);
  return true;
}

/// `@{ shape: rect, label: "Text" }`: the keys diagc uses; others are read
/// and ignored (icon, img, pos, w, h …).
bool FlowchartParser::ParseShapeData(FlowNode* node) {
  uint32_t open_at = s_.pos();
  s_.Advance(2);
  while (true) {
    while (!s_.AtEnd() && std::string_view(" \t\r\n,").find(s_.Peek()) != std::string_view::npos) s_.Advance();
    if (s_.Eat("}")) return true;
    if (s_.AtEnd()) break;
    std::string key(Trim(s_.Until(":}\n")));
    if (!s_.Eat(":")) {
      Expected(s_, "\"key: value\" inside \"@{ … }\"", diags_);
      return false;
    }
    s_.SkipBlanks();
    Text value;
    if (s_.Peek() == '"') {
      if (!ParseString(&value)) return false;
    } else {
      uint32_t from = s_.pos();
      std::string_view raw = Trim(s_.Until(",}\n"));
      value = Text{std::string(raw), false, {from, from + static_cast<uint32_t>(raw.size())}};
    }
    if (key == "shape") {
      node->shape = value.value;
      node->shape_span = value.span;
    } else if (key == "label") {
      node->label = std::move(value);
    }
  }
  diags_.Error({open_at, open_at + 2}, "mermaid-syntax", "\"@{\" is never closed: expected \"}\"");
  return false;
}

// ------------------------------------------------------------------ links

/// Tries a link at the cursor: `-->`, `---`, `--o`, `<-->`, `-.->`, `==>`,
/// `~~~`, with an optional `id@` before and `|text|` after, or the
/// `-- text -->` form. False without moving when no link starts here;
/// `*error` when one started but was malformed (already reported).
bool FlowchartParser::TryLink(FlowLink* link, bool* error) {
  uint32_t start = s_.pos();
  // `e1@-->`: an edge id.
  uint32_t k = 0;
  while (s_.Peek(k) != '\0' && std::string_view(" \t\r\n\"@").find(s_.Peek(k)) == std::string_view::npos) ++k;
  if (k > 0 && s_.Peek(k) == '@' && s_.Peek(k + 1) != '{' && s_.Peek(k + 1) != '"') {
    link->id = std::string(s_.Slice(start, start + k));
    s_.Advance(k + 1);
  }
  uint32_t at = s_.pos();
  char prefix = 0;
  if (std::string_view("<xo").find(s_.Peek()) != std::string_view::npos && s_.Peek() != '\0') {
    prefix = s_.Peek();
    s_.Advance();
  }
  char c0 = s_.Peek(), c1 = s_.Peek(1);
  bool starts = (c0 == '-' && (c1 == '-' || c1 == '.')) || (c0 == '=' && c1 == '=') ||
                (c0 == '~' && c1 == '~' && s_.Peek(2) == '~' && prefix == 0);
  if (!starts) {
    s_.set_pos(start);
    if (!link->id.empty()) {
      s_.set_pos(at);
      s_.SkipBlanks();
      Expected(s_, "a link after the edge id \"" + link->id + "@\"", diags_);
      *error = true;
    }
    return false;
  }
  s_.set_pos(at);
  if (ParseEndLink(link, false, 0)) {
    s_.SkipBlanks();
    if (s_.Peek() == '|') {
      uint32_t open_at = s_.pos();
      s_.Advance();
      Text text;
      if (!ParseBracketText(kPipes, open_at, &text)) {
        *error = true;
        return false;
      }
      link->label = std::move(text);
    }
    link->span = {start, s_.pos()};
    return true;
  }
  // `-- text -->`, `== text ==>`, `-. text .->`
  s_.Advance(prefix ? 1 : 0);
  char line = s_.Peek() == '=' ? '=' : s_.Peek(1) == '.' ? '.' : '-';
  s_.Advance(2);
  if (!ParseLinkText(link, line, at)) {
    *error = true;
    return false;
  }
  if (prefix && link->head == (prefix == '<' ? '>' : prefix)) link->tail = link->head;
  link->span = {start, s_.pos()};
  return true;
}

/// A complete link token at the cursor (prefix included). Mermaid's
/// destructLink: the last character is the head (> o x) or part of the
/// line; the length is the line's characters minus one (dots for dotted).
bool FlowchartParser::ParseEndLink(FlowLink* link, bool after_text, char want_line) {
  uint32_t start = s_.pos();
  char prefix = 0;
  if (!after_text && std::string_view("<xo").find(s_.Peek()) != std::string_view::npos) {
    prefix = s_.Peek();
    s_.Advance();
  }
  char c = s_.Peek();
  int count = 0;
  char line = 0;
  if (c == '~') {
    while (s_.Peek() == '~') s_.Advance(), ++count;
    if (count < 3 || prefix) return s_.set_pos(start), false;
    link->line = '~';
    link->length = count - 2;
    return true;
  }
  if (c == '-' && (s_.Peek(1) == '.' || (after_text && want_line == '.'))) {
    // dotted: -?\.+-[xo>]?
    s_.Eat("-");
    while (s_.Peek() == '.') s_.Advance(), ++count;
    if (count == 0 || !s_.Eat("-")) return s_.set_pos(start), false;
    line = '.';
  } else if (c == '.' && after_text) {
    while (s_.Peek() == '.') s_.Advance(), ++count;
    if (!s_.Eat("-")) return s_.set_pos(start), false;
    line = '.';
  } else if (c == '-' || c == '=') {
    while (s_.Peek() == c) s_.Advance(), ++count;
    line = c;
    if (count < 2) return s_.set_pos(start), false;
  } else {
    return s_.set_pos(start), false;
  }
  if (want_line && line != want_line) return s_.set_pos(start), false;
  char end = s_.Peek();
  if (end == '>' || end == 'o' || end == 'x') {
    s_.Advance();
  } else if (line != '.') {
    if (count < 3) return s_.set_pos(start), false;  // `--`: the start of a text link
    --count;                                          // the last '-' / '=' ends the link
    end = 0;
  } else {
    end = 0;
  }
  link->line = line;
  link->length = line == '.' ? count : std::max(1, count - 1);
  link->head = end;
  if (prefix && end == (prefix == '<' ? '>' : prefix)) link->tail = end;
  return true;
}

bool FlowchartParser::AtClosingLink(char line) const {
  if (line != '.') return s_.Peek() == line && s_.Peek(1) == line;
  uint32_t k = s_.Peek() == '-' ? 1 : 0;
  if (s_.Peek(k) != '.') return false;
  while (s_.Peek(k) == '.') ++k;
  return s_.Peek(k) == '-';
}

/// The text of `-- text -->` up to its closing link, which sets the type.
bool FlowchartParser::ParseLinkText(FlowLink* link, char line, uint32_t start) {
  s_.SkipBlanks();
  Text text;
  if (s_.Peek() == '"') {
    if (!ParseString(&text)) return false;
    s_.SkipBlanks();
  } else {
    uint32_t from = s_.pos();
    // Text runs until the closing link: "--", "==", or -?\.+- for dotted.
    while (!s_.AtEnd() && s_.Peek() != '\n' && !AtClosingLink(line)) s_.Advance();
    std::string_view trimmed = Trim(s_.Slice(from, s_.pos()));  // no leading blanks: skipped above
    text = Text{std::string(trimmed), false, {from, from + static_cast<uint32_t>(trimmed.size())}};
    s_.SkipBlanks();
  }
  if (!ParseEndLink(link, true, line)) {
    diags_.Error({start, std::max(s_.pos(), start + 2)}, "mermaid-syntax",
                 "link text is never closed: expected " +
                     std::string(line == '=' ? "\"==>\" or \"===\"" : line == '.' ? "\".->\" or \".-\"" : "\"-->\" or \"---\"") +
                     " after the text");
    return false;
  }
  link->label = std::move(text);
  return true;
}

}  // namespace

Flowchart ParseFlowchart(const Prepared& p, Diagnostics& diags) {
  return FlowchartParser(p, diags).Run();
}

}  // namespace dg::grammar::mermaid::detail
