// Mermaid sequenceDiagram statements, one per line (or `;`), as Mermaid 11's
// sequenceDiagram.jison reads them. Keywords are case-insensitive there.
#include <algorithm>
#include <cctype>

#include "grammar/css_colors.hpp"
#include "grammar/mermaid_scan.hpp"
#include "grammar/text.hpp"

namespace dg::grammar::mermaid::detail {
namespace {

// Longest first, so `-->>` is not read as `-->` followed by `>`.
constexpr std::string_view kArrows[] = {"<<-->>", "<<->>", "-->>", "->>", "--x", "-x",
                                        "--)",    "-)",    "-->",  "->"};

constexpr std::string_view kBlocks[] = {"loop", "alt", "opt", "par_over", "par",
                                        "critical", "break", "rect"};
constexpr std::string_view kSections[] = {"else", "and", "option"};

constexpr std::string_view kParticipantKinds[] = {"participant", "actor"};
// Mermaid 11's `participant A@{ "type": "database" }`.
constexpr std::string_view kTypedKinds[] = {"boundary", "control", "entity", "database",
                                            "collections", "queue"};

/// Where a statement's comment starts: `%%`, or `#` that is not an entity
/// code (`#9829;`, `#quot;`). Mermaid's lexer skips both to the line end.
uint32_t CommentStart(std::string_view text, Span span) {
  for (uint32_t i = span.begin; i < span.end; ++i) {
    if (text[i] == '%' && i + 1 < span.end && text[i + 1] == '%') return i;
    if (text[i] != '#') continue;
    uint32_t j = i + 1;
    while (j < span.end && IsNameChar(text[j])) ++j;
    if (j < span.end && text[j] == ';' && j > i + 1) {
      i = j;
      continue;
    }
    return i;
  }
  return span.end;
}

class SequenceParser {
 public:
  SequenceParser(const Prepared& p, Diagnostics& diags) : p_(p), diags_(diags) {}

  Sequence Run() {
    for (Span st : Statements(p_.text, p_.body, true)) {
      uint32_t end = CommentStart(p_.text, st);
      while (end > st.begin && std::isspace(static_cast<unsigned char>(p_.text[end - 1]))) --end;
      if (end <= st.begin) continue;
      Scanner s(p_.text, st.begin, end);
      ParseStatement(s);
    }
    for (auto it = open_.rbegin(); it != open_.rend(); ++it)
      diags_.Error(*it, "mermaid-syntax", "block is never closed: expected \"end\"");
    return std::move(seq_);
  }

 private:
  void ParseStatement(Scanner& s);
  bool ParseParticipant(Scanner& s, std::string kind, bool create, uint32_t start);
  bool ParseNote(Scanner& s, uint32_t start);
  bool ParseMessage(Scanner& s, uint32_t start);
  bool ParseAutonumber(Scanner& s, uint32_t start);
  bool ParseBox(Scanner& s, uint32_t start);
  bool ParseLink(Scanner& s, bool json, uint32_t start);
  bool ParseActorRef(Scanner& s, std::string* id, Span* span, std::string_view after);
  Text RestAsText(Scanner& s) {
    s.SkipBlanks();
    uint32_t from = s.pos();
    std::string_view rest = Trim(s.Slice(from, s.end()));
    s.set_pos(s.end());
    return Text{std::string(rest), false, {from, from + static_cast<uint32_t>(rest.size())}};
  }
  Span From(const Scanner& s, uint32_t start) const { return {start, std::max(s.pos(), start + 1)}; }

  const Prepared& p_;
  Diagnostics& diags_;
  Sequence seq_;
  std::vector<Span> open_;  // blocks and boxes waiting for `end`
};

bool EatAny(Scanner& s, std::string_view word) { return s.EatKeyword(word, true); }

void SequenceParser::ParseStatement(Scanner& s) {
  uint32_t start = s.pos();
  bool create = EatAny(s, "create");
  if (create) s.SkipBlanks();
  for (std::string_view kind : kParticipantKinds) {
    if (EatAny(s, kind)) {
      ParseParticipant(s, std::string(kind), create, start);
      return;
    }
  }
  if (create) {
    Expected(s, "\"participant\" or \"actor\" after \"create\"", diags_);
    return;
  }
  if (EatAny(s, "note")) {
    ParseNote(s, start);
    return;
  }
  for (std::string_view op : {"activate", "deactivate", "destroy"}) {
    if (!EatAny(s, op)) continue;
    std::string id;
    Span id_span;
    if (!ParseActorRef(s, &id, &id_span, "")) return;
    if (op == "destroy") {
      seq_.statements.push_back(SeqDestroy{id, id_span, From(s, start)});
    } else {
      seq_.statements.push_back(SeqActivation{op == "activate", id, id_span, From(s, start)});
    }
    return;
  }
  for (std::string_view op : kBlocks) {
    if (!EatAny(s, op)) continue;
    open_.push_back(From(s, start));
    seq_.statements.push_back(SeqBlockStart{std::string(op), RestAsText(s), From(s, start)});
    return;
  }
  for (std::string_view op : kSections) {
    if (!EatAny(s, op)) continue;
    seq_.statements.push_back(SeqBlockElse{std::string(op), RestAsText(s), From(s, start)});
    return;
  }
  if (EatAny(s, "end")) {
    if (open_.empty()) {
      diags_.Error(From(s, start), "mermaid-syntax", "\"end\" without an open block or box");
      return;
    }
    open_.pop_back();
    seq_.statements.push_back(SeqEnd{From(s, start)});
    return;
  }
  if (EatAny(s, "title")) {
    s.SkipBlanks();
    s.Eat(":");
    seq_.title = RestAsText(s);
    return;
  }
  if (EatAny(s, "autonumber")) {
    ParseAutonumber(s, start);
    return;
  }
  if (EatAny(s, "box")) {
    ParseBox(s, start);
    return;
  }
  if (EatAny(s, "links")) {
    ParseLink(s, true, start);
    return;
  }
  if (EatAny(s, "link")) {
    ParseLink(s, false, start);
    return;
  }
  // Accepted and not drawn: accessibility text, actor property menus.
  for (std::string_view skip : {"accTitle", "accDescr", "properties", "details"}) {
    if (s.StartsWith(skip)) return;
  }
  ParseMessage(s, start);
}

/// `participant Alice`, `actor B as Bob`, `participant DB@{ "type": "database" }`.
bool SequenceParser::ParseParticipant(Scanner& s, std::string kind, bool create, uint32_t start) {
  if (!s.AtBlank()) {
    Expected(s, "a space and a name after \"" + kind + "\"", diags_);
    return false;
  }
  s.SkipBlanks();
  SeqParticipant part;
  part.kind = std::move(kind);
  part.create = create;
  uint32_t from = s.pos();
  // The name runs to `@{`, to " as ", or to the end.
  uint32_t name_end = s.end();
  for (uint32_t i = from; i < s.end(); ++i) {
    std::string_view rest = s.Slice(i, s.end());
    if (rest.substr(0, 2) == "@{") {
      name_end = i;
      break;
    }
    if ((rest[0] == ' ' || rest[0] == '\t') && rest.size() > 4 &&
        Lower(rest.substr(1, 2)) == "as" && (rest[3] == ' ' || rest[3] == '\t')) {
      name_end = i;
      break;
    }
  }
  part.id = std::string(Trim(s.Slice(from, name_end)));
  s.set_pos(name_end);
  if (part.id.empty()) {
    Expected(s, "a participant name", diags_);
    return false;
  }
  if (s.Eat("@{")) {
    std::string_view data = s.Until("}");
    if (!s.Eat("}")) {
      Expected(s, "\"}\" closing the participant's \"@{\"", diags_);
      return false;
    }
    for (std::string_view type : kTypedKinds) {
      size_t at = data.find(type);
      if (at != std::string_view::npos && data.find("type") != std::string_view::npos &&
          data.find("type") < at)
        part.kind = std::string(type);
    }
  }
  s.SkipBlanks();
  if (EatAny(s, "as")) {
    Text alias = RestAsText(s);
    if (alias.value.empty()) {
      Expected(s, "the text after \"as\"", diags_);
      return false;
    }
    part.alias = std::move(alias);
  } else if (!s.AtEnd()) {
    Expected(s, "\"as\" or the end of the line after the participant name", diags_);
    return false;
  }
  part.span = From(s, start);
  seq_.statements.push_back(std::move(part));
  return true;
}

/// A participant name up to one of the characters in `after` (or the end).
bool SequenceParser::ParseActorRef(Scanner& s, std::string* id, Span* span, std::string_view after) {
  s.SkipBlanks();
  uint32_t from = s.pos();
  std::string_view raw = s.Until(after);
  std::string_view name = Trim(raw);
  if (name.empty()) {
    Expected(s, "a participant name", diags_);
    return false;
  }
  *id = std::string(name);
  *span = {from, from + static_cast<uint32_t>(name.size())};
  return true;
}

/// `Note right of A: text`, `Note over A,B: text`.
bool SequenceParser::ParseNote(Scanner& s, uint32_t start) {
  SeqNote note;
  s.SkipBlanks();
  if (EatAny(s, "left") || EatAny(s, "right")) {
    note.position = Lower(Trim(s.Slice(s.pos() - 5, s.pos()))) == "right" ? "right of" : "left of";
    s.SkipBlanks();
    if (!EatAny(s, "of")) {
      Expected(s, "\"of\" after \"left\" / \"right\"", diags_);
      return false;
    }
  } else if (EatAny(s, "over")) {
    note.position = "over";
  } else {
    Expected(s, "\"left of\", \"right of\" or \"over\" after \"Note\"", diags_);
    return false;
  }
  if (!ParseActorRef(s, &note.first, &note.first_span, ",:")) return false;
  if (s.Eat(",") && !ParseActorRef(s, &note.second, &note.second_span, ":")) return false;
  if (!s.Eat(":")) {
    Expected(s, "\":\" and the note text", diags_);
    return false;
  }
  note.text = RestAsText(s);
  note.span = From(s, start);
  seq_.statements.push_back(std::move(note));
  return true;
}

/// Where the arrow of a message starts, and which one it is: the first
/// position where an arrow matches. Names may hold '-' ("LINE-ITEM") as long
/// as no arrow starts there.
bool FindArrow(const Scanner& s, uint32_t* at, std::string_view* arrow) {
  for (uint32_t i = s.pos(); i < s.end(); ++i) {
    std::string_view rest = s.Slice(i, s.end());
    if (rest[0] == ':') return false;
    if (rest[0] != '-' && rest[0] != '<') continue;
    for (std::string_view a : kArrows) {
      if (rest.substr(0, a.size()) == a) {
        *at = i;
        *arrow = a;
        return true;
      }
    }
  }
  return false;
}

bool SequenceParser::ParseMessage(Scanner& s, uint32_t start) {
  SeqMessage msg;
  uint32_t arrow_at = 0;
  std::string_view arrow;
  if (!FindArrow(s, &arrow_at, &arrow)) {
    Expected(s,
             "a statement (participant, Note, loop, alt …) or a message \"A->>B: text\" "
             "(arrows ->> -->> -> --> -x --x -) --) <<->>)",
             diags_);
    return false;
  }
  std::string_view from = Trim(s.Slice(s.pos(), arrow_at));
  if (from.empty()) {
    Expected(s, "the sender's name before \"" + std::string(arrow) + "\"", diags_);
    return false;
  }
  msg.from = std::string(from);
  msg.from_span = {s.pos(), s.pos() + static_cast<uint32_t>(from.size())};
  msg.arrow = std::string(arrow);
  s.set_pos(arrow_at + static_cast<uint32_t>(arrow.size()));
  s.SkipBlanks();
  if (s.Peek() == '+' || s.Peek() == '-') {
    msg.activation = s.Peek();
    s.Advance();
  }
  if (!ParseActorRef(s, &msg.to, &msg.to_span, ":")) return false;
  if (!s.Eat(":")) {
    Expected(s, "\":\" and the message text after \"" + msg.to + "\"", diags_);
    return false;
  }
  msg.text = RestAsText(s);
  msg.span = From(s, start);
  seq_.statements.push_back(std::move(msg));
  return true;
}

bool SequenceParser::ParseAutonumber(Scanner& s, uint32_t start) {
  SeqAutonumber a;
  s.SkipBlanks();
  if (EatAny(s, "off")) {
    a.on = false;
  } else {
    int* fields[] = {&a.start, &a.step};
    for (int* field : fields) {
      s.SkipBlanks();
      std::string_view num = s.Until(" \t");
      if (num.empty()) break;
      if (num.size() > 9 || !std::all_of(num.begin(), num.end(), ::isdigit)) {
        s.set_pos(s.pos() - static_cast<uint32_t>(num.size()));
        Expected(s, "a number or \"off\" after \"autonumber\"", diags_);
        return false;
      }
      *field = std::stoi(std::string(num));
    }
  }
  a.span = From(s, start);
  seq_.statements.push_back(a);
  return true;
}

/// `box Aqua Group name`, `box rgb(33,66,99) Name`, `box Name`: the first
/// word is the colour when CSS knows it (as Mermaid checks with the browser).
bool SequenceParser::ParseBox(Scanner& s, uint32_t start) {
  SeqBoxStart box;
  s.SkipBlanks();
  uint32_t word_at = s.pos();
  if (s.StartsWith("rgb") || s.StartsWith("hsl")) {
    s.Until(")");
    s.Eat(")");
  } else {
    while (IsNameChar(s.Peek()) || s.Peek() == '#') s.Advance();
  }
  std::string word(s.Slice(word_at, s.pos()));
  std::string lower = Lower(word);
  bool color = lower.rfind("rgb", 0) == 0 || lower.rfind("hsl", 0) == 0 || lower == "transparent" ||
               (lower.size() > 1 && lower[0] == '#') || CssColorRgb(lower).has_value();
  if (color) {
    box.color = word;
  } else {
    s.set_pos(word_at);
  }
  box.label = RestAsText(s);
  box.span = From(s, start);
  open_.push_back(box.span);
  seq_.statements.push_back(std::move(box));
  return true;
}

/// `link A: Label @ https://…` and `links A: {"Label": "https://…", …}`.
bool SequenceParser::ParseLink(Scanner& s, bool json, uint32_t start) {
  SeqLink link;
  if (!ParseActorRef(s, &link.id, &link.id_span, ":")) return false;
  if (!s.Eat(":")) {
    Expected(s, "\":\" after the participant name", diags_);
    return false;
  }
  std::string_view rest = Trim(s.Slice(s.pos(), s.end()));
  s.set_pos(s.end());
  if (json) {
    // The first "label": "url" pair is the participant's link.
    size_t q1 = rest.find('"'), q2 = rest.find('"', q1 + 1), q3 = rest.find('"', q2 + 1),
           q4 = rest.find('"', q3 + 1);
    if (q4 == std::string_view::npos) {
      diags_.Error(From(s, start), "mermaid-syntax",
                   "expected a JSON object of links: {\"Label\": \"https://…\"}");
      return false;
    }
    link.label = std::string(rest.substr(q1 + 1, q2 - q1 - 1));
    link.url = std::string(rest.substr(q3 + 1, q4 - q3 - 1));
  } else {
    size_t at = rest.rfind('@');
    if (at == std::string_view::npos) {
      diags_.Error(From(s, start), "mermaid-syntax", "expected \"Label @ URL\" after the participant");
      return false;
    }
    link.label = std::string(Trim(rest.substr(0, at)));
    link.url = std::string(Trim(rest.substr(at + 1)));
  }
  link.span = From(s, start);
  seq_.statements.push_back(std::move(link));
  return true;
}

}  // namespace

Sequence ParseSequence(const Prepared& p, Diagnostics& diags) { return SequenceParser(p, diags).Run(); }

}  // namespace dg::grammar::mermaid::detail
