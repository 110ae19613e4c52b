#include "grammar/puml_sequence.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "grammar/puml_sequence_lines.hpp"
#include "grammar/puml_sequence_rules.hpp"

namespace dg::grammar::puml {
namespace {

namespace pegtl = tao::pegtl;
namespace r = seq_rules;

// ------------------------------------------------------------ arrow actions

template <typename Rule>
struct ArrowAction : pegtl::nothing<Rule> {};

#define DG_HEAD_ACTION(rule, field, value)                    \
  template <>                                                 \
  struct ArrowAction<r::rule> {                               \
    template <typename In>                                    \
    static void apply(const In&, SeqArrow& a) { a.field = value; } \
  };
DG_HEAD_ACTION(left_open, left_head, SeqArrowHead::kOpen)
DG_HEAD_ACTION(left_filled, left_head, SeqArrowHead::kFilled)
DG_HEAD_ACTION(left_open_top, left_head, SeqArrowHead::kOpenHalfTop)
DG_HEAD_ACTION(left_top, left_head, SeqArrowHead::kHalfTop)
DG_HEAD_ACTION(left_open_bottom, left_head, SeqArrowHead::kOpenHalfBottom)
DG_HEAD_ACTION(left_bottom, left_head, SeqArrowHead::kHalfBottom)
DG_HEAD_ACTION(right_open, right_head, SeqArrowHead::kOpen)
DG_HEAD_ACTION(right_filled, right_head, SeqArrowHead::kFilled)
DG_HEAD_ACTION(right_open_top, right_head, SeqArrowHead::kOpenHalfTop)
DG_HEAD_ACTION(right_top, right_head, SeqArrowHead::kHalfTop)
DG_HEAD_ACTION(right_open_bottom, right_head, SeqArrowHead::kOpenHalfBottom)
DG_HEAD_ACTION(right_bottom, right_head, SeqArrowHead::kHalfBottom)
#undef DG_HEAD_ACTION

template <>
struct ArrowAction<r::left_mark> {
  template <typename In>
  static void apply(const In& in, SeqArrow& a) {
    a.left_mark = static_cast<char>(std::tolower(static_cast<unsigned char>(in.peek_char())));
  }
};
template <>
struct ArrowAction<r::right_mark> {
  template <typename In>
  static void apply(const In& in, SeqArrow& a) {
    a.right_mark = static_cast<char>(std::tolower(static_cast<unsigned char>(in.peek_char())));
  }
};
template <>
struct ArrowAction<r::style> {
  template <typename In>
  static void apply(const In& in, SeqArrow& a) { a.style = in.string(); }
};
// `-->`, `-[#red]-->` are dashed; `->`, `-[#red]->` are not: two dashes in a row.
template <>
struct ArrowAction<r::body> {
  template <typename In>
  static void apply(const In& in, SeqArrow& a) {
    std::string_view s(in.begin(), in.size());
    size_t close = s.find(']');
    a.dashed = s.substr(0, s.find('[')).find("--") != std::string_view::npos ||
               (close != std::string_view::npos && s.substr(close).find("--") != std::string_view::npos);
  }
};

// ------------------------------------------------------------ helpers

bool IsNameByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '.' || c == '@' || u >= 0x80;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const char* const kParticipantKinds[] = {"participant", "actor",       "boundary", "control",
                                         "entity",      "database",    "collections", "queue"};
const char* const kFragmentOps[] = {"alt", "opt", "loop", "par", "par2", "break", "critical", "group"};

bool IsParticipantKind(std::string_view w) {
  for (const char* k : kParticipantKinds)
    if (IEquals(w, k)) return true;
  return false;
}

bool IsFragmentOp(std::string_view w) {
  for (const char* k : kFragmentOps)
    if (IEquals(w, k)) return true;
  return false;
}

}  // namespace

size_t ParseSeqArrow(std::string_view text, SeqArrow& out) {
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.size(), "arrow");
  SeqArrow arrow;
  try {
    if (!pegtl::parse<r::arrow, ArrowAction>(in, arrow)) return 0;
  } catch (const pegtl::parse_error&) {
    return 0;  // the arrow rule has no must<> points; kept for safety
  }
  out = arrow;
  return static_cast<size_t>(in.current() - text.data());
}

namespace {

// True when `rest` (after a word) starts with an arrow that has a head or mark.
bool StartsArrow(std::string_view rest) {
  size_t b = rest.find_first_not_of(" \t");
  if (b == std::string_view::npos) return false;
  SeqArrow arrow;
  if (ParseSeqArrow(rest.substr(b), arrow) == 0) return false;
  return arrow.left_head != SeqArrowHead::kNone || arrow.right_head != SeqArrowHead::kNone ||
         arrow.left_mark || arrow.right_mark;
}

}  // namespace

// ------------------------------------------------------------ line parser

namespace detail {

SeqLineParser::SeqLineParser(const std::vector<Line>& lines, Diagnostics& diags,
                             SequenceDocument& doc)
    : lines_(lines), diags_(diags), doc_(doc) {}

Span SeqLineParser::At(size_t b, size_t e) const {
  const Line& l = *line_;
  if (l.substituted) return l.span;
  b = std::min(b, l.text.size());
  e = std::min(std::max(e, b), l.text.size());
  return {static_cast<uint32_t>(l.span.begin + b), static_cast<uint32_t>(l.span.begin + e)};
}

void SeqLineParser::SkipWs() {
  while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
}

bool SeqLineParser::AtEnd() {
  SkipWs();
  return pos_ >= text_.size();
}

std::string_view SeqLineParser::PeekWord() const {
  size_t e = pos_;
  while (e < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[e])) || text_[e] == '_'))
    ++e;
  return text_.substr(pos_, e - pos_);
}

bool SeqLineParser::Keyword(std::string_view word) {
  SkipWs();
  if (text_.size() - pos_ < word.size() || !IEquals(text_.substr(pos_, word.size()), word))
    return false;
  size_t e = pos_ + word.size();
  if (e < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[e])) || text_[e] == '_'))
    return false;
  pos_ = e;
  return true;
}

bool SeqLineParser::Char(char c) {
  SkipWs();
  if (pos_ < text_.size() && text_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

std::optional<SeqName> SeqLineParser::Name() {
  SkipWs();
  size_t b = pos_;
  if (pos_ < text_.size() && text_[pos_] == '"') {
    size_t close = text_.find('"', pos_ + 1);
    if (close == std::string_view::npos) return std::nullopt;
    pos_ = close + 1;
    return SeqName{std::string(text_.substr(b + 1, close - b - 1)), At(b, pos_), true};
  }
  while (pos_ < text_.size() && IsNameByte(text_[pos_])) ++pos_;
  if (pos_ == b) return std::nullopt;
  return SeqName{std::string(text_.substr(b, pos_ - b)), At(b, pos_), false};
}

std::string SeqLineParser::Color() {
  SkipWs();
  if (pos_ >= text_.size() || text_[pos_] != '#') return {};
  size_t b = pos_++;
  // `#red`, `#1a2b3c`, `#red/blue`, `#red-blue` (gradients keep the first colour later).
  while (pos_ < text_.size() && (IsNameByte(text_[pos_]) || text_[pos_] == '#' || text_[pos_] == '/' ||
                                 text_[pos_] == '-' || text_[pos_] == '|' || text_[pos_] == '\\'))
    ++pos_;
  size_t e = pos_;
  // `#green;line:blue;text:red`: the extra style parts are read and ignored.
  if (pos_ < text_.size() && text_[pos_] == ';')
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  return std::string(text_.substr(b, e - b));
}

std::string SeqLineParser::Rest() {
  SkipWs();
  std::string out(TrimSpace(text_.substr(pos_)));
  pos_ = text_.size();
  return out;
}

void SeqLineParser::Expected(std::string_view what) {
  SkipWs();
  size_t e = pos_;
  while (e < text_.size() && !std::isspace(static_cast<unsigned char>(text_[e]))) ++e;
  std::string message = "expected ";
  message.append(what).append(", got ");
  if (pos_ >= text_.size()) {
    message += "end of line";
  } else {
    message.append("\"").append(text_.substr(pos_, e - pos_)).append("\"");
  }
  diags_.Error(At(pos_, std::max(e, pos_ + 1)), "puml-syntax", std::move(message));
}

bool SeqLineParser::ExpectEnd() {
  if (AtEnd()) return true;
  Expected("end of line");
  return false;
}

void SeqLineParser::Run() {
  while (index_ < lines_.size()) {
    size_t before = index_;
    if (ParseCommonStatement(lines_, index_, doc_.common, diags_)) {
      if (index_ == before) ++index_;  // never loop on a misbehaving hook
      continue;
    }
    line_ = &lines_[index_];
    text_ = line_->text;
    pos_ = 0;
    ++index_;
    if (AtEnd()) continue;
    ParseLine();
  }
  CloseAll();
}

void SeqLineParser::ParseLine() {
  if (IsTeozDuration()) return ParseDuration();
  // teoz anchors `{start} A -> B`: the next message is where durations start or end.
  anchor_.clear();
  while (pos_ < text_.size() && text_[pos_] == '{') {
    size_t close = text_.find('}', pos_);
    if (close == std::string_view::npos) break;
    anchor_ = std::string(TrimSpace(text_.substr(pos_ + 1, close - pos_ - 1)));
    pos_ = close + 1;
    if (AtEnd()) return;
  }
  std::string_view word = PeekWord();
  char c0 = text_[pos_];
  if (c0 == '=' && text_.substr(pos_).starts_with("==")) return ParseDivider();
  if (c0 == '.' && text_.substr(pos_).starts_with("...")) return ParseDelay();
  if (c0 == '|' && text_.substr(pos_).starts_with("||")) return ParseSpacing();
  if (c0 == '/' || c0 == '&') {
    size_t save = pos_++;
    std::string_view w = (SkipWs(), PeekWord());
    if (IEquals(w, "note") || IEquals(w, "hnote") || IEquals(w, "rnote")) return ParseNote(true);
    // teoz `& opt`, `& activate B`: parallel to the previous row; drawn in sequence here.
    if (c0 == '&' && !w.empty() && (IsFragmentOp(w) || IEquals(w, "activate") ||
                                    IEquals(w, "deactivate") || IEquals(w, "else")))
      return ParseLine();
    pos_ = save;
  }
  if (c0 == '<' && text_.substr(pos_).starts_with("<style>")) return SkipUntil("</style>");
  if (c0 == '!') return;  // preprocessor leftovers such as `!pragma teoz true`
  if (c0 == '@' && ParseAtLine()) return;
  if (!word.empty() && StartsArrow(text_.substr(pos_ + word.size()))) {
    return ParseMessage();  // a keyword used as a name: `actor -> director`, `LOOP -> x`
  }
  if (IsParticipantKind(word)) return ParseParticipant(false);
  if (IEquals(word, "create")) return ParseCreate();
  if (IEquals(word, "activate")) return ParseActivation(SeqActivation::Op::kActivate);
  if (IEquals(word, "deactivate")) return ParseActivation(SeqActivation::Op::kDeactivate);
  if (IEquals(word, "destroy")) return ParseActivation(SeqActivation::Op::kDestroy);
  if (IEquals(word, "note") || IEquals(word, "hnote") || IEquals(word, "rnote")) return ParseNote(false);
  if (IEquals(word, "ref")) return ParseRef();
  if (IsFragmentOp(word)) return ParseFragmentStart();
  if (IEquals(word, "else") || IEquals(word, "also")) return ParseElse();
  if (IEquals(word, "end")) return ParseEnd();
  if (IEquals(word, "endbox")) return ParseBoxEnd();
  if (IEquals(word, "box")) return ParseBoxStart();
  if (IEquals(word, "autonumber")) return ParseAutonumber();
  if (IEquals(word, "return")) return ParseReturn();
  if (IEquals(word, "newpage")) return ParseNewPage();
  if (IEquals(word, "autoactivate")) return ParseAutoactivate();
  if (IEquals(word, "sprite")) return SkipSprite();
  if (IsIgnoredKeyword(word)) return;
  if (IEquals(word, "set") && Lower(text_).find("separator") != std::string::npos) return;
  ParseMessage();
}

bool SeqLineParser::IsTeozDuration() const {
  std::string_view t = TrimSpace(text_);
  if (!t.starts_with("{")) return false;
  size_t close = t.find('}');
  if (close == std::string_view::npos) return false;
  std::string_view rest = TrimSpace(t.substr(close + 1));
  SeqArrow arrow;
  size_t used = ParseSeqArrow(rest, arrow);
  std::string_view second = TrimSpace(rest.substr(used));
  return used > 0 && second.starts_with("{") && second.find('}') != std::string_view::npos;
}

// `{start} <-> {end} : label` (IsTeozDuration said the shape is right).
void SeqLineParser::ParseDuration() {
  SeqDuration d;
  d.span = line_->span;
  auto anchor = [&] {
    SkipWs();
    size_t close = text_.find('}', pos_);
    std::string name(TrimSpace(text_.substr(pos_ + 1, close - pos_ - 1)));
    pos_ = close + 1;
    return name;
  };
  d.from = anchor();
  SkipWs();
  SeqArrow arrow;
  pos_ += ParseSeqArrow(text_.substr(pos_), arrow);
  d.to = anchor();
  if (Char(':')) d.label = Rest();
  else if (!ExpectEnd()) return;
  doc_.statements.push_back(std::move(d));
}

// `@newpage` is PlantUML's old spelling of `newpage`; a second `@startuml`
// inside the block is ignored, as PlantUML does. Anything else is not ours.
bool SeqLineParser::ParseAtLine() {
  size_t save = pos_++;
  if (IEquals(PeekWord(), "newpage")) {
    ParseNewPage();
    return true;
  }
  if (IEquals(PeekWord(), "startuml")) return true;
  pos_ = save;
  return false;
}

// Statements that change nothing we draw; accepted so real diagrams compile.
bool SeqLineParser::IsIgnoredKeyword(std::string_view word) const {
  static const char* const kIgnored[] = {"scale", "mainframe", "skin", "allowmixing", "allow_mixing",
                                         "autoinclude", "teoz", "footbox", "rotate", "minwidth",
                                         "autonewpage"};
  for (const char* k : kIgnored)
    if (IEquals(word, k)) return true;
  return false;
}

void SeqLineParser::SkipUntil(std::string_view closing) {
  if (Lower(text_).find(closing) != std::string::npos) return;
  Span open = line_->span;
  while (index_ < lines_.size()) {
    if (Lower(lines_[index_++].text).find(closing) != std::string::npos) return;
  }
  diags_.Error(open, "puml-unclosed", "expected \"" + std::string(closing) + "\" to close this block");
}

void SeqLineParser::SkipSprite() {
  std::string lower = Lower(text_);
  if (lower.find('{') != std::string::npos && lower.find('}') == std::string::npos)
    return SkipUntil("}");
  if (lower.find("<svg") != std::string::npos) return SkipUntil("</svg>");
}

void SeqLineParser::ParseParticipant(bool create) {
  size_t kw = (SkipWs(), pos_);
  std::string keyword = Lower(PeekWord());
  pos_ = kw + keyword.size();
  ParseParticipantNames(std::move(keyword), create);
}

// `Name`, `"Long" as L` or `L as "Long"`, then the tail, after the keyword.
void SeqLineParser::ParseParticipantNames(std::string keyword, bool create) {
  SeqParticipantDecl d;
  d.create = create;
  d.span = line_->span;
  d.keyword = std::move(keyword);
  std::optional<SeqName> first = Name();
  if (!first) return Expected("a participant name after \"" + d.keyword + "\"");
  d.name = *first;
  if (Keyword("as")) {
    std::optional<SeqName> second = Name();
    if (!second) return Expected("a name after \"as\"");
    // `"Long" as L` and `Long as L` name L; `L as "Long"` keeps L and shows "Long".
    if (second->quoted && !first->quoted) {
      d.display = second->text;
    } else {
      d.display = first->text;
      d.name = *second;
    }
  }
  if (!ParseParticipantTail(d)) return;
  doc_.statements.push_back(std::move(d));
}

// Stereotypes, `order N`, a colour and `[[link]]`, in any order.
bool SeqLineParser::ParseParticipantTail(SeqParticipantDecl& d) {
  while (!AtEnd()) {
    if (text_.substr(pos_).starts_with("<<")) {
      size_t close = text_.find(">>", pos_ + 2);
      if (close == std::string_view::npos) {
        Expected("\">>\" to close the stereotype");
        return false;
      }
      d.stereotypes.emplace_back(TrimSpace(text_.substr(pos_ + 2, close - pos_ - 2)));
      pos_ = close + 2;
    } else if (text_[pos_] == '#') {
      d.color = Color();
    } else if (text_.substr(pos_).starts_with("[[")) {
      if (text_.find("]]", pos_) == std::string_view::npos) {
        Expected("\"]]\" to close the link");
        return false;
      }
      ReadLink(d.link, d.link_span);
    } else if (text_[pos_] == '[' && TrimSpace(text_.substr(pos_ + 1)).empty()) {
      return ReadDescription(d);
    } else if (Keyword("order")) {
      SkipWs();
      int value = 0;
      auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
      if (ec != std::errc()) {
        Expected("a number after \"order\"");
        return false;
      }
      d.order = value;
      pos_ = static_cast<size_t>(p - text_.data());
    } else {
      Expected("a stereotype \"<<…>>\", a colour \"#…\" or \"order N\"");
      return false;
    }
  }
  return true;
}

// `participant X <<s>> [`, lines, `]`: a description over several lines
// (C4-PlantUML's participants), shown as written, each line trimmed.
bool SeqLineParser::ReadDescription(SeqParticipantDecl& d) {
  pos_ = text_.size();
  Span open = line_->span;
  std::string display;
  for (size_t first = index_; index_ < lines_.size();) {
    std::string_view text = TrimSpace(lines_[index_++].text);
    if (text == "]") {
      d.display = display;
      return true;
    }
    display += (index_ - 1 == first ? "" : "\\n") + std::string(text);
  }
  diags_.Error(open, "puml-unclosed", "expected \"]\" to close the participant's description");
  return false;
}

void SeqLineParser::ParseCreate() {
  Keyword("create");
  SkipWs();
  if (IsParticipantKind(PeekWord())) return ParseParticipant(true);
  size_t name_at = pos_;
  std::optional<SeqName> name = Name();
  if (!name) return Expected("a participant name after \"create\"");
  if (!AtEnd()) {  // `create "Long\nname" as L #red`: a participant declared here
    pos_ = name_at;
    return ParseParticipantNames("participant", true);
  }
  doc_.statements.push_back(SeqCreate{*name, line_->span});
}

void SeqLineParser::ParseActivation(SeqActivation::Op op) {
  SeqActivation a;
  a.op = op;
  a.span = line_->span;
  SkipWs();
  pos_ += PeekWord().size();
  if (!AtEnd() && text_[pos_] != '#') {
    a.name = Name();
    if (!a.name) return Expected("a participant name");
  } else if (op != SeqActivation::Op::kDeactivate) {
    return Expected("a participant name");
  }
  a.color = Color();
  Color();  // `activate B #fill #border`: the border colour is not drawn
  if (!ExpectEnd()) return;
  doc_.statements.push_back(std::move(a));
}

void SeqLineParser::ParseDivider() {
  std::string_view t = TrimSpace(text_);
  size_t b = t.find_first_not_of('=');
  size_t e = t.find_last_not_of('=');
  std::string text = b == std::string_view::npos ? "" : std::string(TrimSpace(t.substr(b, e - b + 1)));
  doc_.statements.push_back(SeqDivider{text, line_->span});
}

void SeqLineParser::ParseDelay() {
  std::string_view t = TrimSpace(text_);
  size_t b = t.find_first_not_of('.');
  size_t e = t.find_last_not_of('.');
  std::string text = b == std::string_view::npos ? "" : std::string(TrimSpace(t.substr(b, e - b + 1)));
  doc_.statements.push_back(SeqDelay{text, line_->span});
}

void SeqLineParser::ParseSpacing() {
  std::string_view t = TrimSpace(text_);
  SeqSpacing s;
  s.span = line_->span;
  if (t == "|||") {
    doc_.statements.push_back(s);
    return;
  }
  std::string_view inner = t.size() >= 4 && t.ends_with("||") ? t.substr(2, t.size() - 4) : "";
  double value = 0;
  auto [p, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), value);
  if (inner.empty() || ec != std::errc() || p != inner.data() + inner.size()) {
    pos_ = static_cast<size_t>(t.data() - text_.data());
    return Expected("\"|||\" or \"||N||\"");
  }
  s.points = std::min(value, 10000.0);
  doc_.statements.push_back(s);
}

void SeqLineParser::ParseNewPage() {
  Keyword("newpage");
  doc_.statements.push_back(SeqNewPage{Rest(), line_->span});
}

void SeqLineParser::ParseReturn() {
  Keyword("return");
  doc_.statements.push_back(SeqReturn{Rest(), line_->span});
}

void SeqLineParser::ParseAutoactivate() {
  Keyword("autoactivate");
  bool on = true;
  if (Keyword("off")) on = false;
  else if (!Keyword("on")) return Expected("\"on\" or \"off\"");
  if (!ExpectEnd()) return;
  doc_.statements.push_back(SeqAutoactivate{on, line_->span});
}

std::optional<int> SeqLineParser::Integer() {
  SkipWs();
  int value = 0;
  auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
  if (ec != std::errc()) return std::nullopt;
  pos_ = static_cast<size_t>(p - text_.data());
  // `autonumber 1.1.1`: only the last level counts here.
  while (pos_ < text_.size() && text_[pos_] == '.' && pos_ + 1 < text_.size() &&
         std::isdigit(static_cast<unsigned char>(text_[pos_ + 1]))) {
    ++pos_;
    auto [q, ec2] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
    pos_ = static_cast<size_t>(q - text_.data());
  }
  return value;
}

void SeqLineParser::ParseAutonumber() {
  Keyword("autonumber");
  SeqAutonumber a;
  a.span = line_->span;
  if (Keyword("stop") || Keyword("off")) {
    a.op = SeqAutonumber::Op::kStop;
    if (!ExpectEnd()) return;
    doc_.statements.push_back(a);
    return;
  }
  if (Keyword("inc")) {  // `autonumber inc A`: multi-level numbers are drawn as one level
    Rest();
    return;
  }
  if (Keyword("resume")) a.op = SeqAutonumber::Op::kResume;
  if (a.op == SeqAutonumber::Op::kStart) a.start = Integer();
  if (a.start || a.op == SeqAutonumber::Op::kResume) a.step = Integer();
  SkipWs();
  if (pos_ < text_.size() && text_[pos_] == '"') {
    std::optional<SeqName> fmt = Name();
    if (!fmt) return Expected("a closing '\"' after the format");
    a.format = fmt->text;
  }
  if (!ExpectEnd()) return;
  doc_.statements.push_back(a);
}

}  // namespace detail

SequenceDocument ParseSequence(const Block& block, Diagnostics& diags) {
  SequenceDocument doc;
  detail::SeqLineParser parser(block.lines, diags, doc);
  parser.Run();
  return doc;
}

}  // namespace dg::grammar::puml
