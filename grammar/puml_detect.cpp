// Diagram kind guess from the lines alone. PlantUML tries its diagram
// factories in order (sequence, class, activity, description, state, …) and
// the first one that accepts every line wins; the compiler does the same with
// its readers (compiler/puml_kind.cpp) and asks this guess only to break ties
// and to name kinds it has no reader for. The guess approximates the rule: a block is a sequence diagram
// when every line is valid sequence syntax; otherwise class-only syntax makes
// it a class/ER diagram, activity/state/object/timing syntax makes it
// unsupported, and everything else is a description (component) diagram.
// One exception: when lines only a sequence diagram has (`participant`,
// `activate`, `alt` …) are there and sequence lines are the majority, the
// block is a sequence diagram with a few bad lines, and the sequence parser
// names them, instead of a component diagram in which every line is wrong.
// Likewise class/entity lines outvote a few description-only ones.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "grammar/puml_preprocess.hpp"
#include "grammar/text.hpp"

namespace dg::grammar::puml {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

/// Name characters of a sequence participant (PlantUML: letters, digits, _ . @, non-ASCII).
bool IsNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '.' || c == '@' || u >= 0x80;
}

std::string FirstWord(std::string_view t) {
  size_t n = 0;
  while (n < t.size() && (std::isalnum(static_cast<unsigned char>(t[n])) || t[n] == '_')) ++n;
  return Lower(t.substr(0, n));
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void SkipSpaces(std::string_view t, size_t& p) {
  while (p < t.size() && IsSpace(t[p])) ++p;
}

/// A sequence participant reference: quoted string or name characters.
bool SeqName(std::string_view t, size_t& p) {
  if (p < t.size() && t[p] == '"') {
    size_t close = t.find('"', p + 1);
    if (close == std::string_view::npos) return false;
    p = close + 1;
    return true;
  }
  size_t start = p;
  while (p < t.size() && IsNameChar(t[p])) ++p;
  return p > start;
}

/// `<`, `<<`, `/`, `//`, `\`, `\\` (left) or `>`, `>>` … (right).
bool SeqDressing(std::string_view t, size_t& p, char head) {
  if (p >= t.size()) return false;
  char c = t[p];
  if (c != head && c != '/' && c != '\\') return false;
  ++p;
  if (p < t.size() && t[p] == c) ++p;
  return true;
}

/// A sequence arrow: [ox]? dressing? -+ ([style])? -* dressing? [ox]?, with
/// at least one dressing.
bool SeqArrow(std::string_view t, size_t& p) {
  bool left_mark = false, right_mark = false;
  if (p + 1 < t.size() && (t[p] == 'o' || t[p] == 'x' || t[p] == 'X') &&
      (t[p + 1] == '-' || t[p + 1] == '<' || t[p + 1] == '/' || t[p + 1] == '\\')) {
    left_mark = t[p] != 'o';
    ++p;
  }
  bool left = SeqDressing(t, p, '<');
  int dashes = 0;
  while (p < t.size() && (t[p] == '-' || t[p] == '[')) {
    if (t[p] == '-') {
      ++dashes;
      ++p;
      continue;
    }
    size_t close = t.find(']', p);
    if (close == std::string_view::npos) return false;
    p = close + 1;
  }
  if (dashes == 0) return false;
  bool right = SeqDressing(t, p, '>');
  if (p < t.size() && (t[p] == 'o' || t[p] == 'x' || t[p] == 'X') &&
      (p + 1 >= t.size() || !IsNameChar(t[p + 1]))) {
    right_mark = t[p] != 'o' || right;
    ++p;
  }
  if (p < t.size() && t[p] == '(') {  // `->(10)`: slanted arrow
    size_t close = t.find(')', p);
    if (close == std::string_view::npos) return false;
    p = close + 1;
  }
  return left || right || left_mark || right_mark;
}

/// `A -> B : text`, `[-> A`, `A ->] `, `?-> A`, `A -> B ++`, `A -> B & C`.
bool IsSequenceMessage(std::string_view t) {
  size_t p = 0;
  if (p < t.size() && t[p] == '{') {  // `{anchor} A -> B`
    p = t.find('}');
    if (p == std::string_view::npos) return false;
    ++p;
    SkipSpaces(t, p);
  }
  if (p < t.size() && (t[p] == '[' || t[p] == '?')) {
    ++p;
  } else if (!SeqName(t, p) && (p >= t.size() || (t[p] != '-' && t[p] != '<'))) {
    return false;
  }
  SkipSpaces(t, p);
  if (!SeqArrow(t, p)) return false;
  SkipSpaces(t, p);
  if (p < t.size() && (t[p] == ']' || t[p] == '?')) {
    ++p;
  } else if (!SeqName(t, p)) {
    return false;
  }
  if (p < t.size() && t[p] == '{') {  // `B{end}`: anchor
    p = t.find('}', p);
    if (p == std::string_view::npos) return false;
    ++p;
  }
  SkipSpaces(t, p);
  std::string_view rest = t.substr(p);
  return rest.empty() || rest[0] == ':' || rest[0] == '#' || StartsWith(rest, "[[") || StartsWith(rest, "<<") || rest[0] == '&' || StartsWith(rest, "++") ||
         StartsWith(rest, "--") || StartsWith(rest, "**") || StartsWith(rest, "!!");
}

/// A message only sequence diagrams have: from or to the diagram's border
/// (`[-> A`, `A ->]`, `?-> A`) or with a teoz anchor (`{start} A -> B`,
/// `A -> B{end}`). Call only when IsSequenceMessage(t) holds.
bool IsSequenceOnlyMessage(std::string_view t) {
  std::string_view arrow_part = t.substr(0, t.find(':'));
  while (!arrow_part.empty() && IsSpace(arrow_part.back())) arrow_part.remove_suffix(1);
  if (arrow_part.empty()) return false;
  char first = arrow_part.front(), last = arrow_part.back();
  return first == '{' || first == '[' || first == '?' || last == ']' || last == '?' ||
         last == '}';
}

constexpr std::array<std::string_view, 8> kParticipantWords = {
    "participant", "actor", "boundary", "control", "entity", "database", "collections", "queue"};

constexpr std::array<std::string_view, 28> kSequenceWords = {
    "activate", "deactivate", "destroy", "create", "autoactivate", "autonumber", "alt", "else",
    "opt", "loop", "par", "par2", "break", "critical", "group", "end", "box", "return", "newpage",
    "ref", "hnote", "rnote", "delay", "mainframe", "also", "space", "endbox", "autonewpage"};

constexpr std::array<std::string_view, 17> kCommonWords = {
    "title", "caption", "header", "footer", "legend", "skinparam", "scale", "skin", "hide",
    "show", "center", "left", "right", "rotate", "minwidth", "sprite", "set"};

constexpr std::array<std::string_view, 9> kClassWords = {
    "class", "abstract", "enum", "annotation", "struct", "protocol", "exception", "metaclass",
    "allowmixing"};

constexpr std::array<std::string_view, 24> kDescriptionWords = {
    "component", "node", "artifact", "folder", "frame", "cloud", "storage", "card",
    "file", "hexagon", "person", "process", "rectangle", "stack", "agent", "usecase",
    "label", "port", "portin", "portout", "action", "person", "usecase", "actor"};

template <size_t N>
bool In(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool IsSequenceDirective(std::string_view t, const std::string& w) {
  if (In(kSequenceWords, w)) return true;
  // `A++`, `A--`: activation shortcuts.
  size_t p = 0;
  if (SeqName(t, p) && p + 2 == t.size() && (EndsWith(t, "++") || EndsWith(t, "--") ||
                                             EndsWith(t, "**") || EndsWith(t, "!!"))) {
    return true;
  }
  if (StartsWith(t, "==") || StartsWith(t, "...") || StartsWith(t, "||")) return true;
  std::string l = Lower(t);
  return StartsWith(l, "note over") || StartsWith(l, "note across");
}

/// Participant declaration, sequence style (no body, no shorthand).
bool IsSequenceParticipant(std::string_view t, const std::string& w) {
  if (!In(kParticipantWords, w)) return false;
  std::string_view rest = t.substr(w.size());
  size_t p = 0;
  SkipSpaces(rest, p);
  if (p == 0 || p >= rest.size()) return false;
  char c = rest[p];
  if (c == '[' || c == '(' || c == ':') return false;
  return !EndsWith(t, "{") && (w == "participant" || !EndsWith(t, "["));
}

/// `note left of A` and `note right of A` exist in both kinds.
bool IsSharedNote(std::string_view t) {
  std::string l = Lower(t);
  if (StartsWith(l, "note top") || StartsWith(l, "note bottom")) {
    return l.find(" of ") == std::string::npos;  // teoz: note under the previous message
  }
  return StartsWith(l, "note left") || StartsWith(l, "note right");
}

bool IsCrowsFoot(std::string_view t) {
  for (std::string_view foot : {"}o", "}|", "|o", "||", "o{", "|{", "--{", "}-", "-{"}) {
    if (t.find(foot) != std::string_view::npos) return true;
  }
  return false;
}

bool IsClassArrow(std::string_view t) {
  return t.find("<|") != std::string_view::npos || t.find("|>") != std::string_view::npos ||
         (t.find("*--") != std::string_view::npos && t.find("[*]") == std::string_view::npos) ||
         t.find("--*") != std::string_view::npos || t.find("#--") != std::string_view::npos ||
         t.find("+--") != std::string_view::npos || IsCrowsFoot(t);
}

/// What a line says about the kind.
enum class Evidence {
  kNone,          ///< any kind accepts it
  kSequenceOnly,  ///< only sequence diagrams accept it
  kSequenceOk,    ///< sequence accepts it (others may too)
  kNotSequence,   ///< class and description accept it, sequence does not
  kClass,         ///< class (ER) only
  kDescription,   ///< description (component) only
  kUnsupported
};

struct LineVerdict {
  Evidence evidence = Evidence::kNone;
  std::string what;  ///< for kUnsupported: "activity", "state" …
};

LineVerdict Unsupported(std::string what) { return {Evidence::kUnsupported, std::move(what)}; }

LineVerdict ClassifyUnsupported(std::string_view t, const std::string& w) {
  if ((t[0] == ':' && (EndsWith(t, ";") || EndsWith(t, "|") || EndsWith(t, "<") ||
                       EndsWith(t, ">") || EndsWith(t, "}") || EndsWith(t, "]"))) ||
      w == "start" || w == "stop" || w == "endif" || w == "while" || w == "endwhile" ||
      w == "repeat" || w == "fork" || w == "partition" || w == "detach" || w == "kill" ||
      ((w == "if" || w == "elseif") && t.find('(') != std::string_view::npos) ||
      t.find("(*)") != std::string_view::npos || (t[0] == '|' && t.size() > 1 && t[1] != '|')) {
    return Unsupported("activity");
  }
  if (w == "state" || t.find("[*]") != std::string_view::npos) return Unsupported("state");
  if (w == "object" || w == "map" || w == "json") return Unsupported("object");
  if (w == "robust" || w == "concise" || w == "clock" || w == "binary" ||
      (t[0] == '@' && t.size() > 1 && (std::isdigit(static_cast<unsigned char>(t[1])) || t[1] == '+'))) {
    return Unsupported("timing");
  }
  return {};
}

/// Procedure calls and variables of the new preprocessor say nothing about the kind.
bool IsNeutral(std::string_view t, const std::string& lower) {
  if (t[0] == '@' || t[0] == '%' || t[0] == '$' || StartsWith(lower, "<style") ||
      StartsWith(lower, "</style")) {
    return true;
  }
  size_t p = 0;
  while (p < t.size() && (std::isalnum(static_cast<unsigned char>(t[p])) || t[p] == '_')) ++p;
  return p > 0 && p < t.size() && t[p] == '(' && t.back() == ')';
}

LineVerdict Classify(std::string_view t) {
  // teoz: `& A -> B` and `/ note` share a row with the previous event.
  if (t.size() > 1 && (t[0] == '&' || (t[0] == '/' && t[1] == ' '))) {
    t.remove_prefix(1);
    while (!t.empty() && IsSpace(t[0])) t.remove_prefix(1);
    if (t.empty()) return {};
    LineVerdict v = Classify(t);
    if (v.evidence == Evidence::kNone) v.evidence = Evidence::kSequenceOnly;
    return v;
  }
  if (IsNeutral(t, Lower(t))) return {};
  std::string w = FirstWord(t);
  if (w == "note" && t.find("<<") != std::string_view::npos) {  // note<<stereotype>> over …
    size_t close = t.find(">>");
    if (close != std::string_view::npos) {
      std::string rebuilt = "note" + std::string(t.substr(close + 2));
      return Classify(rebuilt);
    }
  }
  if (LineVerdict v = ClassifyUnsupported(t, w); v.evidence != Evidence::kNone) return v;
  if (IsSequenceMessage(t)) {
    return {IsSequenceOnlyMessage(t) ? Evidence::kSequenceOnly : Evidence::kSequenceOk, ""};
  }
  if (IsSequenceParticipant(t, w)) return {Evidence::kSequenceOk, ""};
  if (IsSequenceDirective(t, w)) return {Evidence::kSequenceOnly, ""};
  if (IsSharedNote(t) || In(kCommonWords, w)) return {Evidence::kNone, ""};
  if (w == "note") return {Evidence::kNotSequence, ""};  // note top of, floating notes
  if (In(kClassWords, w) || IsClassArrow(t) ||
      ((w == "entity" || w == "interface") && EndsWith(t, "{"))) {
    return {Evidence::kClass, ""};
  }
  if (In(kDescriptionWords, w) || In(kParticipantWords, w) || t[0] == '[' || t[0] == '(' ||
      t[0] == ':') {
    return {Evidence::kDescription, ""};
  }
  return {Evidence::kNotSequence, ""};  // links between names, braces, interface …
}

/// Lines between an opening line and its end that say nothing about the kind
/// (note text, legends, skinparam blocks, class bodies …).
class RegionSkipper {
 public:
  /// True if the line is inside (or closes) a skipped region.
  bool Skip(std::string_view t, const std::string& lower) {
    if (end_.empty() && t == "{") {  // a body whose brace sits on its own line
      end_ = "}";
      depth_ = 0;
    }
    if (!end_.empty()) {
      if (end_ == "}") {
        if (EndsWith(t, "{")) ++depth_;
        if (StartsWith(t, "}") && --depth_ == 0) end_.clear();
      } else if (end_ == "end note") {
        for (std::string_view e : {"end note", "endnote", "end hnote", "endhnote", "end rnote", "endrnote"}) {
          if (StartsWith(lower, e)) end_.clear();
        }
      } else if (contains_) {
        if (lower.find(end_) != std::string::npos) {
          end_.clear();
          contains_ = false;
        }
      } else if (StartsWith(lower, end_) ||
                 (end_.size() > 4 && StartsWith(lower, end_.substr(0, 3) + end_.substr(4)))) {
        end_.clear();
      }
      return true;
    }
    return false;
  }
  /// Called after classifying an opening line.
  void Open(std::string_view t, const std::string& lower, const std::string& w) {
    std::string_view no_link = t.substr(0, t.find("[["));
    bool has_colon = no_link.find(':') != std::string_view::npos;
    if ((w == "note" || w == "hnote" || w == "rnote") && !has_colon && t.find('"') == std::string_view::npos) {
      end_ = "end note";
    } else if (w == "ref" && !has_colon) {
      end_ = "end ref";
    } else if (w == "legend") {
      end_ = "end legend";
    } else if ((w == "title" || w == "header" || w == "footer") && lower == w) {
      end_ = "end " + w;
    } else if ((w == "left" || w == "right" || w == "center") &&
               (EndsWith(lower, " header") || EndsWith(lower, " footer"))) {
      end_ = "end " + lower.substr(lower.size() - 6);
    } else if ((w == "skinparam" || w == "sprite" || w == "class" || w == "entity" ||
                w == "enum" || w == "interface" || w == "abstract" || w == "annotation" ||
                w == "struct") && EndsWith(t, "{")) {
      end_ = "}";
      depth_ = 1;
    } else if (StartsWith(lower, "<style") && lower.find("</style>") == std::string::npos) {
      end_ = "</style>";
    } else if (w == "sprite" && lower.find("<svg") != std::string::npos &&
               lower.find("</svg>") == std::string::npos) {
      end_ = "</svg>";
      contains_ = true;
    } else if (EndsWith(t, "[") && !EndsWith(t, "[[")) {  // long description
      end_ = "]";
    }
  }

 private:
  std::string end_;
  bool contains_ = false;  ///< end_ may appear anywhere in the closing line
  int depth_ = 0;
};

KindDecision Decide(const Block& block) {
  KindDecision seq{Kind::kSequence, block.start, "sequence"};
  bool seq_all = true, seq_seen = false, class_seen = false, desc_seen = false;
  int seq_only = 0, seq_lines = 0, other_lines = 0;  // for the majority rules
  int class_lines = 0, desc_lines = 0;
  Span first_class = block.start, first_desc = block.start, first_not_seq = block.start;
  bool not_seq_seen = false;
  RegionSkipper skipper;
  for (const Line& line : block.lines) {
    std::string_view t = line.text;
    if (t.size() > 1 && (t[0] == '&' || (t[0] == '/' && t[1] == ' '))) {
      t.remove_prefix(1);  // teoz: the rest of the line is an ordinary statement
      while (!t.empty() && IsSpace(t[0])) t.remove_prefix(1);
    }
    if (t.empty()) continue;
    std::string lower = Lower(t);
    if (skipper.Skip(t, lower)) continue;
    std::string w = FirstWord(t);
    LineVerdict v = Classify(t);
    skipper.Open(t, lower, w);
    switch (v.evidence) {
      case Evidence::kUnsupported: return {Kind::kUnsupported, line.span, v.what};
      case Evidence::kSequenceOnly:
      case Evidence::kSequenceOk:
        if (!seq_seen) seq.decided_by = line.span;
        seq_seen = true;
        ++seq_lines;
        // `participant` is the one declaration description diagrams lack.
        if (v.evidence == Evidence::kSequenceOnly || w == "participant") ++seq_only;
        break;
      case Evidence::kClass:
        if (!class_seen) first_class = line.span;
        class_seen = true;
        ++class_lines;
        seq_all = false;
        break;
      case Evidence::kDescription:
        if (!desc_seen) first_desc = line.span;
        desc_seen = true;
        ++desc_lines;
        seq_all = false;
        break;
      case Evidence::kNotSequence:
        if (!not_seq_seen) first_not_seq = line.span;
        not_seq_seen = true;
        seq_all = false;
        break;
      case Evidence::kNone: break;
    }
    if (v.evidence == Evidence::kClass || v.evidence == Evidence::kDescription ||
        v.evidence == Evidence::kNotSequence) {
      ++other_lines;
    }
  }
  if (seq_all && seq_seen) return seq;
  if (seq_only > 0 && seq_lines > other_lines) return seq;
  // Entity lines outnumbering description-only ones: an entity diagram
  // with a stray line, which the entity parser then names.
  if (class_seen && class_lines > desc_lines) return {Kind::kEr, first_class, "class"};
  return {Kind::kComponent, desc_seen ? first_desc : first_not_seq, "description"};
}

}  // namespace

KindDecision DetectKind(const Block& block) {
  const std::string& tag = block.tag;
  if (!tag.empty() && tag != "uml" && tag != "plantuml") {
    return {Kind::kUnsupported, block.start, tag};
  }
  return Decide(block);
}

}  // namespace dg::grammar::puml
