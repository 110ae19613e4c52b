#include "compiler/lower_puml_er.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "compiler/lower_common.hpp"

namespace dg::compiler {
namespace {

using grammar::puml::er::Document;
using grammar::puml::er::Entity;
using grammar::puml::er::Field;
using grammar::puml::er::Relation;

ir::RichText Label(const std::string& text) { return ir::ParseCreole(text); }

/// Crow's-foot ends as written on the left (`|o`) and on the right (`o|`) of the body.
ir::Cardinality LeftEnd(const std::string& e) {
  if (e == "|o") return ir::Cardinality::kZeroOrOne;
  if (e == "||" || e == "|") return ir::Cardinality::kOne;
  if (e == "}o") return ir::Cardinality::kZeroOrMany;
  if (e == "}|") return ir::Cardinality::kOneOrMany;
  if (e == "}") return ir::Cardinality::kMany;
  return ir::Cardinality::kNone;
}
ir::Cardinality RightEnd(const std::string& e) {
  if (e == "o|") return ir::Cardinality::kZeroOrOne;
  if (e == "||" || e == "|") return ir::Cardinality::kOne;
  if (e == "o{") return ir::Cardinality::kZeroOrMany;
  if (e == "|{") return ir::Cardinality::kOneOrMany;
  if (e == "{") return ir::Cardinality::kMany;
  return ir::Cardinality::kNone;
}

ir::Direction ToDirection(const std::string& d) {
  if (d == "up") return ir::Direction::kUp;
  if (d == "down") return ir::Direction::kDown;
  if (d == "left") return ir::Direction::kLeft;
  if (d == "right") return ir::Direction::kRight;
  return ir::Direction::kNone;
}

bool HasStereotype(const std::vector<std::string>& list, const char* name) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return Lower(s) == name; });
}

/// A column's text without creole markup (`<size:12>`, `<b>`, `**`…): table
/// rows are drawn in one font of their own.
std::string Unmarked(const std::string& text) {
  return std::string(TrimSpace(ir::ParseCreole(text).Plain()));
}

ir::Column ToColumn(const Field& f, bool key_section) {
  ir::Column c;
  c.name = Unmarked(f.name);
  c.type = Unmarked(f.type);
  c.not_null = f.mandatory;
  c.primary_key = HasStereotype(f.stereotypes, "pk") || key_section;
  c.foreign_key = HasStereotype(f.stereotypes, "fk");
  c.unique = HasStereotype(f.stereotypes, "unique");
  c.stereotypes = f.stereotypes;
  c.separator_before = f.separator_before;
  c.origin = f.span;
  return c;
}

class Builder {
 public:
  Builder(const CompileOptions& options, grammar::Diagnostics& diags)
      : options_(options), diags_(diags) {}

  ir::ErGraph Run(const Document& doc, grammar::Diagnostics& diags) {
    for (const grammar::puml::er::Package& p : doc.packages) Group(p);
    WarnIfClassDiagram(doc);
    for (const Entity& e : doc.entities) Declare(e);
    for (const Relation& r : doc.relations) Relate(r);
    std::map<std::string, ir::Style> kind_styles;
    LowerCommon(doc.common, g_.decorations, g_.skin, kind_styles, diags, StyleScope::kClass);
    ApplyKindStyles(kind_styles);
    for (const std::string& h : doc.common.hides) {
      if (h.find("circle") != std::string::npos) g_.hide_circle = true;
      if (h.find("empty members") != std::string::npos || h == "members") g_.hide_empty_members = true;
    }
    bool ltr = doc.common.left_to_right;
    g_.left_to_right = options_.direction == 2 || (options_.direction == 0 && ltr);
    g_.columns = options_.columns;
    return std::move(g_);
  }

 private:
  /// `skinparam entity…` / `<style> classDiagram { entity { … } }` under each
  /// table's own `#colour`.
  void ApplyKindStyles(const std::map<std::string, ir::Style>& kind_styles) {
    for (ir::Table& t : g_.tables) {
      ir::Style style;
      for (const std::string& key : {std::string("element"), std::string("class"), t.kind}) {
        auto it = kind_styles.find(key);
        if (it != kind_styles.end()) ir::MergeStyle(it->second, style);
      }
      ir::MergeStyle(t.style, style);
      t.style = style;
    }
  }

  int Find(const std::string& id, grammar::Span origin, const std::string& kind) {
    auto it = index_.find(id);
    if (it != index_.end()) return it->second;
    ir::Table t;
    t.id = id;
    t.kind = kind;
    t.label = Label(id);
    t.origin = origin;
    index_[id] = static_cast<int>(g_.tables.size());
    g_.tables.push_back(std::move(t));
    return index_[id];
  }

  /// Until class diagrams have a front of their own, say how one is drawn
  /// (once, at the first class-only keyword) instead of letting the tables
  /// pass for a faithful class diagram. `class` with crow's feet, or next to
  /// `entity`, is an ER diagram written with PlantUML's other keyword.
  void WarnIfClassDiagram(const Document& doc) {
    auto is_entity = [](const Entity& e) { return e.keyword == "entity"; };
    auto has_crows_foot = [](const Relation& r) {
      return LeftEnd(r.left_end) != ir::Cardinality::kNone || RightEnd(r.right_end) != ir::Cardinality::kNone;
    };
    if (std::any_of(doc.entities.begin(), doc.entities.end(), is_entity) ||
        std::any_of(doc.relations.begin(), doc.relations.end(), has_crows_foot)) {
      return;
    }
    auto is_class = [](const Entity& e) { return e.keyword != "enum"; };
    auto first = std::find_if(doc.entities.begin(), doc.entities.end(), is_class);
    if (first == doc.entities.end()) return;
    diags_.Warning(first->span, "puml-class-as-er",
                   "class diagrams are not supported yet: this block is read as an entity diagram "
                   "(\"" + first->keyword + "\" is drawn as a table, its members as rows)");
  }

  void Group(const grammar::puml::er::Package& p) {
    ir::TableGroup group;
    // Qualified as nested component packages are: "Outer.Inner".
    group.id = p.parent >= 0 ? g_.groups[p.parent].id + "." + p.Id() : p.Id();
    group.kind = p.keyword;
    group.parent = p.parent;
    group.label = Label(p.name);
    if (!p.color.empty()) group.style.fill = ParseColor(p.color);
    group.origin = p.span;
    g_.groups.push_back(std::move(group));
  }

  // A second declaration of the same entity adds to the first, as in PlantUML.
  void Declare(const Entity& e) {
    ir::Table& t = g_.tables[Find(e.Id(), e.span, e.keyword)];
    t.kind = e.keyword;
    if (t.group < 0) t.group = e.package;
    t.label = Label(e.name);
    if (!e.color.empty()) t.style.fill = ParseColor(e.color);
    bool has_separator = std::any_of(e.fields.begin(), e.fields.end(),
                                     [](const Field& f) { return f.separator_before; });
    bool key_section = has_separator && e.keyword == "entity";
    for (const Field& f : e.fields) {
      if (f.separator_before) key_section = false;
      t.columns.push_back(ToColumn(f, key_section));
    }
  }

  void Relate(const Relation& r) {
    ir::Relationship rel;
    rel.from_table = Find(r.left, r.left_span, "class");
    rel.to_table = Find(r.right, r.right_span, "class");
    rel.from_columns = FieldColumns(rel.from_table, r.left_member, r.left_member_span);
    rel.to_columns = FieldColumns(rel.to_table, r.right_member, r.right_member_span);
    rel.from_end = LeftEnd(r.left_end);
    rel.to_end = RightEnd(r.right_end);
    // Class-diagram heads (<|, *, o, >) have no crow's-foot meaning: say so
    // rather than let a plain line pass for what was written.
    for (const std::string* end : {&r.left_end, &r.right_end}) {
      bool crows_foot = end == &r.left_end ? rel.from_end != ir::Cardinality::kNone
                                            : rel.to_end != ir::Cardinality::kNone;
      if (!end->empty() && !crows_foot) {
        diags_.Warning(r.span, "puml-er-head",
                       "relation end \"" + *end +
                           "\" is a class-diagram arrow head; entity diagrams draw only "
                           "crow's-foot ends (|o || }o }| o{ |{), so it is drawn as a plain line");
      }
    }
    rel.line = r.dotted ? ir::LineStyle::kDashed : ir::LineStyle::kSolid;
    rel.direction = ToDirection(r.direction);
    if (!r.label.empty()) rel.label = Label(r.label);
    if (!r.left_label.empty()) rel.from_label = Label(r.left_label);
    if (!r.right_label.empty()) rel.to_label = Label(r.right_label);
    rel.origin = r.span;
    g_.relationships.push_back(std::move(rel));
  }

  /// `entity::field`: the field's column, so the line ends at its row.
  std::vector<int> FieldColumns(int table, const std::string& member, grammar::Span span) {
    if (member.empty()) return {};
    const std::vector<ir::Column>& cols = g_.tables[table].columns;
    for (size_t c = 0; c < cols.size(); ++c)
      if (cols[c].name == member) return {int(c)};
    diags_.Warning(span, "puml-er-field",
                   "\"" + g_.tables[table].id + "\" has no field \"" + member +
                       "\"; the relation attaches to the entity");
    return {};
  }

  const CompileOptions& options_;
  grammar::Diagnostics& diags_;
  ir::ErGraph g_;
  std::map<std::string, int> index_;
};

}  // namespace

ir::ErGraph LowerPumlErDocument(const Document& doc, const CompileOptions& options,
                                grammar::Diagnostics& diags) {
  return Builder(options, diags).Run(doc, diags);
}

std::optional<ir::ErGraph> LowerPumlEr(const grammar::puml::Block& block, const CompileOptions& options,
                                       grammar::Diagnostics& diags) {
  size_t errors = diags.ErrorCount();
  Document doc = grammar::puml::er::ParsePumlEr(block, diags);
  if (diags.ErrorCount() > errors) return std::nullopt;
  return LowerPumlErDocument(doc, options, diags);
}

}  // namespace dg::compiler
