// Messages, notes, refs, fragments and boxes of the sequence line parser.
#include <algorithm>
#include <cctype>

#include "grammar/puml_sequence_lines.hpp"
#include "grammar/text.hpp"

namespace dg::grammar::puml::detail {
namespace {

// "End Note", "endnote", "end  note" → "endnote".
std::string Squeeze(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

uint32_t LineOf(const Diagnostics& diags, Span span) { return diags.sources().Locate(span).line; }

}  // namespace

// ------------------------------------------------------------ messages

void SeqLineParser::ParseMessage() {
  SeqMessage m;
  m.span = line_->span;
  m.anchor = std::move(anchor_);
  anchor_.clear();
  if (Char('&')) m.parallel = true;
  if (!ParseMessageEnd(m.left, m.left_edge, false)) return;
  SkipTeozAnchor();
  if (m.left && ParseBareShortcut(*m.left)) return;
  SkipWs();
  size_t arrow_begin = pos_;
  size_t used = ParseSeqArrow(text_.substr(pos_), m.arrow);
  bool has_head = m.arrow.left_head != SeqArrowHead::kNone ||
                  m.arrow.right_head != SeqArrowHead::kNone || m.arrow.left_mark ||
                  m.arrow.right_mark;
  if (used == 0 || !has_head) {
    std::string after = m.left ? "after \"" + m.left->text + "\"" : "after the border";
    return Expected("an arrow (\"->\", \"-->\", \"->>\", \"<-\", \"<->\" …) " + after);
  }
  pos_ += used;
  m.arrow.span = At(arrow_begin, pos_);
  SkipTeozSlant();
  SkipWs();
  if (AtEnd() || text_[pos_] == ':') {
    m.right_edge = SeqEdge::kBorder;  // `B ->` and `A \\- : x` run off to the border
  } else if (!ParseMessageEnd(m.right, m.right_edge, true)) {
    return;
  }
  SkipTeozAnchor();
  SkipTeozSlant();
  if (!ReadMulticast(m.also_to)) return;
  ReadLink(m.link, m.link_span);
  ParseShortcuts(m);
  ReadLink(m.link, m.link_span);
  if (!ReadStereotypes(m.stereotypes)) return;
  ReadLink(m.link, m.link_span);
  if (Char(':')) {
    m.has_label = true;
    m.label = Rest();
  } else if (!ExpectEnd()) {
    return;
  }
  doc_.statements.push_back(std::move(m));
}

// `IT++` / `IT--` alone on a line: PlantUML's short `activate IT` / `deactivate IT`.
bool SeqLineParser::ParseBareShortcut(const SeqName& name) {
  SkipWs();
  std::string_view rest = TrimSpace(text_.substr(pos_));
  if (rest != "++" && rest != "--") return false;
  SeqActivation a;
  a.op = rest == "++" ? SeqActivation::Op::kActivate : SeqActivation::Op::kDeactivate;
  a.name = name;
  a.span = line_->span;
  doc_.statements.push_back(std::move(a));
  return true;
}

// teoz `A -> B & C & D`: the same message to several targets.
bool SeqLineParser::ReadMulticast(std::vector<SeqName>& out) {
  while (Char('&')) {
    std::optional<SeqName> name = Name();
    if (!name) {
      Expected("a participant name after \"&\"");
      return false;
    }
    out.push_back(*name);
  }
  return true;
}

// teoz `Max{start} -> Bob`: an anchor for a duration, which is not drawn.
void SeqLineParser::SkipTeozAnchor() {
  SkipWs();
  if (pos_ >= text_.size() || text_[pos_] != '{') return;
  size_t close = text_.find('}', pos_);
  if (close != std::string_view::npos) pos_ = close + 1;
}

// `->(10)` slants an arrow in teoz; we draw it flat.
void SeqLineParser::SkipTeozSlant() {
  SkipWs();
  if (pos_ >= text_.size() || text_[pos_] != '(') return;
  size_t close = text_.find(')', pos_);
  if (close == std::string_view::npos) return;
  for (size_t i = pos_ + 1; i < close; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text_[i])) && text_[i] != ' ') return;
  pos_ = close + 1;
}

bool SeqLineParser::ParseMessageEnd(std::optional<SeqName>& name, SeqEdge& edge, bool right) {
  SkipWs();
  char border = right ? ']' : '[';
  if (pos_ < text_.size() && (text_[pos_] == border || text_[pos_] == '?')) {
    edge = text_[pos_] == '?' ? SeqEdge::kShort : SeqEdge::kBorder;
    ++pos_;
    return true;
  }
  name = Name();
  if (name) return true;
  if (!right && pos_ < text_.size() && std::string_view("-<\\/").find(text_[pos_]) != std::string_view::npos) {
    edge = SeqEdge::kBorder;  // `-> A` reads as `[-> A`, `\\- A` as `[\\- A`
    return true;
  }
  if (pos_ < text_.size() && text_[pos_] == '"') {
    Expected("a closing '\"' after the participant name");
  } else {
    Expected(right ? "a participant name, \"]\" or \"?\" after the arrow"
                   : "a participant name, a keyword or \"[\" at the start of the line");
  }
  return false;
}

// `++`, `--`, `**`, `!!` (in any combination) and an optional colour.
void SeqLineParser::ParseShortcuts(SeqMessage& m) {
  SkipWs();
  while (pos_ + 1 < text_.size()) {
    std::string_view two = text_.substr(pos_, 2);
    if (two != "++" && two != "--" && two != "**" && two != "!!") break;
    m.shortcuts += two;
    pos_ += 2;
    SkipWs();
  }
  std::string color = Color();
  if (!m.shortcuts.empty()) m.shortcut_color = color;
  else if (!color.empty()) m.arrow.style += (m.arrow.style.empty() ? "" : ",") + color;  // `A -> B #red`
}

// `[[http://… label]]`, `[[url{tooltip}]]`: keeps the url (up to a space, `{`
// or the end); the label and tooltip are not drawn. An unclosed `[[` is left
// for the caller to report.
void SeqLineParser::ReadLink(std::string& url, Span& at) {
  SkipWs();
  if (!text_.substr(pos_).starts_with("[[")) return;
  size_t close = text_.find("]]", pos_ + 2);
  if (close == std::string_view::npos) return;
  std::string_view inner = TrimSpace(text_.substr(pos_ + 2, close - pos_ - 2));
  if (url.empty()) {
    url = std::string(inner.substr(0, inner.find_first_of(" \t{")));
    at = At(pos_, close + 2);
  }
  pos_ = close + 2;
}

// ------------------------------------------------------------ notes and refs

void SeqLineParser::ParseNote(bool same_row) {
  SeqNote n;
  n.span = line_->span;
  n.same_row = same_row;
  std::string word = Squeeze(PeekWord());
  pos_ += word.size();
  n.shape = word == "hnote" ? SeqNote::Shape::kHexagon
            : word == "rnote" ? SeqNote::Shape::kRect
                              : SeqNote::Shape::kNote;
  SkipStereotype();
  if (!ParseNoteTarget(n)) return;
  SkipStereotype();
  ReadLink(n.link, n.link_span);
  n.color = Color();
  ReadLink(n.link, n.link_span);
  if (Char(':')) {
    n.text = Rest();
  } else {
    if (!ExpectEnd()) return;
    if (!ReadBlockText(n.text, "note", n.span)) return;
  }
  doc_.statements.push_back(std::move(n));
}

// `<<a>> <<b>>` after a message's target; an unclosed `<<` is an error.
bool SeqLineParser::ReadStereotypes(std::vector<std::string>& out) {
  for (SkipWs(); text_.substr(pos_).starts_with("<<"); SkipWs()) {
    size_t close = text_.find(">>", pos_ + 2);
    if (close == std::string_view::npos) {
      Expected("\">>\" to close the stereotype");
      return false;
    }
    out.emplace_back(TrimSpace(text_.substr(pos_ + 2, close - pos_ - 2)));
    pos_ = close + 2;
  }
  return true;
}

void SeqLineParser::SkipStereotype() {
  SkipWs();
  if (!text_.substr(pos_).starts_with("<<")) return;
  size_t close = text_.find(">>", pos_);
  if (close != std::string_view::npos) pos_ = close + 2;
}

bool SeqLineParser::ParseNoteTarget(SeqNote& n) {
  if (Keyword("across")) {
    n.position = SeqNote::Position::kAcross;
    return true;
  }
  if (Keyword("top") || Keyword("bottom")) {
    // teoz: `note bottom : …` spans the previous message. Drawn after it,
    // as a note over its two ends (a `top` note too: diagc keeps one row order).
    n.position = SeqNote::Position::kOver;
    SkipWs();
    if (AtEnd() || text_[pos_] == ':' || text_[pos_] == '#') return true;
    Expected("\":\" or the end of the line after \"note top\" / \"note bottom\" (they take no participant)");
    return false;
  }
  bool over = Keyword("over");
  bool left = !over && Keyword("left");
  if (!over && !left && !Keyword("right")) {
    Expected("\"left\", \"right\", \"over\", \"across\", \"top\" or \"bottom\" after the note keyword");
    return false;
  }
  if (!over) {
    n.position = left ? SeqNote::Position::kLeft : SeqNote::Position::kRight;
    Keyword("of");
  }
  SkipWs();
  // `note left : …` (no participant) sits beside the previous message.
  if (!over && (AtEnd() || text_[pos_] == ':' || text_[pos_] == '#' || text_.substr(pos_).starts_with("[[")))
    return true;
  do {
    std::optional<SeqName> name = Name();
    if (!name) {
      Expected("a participant name");
      return false;
    }
    n.names.push_back(*name);
  } while (over && Char(','));
  return true;
}

void SeqLineParser::ParseRef() {
  SeqNote n;
  n.shape = SeqNote::Shape::kRef;
  n.span = line_->span;
  Keyword("ref");
  if (!Keyword("over")) return Expected("\"over\" after \"ref\"");
  n.position = SeqNote::Position::kOver;
  do {
    std::optional<SeqName> name = Name();
    if (!name) return Expected("a participant name");
    n.names.push_back(*name);
  } while (Char(','));
  n.color = Color();
  if (Char(':')) {
    n.text = Rest();
  } else {
    if (!ExpectEnd()) return;
    if (!ReadBlockText(n.text, "ref", n.span)) return;
  }
  doc_.statements.push_back(std::move(n));
}

// Lines up to `end note` (`endnote`, `end hnote`, `end rnote`), or for a ref
// `end ref` or a plain `end` (PlantUML accepts both).
bool SeqLineParser::ReadBlockText(std::string& text, std::string_view shape_word, Span open) {
  bool first = true;
  while (index_ < lines_.size()) {
    const Line& l = lines_[index_++];
    std::string key = Squeeze(l.text);
    if (shape_word == "note" ? (key == "endnote" || key == "endhnote" || key == "endrnote")
                             : (key == "endref" || key == "end"))
      return true;
    if (!first) text += '\n';
    text += TrimSpace(l.text);
    first = false;
  }
  diags_.Error(open, "puml-unclosed",
               "this " + std::string(shape_word) + " is never closed: expected \"end " +
                   std::string(shape_word) + "\" before the end of the diagram");
  return false;
}

// ------------------------------------------------------------ fragments and boxes

void SeqLineParser::ParseFragmentStart() {
  SeqFragmentStart f;
  f.span = line_->span;
  SkipWs();
  f.op = Squeeze(PeekWord());
  if (f.op == "par2") f.op = "par";
  pos_ += PeekWord().size();
  // `alt#Gold #LightBlue guard`: the first colour is the frame, the second the fill.
  if (pos_ < text_.size() && text_[pos_] == '#') Color();
  f.color = Color();
  f.label = Rest();
  if (!Push(f.op)) return;
  doc_.statements.push_back(std::move(f));
}

void SeqLineParser::ParseElse() {
  Span span = line_->span;
  SkipWs();
  std::string word = Squeeze(PeekWord());
  if (open_.empty() || open_.back().what == "box") {
    return Expected("\"" + word + "\" inside a fragment (alt, par …)");
  }
  pos_ += word.size();
  Color();
  doc_.statements.push_back(SeqFragmentElse{Rest(), span});
}

void SeqLineParser::ParseEnd() {
  size_t end_at = (SkipWs(), pos_);
  Keyword("end");
  SkipWs();
  std::string what = Squeeze(PeekWord());
  if (what == "box") return ParseBoxEnd();
  if (what == "note" || what == "hnote" || what == "rnote" || what == "ref") {
    pos_ = end_at;
    return Expected("a statement; \"end " + what + "\" has no open " + what);
  }
  pos_ += PeekWord().size();
  if (!ExpectEnd()) return;
  if (overflow_ > 0) {  // closes a level that was refused for depth
    --overflow_;
    return;
  }
  if (open_.empty() || open_.back().what == "box") {
    pos_ = end_at;
    return Expected(open_.empty() ? std::string("a statement; \"end\" has no open fragment")
                                  : "\"end box\" to close the box first");
  }
  open_.pop_back();
  doc_.statements.push_back(SeqFragmentEnd{line_->span});
}

void SeqLineParser::ParseBoxStart() {
  SeqBoxStart b;
  b.span = line_->span;
  Keyword("box");
  SkipWs();
  if (pos_ < text_.size() && text_[pos_] == '"') {
    std::optional<SeqName> label = Name();
    if (!label) return Expected("a closing '\"' after the box name");
    b.label = label->text;
  }
  // `box "Sample" <<system_boundary>><<boundary>> #color` (C4-PlantUML).
  for (SkipWs(); text_.substr(pos_).starts_with("<<"); SkipWs()) {
    size_t close = text_.find(">>", pos_ + 2);
    if (close == std::string_view::npos) return Expected("\">>\" to close the stereotype");
    b.stereotypes.emplace_back(TrimSpace(text_.substr(pos_ + 2, close - pos_ - 2)));
    pos_ = close + 2;
  }
  b.color = Color();
  if (b.label.empty()) {
    // Unquoted box names run up to the colour: `box Internal Service #LightBlue`.
    std::string rest = Rest();
    size_t hash = rest.find('#');
    b.label = std::string(TrimSpace(std::string_view(rest).substr(0, hash)));
    if (hash != std::string::npos) b.color = rest.substr(hash);
  } else if (!ExpectEnd()) {
    return;
  }
  if (!Push("box")) return;
  doc_.statements.push_back(std::move(b));
}

void SeqLineParser::ParseBoxEnd() {
  size_t at = pos_;
  pos_ = text_.size();
  if (open_.empty() || open_.back().what != "box") {
    pos_ = 0;
    SkipWs();
    (void)at;
    return Expected(open_.empty() ? std::string("a statement; \"end box\" has no open box")
                                  : "\"end\" to close \"" + open_.back().what + "\" first");
  }
  open_.pop_back();
  doc_.statements.push_back(SeqBoxEnd{line_->span});
}

bool SeqLineParser::Push(std::string what) {
  if (open_.size() >= kMaxSequenceNesting) {
    // Reported once; deeper levels are counted so their "end"s still match.
    if (overflow_++ == 0) {
      diags_.Error(line_->span, "puml-nesting",
                   "fragments and boxes nest deeper than " +
                       std::to_string(kMaxSequenceNesting) + " levels");
    }
    return false;
  }
  open_.push_back({std::move(what), line_->span});
  return true;
}

void SeqLineParser::CloseAll() {
  while (!open_.empty()) {
    const Open& o = open_.back();
    bool box = o.what == "box";
    // PlantUML closes them silently; we say so, but still draw the diagram.
    diags_.Warning(o.span, "puml-unclosed",
                   "\"" + o.what + "\" opened on line " + std::to_string(LineOf(diags_, o.span)) +
                       " is never closed: expected \"" + (box ? "end box" : "end") +
                       "\" before the end of the diagram; closed there");
    // Close it in the tree too, so lowering still sees balanced fragments.
    if (box) doc_.statements.push_back(SeqBoxEnd{o.span});
    else doc_.statements.push_back(SeqFragmentEnd{o.span});
    open_.pop_back();
  }
}

}  // namespace dg::grammar::puml::detail
