// PlantUML sequence diagrams: the syntax tree of one @startuml block.
// Parsing is line-oriented (as PlantUML is): each logical line of the
// preprocessed block is one statement, except notes and refs whose text runs
// to `end note` / `end ref`. Names stay unresolved here; compiler/ resolves
// them. Every statement keeps the byte span of its line.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/puml_common.hpp"
#include "grammar/puml_preprocess.hpp"

namespace dg::grammar::puml {

/// A participant reference as written: `Bob`, `"Long name"`.
struct SeqName {
  std::string text;  ///< unquoted
  Span span;
  bool quoted = false;
};

/// `participant "Long\nName" as L #red <<stereo>> order 10`, `create actor X`.
struct SeqParticipantDecl {
  std::string keyword;  ///< participant actor boundary control entity database collections queue
  SeqName name;         ///< the code other lines use
  std::string display;  ///< display text with `\n` escapes kept; empty = the name
  std::vector<std::string> stereotypes;
  std::string color;    ///< "#red", empty when unset
  std::optional<int> order;
  std::string link;     ///< `actor Bob [[url]]`: the url as written
  Span link_span;
  bool create = false;
  Span span;
};

/// `create X`: the next message creates X.
struct SeqCreate {
  SeqName name;
  Span span;
};

/// Arrow heads as drawn at one end; "top" means the barb is above the line.
enum class SeqArrowHead { kNone, kFilled, kOpen, kHalfTop, kHalfBottom, kOpenHalfTop, kOpenHalfBottom };

/// Where a message end is when it is not a participant.
enum class SeqEdge { kNone, kBorder, kShort };  ///< `[` / `]` and `?`

/// An arrow as written, left to right: `o<-[#red]->>x`.
struct SeqArrow {
  SeqArrowHead left_head = SeqArrowHead::kNone;
  SeqArrowHead right_head = SeqArrowHead::kNone;
  char left_mark = 0;   ///< 'o' or 'x' before the arrow, 0 = none
  char right_mark = 0;  ///< 'o' or 'x' after the head
  bool dashed = false;
  std::string style;    ///< inside `-[…]->`, e.g. "#red,bold"
  Span span;
};

/// `A -> B ++ : label`. Exactly one of left / left_edge is set, same on the right.
struct SeqMessage {
  std::optional<SeqName> left, right;
  SeqEdge left_edge = SeqEdge::kNone, right_edge = SeqEdge::kNone;
  SeqArrow arrow;
  std::string shortcuts;   ///< activation shortcuts after the target: "++", "--++", "**", "!!"
  std::string shortcut_color;
  std::string label;       ///< raw text after ':', trimmed; `\n` escapes kept
  bool has_label = false;
  bool parallel = false;   ///< leading `&` (teoz)
  std::string anchor;      ///< teoz `{start} A -> B`: a name durations measure from
  std::vector<SeqName> also_to;  ///< teoz `A -> B & C & D`: further targets
  std::vector<std::string> stereotypes;  ///< `A -> B <<st>> : x`
  std::string link;        ///< `A -> B [[url]]`: the url as written (lowering sanitises it)
  Span link_span;
  Span span;
};

struct SeqActivation {
  enum class Op { kActivate, kDeactivate, kDestroy } op = Op::kActivate;
  std::optional<SeqName> name;  ///< `deactivate` alone means the last activated
  std::string color;
  Span span;
};

/// note / hnote / rnote / ref, single or multi-line.
struct SeqNote {
  enum class Shape { kNote, kHexagon, kRect, kRef } shape = Shape::kNote;
  enum class Position { kLeft, kRight, kOver, kAcross } position = Position::kOver;
  std::vector<SeqName> names;  ///< empty for `note left : …` (on the previous message) and across
  std::string text;            ///< lines joined with '\n'; `\n` escapes kept
  std::string color;
  bool same_row = false;       ///< `/ note …` or `& note …`
  std::string link;            ///< `note left [[url]]`: the url as written
  Span link_span;
  Span span;                   ///< the opening line
};

struct SeqFragmentStart {
  std::string op;     ///< alt opt loop par break critical group
  std::string label;  ///< guard text; for `group` the text
  std::string color;
  Span span;
};
struct SeqFragmentElse {
  std::string label;
  Span span;
};
struct SeqFragmentEnd {
  Span span;
};
struct SeqDivider {
  std::string text;
  Span span;
};
struct SeqDelay {
  std::string text;
  Span span;
};
struct SeqSpacing {
  std::optional<double> points;  ///< `||45||`; unset for `|||`
  Span span;
};
struct SeqNewPage {
  std::string title;
  Span span;
};
struct SeqAutonumber {
  enum class Op { kStart, kStop, kResume } op = Op::kStart;
  std::optional<int> start;
  std::optional<int> step;
  std::optional<std::string> format;
  Span span;
};
struct SeqReturn {
  std::string label;
  Span span;
};
struct SeqBoxStart {
  std::string label;
  std::vector<std::string> stereotypes;
  std::string color;
  Span span;
};
struct SeqBoxEnd {
  Span span;
};
/// teoz `{start} <-> {end} : 2 s`: a duration between two anchored messages.
struct SeqDuration {
  std::string from, to;
  std::string label;
  Span span;
};
struct SeqAutoactivate {
  bool on = true;
  Span span;
};

using SeqStatement =
    std::variant<SeqParticipantDecl, SeqCreate, SeqMessage, SeqActivation, SeqNote,
                 SeqFragmentStart, SeqFragmentElse, SeqFragmentEnd, SeqDivider, SeqDelay,
                 SeqSpacing, SeqNewPage, SeqAutonumber, SeqReturn, SeqBoxStart, SeqBoxEnd,
                 SeqAutoactivate, SeqDuration>;

struct SequenceDocument {
  std::vector<SeqStatement> statements;
  CommonStatements common;
};

/// Fragments nest at most this deep; deeper is an error (input is hostile).
inline constexpr size_t kMaxSequenceNesting = 1000;

/// Parses one block as a sequence diagram. Bad lines are reported at their
/// exact column and skipped; fragments and boxes are checked for balance.
SequenceDocument ParseSequence(const Block& block, Diagnostics& diags);

/// Parses only an arrow (`->`, `o<<-x`, `-[#red]->` …) at the start of
/// `text`; returns the bytes consumed, 0 when there is no arrow. Exposed for tests.
size_t ParseSeqArrow(std::string_view text, SeqArrow& out);

}  // namespace dg::grammar::puml
