// PlantUML component / deployment (description) diagrams: the syntax tree
// and its parser. Lines are parsed one at a time (PlantUML is line
// oriented); multi-line notes and descriptions are joined here.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/puml_common.hpp"
#include "grammar/puml_preprocess.hpp"

namespace dg::grammar::puml {

/// Colour, stereotypes, link and tags that may follow a name.
struct Decoration {
  std::vector<std::string> stereotypes;  ///< without << >>
  std::string color;                     ///< as written after '#': "red", "ddd;line:blue;text:red"
  std::string link;                      ///< [[url]] target, raw
  Span link_span;                        ///< where `[[url]]` is written
  std::string tooltip;                   ///< [[url{tooltip}]]
  std::vector<std::string> tags;         ///< `$tag`
};

/// `component X as Y <<st>> #red [[url]] {` and the shorthands [X], () X, :X:, (X).
struct ElementDecl {
  std::string keyword;       ///< lower-case: "component", "interface", "actor", "usecase", …
  std::string display;       ///< the display text, unquoted; may hold "\n" escapes
  std::string alias;         ///< `as a`, or empty
  bool display_given = false;  ///< false when only an identifier was written
  Decoration deco;
  std::string description;   ///< long description `[ … ]` (lines joined with '\n')
  bool opens_block = false;  ///< ends with `{`: a container
  Span span;
};

/// One end of a link: a name, optionally in shorthand form.
struct LinkEnd {
  std::string name;
  std::string shorthand;     ///< "", "component" ([X]), "interface" (() X), "actor" (:X:), "usecase" ((X))
  Span span;
};

/// `A "1" -left[#red,dashed]-> "*" B : label`.
struct LinkDecl {
  LinkEnd from, to;
  std::string from_card, to_card;  ///< cardinality strings, unquoted
  std::string tail_head, head;     ///< decorations as written: "<", "<|", "*", "o", "0", ">", "|>" …
  char body = '-';                 ///< '-', '.', '=', '~'
  int length = 0;                  ///< number of body characters
  std::string direction;           ///< lower-case "up", "down", "left", "right", or empty
  std::string style;               ///< inside `[...]`: "#red,dashed,thickness=2"
  std::string lollipop;            ///< "0)", "(0", "0", "()" in the body, or empty
  std::string label;
  std::vector<std::string> stereotypes;  ///< `A --> B <<st>>`
  Span span;
  Span arrow_span;
};

enum class NoteSide { kLeft, kRight, kTop, kBottom, kFloating };

/// `note left of X : text`, `note "text" as N`, `note as N … end note`.
struct NoteDecl {
  NoteSide side = NoteSide::kFloating;
  std::string target;   ///< "of X"; empty for floating notes and for `note left` (previous element)
  std::string alias;    ///< `as N`
  std::string text;     ///< lines joined with '\n'
  std::string color;
  Span span;
};

struct BlockEnd {
  Span span;
};

/// `together {`: a layout grouping, not a cluster.
struct TogetherStart {
  Span span;
};

/// `remove X`, `restore X`, `hide X`, `show X` of elements (names, `*`,
/// `$tag`, `<<st>>`, `@unlinked`), applied in source order. Hidden elements
/// still hold their place (a container of hidden children stays a cluster).
struct RemoveDecl {
  enum class Op { kRemove, kRestore, kHide, kShow } op = Op::kRemove;
  std::string what;
  Span span;
};

/// `url of X is [[http://…]]` (also `url for X`): X's link, as `[[url]]`
/// after its declaration would give it.
struct UrlDecl {
  std::string target;  ///< the element's name or alias, unwrapped
  Decoration deco;     ///< only the link and its tooltip are set
  Span span;
};

using ComponentStatement =
    std::variant<ElementDecl, LinkDecl, NoteDecl, BlockEnd, TogetherStart, RemoveDecl, UrlDecl>;

struct ComponentDocument {
  std::vector<ComponentStatement> statements;
  CommonStatements common;
  /// `set namespaceSeparator x` / `set separator x`: names containing it are
  /// split into packages. Empty = not set, or `none`. Ids always nest with '.'.
  std::string namespace_separator;
};

/// Parses the lines of one block. Every line that is neither a common
/// statement nor component syntax is reported, then parsing continues.
ComponentDocument ParseComponent(const Block& block, Diagnostics& diags);

}  // namespace dg::grammar::puml
