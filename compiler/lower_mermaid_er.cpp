// Mermaid ER diagrams → ir::ErGraph: entities in order of first mention,
// attributes appended block by block, relationships with crow's-foot ends.
#include <map>

#include "compiler/lower_mermaid.hpp"
#include "compiler/mermaid_text.hpp"

namespace dg::compiler::mermaid {
namespace {

namespace gm = grammar::mermaid;

ir::Cardinality Card(gm::ErCardinality c) {
  switch (c) {
    case gm::ErCardinality::kZeroOrOne: return ir::Cardinality::kZeroOrOne;
    case gm::ErCardinality::kOne: return ir::Cardinality::kOne;
    case gm::ErCardinality::kZeroOrMore: return ir::Cardinality::kZeroOrMany;
    case gm::ErCardinality::kOneOrMore: return ir::Cardinality::kOneOrMany;
  }
  return ir::Cardinality::kNone;
}

class ErLowerer {
 public:
  ir::ErGraph Run(const gm::Er& er) {
    graph_.left_to_right = false;  // Mermaid's default is TB
    for (const gm::ErStatement& st : er.statements) std::visit(*this, st);
    for (ir::Table& t : graph_.tables) t.style = classes_.StyleFor(t.id, inline_classes_[t.id], styles_[t.id]);
    return std::move(graph_);
  }

  void operator()(const gm::ErEntity& e) {
    ir::Table& t = graph_.tables[Entity(e.id, e.span)];
    if (e.alias) t.label = Label(*e.alias);
    for (const gm::ErAttribute& a : e.attributes) t.columns.push_back(Column(a));
    inline_classes_[e.id].insert(inline_classes_[e.id].end(), e.classes.begin(), e.classes.end());
  }
  void operator()(const gm::ErRelationship& r) {
    ir::Relationship rel;
    rel.from_table = Entity(r.a, r.a_span);
    rel.to_table = Entity(r.b, r.b_span);
    rel.from_end = Card(r.a_card);
    rel.to_end = Card(r.b_card);
    rel.line = r.identifying ? ir::LineStyle::kSolid : ir::LineStyle::kDashed;
    rel.label = Label(r.label);
    rel.origin = r.span;
    graph_.relationships.push_back(std::move(rel));
  }
  void operator()(const gm::ErDirection& d) { graph_.left_to_right = d.value == "LR" || d.value == "RL"; }
  void operator()(const gm::ClassDef& d) { classes_.Add(d); }
  void operator()(const gm::ClassAssign& a) { classes_.Add(a); }
  void operator()(const gm::NodeStyle& s) {
    Entity(s.id, s.span);
    styles_[s.id].insert(styles_[s.id].end(), s.props.begin(), s.props.end());
  }

 private:
  int Entity(const std::string& id, grammar::Span origin) {
    auto [it, added] = index_.emplace(id, static_cast<int>(graph_.tables.size()));
    if (added) {
      ir::Table t;
      t.id = id;
      t.kind = "entity";
      t.label = Label(id);
      t.origin = origin;
      graph_.tables.push_back(std::move(t));
    }
    return it->second;
  }

  static ir::Column Column(const gm::ErAttribute& a) {
    ir::Column c;
    c.name = DecodeEntities(a.name);
    c.type = DecodeEntities(a.type);
    for (const std::string& key : a.keys) {
      c.primary_key = c.primary_key || key == "PK";
      c.foreign_key = c.foreign_key || key == "FK";
      c.unique = c.unique || key == "UK";
    }
    c.note = DecodeEntities(a.comment);
    c.origin = a.span;
    return c;
  }

  ir::ErGraph graph_;
  std::map<std::string, int> index_;
  std::map<std::string, std::vector<gm::StyleProp>> styles_;
  std::map<std::string, std::vector<std::string>> inline_classes_;  // `:::cls`
  ClassStyles classes_;
};

}  // namespace

ir::ErGraph LowerEr(const gm::Er& er, grammar::Diagnostics&) { return ErLowerer().Run(er); }

}  // namespace dg::compiler::mermaid
