// Parser for PlantUML component / deployment diagrams: each line is offered
// to the common statements, then to a few hand-read statements (notes,
// braces, remove), then to the PEGTL line grammar in puml_component_rules.hpp.
#include <algorithm>
#include <cctype>

#include "grammar/puml_component.hpp"
#include "grammar/text.hpp"
#include "grammar/puml_component_errors.hpp"
#include "grammar/puml_component_rules.hpp"

namespace dg::grammar::puml {
namespace {

namespace pegtl = tao::pegtl;

constexpr size_t kMaxTokenQuoteBytes = 24;  // longest "unexpected …" excerpt
constexpr size_t kMaxQuotedLines = 64;      // a quoted name may span this many lines

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StartsWithWord(std::string_view text, std::string_view word) {
  if (text.size() < word.size() || Lower(text.substr(0, word.size())) != word) return false;
  return text.size() == word.size() || text[word.size()] == ' ' || text[word.size()] == '\t';
}

/// Removes the quotes, brackets or colons of a name as written.
std::string Unwrap(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2) {
    char a = s.front(), b = s.back();
    if ((a == '"' && b == '"') || (a == '[' && b == ']') || (a == ':' && b == ':') ||
        (a == '(' && b == ')')) {
      return std::string(Trim(s.substr(1, s.size() - 2)));
    }
  }
  return std::string(s);
}

/// Maps a byte range of a line's text to a source span.
Span SubSpan(const Line& line, size_t begin, size_t end) {
  if (line.substituted) return line.span;
  return {line.span.begin + static_cast<uint32_t>(begin), line.span.begin + static_cast<uint32_t>(end)};
}

// ------------------------------------------------------------ actions

struct LineState {
  const Line* line = nullptr;
  ElementDecl element;
  LinkDecl link;
  size_t furthest = 0;         ///< furthest byte any rule matched up to
  std::string link_from;       ///< set once a link's first end matched
  std::string link_arrow;      ///< set once its arrow matched
  std::string keyword;         ///< set once an element keyword matched
};

template <typename Rule>
struct Action : pegtl::nothing<Rule> {};

template <>
struct Action<rules::element_kw> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    st.element.keyword = Lower(in.string());
    st.keyword = in.string();
  }
};

/// The display of an element: quoted / bracketed text is a display name,
/// a bare identifier is a name that is also displayed.
void SetDisplay(const std::string& raw, ElementDecl& e) {
  e.display = Unwrap(raw);
  e.display_given = raw[0] == '"' || raw[0] == '[' || raw[0] == ':' || raw[0] == '(';
}

template <>
struct Action<rules::display> {
  template <typename In>
  static void apply(const In& in, LineState& st) { SetDisplay(in.string(), st.element); }
};

template <>
struct Action<rules::short_display> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    std::string raw = in.string();
    ElementDecl& e = st.element;
    if (raw[0] == '[') e.keyword = "component";
    else if (raw[0] == ':') e.keyword = "actor";
    else if (raw.rfind("()", 0) == 0) e.keyword = "interface", raw = std::string(Trim(raw.substr(2)));
    else e.keyword = "usecase";
    SetDisplay(raw, e);
  }
};

template <>
struct Action<rules::alias_name> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    ElementDecl& e = st.element;
    std::string raw = in.string();
    // `X as "Long"`: the quoted part is the display, the bare one the alias.
    if (!e.display_given && (raw[0] == '"' || raw[0] == '[')) {
      e.alias = e.display;
      SetDisplay(raw, e);
    } else {
      e.alias = Unwrap(raw);
    }
  }
};

template <>
struct Action<rules::stereotype> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    std::string s = in.string();
    st.element.deco.stereotypes.push_back(std::string(Trim(s.substr(2, s.size() - 4))));
  }
};

template <>
struct Action<rules::color_spec> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.element.deco.color = in.string().substr(1); }
};

/// `[[url{tooltip} label]]` at bytes [b, b + text.size()) of the line into deco.
void ReadLink(std::string_view text, const Line& line, size_t b, Decoration* deco) {
  std::string s(Trim(text.substr(2, text.size() - 4)));
  size_t brace = s.find('{');
  if (brace != std::string::npos && s.back() == '}') {
    deco->tooltip = s.substr(brace + 1, s.size() - brace - 2);
    s = std::string(Trim(s.substr(0, brace)));
  }
  deco->link = s.substr(0, s.find(' '));
  deco->link_span = SubSpan(line, b, b + text.size());
}

template <>
struct Action<rules::url_link> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    ReadLink(in.string(), *st.line, in.position().byte, &st.element.deco);
  }
};

template <>
struct Action<rules::tag> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.element.deco.tags.push_back(in.string()); }
};

template <>
struct Action<rules::block_open> {
  template <typename In>
  static void apply(const In&, LineState& st) { st.element.opens_block = true; }
};

template <>
struct Action<rules::long_desc> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.element.description = in.string(); }
};

LinkEnd MakeEnd(const std::string& raw, const Line& line, size_t begin, size_t end) {
  LinkEnd e;
  if (raw[0] == '[') e.shorthand = "component";
  else if (raw[0] == ':') e.shorthand = "actor";
  else if (raw.rfind("()", 0) == 0) e.shorthand = "interface";
  else if (raw[0] == '(') e.shorthand = "usecase";
  e.name = Unwrap(e.shorthand == "interface" ? std::string(Trim(raw.substr(2))) : raw);
  e.span = SubSpan(line, begin, end);
  return e;
}

template <>
struct Action<rules::from_end> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    size_t b = in.position().byte;
    st.link.from = MakeEnd(in.string(), *st.line, b, b + in.size());
    st.link_from = in.string();
  }
};

template <>
struct Action<rules::to_end> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    size_t b = in.position().byte;
    st.link.to = MakeEnd(in.string(), *st.line, b, b + in.size());
  }
};

template <>
struct Action<rules::from_card> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.link.from_card = Unwrap(in.string()); }
};

template <>
struct Action<rules::to_card> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.link.to_card = Unwrap(in.string()); }
};

template <>
struct Action<rules::tail_head> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.link.tail_head = in.string(); }
};

template <>
struct Action<rules::head> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.link.head = in.string(); }
};

template <>
struct Action<rules::body_run> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    if (st.link.length == 0) st.link.body = *in.begin();
    st.link.length += static_cast<int>(in.size());
  }
};

template <>
struct Action<rules::direction> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    std::string d = Lower(in.string());
    if (d == "u") d = "up";
    else if (d == "d" || d == "do") d = "down";
    else if (d == "l" || d == "le") d = "left";
    else if (d == "r" || d == "ri") d = "right";
    st.link.direction = d;
  }
};

template <>
struct Action<rules::inline_style> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    std::string s = in.string();
    st.link.style = s.substr(1, s.size() - 2);
  }
};

template <>
struct Action<rules::lollipop> {
  template <typename In>
  static void apply(const In& in, LineState& st) { st.link.lollipop = in.string(); }
};

template <>
struct Action<rules::arrow> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    size_t b = in.position().byte;
    st.link.arrow_span = SubSpan(*st.line, b, b + in.size());
    st.link_arrow = in.string();
  }
};

template <>
struct Action<rules::link_label> {
  template <typename In>
  static void apply(const In& in, LineState& st) {
    st.link.label = std::string(Trim(in.string().substr(1)));
  }
};

/// Rules whose end marks progress for "unexpected …" positions: whole
/// tokens, so an error points at the start of a bad arrow, not inside it.
template <typename Rule>
inline constexpr bool kTracked = false;
template <> inline constexpr bool kTracked<rules::ws> = true;
template <> inline constexpr bool kTracked<rules::sp> = true;
template <> inline constexpr bool kTracked<rules::element_kw> = true;
template <> inline constexpr bool kTracked<rules::display> = true;
template <> inline constexpr bool kTracked<rules::short_display> = true;
template <> inline constexpr bool kTracked<rules::decoration> = true;
template <> inline constexpr bool kTracked<rules::from_end> = true;
template <> inline constexpr bool kTracked<rules::to_end> = true;
template <> inline constexpr bool kTracked<rules::from_card> = true;
template <> inline constexpr bool kTracked<rules::to_card> = true;
template <> inline constexpr bool kTracked<rules::arrow> = true;
template <> inline constexpr bool kTracked<rules::link_deco> = true;

/// Remembers how far the tracked rules got.
template <typename Rule>
struct Furthest : pegtl::normal<Rule> {
  template <typename In, typename... States>
  static void success(const In& in, LineState& st, States&&...) {
    if constexpr (kTracked<Rule>) {
      st.furthest = std::max<size_t>(st.furthest, in.current() - in.begin());
    }
  }
};

/// Tries one line rule with fresh state. On failure `st` keeps the attempt
/// that got furthest, so the error can say what was expected there.
template <typename Rule>
bool ParseLine(const Line& line, LineState& st) {
  pegtl::memory_input<> in(line.text.data(), line.text.size(), "line");
  LineState attempt;
  attempt.line = &line;
  bool ok = false;
  try {
    ok = pegtl::parse<Rule, Action, Furthest>(in, attempt);
  } catch (const pegtl::parse_error&) {
    ok = false;  // the rules have no must<> points; kept so nothing escapes the stage
  }
  if (ok || attempt.furthest > st.furthest) st = std::move(attempt);
  return ok;
}

// ------------------------------------------------------------- parser

class ComponentParser {
 public:
  ComponentParser(const Block& block, Diagnostics& diags) : lines_(block.lines), diags_(diags) {}

  ComponentDocument Run() {
    while (index_ < lines_.size()) Statement();
    return std::move(doc_);
  }

 private:
  void Statement();
  bool ElementVisibility(const Line& line);
  Line JoinQuotedLines(const Line& first);
  bool HandWritten(const Line& line);
  void Note(const Line& line);
  void Url(const Line& line, std::string_view t, const std::string& lower);
  void Grammar(const Line& line);
  void LongDescription(ElementDecl& element);
  void ReportUnexpected(const Line& line, const LineState& st);
  std::string CollectUntilEndNote(const Line& open);

  const std::vector<Line>& lines_;
  Diagnostics& diags_;
  size_t index_ = 0;
  ComponentDocument doc_;
};

void ComponentParser::Statement() {
  const Line& line = lines_[index_];
  if (Trim(line.text).empty()) {
    ++index_;
    return;
  }
  if (ElementVisibility(line)) {
    ++index_;
    return;
  }
  if (ParseCommonStatement(lines_, index_, doc_.common, diags_)) return;
  ++index_;
  if (HandWritten(line)) return;
  Grammar(line);
}

/// `remove`, `restore`, `hide`, `show` of elements. Hide / show of other
/// things (stereotype, circle, members …) is left to the common statements.
bool ComponentParser::ElementVisibility(const Line& line) {
  static const std::pair<std::string_view, RemoveDecl::Op> kOps[] = {
      {"remove", RemoveDecl::Op::kRemove}, {"restore", RemoveDecl::Op::kRestore},
      {"hide", RemoveDecl::Op::kHide}, {"show", RemoveDecl::Op::kShow}};
  std::string_view t = Trim(line.text);
  for (const auto& [word, op] : kOps) {
    if (!StartsWithWord(t, word)) continue;
    RemoveDecl r{op, std::string(Trim(t.substr(word.size()))), line.span};
    if (r.what.empty()) return false;
    bool hide_show = op == RemoveDecl::Op::kHide || op == RemoveDecl::Op::kShow;
    if (hide_show) (op == RemoveDecl::Op::kHide ? doc_.common.hides : doc_.common.shows).push_back(Lower(r.what));
    doc_.statements.push_back(std::move(r));
    return true;
  }
  return false;
}

/// A display name in quotes may run over several lines; joins them with '\n'.
Line ComponentParser::JoinQuotedLines(const Line& first) {
  Line joined = first;
  size_t quotes = std::count(first.text.begin(), first.text.end(), '"');
  size_t i = index_;
  while (quotes % 2 == 1 && i < lines_.size() && i - index_ < kMaxQuotedLines) {
    joined.text += "\\n" + lines_[i].text;
    joined.span.end = lines_[i].span.end;
    joined.substituted = true;
    quotes += std::count(lines_[i].text.begin(), lines_[i].text.end(), '"');
    ++i;
  }
  if (quotes % 2 == 0) index_ = i;
  return quotes % 2 == 0 ? joined : first;
}

/// Statements simple enough to read without the grammar.
bool ComponentParser::HandWritten(const Line& line) {
  std::string_view t = Trim(line.text);
  std::string lower = Lower(t);
  if (t[0] == '}') {
    doc_.statements.push_back(BlockEnd{SubSpan(line, 0, 1)});
    if (!Trim(t.substr(1)).empty()) {
      diags_.Error(SubSpan(line, 1, t.size()), "puml-syntax",
                   "unexpected \"" + std::string(Trim(t.substr(1))) + "\" after \"}\", expected end of line");
    }
    return true;
  }
  if (StartsWithWord(t, "note")) {
    Note(line);
    return true;
  }
  if (lower == "together {" || lower == "together{") {
    doc_.statements.push_back(TogetherStart{line.span});
    return true;
  }
  if (StartsWithWord(t, "newpage")) {
    diags_.Warning(line.span, "puml-ignored", "only the first page is drawn; the rest is ignored");
    index_ = lines_.size();
    return true;
  }
  if (StartsWithWord(t, "url") && lower.find(" is ") != std::string::npos) {
    Url(line, t, lower);
    return true;
  }
  if (StartsWithWord(t, "set")) {
    std::string_view rest = Trim(t.substr(3));
    for (std::string_view key : {"namespaceseparator", "separator"}) {
      if (StartsWithWord(rest, key)) {
        std::string sep(Trim(rest.substr(key.size())));
        doc_.namespace_separator = Lower(sep) == "none" ? "" : sep;
        return true;
      }
    }
    return false;
  }
  if (lower == "allowmixing" || lower == "allow_mixing" || StartsWithWord(t, "mainframe")) return true;
  return false;
}

std::string ComponentParser::CollectUntilEndNote(const Line& open) {
  std::string text;
  for (size_t i = index_; i < lines_.size(); ++i) {
    std::string l = Lower(Trim(lines_[i].text));
    if (l == "end note" || l == "endnote") {
      index_ = i + 1;
      return text;
    }
    if (i > index_) text += '\n';
    text += lines_[i].text;
  }
  diags_.Error(open.span, "puml-unterminated",
               "\"" + std::string(Trim(open.text)) + "\" is not closed: expected \"end note\"");
  index_ = lines_.size();
  return text;
}

/// `note left of X : t`, `note top of X` … `end note`, `note "t" as N`, `note as N`.
/// `url of X is [[url]]` / `url for X is [[url]]`; any other `url … is …`
/// line is ignored with a warning, as before this form was read.
void ComponentParser::Url(const Line& line, std::string_view t, const std::string& lower) {
  size_t link = t.find("[[");
  size_t is = link == std::string_view::npos ? link : lower.rfind(" is ", link);
  std::string_view rest = Trim(t.substr(3));
  size_t of = StartsWithWord(rest, "of") ? 2 : StartsWithWord(rest, "for") ? 3 : 0;
  size_t name_at = t.size() - rest.size() + of;
  while (name_at < t.size() && (t[name_at] == ' ' || t[name_at] == '\t')) ++name_at;
  if (of == 0 || is == std::string::npos || is < name_at || t.substr(t.size() - 2) != "]]" ||
      !Trim(t.substr(is + 4, link - is - 4)).empty()) {
    diags_.Warning(line.span, "puml-ignored", "\"" + std::string(t.substr(0, t.find(' '))) + "\" is ignored");
    return;
  }
  UrlDecl url;
  url.target = Unwrap(t.substr(name_at, is - name_at));
  url.span = line.span;
  size_t offset = static_cast<size_t>(t.data() - line.text.data());
  ReadLink(t.substr(link), line, offset + link, &url.deco);
  if (url.target.empty()) {
    diags_.Error(SubSpan(line, offset + name_at, offset + is), "puml-syntax",
                 "expected an element's name after \"url " + std::string(rest.substr(0, of)) + "\"");
    return;
  }
  doc_.statements.push_back(std::move(url));
}

void ComponentParser::Note(const Line& line) {
  std::string_view rest = Trim(std::string_view(line.text).substr(4));
  NoteDecl note;
  note.span = line.span;
  // The text after an unquoted ':' is the note (one-line form).
  size_t colon = std::string_view::npos;
  bool in_quote = false;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '"') in_quote = !in_quote;
    if (rest[i] == ':' && !in_quote) {
      colon = i;
      break;
    }
  }
  std::string_view head = Trim(rest.substr(0, colon));
  bool one_line = colon != std::string_view::npos;
  if (one_line) note.text = std::string(Trim(rest.substr(colon + 1)));
  // Colour at the end of the head.
  size_t hash = head.rfind('#');
  if (hash != std::string_view::npos && head.find('"', hash) == std::string_view::npos) {
    note.color = std::string(Trim(head.substr(hash + 1)));
    head = Trim(head.substr(0, hash));
  }
  if (StartsWithWord(head, "on") && Lower(head).find("link") != std::string::npos) {
    if (!one_line) CollectUntilEndNote(line);
    diags_.Warning(line.span, "puml-ignored", "notes on links are not supported and are ignored");
    return;
  }
  static const std::pair<std::string_view, NoteSide> kSides[] = {
      {"left", NoteSide::kLeft}, {"right", NoteSide::kRight}, {"top", NoteSide::kTop},
      {"bottom", NoteSide::kBottom}};
  bool sided = false;
  for (const auto& [word, side] : kSides) {
    if (!StartsWithWord(head, word)) continue;
    sided = true;
    note.side = side;
    std::string_view target = Trim(head.substr(word.size()));
    if (StartsWithWord(target, "of")) {
      note.target = Unwrap(Trim(target.substr(2)));
      size_t stereo = note.target.find("<<");
      if (stereo != std::string::npos) note.target = std::string(Trim(note.target.substr(0, stereo)));
      if (note.target.rfind("()", 0) == 0) note.target = Unwrap(note.target.substr(2));
    } else if (!target.empty() && target[0] != '<') {
      diags_.Error(line.span, "puml-syntax",
                   "unexpected \"" + std::string(target) + "\", expected \"of\" and an element after \"note " +
                       std::string(word) + "\"");
      if (!one_line) CollectUntilEndNote(line);
      return;
    }
  }
  if (!sided) {
    // Floating: `"text" as N` or `as N`.
    std::string_view h = head;
    if (!h.empty() && h[0] == '"') {
      size_t close = h.find('"', 1);
      if (close == std::string_view::npos) {
        diags_.Error(line.span, "puml-syntax", "expected a closing '\"' in the note text");
        return;
      }
      note.text = std::string(h.substr(1, close - 1));
      one_line = true;
      h = Trim(h.substr(close + 1));
    }
    if (StartsWithWord(h, "as")) {
      note.alias = std::string(Trim(h.substr(2)));
      note.alias = note.alias.substr(0, note.alias.find_first_of(" \t<"));
    }
    bool well_formed = h.empty() || StartsWithWord(h, "as") || h[0] == '<';
    if (!well_formed || (note.alias.empty() && !one_line)) {
      diags_.Error(line.span, "puml-syntax",
                   "expected \"left of\", \"right of\", \"top of\", \"bottom of\", \"as\" or a quoted text after \"note\"");
      return;
    }
  }
  if (!one_line) note.text = CollectUntilEndNote(line);
  doc_.statements.push_back(std::move(note));
}

/// Element (keyword or shorthand) or link, by the PEGTL grammar.
void ComponentParser::Grammar(const Line& original) {
  Line line = JoinQuotedLines(original);
  LineState st;
  st.line = &line;
  if (ParseLine<rules::element_line>(line, st) || ParseLine<rules::shorthand_line>(line, st) ||
      ParseLine<rules::anonymous_block>(line, st)) {
    st.element.span = line.span;
    if (!st.element.description.empty()) LongDescription(st.element);
    doc_.statements.push_back(std::move(st.element));
    return;
  }
  if (ParseLine<rules::link_line>(line, st)) {
    st.link.span = line.span;
    if (!st.element.deco.color.empty()) st.link.style += ",#" + st.element.deco.color;
    st.link.stereotypes = st.element.deco.stereotypes;
    doc_.statements.push_back(std::move(st.link));
    return;
  }
  ReportUnexpected(line, st);
  // Keep braces balanced so the closing "}" does not cause a second error.
  std::string_view t = Trim(line.text);
  if (!t.empty() && t.back() == '{') doc_.statements.push_back(TogetherStart{line.span});
}

/// `component C [` … `]`: the description may span lines.
void ComponentParser::LongDescription(ElementDecl& element) {
  std::string_view first = Trim(std::string_view(element.description).substr(1));
  if (!first.empty() && first.back() == ']') {
    element.description = std::string(Trim(first.substr(0, first.size() - 1)));
    return;
  }
  std::string text(first);
  for (size_t i = index_; i < lines_.size(); ++i) {
    std::string_view t = lines_[i].text;
    std::string_view trimmed = Trim(t);
    bool last = !trimmed.empty() && trimmed.back() == ']';
    if (last) t = t.substr(0, t.rfind(']'));
    if (!text.empty() || i > index_) text += '\n';
    text += std::string(t);
    if (last) {
      index_ = i + 1;
      // Drop the line break before a lone "]".
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      element.description = text;
      return;
    }
  }
  diags_.Error(element.span, "puml-unterminated", "description \"[\" is not closed: expected \"]\"");
  index_ = lines_.size();
  element.description = text;
}

void ComponentParser::ReportUnexpected(const Line& line, const LineState& st) {
  std::string_view text = line.text;
  size_t at = std::min(st.furthest, text.size());
  size_t end = at;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t' && end - at < kMaxTokenQuoteBytes) ++end;
  if (end == at && at < text.size()) ++end;
  if (at < text.size() && text[at] == '"' && text.find('"', at + 1) == std::string_view::npos) {
    diags_.Error(SubSpan(line, at, at + 1), "puml-syntax",
                 "unterminated string: expected a closing '\"' on the same line");
    return;
  }
  std::string found = at >= text.size() ? "end of line" : "\"" + std::string(text.substr(at, end - at)) + "\"";
  std::string expected;
  std::string first_word(Trim(text.substr(0, text.find_first_of(" \t"))));
  if (!st.link_arrow.empty()) {
    expected = std::string(errors::kTargetAfter) + st.link_arrow + "\"";
  } else if (!st.link_from.empty() && st.keyword.empty() && at > 0) {
    expected = std::string(errors::kArrowAfter) + st.link_from + "\"";
  } else if (!st.keyword.empty() && at > st.keyword.size()) {
    expected = std::string(errors::kElementRest) + st.keyword + "\"";
  } else {
    expected = errors::kStatement;
  }
  diags_.Error(SubSpan(line, at, std::max(end, at + 1)), "puml-syntax",
               "unexpected " + found + ", " + expected);
}

}  // namespace

ComponentDocument ParseComponent(const Block& block, Diagnostics& diags) {
  return ComponentParser(block, diags).Run();
}

}  // namespace dg::grammar::puml
