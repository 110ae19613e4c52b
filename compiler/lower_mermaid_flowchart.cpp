// Mermaid flowcharts → ir::ComponentGraph, following Mermaid's flowDb:
// the last shape and text given for a node win, `A & B --> C` is one edge
// per pair, subgraph ids are clusters wherever they are named, and a node
// belongs to the first subgraph closed around a mention of it.
#include <algorithm>
#include <map>
#include <set>

#include "compiler/lower_component.hpp"
#include "compiler/lower_mermaid.hpp"
#include "compiler/mermaid_text.hpp"

namespace dg::compiler::mermaid {
namespace {

namespace gm = grammar::mermaid;

struct ShapeName {
  std::string_view name;
  std::string_view kind;
};

// Mermaid's shape names (bracket forms and the `@{ shape: … }` names with
// their aliases) → diagc node kinds. Shapes diagc has no outline for use
// the nearest one.
constexpr ShapeName kShapes[] = {
    {"square", "rectangle"}, {"rect", "rectangle"}, {"rectangle", "rectangle"}, {"proc", "rectangle"},
    {"process", "rectangle"}, {"round", "rounded"}, {"rounded", "rounded"}, {"event", "rounded"},
    {"stadium", "stadium"}, {"pill", "stadium"}, {"terminal", "stadium"},
    {"subroutine", "subroutine"}, {"fr-rect", "subroutine"}, {"framed-rectangle", "subroutine"},
    {"subproc", "subroutine"}, {"subprocess", "subroutine"},
    {"cylinder", "database"}, {"cyl", "database"}, {"database", "database"}, {"db", "database"},
    {"lin-cyl", "database"}, {"disk", "database"}, {"lined-cylinder", "database"},
    {"circle", "circled"}, {"circ", "circled"}, {"sm-circ", "circled"}, {"small-circle", "circled"},
    {"start", "circled"}, {"f-circ", "circled"}, {"filled-circle", "circled"}, {"junction", "circled"},
    {"cross-circ", "circled"}, {"crossed-circle", "circled"}, {"summary", "circled"},
    {"doublecircle", "double-circled"}, {"dbl-circ", "double-circled"},
    {"double-circle", "double-circled"}, {"framed-circle", "double-circled"}, {"stop", "double-circled"},
    {"ellipse", "ellipse"},
    {"odd", "odd"}, {"diamond", "diamond"}, {"diam", "diamond"}, {"decision", "diamond"},
    {"question", "diamond"}, {"rhombus", "diamond"},
    {"hexagon", "hexagon"}, {"hex", "hexagon"}, {"prepare", "hexagon"},
    {"lean_right", "lean-right"}, {"lean-r", "lean-right"}, {"lean-right", "lean-right"},
    {"in-out", "lean-right"}, {"sl-rect", "lean-right"}, {"manual-input", "lean-right"},
    {"sloped-rectangle", "lean-right"},
    {"lean_left", "lean-left"}, {"lean-l", "lean-left"}, {"lean-left", "lean-left"}, {"out-in", "lean-left"},
    {"trapezoid", "trapezoid"}, {"trap-b", "trapezoid"}, {"trapezoid-bottom", "trapezoid"},
    {"priority", "trapezoid"},
    {"inv_trapezoid", "inv-trapezoid"}, {"trap-t", "inv-trapezoid"}, {"inv-trapezoid", "inv-trapezoid"},
    {"trapezoid-top", "inv-trapezoid"}, {"manual", "inv-trapezoid"}, {"curv-trap", "inv-trapezoid"},
    {"curved-trapezoid", "inv-trapezoid"}, {"display", "inv-trapezoid"},
    {"doc", "document"}, {"document", "document"}, {"lin-doc", "document"},
    {"lined-document", "document"}, {"tag-doc", "document"}, {"tagged-document", "document"},
    {"docs", "collections"}, {"documents", "collections"}, {"st-doc", "collections"},
    {"stacked-document", "collections"}, {"procs", "collections"}, {"processes", "collections"},
    {"st-rect", "collections"}, {"stacked-rectangle", "collections"},
    {"das", "queue"}, {"h-cyl", "queue"}, {"horizontal-cylinder", "queue"},
    {"text", "label"},
    {"notch-rect", "card"}, {"card", "card"}, {"notched-rectangle", "card"},
    {"delay", "stadium"}, {"half-rounded-rectangle", "stadium"},
    {"bow-rect", "storage"}, {"stored-data", "storage"}, {"bow-tie-rectangle", "storage"},
    {"notch-pent", "hexagon"}, {"loop-limit", "hexagon"}, {"notched-pentagon", "hexagon"},
    {"lin-rect", "rectangle"}, {"lin-proc", "rectangle"}, {"lined-process", "rectangle"},
    {"lined-rectangle", "rectangle"}, {"shaded-process", "rectangle"},
    {"div-rect", "rectangle"}, {"div-proc", "rectangle"}, {"divided-process", "rectangle"},
    {"divided-rectangle", "rectangle"}, {"win-pane", "rectangle"}, {"internal-storage", "rectangle"},
    {"window-pane", "rectangle"}, {"tag-rect", "rectangle"}, {"tag-proc", "rectangle"},
    {"tagged-process", "rectangle"}, {"tagged-rectangle", "rectangle"},
    {"fork", "rectangle"}, {"join", "rectangle"}, {"hourglass", "rectangle"}, {"collate", "rectangle"},
    {"bolt", "rectangle"}, {"com-link", "rectangle"}, {"lightning-bolt", "rectangle"},
    {"brace", "label"}, {"brace-l", "label"}, {"comment", "label"}, {"brace-r", "label"},
    {"braces", "label"}, {"tri", "rectangle"}, {"extract", "rectangle"}, {"triangle", "rectangle"},
    {"flip-tri", "rectangle"}, {"flipped-triangle", "rectangle"}, {"manual-file", "rectangle"},
    {"flag", "rectangle"}, {"paper-tape", "rectangle"}, {"icon", "rectangle"}, {"image", "rectangle"},
};

struct PendingNode {
  std::string id;
  std::string shape;
  grammar::Span shape_span;
  std::optional<gm::Text> label;
  std::vector<std::string> classes;
  std::vector<gm::StyleProp> style;
  std::string link, tooltip;
  grammar::Span origin;
};

struct PendingSubgraph {
  std::string id;
  std::optional<gm::Text> title;
  int parent = -1;
  std::vector<std::string> members;  // node ids mentioned inside, first mention order
  std::set<std::string> member_set;
  grammar::Span origin;
};

struct PendingEdge {
  std::string from, to;
  const gm::FlowLink* link = nullptr;
  std::vector<gm::StyleProp> style;
  grammar::Span origin;
};

ir::ArrowHead Head(char c) {
  switch (c) {
    case '>': return ir::ArrowHead::kNormal;
    case 'o': return ir::ArrowHead::kCircle;
    case 'x': return ir::ArrowHead::kCross;
    default: return ir::ArrowHead::kNone;
  }
}

class FlowLowerer {
 public:
  FlowLowerer(const gm::Flowchart& chart, grammar::Diagnostics& diags) : chart_(chart), diags_(diags) {}

  ir::ComponentGraph Run() {
    for (const gm::FlowStatement& st : chart_.statements)
      if (const auto* chain = std::get_if<gm::FlowChain>(&st))
        for (const gm::FlowLink& link : chain->links)
          if (!link.id.empty()) edge_ids_.insert(link.id);
    for (const gm::FlowStatement& st : chart_.statements) std::visit(*this, st);
    while (!open_.empty()) Close();  // the parser reported the missing `end`
    BuildClusters();
    BuildNodes();
    BuildEdges();
    graph_.left_to_right = chart_.direction == "LR" || chart_.direction == "RL";
    graph_.reverse_ranks = chart_.direction == "BT" || chart_.direction == "RL";
    return std::move(graph_);
  }

  void operator()(const gm::FlowChain& chain) {
    // `e1@{ animate: true }` sets properties of the edge `e1`, nothing diagc draws.
    if (chain.links.empty() && chain.groups[0].size() == 1 && edge_ids_.count(chain.groups[0][0].id)) return;
    for (const auto& group : chain.groups)
      for (const gm::FlowNode& n : group) Touch(n);
    for (size_t i = 0; i < chain.links.size(); ++i)
      for (const gm::FlowNode& a : chain.groups[i])
        for (const gm::FlowNode& b : chain.groups[i + 1])
          edges_.push_back({a.id, b.id, &chain.links[i], {}, chain.links[i].span});
  }
  void operator()(const gm::SubgraphStart& s) {
    subgraphs_.push_back({s.id, s.title, open_.empty() ? -1 : open_.back(), {}, {}, s.span});
    open_.push_back(static_cast<int>(subgraphs_.size()) - 1);
  }
  void operator()(const gm::SubgraphEnd&) { Close(); }
  void operator()(const gm::FlowDirection&) {}  // dot has one rank direction per graph
  void operator()(const gm::ClassDef& d) { classes_.Add(d); }
  void operator()(const gm::ClassAssign& a) { classes_.Add(a); }
  void operator()(const gm::NodeStyle& s) {
    PendingNode& n = Node(s.id, s.span);
    n.style.insert(n.style.end(), s.props.begin(), s.props.end());
  }
  void operator()(const gm::LinkStyle& ls);
  void operator()(const gm::Click& c);

 private:
  PendingNode& Node(const std::string& id, grammar::Span origin) {
    auto [it, added] = node_index_.emplace(id, nodes_.size());
    if (added) nodes_.push_back({id, "", {}, std::nullopt, {}, {}, "", "", origin});
    return nodes_[it->second];
  }
  void Touch(const gm::FlowNode& n);
  void Close();
  void BuildClusters();
  void BuildNodes();
  void BuildEdges();
  ir::EndpointRef Ref(const std::string& id) const;

  const gm::Flowchart& chart_;
  grammar::Diagnostics& diags_;
  ir::ComponentGraph graph_;
  std::vector<PendingNode> nodes_;
  std::map<std::string, size_t> node_index_;
  std::vector<PendingSubgraph> subgraphs_;  // in opening order
  std::vector<int> open_;
  std::vector<int> closing_order_;
  std::vector<PendingEdge> edges_;
  std::vector<gm::StyleProp> default_link_style_;  // linkStyle default
  ClassStyles classes_;
  std::map<std::string, int> cluster_of_id_;
  std::set<std::string> edge_ids_;  // `A e1@--> B`
  std::vector<int> node_out_;  // nodes_ index → graph_.nodes index, -1 for cluster ids
};

void FlowLowerer::Touch(const gm::FlowNode& n) {
  PendingNode& node = Node(n.id, n.span);
  if (!n.shape.empty()) {
    node.shape = n.shape;
    node.shape_span = n.shape_span.end > 0 ? n.shape_span : n.span;
  }
  if (n.label) node.label = n.label;
  node.classes.insert(node.classes.end(), n.classes.begin(), n.classes.end());
  if (!open_.empty()) {
    PendingSubgraph& sg = subgraphs_[open_.back()];
    if (sg.member_set.insert(n.id).second) sg.members.push_back(n.id);
  }
}

void FlowLowerer::Close() {
  int index = open_.back();
  open_.pop_back();
  PendingSubgraph& sg = subgraphs_[index];
  // Mermaid numbers generated ids in the order subgraphs close.
  if (sg.id.empty()) sg.id = "subGraph" + std::to_string(closing_order_.size());
  closing_order_.push_back(index);
}

void FlowLowerer::operator()(const gm::LinkStyle& ls) {
  if (ls.all) {
    default_link_style_.insert(default_link_style_.end(), ls.props.begin(), ls.props.end());
    return;
  }
  for (int i : ls.indices) {
    if (i < 0 || static_cast<size_t>(i) >= edges_.size()) {
      diags_.Error(ls.span, "mermaid-link-style",
                   "linkStyle " + std::to_string(i) + " refers to no link: " +
                       (edges_.empty() ? std::string("there are no links before it")
                                       : "the links before it are numbered 0 to " +
                                             std::to_string(edges_.size() - 1)));
      continue;
    }
    edges_[i].style.insert(edges_[i].style.end(), ls.props.begin(), ls.props.end());
  }
}

void FlowLowerer::operator()(const gm::Click& c) {
  auto it = node_index_.find(c.id);
  if (it == node_index_.end()) return;  // Mermaid ignores clicks on unknown nodes
  PendingNode& n = nodes_[it->second];
  if (!c.url.empty()) {
    n.link = KeepSafeLink(c.url, c.span, "mermaid-link", diags_);
  }
  if (!c.tooltip.empty()) n.tooltip = DecodeEntities(c.tooltip);
}

void FlowLowerer::BuildClusters() {
  for (size_t i = 0; i < subgraphs_.size(); ++i) {
    const PendingSubgraph& sg = subgraphs_[i];
    if (!cluster_of_id_.emplace(sg.id, static_cast<int>(i)).second) {
      diags_.Warning(sg.origin, "mermaid-duplicate-subgraph",
                     "a second subgraph with id \"" + sg.id + "\": links to it go to the first one");
    }
    ir::Cluster c;
    c.id = sg.id;
    c.kind = "subgraph";
    // A subgraph without a title shows none (an empty run keeps layout from
    // falling back to the generated id).
    c.label = sg.title ? Label(*sg.title) : ir::RichText{};
    if (c.label.empty()) c.label.lines.push_back({ir::TextRun{}});
    auto it = node_index_.find(sg.id);
    const PendingNode* as_node = it == node_index_.end() ? nullptr : &nodes_[it->second];
    c.style = classes_.StyleFor(sg.id, {}, as_node ? as_node->style : std::vector<gm::StyleProp>{});
    c.parent = sg.parent;
    c.origin = sg.origin;
    graph_.clusters.push_back(std::move(c));
  }
}

void FlowLowerer::BuildNodes() {
  // A node belongs to the first subgraph (in closing order) that mentions it.
  std::map<std::string, int> cluster_of_node;
  for (int sg : closing_order_)
    for (const std::string& id : subgraphs_[sg].members) cluster_of_node.emplace(id, sg);
  node_out_.assign(nodes_.size(), -1);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const PendingNode& p = nodes_[i];
    if (cluster_of_id_.count(p.id)) continue;  // a subgraph's id names the cluster
    std::string_view kind = NodeKind(p.shape.empty() ? "square" : p.shape);
    if (kind.empty()) {
      diags_.Error(p.shape_span, "mermaid-unknown-shape",
                   "unknown shape \"" + p.shape +
                       "\": expected a Mermaid shape such as rect, rounded, stadium, subroutine, cyl, "
                       "circle, diamond, hex, lean-r, lean-l, trap-b, trap-t, dbl-circ, doc");
      kind = "rectangle";
    }
    ir::Node n;
    n.id = p.id;
    n.kind = std::string(kind);
    n.label = p.label ? Label(*p.label) : Label(p.id);
    n.style = classes_.StyleFor(p.id, p.classes, p.style);
    n.link = p.link;
    n.tooltip = p.tooltip;
    auto member = cluster_of_node.find(p.id);
    n.cluster = member == cluster_of_node.end() ? -1 : member->second;
    n.origin = p.origin;
    node_out_[i] = static_cast<int>(graph_.nodes.size());
    graph_.nodes.push_back(std::move(n));
  }
}

ir::EndpointRef FlowLowerer::Ref(const std::string& id) const {
  if (auto c = cluster_of_id_.find(id); c != cluster_of_id_.end())
    return {ir::EndpointRef::Type::kCluster, c->second};
  return {ir::EndpointRef::Type::kNode, node_out_[node_index_.at(id)]};
}

void FlowLowerer::BuildEdges() {
  for (const PendingEdge& p : edges_) {
    const gm::FlowLink& link = *p.link;
    ir::Edge e;
    e.from = Ref(p.from);
    e.to = Ref(p.to);
    if (link.label) e.label = Label(*link.label);
    e.head = Head(link.head);
    e.tail = Head(link.tail);
    e.line = link.line == '=' ? ir::LineStyle::kBold
             : link.line == '.' ? ir::LineStyle::kDotted
                                : ir::LineStyle::kSolid;
    e.hidden = link.line == '~';
    e.length = std::min(link.length, 20) + 1;  // Mermaid's 1 is the next rank
    ApplyStyleProps(default_link_style_, &e.style);
    ApplyStyleProps(p.style, &e.style);
    e.origin = p.origin;
    graph_.edges.push_back(std::move(e));
  }
}

}  // namespace

std::string_view NodeKind(std::string_view shape) {
  for (const ShapeName& s : kShapes)
    if (s.name == shape) return s.kind;
  return {};
}

ir::ComponentGraph LowerFlowchart(const gm::Flowchart& chart, grammar::Diagnostics& diags) {
  return FlowLowerer(chart, diags).Run();
}

}  // namespace dg::compiler::mermaid
