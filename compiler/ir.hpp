// The intermediate representation: what a diagram means, with names
// resolved and checked, and no geometry. Layout reads only this.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "grammar/source.hpp"

namespace dg::ir {

using grammar::Span;

// ---------------------------------------------------------------- text

/// A grey-level picture (`sprite $name [48x48/16] { … }`), drawn in the
/// colour of the text around it.
struct Sprite {
  int width = 0;
  int height = 0;
  int levels = 16;              ///< 4, 8 or 16 grey levels
  std::vector<uint8_t> pixels;  ///< row by row, each in [0, levels); 0 = nothing drawn
};

/// Sprites by name (without the `$`), as creole `<$name>` refers to them.
using SpriteTable = std::map<std::string, std::shared_ptr<const Sprite>>;

/// One styled piece of a label line (creole: **bold**, //italic//, ""mono"",
/// __underline__, --strike--, <color:…>, <size:…>, <$sprite>).
struct TextRun {
  std::string text;  ///< UTF-8, unescaped, never contains '\n'
  bool bold = false;
  bool italic = false;
  bool mono = false;
  bool underline = false;
  bool strike = false;
  std::string color{};  ///< `<color:red>` as written ("red", "#FFF"); empty = the label's colour
  double size = 0;    ///< `<size:12>` in points; 0 = the label's size
  std::shared_ptr<const Sprite> sprite{};  ///< `<$name>`: the run is this picture (text empty)
  double sprite_scale = 1;               ///< `<$name,scale=0.5>`
  std::string link{};  ///< `[[url label]]`: the url as written (lowering sanitises what it keeps)
};

/// One cell of a creole table row: `| cell |= header cell |<#red> filled |`.
struct TableCell {
  std::vector<TextRun> runs;
  bool header = false;  ///< `|=`: drawn bold
  std::string fill;     ///< `<#color>` at the cell's start, as written
};

/// One line of a label. It is the list of its runs (most readers need no
/// more); a creole heading or table row says so in the extra fields.
struct TextLine : std::vector<TextRun> {
  using std::vector<TextRun>::vector;
  int heading = 0;               ///< `= h`, `== h`, `=== h`, `==== h`: 1 to 4; 0 = body text
  std::vector<TableCell> cells;  ///< a table row (`| a | b |`); the runs then hold it as written
  bool table_row() const { return !cells.empty(); }
  std::string row_fill;          ///< `<#fill,#border>|…|`: the row's background …
  std::string row_border;        ///< … and grid colour, as written
};

enum class TextAlign { kDefault, kLeft, kCenter, kRight };

/// A label: lines of styled runs. An empty label has no lines.
struct RichText {
  std::vector<TextLine> lines;
  TextAlign align = TextAlign::kDefault;  ///< `\l` / `\r` breaks align the whole block
  bool empty() const { return lines.empty(); }
  /// All text, lines joined with '\n', table cells with " | " (titles, tooltips).
  std::string Plain() const;
};

/// Parses creole markup and "\n" escapes into a RichText. Separator lines
/// ("----", "====", "....") inside descriptions become a line holding one run
/// whose text is the separator, so layout can draw a rule. `<$name>` refers
/// to `sprites` (left as text when unknown).
RichText ParseCreole(std::string_view text, const SpriteTable* sprites = nullptr);

/// A colour as written ("#1a2b3c", "#red", "red", "#AAA"), normalised to
/// "#rrggbb" or a CSS colour name; empty = not set.
struct Color {
  std::string value;
  bool set() const { return !value.empty(); }
};

/// Per-element colours, font and outline, from `#color` in the source,
/// skinparam or `<style>`. Unset fields leave the look to what comes before
/// (theme, keyword, stereotype …).
struct Style {
  Color fill;
  Color header_fill;  ///< HeaderBackgroundColor: a table's header, over a body of `fill`
  Color stroke;
  Color text;
  std::optional<double> font_size;  ///< points
  std::optional<double> stroke_width;
  bool dashed = false;
  bool dotted = false;
  std::optional<double> round_corner;     ///< RoundCorner: corner radius, points
  std::optional<double> diagonal_corner;  ///< DiagonalCorner: cut corners (eight sides), points
  std::optional<bool> shadow;             ///< Shadowing
  std::optional<bool> bold;               ///< FontStyle bold
  std::optional<bool> italic;             ///< FontStyle italic
  Color stereo_text;                      ///< StereotypeFontColor
  std::optional<double> stereo_size;      ///< StereotypeFontSize, points
};

/// Copies the fields `from` sets over those of `into` (later styles win).
void MergeStyle(const Style& from, Style& into);

/// Things every diagram can have around its body.
struct Decorations {
  RichText title;
  RichText caption;
  RichText header;
  RichText footer;
  RichText legend;
  std::string legend_align;  ///< "left", "right", "center" (default right)
  Style legend_style;        ///< skinparam legend / `<style> legend`: box and text colours
  Style title_style;         ///< skinparam title / `<style> title`
};

/// skinparam values that change the look or layout of the whole diagram.
struct GlobalSkin {
  Color background;
  Color arrow_color;
  Color arrow_font_color;
  std::optional<double> font_size;   ///< defaultFontSize
  std::string line_type;             ///< "", "ortho", "polyline"
  std::optional<double> nodesep;     ///< points
  std::optional<double> ranksep;     ///< points
  bool monochrome = false;
  bool shadowing = false;
  bool handwritten = false;
  std::string component_style;       ///< "", "uml1", "uml2", "rectangle"
  std::string theme;                 ///< a diagc theme the diagram asks for (Mermaid `theme: dark`)
  std::optional<double> wrap_width;  ///< wrapWidth: element and link text is broken to fit, points
  TextAlign text_align = TextAlign::kDefault;  ///< defaultTextAlignment
  std::optional<double> round_corner;  ///< roundCorner of every box, points
};

// ------------------------------------------------------- component graph

/// Which way an edge should go (from `-up->`, `-l->`, or arrow length).
enum class Direction { kNone, kUp, kDown, kLeft, kRight };

/// How an arrow end is decorated (PlantUML heads: > >> |> * o + # x ^ 0 ( ).
enum class ArrowHead {
  kNone,
  kNormal,      ///< >  filled triangle
  kOpen,        ///< >> slim filled triangle (PlantUML 1.2026's `->>`)
  kTriangle,    ///< |> hollow triangle (extension)
  kDiamond,     ///< *  filled diamond (composition)
  kOpenDiamond, ///< o  hollow diamond (aggregation)
  kCircle,      ///< 0  circle (lollipop)
  kSocket,      ///< (  half circle
  kPlus,        ///< +  circled plus (nesting)
  kSquare,      ///< #  square
  kCross,       ///< x
  kHat,         ///< ^  open triangle
};

enum class LineStyle { kSolid, kDashed, kDotted, kBold };

/// A component, interface, actor, database, package without children …
/// Containers with children are Clusters, not Nodes.
struct Node {
  std::string id;           ///< qualified name, "Parent.Child"; unique in the graph
  std::string kind;         ///< the keyword: "component", "database", "actor", "interface", …
  RichText label;           ///< display text (may hold a long description)
  std::vector<std::string> stereotypes;
  Style style;
  std::string link;         ///< [[url]], already sanitised (http, https, mailto, relative)
  std::string tooltip;
  int cluster = -1;         ///< index into ComponentGraph::clusters, -1 = top level
  Span origin;
};

/// A package, node, folder, frame, cloud, rectangle … that has children.
struct Cluster {
  std::string id;           ///< qualified name
  std::string kind;         ///< keyword
  RichText label;
  std::vector<std::string> stereotypes;
  Style style;
  std::string link;
  int parent = -1;          ///< enclosing cluster, -1 = top level
  Span origin;
};

/// An edge end is a node or a cluster.
struct EndpointRef {
  enum class Type { kNode, kCluster, kNote } type = Type::kNode;
  int index = 0;
};

struct Edge {
  EndpointRef from;
  EndpointRef to;
  RichText label;
  std::string tail_label;   ///< cardinality near the tail, `"1" -->`
  std::string head_label;   ///< near the head, `--> "*"`
  ArrowHead tail = ArrowHead::kNone;
  ArrowHead head = ArrowHead::kNone;
  LineStyle line = LineStyle::kSolid;
  Direction direction = Direction::kNone;
  int length = 2;           ///< body length; 1 = same rank (horizontal), 2 = next rank, 3+ longer
  bool reversed = false;    ///< written `A <-- B`: drawn from B to A, laid out with A first
  bool hidden = false;
  bool lollipop = false;    ///< `-0)-`: ball and socket in the middle
  Style style;              ///< colour and thickness from `-[#red,thickness=2]->`
  std::vector<std::string> stereotypes;  ///< `A --> B <<async>>`: skinparam arrow<<async>>
  std::string link;         ///< the label's first `[[url]]`, sanitised (C4's $link)
  Span origin;
};

enum class NotePosition { kLeft, kRight, kTop, kBottom, kFloating };

struct Note {
  std::string id;           ///< alias for floating notes, else generated "note1", …
  bool named = false;       ///< `note "…" as N`: an element others can link to
  RichText text;
  NotePosition position = NotePosition::kFloating;
  std::optional<EndpointRef> target;  ///< what the note is "of"
  Style style;
  int cluster = -1;
  Span origin;
};

struct ComponentGraph {
  std::vector<Node> nodes;
  std::vector<Cluster> clusters;
  std::vector<Edge> edges;     ///< edges may also join notes (EndpointRef::kNote)
  std::vector<Note> notes;
  bool left_to_right = false;
  bool reverse_ranks = false;  ///< ranks run upward / leftward (Mermaid BT, RL)
  bool hide_stereotypes = false;
  /// skinparam per keyword or stereotype: key is "component", "database",
  /// "component<<api>>", "<<api>>" …
  std::map<std::string, Style> kind_styles;
  GlobalSkin skin;
  Decorations decorations;
};

// ------------------------------------------------------------- ER graph

struct Column {
  std::string name;
  std::string type;
  bool primary_key = false;
  bool foreign_key = false;
  bool unique = false;
  bool not_null = false;       ///< PlantUML `*` mandatory, DBML `not null`
  bool increment = false;
  std::string default_value;
  std::string note;
  std::vector<std::string> stereotypes;
  bool separator_before = false;  ///< PlantUML `--`, `==`, `..` before this row
  Span origin;
};

struct Table {
  std::string id;              ///< `name`, or `schema.name` unless public
  std::string kind;            ///< "table", "entity", "enum"
  RichText label;              ///< shown in the header
  std::vector<Column> columns; ///< for enums: one column per value, type empty
  Style style;                 ///< headercolor → style.fill
  std::string note;
  int group = -1;              ///< index into ErGraph::groups
  Span origin;
};

/// Crow's-foot cardinality at one end of a relationship.
enum class Cardinality { kNone, kOne, kZeroOrOne, kMany, kOneOrMany, kZeroOrMany };

struct Relationship {
  int from_table = 0;
  int to_table = 0;
  std::vector<int> from_columns;  ///< indices into the table's columns; may be empty
  std::vector<int> to_columns;
  Cardinality from_end = Cardinality::kNone;
  Cardinality to_end = Cardinality::kNone;
  RichText label;
  RichText from_label;            ///< PlantUML `A "1" -- "*" B`: multiplicity at the from end
  RichText to_label;              ///<   and at the to end
  LineStyle line = LineStyle::kSolid;
  Direction direction = Direction::kNone;
  Style style;
  bool dangling = false;          ///< lenient mode: target could not be resolved
  std::string on_delete;
  std::string on_update;
  Span origin;
};

/// A DBML TableGroup, or a PlantUML package / namespace around entities.
struct TableGroup {
  std::string id;
  std::string kind = "tablegroup";  ///< "tablegroup", "package", "namespace" (the SVG class)
  int parent = -1;                  ///< enclosing group (always an earlier index), -1 = none
  RichText label;
  Style style;
  std::string note;
  Span origin;
};

struct StickyNote {
  std::string id;
  RichText text;
  Span origin;
};

struct ErGraph {
  std::vector<Table> tables;   ///< tables and enums (kind says which)
  std::vector<Relationship> relationships;
  std::vector<TableGroup> groups;
  std::vector<StickyNote> notes;
  bool left_to_right = true;
  enum class Columns { kAll, kKeys, kNone } columns = Columns::kAll;
  bool hide_circle = false;
  bool hide_empty_members = false;
  GlobalSkin skin;
  Decorations decorations;
};

// -------------------------------------------------------- sequence model

struct Participant {
  std::string id;            ///< alias or name
  std::string kind;          ///< participant actor boundary control entity database collections queue
  RichText label;
  std::vector<std::string> stereotypes;
  Style style;
  int box = -1;              ///< index into SequenceModel::boxes
  bool created = false;      ///< `create`: head drawn at its creation message
  std::string link;          ///< sanitised URL (Mermaid `link A: Label @ url`), or empty
  std::string tooltip;
  Span origin;
};

struct ParticipantBox {
  RichText label;
  std::vector<std::string> stereotypes;  ///< select `skinparam sequencebox<<…>>`, not drawn
  Style style;
  Span origin;
};

enum class SeqHead { kFilled, kOpen, kHalfTop, kHalfBottom, kOpenHalfTop, kOpenHalfBottom, kNone };
enum class SeqEndMark { kNone, kCross, kCircle };

struct Message {
  int from = -1;             ///< participant index; -1 = outside (`[->`, `?->`)
  int to = -1;               ///< -1 = outside (`->]`)
  bool from_edge_short = false;  ///< `?->`: short incoming arrow
  bool to_edge_short = false;
  bool from_outside_right = false;  ///< from == -1 at the right border (`a <-]`)
  bool to_outside_left = false;     ///< to == -1 at the left border (`[<- a`)
  RichText label;
  std::string number;        ///< autonumber text, empty when off
  SeqHead head = SeqHead::kFilled;
  SeqHead tail_head = SeqHead::kNone;  ///< `<->`: a head at the tail too
  SeqEndMark head_mark = SeqEndMark::kNone;  ///< `->x`, `->o`
  SeqEndMark tail_mark = SeqEndMark::kNone;  ///< `o->`
  bool dashed = false;
  Style style;
  std::vector<std::string> stereotypes;  ///< `A -> B <<st>>`: select `<style> .st { … }`
  std::string anchor;        ///< teoz `{start} A -> B`: named for a Duration
  bool same_row_as_previous = false;  ///< teoz `A -> B & C`: the arrow to C shares B's row
  std::string link;          ///< `A -> B [[url]]`, sanitised (http, https, mailto, relative)
  Span origin;
};

enum class ActivationOp { kActivate, kDeactivate, kDestroy, kCreate };

struct Activation {
  int participant = 0;
  ActivationOp op = ActivationOp::kActivate;
  Style style;
  Span origin;
};

struct SeqNote {
  enum class Shape { kNote, kHexagon, kRect, kRef } shape = Shape::kNote;
  enum class Position { kLeft, kRight, kOver, kAcross } position = Position::kOver;
  int first = 0;             ///< participant index (or -1 for across)
  int last = 0;              ///< for `over X, Y`
  RichText text;
  Style style;
  bool same_row_as_previous = false;  ///< `/ note` or `& note`
  std::string link;          ///< `note left [[url]]`, sanitised
  Span origin;
};

struct FragmentStart {
  std::string op;            ///< alt opt loop par break critical group
  RichText label;
  Style style;
  Span origin;
};
struct FragmentElse {
  RichText label;
  Span origin;
};
struct FragmentEnd {
  Span origin;
};
struct Divider {
  RichText text;
  Span origin;
};
struct Delay {
  RichText text;             ///< may be empty
  Span origin;
};
/// teoz `{start} <-> {end} : label`: a vertical double arrow between the rows
/// of the two anchored messages (drawn when both are on the page).
struct Duration {
  std::string from, to;
  RichText label;
  Span origin;
};
struct Spacing {
  double points = 0;         ///< `|||` → default, `||45||` → 45
  Span origin;
};

/// Events in source order; layout turns them into rows.
using SeqEvent = std::variant<Message, Activation, SeqNote, FragmentStart, FragmentElse,
                              FragmentEnd, Divider, Delay, Spacing, Duration>;

struct SequencePage {
  std::vector<SeqEvent> events;
  RichText title;            ///< `newpage title`
};

struct SequenceModel {
  std::vector<Participant> participants;  ///< left-to-right order
  std::vector<ParticipantBox> boxes;
  std::vector<SequencePage> pages;        ///< at least one
  bool hide_footbox = false;
  std::map<std::string, std::string> skinparams;  ///< lower-cased name → value
  GlobalSkin skin;
  Decorations decorations;
};

// --------------------------------------------------------------- diagram

using Body = std::variant<ComponentGraph, ErGraph, SequenceModel>;

struct Diagram {
  std::string name;          ///< `@startuml name`, or empty
  Body body;
};

}  // namespace dg::ir
