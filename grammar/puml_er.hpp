// PlantUML entity (ER / class) diagrams: entities with fields and
// crow's-foot relations, read line by line from a preprocessed Block.
#pragma once

#include <string>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/puml_common.hpp"
#include "grammar/puml_preprocess.hpp"

namespace dg::grammar::puml::er {

/// One row of an entity body: `[*] name [: type] [<<PK>>] [<<FK>>]`.
struct Field {
  std::string name;
  std::string type;
  bool mandatory = false;          ///< leading `*`
  std::vector<std::string> stereotypes;  ///< "PK", "FK", … as written
  bool separator_before = false;   ///< a `--`, `==`, `..` or `__` line came before it
  Span span;
};

/// `entity "Display" as alias <<stereo>> #color { fields }`.
struct Entity {
  std::string keyword;   ///< entity, class, enum, interface, abstract, annotation …
  std::string name;      ///< display text, `\n` escapes kept
  std::string alias;     ///< empty when none: then the id is `name`
  std::vector<std::string> stereotypes;
  std::string color;     ///< `#ff0000`, `#red`, as written
  std::vector<Field> fields;
  int package = -1;      ///< index into Document::packages, -1 = top level
  Span span;
  std::string Id() const { return alias.empty() ? name : alias; }
};

/// `A |o--o{ B : label`. Ends hold the head text as written (`|o`, `o{`, `>`, `<|` …).
struct Relation {
  std::string left, right;
  Span left_span, right_span;
  std::string left_member, right_member;  ///< `A::id`: the field the end attaches to
  Span left_member_span, right_member_span;
  std::string left_end, right_end;
  std::string left_label, right_label;  ///< `A "1" -- "*" B`
  bool dotted = false;                  ///< body of `.`
  std::string direction;                ///< up, down, left, right or empty
  int length = 0;                       ///< body characters
  std::string label;
  Span span;
};

/// `package "Name" as alias #color {` or `namespace name {`: a frame
/// around the entities declared inside it, nested as written.
struct Package {
  std::string keyword;  ///< "package" or "namespace"
  std::string name;     ///< display text
  std::string alias;
  std::string color;
  int parent = -1;      ///< enclosing package, -1 = top level
  Span span;
  std::string Id() const { return alias.empty() ? name : alias; }
};

struct Document {
  std::vector<Package> packages;  ///< parents before their children
  std::vector<Entity> entities;
  std::vector<Relation> relations;
  CommonStatements common;  ///< title, skinparam, hide/show, direction … (ParseCommonStatement)
};

/// Reads every line of the block; unknown lines are errors with the line's
/// span, and reading continues at the next line.
Document ParsePumlEr(const Block& block, Diagnostics& diags);

}  // namespace dg::grammar::puml::er
