// Mermaid erDiagram statements, as Mermaid 11's erDiagram.jison reads them:
// entities (with aliases, attributes, classes), relationships in crow's-foot
// symbols or words, direction, classDef / class / style.
#include <algorithm>
#include <cctype>

#include "grammar/mermaid_scan.hpp"
#include "grammar/text.hpp"

namespace dg::grammar::mermaid::detail {
namespace {

struct CardinalityWord {
  std::string_view text;
  ErCardinality card;
};

// Symbols as written on the left of the line, then on the right; then the
// word aliases (either side). Longer words first ("one or more" before "1").
constexpr CardinalityWord kLeftSymbols[] = {{"|o", ErCardinality::kZeroOrOne},
                                            {"||", ErCardinality::kOne},
                                            {"}o", ErCardinality::kZeroOrMore},
                                            {"}|", ErCardinality::kOneOrMore}};
constexpr CardinalityWord kRightSymbols[] = {{"o|", ErCardinality::kZeroOrOne},
                                             {"||", ErCardinality::kOne},
                                             {"o{", ErCardinality::kZeroOrMore},
                                             {"|{", ErCardinality::kOneOrMore}};
constexpr CardinalityWord kWords[] = {
    {"one or zero", ErCardinality::kZeroOrOne},  {"zero or one", ErCardinality::kZeroOrOne},
    {"one or more", ErCardinality::kOneOrMore},  {"one or many", ErCardinality::kOneOrMore},
    {"zero or more", ErCardinality::kZeroOrMore}, {"zero or many", ErCardinality::kZeroOrMore},
    {"many(1)", ErCardinality::kOneOrMore},      {"many(0)", ErCardinality::kZeroOrMore},
    {"only one", ErCardinality::kOne},           {"1+", ErCardinality::kOneOrMore},
    {"0+", ErCardinality::kZeroOrMore},          {"1", ErCardinality::kOne},
};

bool IsErNameChar(char c) { return IsNameChar(c) || c == '-' || c == '.'; }

class ErParser {
 public:
  ErParser(const Prepared& p, Diagnostics& diags)
      : s_(p.text, p.body, static_cast<uint32_t>(p.text.size())), diags_(diags) {}

  Er Run() {
    while (true) {
      SkipSpace();
      if (s_.AtEnd()) break;
      uint32_t start = s_.pos();
      if (!ParseStatement(start)) {
        if (s_.pos() <= start) s_.Advance();
        s_.Until("\n");
      }
    }
    return std::move(er_);
  }

 private:
  void SkipSpace();
  bool ParseStatement(uint32_t start);
  bool ParseName(std::string* name, Span* span);
  bool ParseEntityRest(ErEntity entity);
  bool ParseAttributes(ErEntity* entity);
  bool ParseAttribute(ErAttribute* attr);
  bool ParseRelationship(const std::string& a, Span a_span, uint32_t start);
  bool ParseCardinality(bool left, ErCardinality* card);
  bool ParseLine(bool* identifying);
  Span From(uint32_t start) const { return {start, std::max(s_.pos(), start + 1)}; }
  /// Runs a classDef / class / style helper on the rest of the line only.
  template <typename Stmt, typename Fn>
  bool LineStatement(uint32_t start, Fn parse) {
    uint32_t eol = s_.pos();
    while (eol < s_.end() && s_.Slice(eol, eol + 1) != "\n") ++eol;
    Scanner line(s_.Slice(0, s_.end()), s_.pos(), eol);
    Stmt stmt;
    bool ok = parse(line, Span{start, eol}, diags_, &stmt);
    s_.set_pos(eol);
    if (ok) er_.statements.push_back(std::move(stmt));
    return ok;
  }

  Scanner s_;
  Diagnostics& diags_;
  Er er_;
};

void ErParser::SkipSpace() {
  while (!s_.AtEnd()) {
    if (std::isspace(static_cast<unsigned char>(s_.Peek())) || s_.Peek() == ';') {
      s_.Advance();
    } else if (s_.StartsWith("%%") || s_.Peek() == '#') {
      s_.Until("\n");
    } else {
      break;
    }
  }
}

bool ErParser::ParseStatement(uint32_t start) {
  if (s_.EatKeyword("direction")) {
    s_.SkipBlanks();
    std::string dir = ReadDirection(s_);
    if (dir.empty()) {
      Expected(s_, "a direction (TB, BT, LR, RL) after \"direction\"", diags_);
      return false;
    }
    er_.statements.push_back(ErDirection{dir, From(start)});
    return true;
  }
  if (s_.EatKeyword("classDef")) return LineStatement<ClassDef>(start, ParseClassDef);
  if (s_.EatKeyword("class")) return LineStatement<ClassAssign>(start, ParseClassAssign);
  if (s_.EatKeyword("style")) return LineStatement<NodeStyle>(start, ParseNodeStyle);
  if (s_.StartsWith("accTitle") || s_.StartsWith("accDescr") || s_.EatKeyword("title")) {
    if (s_.Until(":{\n"); s_.Eat("{")) {
      s_.Until("}");
      s_.Eat("}");
    } else {
      s_.Until("\n");
    }
    return true;
  }
  ErEntity entity;
  if (!ParseName(&entity.id, &entity.span)) return false;
  uint32_t after_name = s_.pos();
  s_.SkipBlanks();
  // A relationship starts with a cardinality; anything else continues the entity.
  ErCardinality card;
  uint32_t before = s_.pos();
  if (ParseCardinality(true, &card)) {
    s_.set_pos(before);
    return ParseRelationship(entity.id, entity.span, start);
  }
  s_.set_pos(after_name);
  return ParseEntityRest(std::move(entity));
}

/// An entity name: letters, digits, '_', '-', '.', non-ASCII, or "quoted".
bool ErParser::ParseName(std::string* name, Span* span) {
  uint32_t from = s_.pos();
  if (s_.Eat("\"")) {
    std::string_view text = s_.Until("\"\n");
    if (!s_.Eat("\"")) {
      s_.set_pos(from);
      diags_.Error({from, from + 1}, "mermaid-syntax", "string is never closed: expected a closing '\"'");
      return false;
    }
    *name = std::string(text);
    *span = {from, s_.pos()};
    return true;
  }
  while (IsErNameChar(s_.Peek()) && !(s_.Peek() == '-' && (s_.Peek(1) == '-' || s_.Peek(1) == '.')))
    s_.Advance();
  *name = std::string(s_.Slice(from, s_.pos()));
  *span = {from, s_.pos()};
  if (name->empty()) {
    Expected(s_, "an entity name, a relationship or a statement (direction, classDef, style …)", diags_);
    return false;
  }
  return true;
}

/// After the name: `[Alias]`, `:::class`, `{ attributes }`, in that order.
bool ErParser::ParseEntityRest(ErEntity entity) {
  if (s_.Peek() == '[') {
    uint32_t open_at = s_.pos();
    s_.Advance();
    s_.SkipBlanks();
    Text alias;
    uint32_t from = s_.pos();
    if (s_.Eat("\"")) {
      from = s_.pos();
      alias.value = std::string(s_.Until("\"\n"));
      s_.Eat("\"");
      s_.SkipBlanks();
    } else {
      alias.value = std::string(Trim(s_.Until("]\n")));
    }
    alias.span = {from, from + static_cast<uint32_t>(alias.value.size())};
    if (!s_.Eat("]")) {
      diags_.Error({open_at, open_at + 1}, "mermaid-syntax", "\"[\" is never closed: expected \"]\" after the alias");
      return false;
    }
    entity.alias = std::move(alias);
  }
  while (s_.Eat(":::")) {
    uint32_t at = s_.pos();
    while (IsNameChar(s_.Peek()) || s_.Peek() == '-') s_.Advance();
    entity.classes.emplace_back(s_.Slice(at, s_.pos()));
  }
  s_.SkipBlanks();
  if (s_.Eat("{") && !ParseAttributes(&entity)) return false;
  s_.SkipBlanks();
  if (!s_.AtEnd() && s_.Peek() != '\n' && s_.Peek() != ';') {
    Expected(s_, "a relationship (\"||--o{\" …), \"{\" or the end of the line after the entity", diags_);
    return false;
  }
  er_.statements.push_back(std::move(entity));
  return true;
}

bool ErParser::ParseAttributes(ErEntity* entity) {
  uint32_t open_at = s_.pos() - 1;
  while (true) {
    SkipSpace();
    if (s_.Eat("}")) return true;
    if (s_.AtEnd()) {
      diags_.Error({open_at, open_at + 1}, "mermaid-syntax",
                   "\"{\" of entity \"" + entity->id + "\" is never closed: expected \"}\"");
      return false;
    }
    ErAttribute attr;
    if (!ParseAttribute(&attr)) {
      s_.Until("\n}");
      continue;
    }
    entity->attributes.push_back(std::move(attr));
  }
}

/// `type name [PK, FK] ["comment"]`.
bool ErParser::ParseAttribute(ErAttribute* attr) {
  uint32_t start = s_.pos();
  auto word = [&]() {
    uint32_t from = s_.pos();
    if (s_.Peek() == '*') s_.Advance();
    while (IsErNameChar(s_.Peek()) || std::string_view("[]()<>,").find(s_.Peek()) != std::string_view::npos) {
      if (s_.Peek() == ',' && s_.Peek(1) == ' ') break;  // "PK, FK" separator
      if (s_.Peek() == '\0') break;
      s_.Advance();
    }
    return std::string(s_.Slice(from, s_.pos()));
  };
  attr->type = word();
  s_.SkipBlanks();
  attr->name = word();
  if (attr->type.empty() || attr->name.empty()) {
    Expected(s_, "an attribute \"type name\" or \"}\"", diags_);
    return false;
  }
  while (true) {
    s_.SkipBlanks();
    if (s_.Eat(",")) continue;
    if (s_.StartsWith("PK") || s_.StartsWith("FK") || s_.StartsWith("UK")) {
      attr->keys.emplace_back(s_.Slice(s_.pos(), s_.pos() + 2));
      s_.Advance(2);
      continue;
    }
    break;
  }
  if (s_.Eat("\"")) {
    attr->comment = std::string(s_.Until("\"\n"));
    if (!s_.Eat("\"")) {
      Expected(s_, "'\"' closing the attribute comment", diags_);
      return false;
    }
    s_.SkipBlanks();
  }
  if (!s_.AtEnd() && s_.Peek() != '\n' && s_.Peek() != '}') {
    Expected(s_, "a key (PK, FK, UK), a \"comment\" or the end of the attribute", diags_);
    return false;
  }
  attr->span = {start, s_.pos()};
  return true;
}

bool ErParser::ParseCardinality(bool left, ErCardinality* card) {
  for (const CardinalityWord& w : left ? kLeftSymbols : kRightSymbols) {
    if (s_.Eat(w.text)) {
      *card = w.card;
      return true;
    }
  }
  for (const CardinalityWord& w : kWords) {
    uint32_t at = s_.pos();
    if (!s_.Eat(w.text)) continue;
    if (IsNameChar(s_.Peek()) || !(s_.AtBlank() || s_.AtEnd())) {
      s_.set_pos(at);
      continue;
    }
    *card = w.card;
    return true;
  }
  return false;
}

/// `--` / `to` identifying (solid), `..` / `.-` / `-.` / `optionally to` not.
bool ErParser::ParseLine(bool* identifying) {
  if (s_.Eat("--") || s_.EatKeyword("to")) {
    *identifying = true;
    return true;
  }
  if (s_.Eat("..") || s_.Eat(".-") || s_.Eat("-.")) {
    *identifying = false;
    return true;
  }
  uint32_t at = s_.pos();
  if (s_.EatKeyword("optionally")) {
    s_.SkipBlanks();
    if (s_.EatKeyword("to")) {
      *identifying = false;
      return true;
    }
    s_.set_pos(at);
  }
  return false;
}

bool ErParser::ParseRelationship(const std::string& a, Span a_span, uint32_t start) {
  ErRelationship rel;
  rel.a = a;
  rel.a_span = a_span;
  ParseCardinality(true, &rel.a_card);
  s_.SkipBlanks();
  if (!ParseLine(&rel.identifying)) {
    Expected(s_, "the relationship's line (\"--\", \"..\", \"to\", \"optionally to\")", diags_);
    return false;
  }
  s_.SkipBlanks();
  if (!ParseCardinality(false, &rel.b_card)) {
    Expected(s_, "the second cardinality (\"||\", \"o|\", \"o{\", \"|{\" or words like \"zero or more\")",
             diags_);
    return false;
  }
  s_.SkipBlanks();
  if (!ParseName(&rel.b, &rel.b_span)) return false;
  s_.SkipBlanks();
  if (!s_.Eat(":")) {
    Expected(s_, "\":\" and the relationship label after \"" + rel.b + "\"", diags_);
    return false;
  }
  s_.SkipBlanks();
  uint32_t from = s_.pos();
  if (s_.Eat("\"")) {
    rel.label.value = std::string(s_.Until("\"\n"));
    if (!s_.Eat("\"")) {
      Expected(s_, "'\"' closing the relationship label", diags_);
      return false;
    }
    rel.label.span = {from + 1, s_.pos() - 1};
  } else {
    rel.label.value = std::string(Trim(s_.Until("\n;")));
    rel.label.span = {from, from + static_cast<uint32_t>(rel.label.value.size())};
  }
  rel.span = From(start);
  er_.statements.push_back(std::move(rel));
  return true;
}

}  // namespace

Er ParseEr(const Prepared& p, Diagnostics& diags) { return ErParser(p, diags).Run(); }

}  // namespace dg::grammar::mermaid::detail
