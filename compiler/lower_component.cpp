// Component / deployment lowering: names → qualified ids, containers →
// clusters, links → edges. Works in three steps: collect entities while
// walking the statements with an explicit container stack, apply
// remove/restore, then emit the graph.
#include "compiler/lower_component.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_map>

#include "compiler/lower_common.hpp"
#include "compiler/sprites.hpp"

namespace dg::compiler {
namespace {

using grammar::Span;
using namespace grammar::puml;

constexpr size_t kMaxNesting = 1000;        // deepest container nesting accepted
constexpr double kMaxThicknessPt = 50;      // `thickness=` upper bound
constexpr const char* kLinkCode = "puml-link";  // a [[link]] dropped as unsafe
constexpr const char* kImplicitKind = "interface";  // bare names in links (PlantUML draws a circle)

/// An element while names are being resolved; becomes a Node or a Cluster.
struct Entity {
  std::string id;         ///< qualified
  std::string short_id;   ///< alias or name
  std::string kind;
  std::string display;
  std::string description;
  Decoration deco;
  bool container = false;  ///< declared with `{`
  int parent = -1;
  bool removed = false;
  bool hidden = false;  ///< not drawn, but still a child of its container
  bool linked = false;  ///< it or a descendant is an end of a link
  Span origin;
};

struct PendingNote {
  const NoteDecl* decl;
  int target = -1;  ///< entity
  int parent = -1;  ///< enclosing entity
};

struct PendingEdge {
  const LinkDecl* decl;
  ir::EndpointRef::Type from_type, to_type;
  int from, to;  ///< entity or note index
};

/// The stack of open `{` blocks: a container entity or a `together` group (-1).
struct OpenBlock {
  int entity;
  Span span;
};

class Lowerer {
 public:
  Lowerer(const ComponentDocument& doc, grammar::Diagnostics& diags) : doc_(doc), diags_(diags) {}
  ir::ComponentGraph Run();

 private:
  void Walk();
  void Declare(const ElementDecl& e);
  void Link(const LinkDecl& l);
  void AddNote(const NoteDecl& n);
  void CloseBlock(const BlockEnd& b);
  int CurrentContainer() const;
  std::string Qualify(int parent, const std::string& name) const;
  int SplitQualified(std::string& name, int parent, Span origin);
  int Find(const std::string& name) const;
  int FindOrCreate(const LinkEnd& end);
  int NewEntity(const std::string& name, int parent, Span origin);
  void ApplyRemovals();
  void ApplyUrls();
  void RecomputeLinked();
  bool EdgeRemoved(const LinkDecl& l) const;
  bool Matches(const Entity& e, const std::string& what) const;
  void Emit(ir::ComponentGraph& g);
  ir::EndpointRef Ref(ir::EndpointRef::Type type, int index) const;

  const ComponentDocument& doc_;
  grammar::Diagnostics& diags_;
  std::vector<Entity> entities_;
  std::unordered_map<std::string, int> by_id_;
  std::unordered_map<std::string, std::vector<int>> by_short_;
  std::unordered_map<std::string, int> note_alias_;
  std::vector<PendingNote> notes_;
  std::vector<PendingEdge> edges_;
  std::vector<OpenBlock> stack_;
  std::vector<int> node_of_, cluster_of_;
  int last_declared_ = -1;
  int anonymous_ = 0;
  std::vector<std::string> removed_stereotypes_;  ///< `remove <<st>>` also drops such links
  ir::SpriteTable sprites_;  ///< for `<$name>` in labels
};

int Lowerer::CurrentContainer() const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    if (it->entity >= 0) return it->entity;
  }
  return -1;
}

std::string Lowerer::Qualify(int parent, const std::string& name) const {
  if (parent < 0) return name;
  return entities_[parent].id + "." + name;
}

/// With `set separator .`, `a.b.c` declares packages a and a.b around c.
/// Returns the innermost package (or `parent`) and leaves the last part in `name`.
int Lowerer::SplitQualified(std::string& name, int parent, Span origin) {
  const std::string& sep = doc_.namespace_separator;
  if (sep.empty()) return parent;
  for (size_t cut = name.find(sep); cut != std::string::npos && cut > 0; cut = name.find(sep)) {
    std::string head = name.substr(0, cut);
    auto it = by_id_.find(Qualify(parent, head));
    int package = it != by_id_.end() ? it->second : NewEntity(head, parent, origin);
    if (it == by_id_.end()) entities_[package].kind = "package";
    entities_[package].container = true;
    parent = package;
    name = name.substr(cut + sep.size());
  }
  return parent;
}

/// Resolves a name as PlantUML does: a qualified id, then the name inside
/// each enclosing container, then any element with that short name.
int Lowerer::Find(const std::string& name) const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    if (it->entity < 0) continue;
    auto q = by_id_.find(Qualify(it->entity, name));
    if (q != by_id_.end()) return q->second;
  }
  if (auto q = by_id_.find(name); q != by_id_.end()) return q->second;
  if (auto s = by_short_.find(name); s != by_short_.end() && !s->second.empty()) return s->second.front();
  return -1;
}

int Lowerer::NewEntity(const std::string& name, int parent, Span origin) {
  Entity e;
  e.short_id = name;
  e.id = Qualify(parent, name);
  e.display = name;
  e.kind = kImplicitKind;
  e.parent = parent;
  e.origin = origin;
  entities_.push_back(std::move(e));
  int index = static_cast<int>(entities_.size()) - 1;
  by_id_[entities_.back().id] = index;
  by_short_[name].push_back(index);
  return index;
}

void Lowerer::Declare(const ElementDecl& d) {
  std::string name = d.alias.empty() ? d.display : d.alias;
  if (name.empty()) name = "##" + std::to_string(++anonymous_);  // `cloud {`, as PlantUML names it
  int parent = SplitQualified(name, CurrentContainer(), d.span);
  auto existing = by_id_.find(Qualify(parent, name));
  int index = existing != by_id_.end() ? existing->second : NewEntity(name, parent, d.span);
  Entity& e = entities_[index];
  e.kind = d.keyword;
  e.display = d.display;
  if (!d.description.empty()) e.description = d.description;
  if (!d.deco.stereotypes.empty()) e.deco.stereotypes = d.deco.stereotypes;
  if (!d.deco.color.empty()) e.deco.color = d.deco.color;
  if (!d.deco.link.empty()) {
    e.deco.link = d.deco.link;
    e.deco.link_span = d.deco.link_span;
    e.deco.tooltip = d.deco.tooltip;
  }
  e.deco.tags.insert(e.deco.tags.end(), d.deco.tags.begin(), d.deco.tags.end());
  e.origin = d.span;
  last_declared_ = index;
  if (!d.opens_block) return;
  e.container = true;
  if (stack_.size() >= kMaxNesting) {
    // Once is enough: the levels below the limit would each repeat it.
    if (stack_.size() == kMaxNesting) {
      diags_.Error(d.span, "puml-nesting",
                   "containers are nested deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    stack_.push_back({-1, d.span});  // still balance the closing brace
    return;
  }
  stack_.push_back({index, d.span});
}

int Lowerer::FindOrCreate(const LinkEnd& end) {
  int found = Find(end.name);
  if (found >= 0) return found;
  std::string name = end.name;
  int parent = SplitQualified(name, CurrentContainer(), end.span);
  if (auto it = by_id_.find(Qualify(parent, name)); it != by_id_.end()) return it->second;
  int index = NewEntity(name, parent, end.span);
  if (!end.shorthand.empty()) entities_[index].kind = end.shorthand;
  return index;
}

void Lowerer::Link(const LinkDecl& l) {
  PendingEdge e{&l, ir::EndpointRef::Type::kNode, ir::EndpointRef::Type::kNode, -1, -1};
  auto resolve = [&](const LinkEnd& end, ir::EndpointRef::Type& type, int& index) {
    if (end.shorthand.empty()) {
      if (auto n = note_alias_.find(end.name); n != note_alias_.end()) {
        type = ir::EndpointRef::Type::kNote;
        index = n->second;
        return;
      }
    }
    index = FindOrCreate(end);
    for (int e = index; e >= 0; e = entities_[e].parent) entities_[e].linked = true;
  };
  resolve(l.from, e.from_type, e.from);
  resolve(l.to, e.to_type, e.to);
  edges_.push_back(e);
}

void Lowerer::AddNote(const NoteDecl& n) {
  PendingNote note{&n, -1, CurrentContainer()};
  if (n.target.empty() && n.side != NoteSide::kFloating) {
    if (last_declared_ < 0) {
      diags_.Warning(n.span, "puml-unknown-element", "no element before this note; the note is left out");
      return;
    }
    note.target = last_declared_;
  } else if (!n.target.empty()) {
    note.target = Find(n.target);
    if (note.target < 0) {
      diags_.Warning(n.span, "puml-unknown-element",
                     "note target \"" + n.target + "\" is not declared; the note is left out");
      return;
    }
  }
  if (!n.alias.empty()) note_alias_[n.alias] = static_cast<int>(notes_.size());
  notes_.push_back(note);
}

void Lowerer::CloseBlock(const BlockEnd& b) {
  if (stack_.empty()) {
    diags_.Error(b.span, "puml-syntax", "unexpected \"}\", no block is open");
    return;
  }
  stack_.pop_back();
}

void Lowerer::Walk() {
  for (const ComponentStatement& s : doc_.statements) {
    if (auto* e = std::get_if<ElementDecl>(&s)) Declare(*e);
    else if (auto* l = std::get_if<LinkDecl>(&s)) Link(*l);
    else if (auto* n = std::get_if<NoteDecl>(&s)) AddNote(*n);
    else if (auto* b = std::get_if<BlockEnd>(&s)) CloseBlock(*b);
    else if (auto* t = std::get_if<TogetherStart>(&s)) stack_.push_back({-1, t->span});
  }
  for (const OpenBlock& open : stack_) {
    // PlantUML closes open blocks at @enduml; say so, but accept it.
    diags_.Warning(open.span, "puml-unterminated", "this block is not closed: expected \"}\"");
  }
}

bool Lowerer::Matches(const Entity& e, const std::string& what) const {
  if (what == "*") return true;
  if (what[0] == '$') return std::find(e.deco.tags.begin(), e.deco.tags.end(), what) != e.deco.tags.end();
  if (what.rfind("<<", 0) == 0 && what.size() > 4) {
    std::string st = what.substr(2, what.size() - 4);
    return std::find(e.deco.stereotypes.begin(), e.deco.stereotypes.end(), st) != e.deco.stereotypes.end();
  }
  if (what == "@unlinked") return !e.linked;  // as of this statement (see RecomputeLinked)
  return e.id == what || e.short_id == what;
}

/// "Linked" counts only links whose ends are both still there.
void Lowerer::RecomputeLinked() {
  for (Entity& e : entities_) e.linked = false;
  auto alive = [&](ir::EndpointRef::Type t, int i) {
    return t == ir::EndpointRef::Type::kNote || !entities_[i].removed;
  };
  for (const PendingEdge& p : edges_) {
    if (!alive(p.from_type, p.from) || !alive(p.to_type, p.to) || EdgeRemoved(*p.decl)) continue;
    for (auto [t, i] : {std::pair{p.from_type, p.from}, std::pair{p.to_type, p.to}}) {
      if (t == ir::EndpointRef::Type::kNote) continue;
      for (int e = i; e >= 0; e = entities_[e].parent) entities_[e].linked = true;
    }
  }
}

bool Lowerer::EdgeRemoved(const LinkDecl& l) const {
  for (const std::string& st : removed_stereotypes_) {
    std::string name = st.substr(2, st.size() - 4);
    if (std::find(l.stereotypes.begin(), l.stereotypes.end(), name) != l.stereotypes.end()) return true;
  }
  return false;
}

void Lowerer::ApplyRemovals() {
  // `hide stereotype`, `hide circle` … are not about elements.
  static const char* kNotElements[] = {"stereotype", "stereotypes", "circle", "empty members",
                                       "members", "footbox", "empty description", "unlinked"};
  for (const ComponentStatement& s : doc_.statements) {
    auto* r = std::get_if<RemoveDecl>(&s);
    if (!r || r->what.empty()) continue;
    std::string lower = Lower(r->what);
    if (std::find(std::begin(kNotElements), std::end(kNotElements), lower) != std::end(kNotElements)) continue;
    if (lower == "@unlinked") RecomputeLinked();
    if (lower.rfind("<<", 0) == 0 && r->op == RemoveDecl::Op::kRemove) removed_stereotypes_.push_back(r->what);
    for (Entity& e : entities_) {
      if (!Matches(e, r->what)) continue;
      switch (r->op) {
        case RemoveDecl::Op::kRemove: e.removed = true; break;
        case RemoveDecl::Op::kRestore: e.removed = false; break;
        case RemoveDecl::Op::kHide: e.hidden = true; break;
        case RemoveDecl::Op::kShow: e.hidden = false; break;
      }
    }
  }
  // Children of removed or hidden containers go with them (parents come first).
  for (Entity& e : entities_) {
    if (e.parent >= 0 && entities_[e.parent].removed) e.removed = true;
    if (e.parent >= 0 && entities_[e.parent].hidden) e.hidden = true;
  }
}

// --------------------------------------------------------------- output

ir::ArrowHead HeadOf(const std::string& h) {
  static const std::pair<const char*, ir::ArrowHead> kHeads[] = {
      {">", ir::ArrowHead::kNormal},  {"<", ir::ArrowHead::kNormal},   {">>", ir::ArrowHead::kOpen},
      {"<<", ir::ArrowHead::kOpen},   {"|>", ir::ArrowHead::kTriangle}, {"<|", ir::ArrowHead::kTriangle},
      {"*", ir::ArrowHead::kDiamond}, {"o", ir::ArrowHead::kOpenDiamond}, {"0", ir::ArrowHead::kCircle},
      {"()", ir::ArrowHead::kCircle}, {"(", ir::ArrowHead::kSocket},  {")", ir::ArrowHead::kSocket},
      {"(0)", ir::ArrowHead::kCircle}, {"0)", ir::ArrowHead::kCircle}, {"(0", ir::ArrowHead::kCircle},
      {"+", ir::ArrowHead::kPlus},    {"#", ir::ArrowHead::kSquare},  {"x", ir::ArrowHead::kCross},
      {"^", ir::ArrowHead::kHat}};
  for (const auto& [text, head] : kHeads) {
    if (h == text) return head;
  }
  return ir::ArrowHead::kNone;
}

ir::Direction DirectionOf(const std::string& d) {
  if (d == "up") return ir::Direction::kUp;
  if (d == "down") return ir::Direction::kDown;
  if (d == "left") return ir::Direction::kLeft;
  if (d == "right") return ir::Direction::kRight;
  return ir::Direction::kNone;
}

ir::Direction Flip(ir::Direction d) {
  switch (d) {
    case ir::Direction::kUp: return ir::Direction::kDown;
    case ir::Direction::kDown: return ir::Direction::kUp;
    case ir::Direction::kLeft: return ir::Direction::kRight;
    case ir::Direction::kRight: return ir::Direction::kLeft;
    default: return d;
  }
}

/// `#red,dashed,bold,hidden,thickness=2` inside `-[…]->`.
void ApplyInlineStyle(std::string_view spec, ir::Edge& edge) {
  while (!spec.empty()) {
    size_t comma = spec.find_first_of(",;");
    std::string part = Lower(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    part.erase(0, part.find_first_not_of(' '));
    if (part.empty()) continue;
    if (part[0] == '#') {
      if (!edge.style.stroke.set()) edge.style.stroke = ParseColor(part);
    } else if (part == "dashed") edge.line = ir::LineStyle::kDashed;
    else if (part == "dotted") edge.line = ir::LineStyle::kDotted;
    else if (part == "bold") edge.line = ir::LineStyle::kBold;
    else if (part == "plain") edge.line = ir::LineStyle::kSolid;
    else if (part == "hidden") edge.hidden = true;
    else if (part.rfind("thickness=", 0) == 0) {
      double v = 0;
      std::string_view num = std::string_view(part).substr(10);
      if (std::from_chars(num.data(), num.data() + num.size(), v).ec == std::errc() && v >= 0) {
        edge.style.stroke_width = std::min(v, kMaxThicknessPt);
      }
    } else if (ir::Color c = ParseColor(part); c.set() && !edge.style.stroke.set()) {
      edge.style.stroke = c;
    }
  }
}

/// The url of a label's first `[[url label]]` (C4's $link on relations).
std::string FirstLink(const ir::RichText& text) {
  for (const ir::TextLine& line : text.lines)
    for (const ir::TextRun& run : line)
      if (!run.link.empty()) return run.link;
  return "";
}

ir::Edge MakeEdge(const LinkDecl& l, const ir::SpriteTable& sprites) {
  ir::Edge edge;
  edge.label = ir::ParseCreole(l.label, &sprites);
  edge.tail_label = l.from_card;
  edge.head_label = l.to_card;
  edge.tail = HeadOf(l.tail_head);
  edge.head = HeadOf(l.head);
  edge.line = l.body == '.' ? ir::LineStyle::kDashed
              : l.body == '=' ? ir::LineStyle::kBold
              : l.body == '~' ? ir::LineStyle::kDotted
                              : ir::LineStyle::kSolid;
  edge.direction = DirectionOf(l.direction);
  edge.length = std::max(1, l.length);
  edge.lollipop = !l.lollipop.empty();
  edge.stereotypes = l.stereotypes;
  ApplyInlineStyle(l.style, edge);
  edge.origin = l.span;
  return edge;
}

/// Points every edge the way it is drawn: `A <-- B` becomes `B --> A`.
void Normalize(ir::Edge& edge) {
  bool points_back = edge.tail == ir::ArrowHead::kNormal || edge.tail == ir::ArrowHead::kOpen ||
                     edge.tail == ir::ArrowHead::kTriangle;
  if (!points_back || edge.head != ir::ArrowHead::kNone) return;
  std::swap(edge.from, edge.to);
  std::swap(edge.tail, edge.head);
  std::swap(edge.tail_label, edge.head_label);
  edge.direction = Flip(edge.direction);
  edge.reversed = true;
}

ir::EndpointRef Lowerer::Ref(ir::EndpointRef::Type type, int index) const {
  if (type == ir::EndpointRef::Type::kNote) return {type, index};
  if (cluster_of_[index] >= 0) return {ir::EndpointRef::Type::kCluster, cluster_of_[index]};
  return {ir::EndpointRef::Type::kNode, node_of_[index]};
}

void Lowerer::Emit(ir::ComponentGraph& g) {
  size_t n = entities_.size();
  std::vector<bool> has_child(n, false);
  for (const Entity& e : entities_) {
    if (!e.removed && e.parent >= 0) has_child[e.parent] = true;
  }
  for (const PendingNote& note : notes_) {
    if (note.parent >= 0) has_child[note.parent] = true;
  }
  node_of_.assign(n, -1);
  cluster_of_.assign(n, -1);
  for (size_t i = 0; i < n; ++i) {
    const Entity& e = entities_[i];
    if (e.removed || e.hidden) continue;
    int parent_cluster = e.parent >= 0 ? cluster_of_[e.parent] : -1;
    ir::RichText label =
        ir::ParseCreole(e.description.empty() ? e.display : e.description, &sprites_);
    ir::Style style = ParseElementStyle(e.deco.color);
    std::string link = KeepSafeLink(e.deco.link, e.deco.link_span, kLinkCode, diags_);
    if (e.container && has_child[i]) {
      cluster_of_[i] = static_cast<int>(g.clusters.size());
      g.clusters.push_back({e.id, e.kind, label, e.deco.stereotypes, style, link, parent_cluster, e.origin});
    } else {
      node_of_[i] = static_cast<int>(g.nodes.size());
      g.nodes.push_back({e.id, e.kind, label, e.deco.stereotypes, style, link, e.deco.tooltip,
                         parent_cluster, e.origin});
    }
  }
  std::vector<int> note_index(notes_.size(), -1);
  for (size_t i = 0; i < notes_.size(); ++i) {
    const PendingNote& p = notes_[i];
    auto gone = [&](int e) { return e >= 0 && (entities_[e].removed || entities_[e].hidden); };
    if (gone(p.target) || gone(p.parent)) continue;
    ir::Note note;
    note.id = p.decl->alias.empty() ? "note" + std::to_string(g.notes.size() + 1)
                                    : Qualify(p.parent, p.decl->alias);
    note.named = !p.decl->alias.empty();
    note.text = ir::ParseCreole(p.decl->text, &sprites_);
    note.position = static_cast<ir::NotePosition>(p.decl->side);
    if (p.target >= 0) note.target = Ref(ir::EndpointRef::Type::kNode, p.target);
    note.style = ParseElementStyle(p.decl->color);
    note.cluster = p.parent >= 0 ? cluster_of_[p.parent] : -1;
    note.origin = p.decl->span;
    note_index[i] = static_cast<int>(g.notes.size());
    g.notes.push_back(std::move(note));
  }
  for (const PendingEdge& p : edges_) {
    auto gone = [&](ir::EndpointRef::Type t, int i) {
      return t == ir::EndpointRef::Type::kNote ? note_index[i] < 0
                                               : entities_[i].removed || entities_[i].hidden;
    };
    if (gone(p.from_type, p.from) || gone(p.to_type, p.to) || EdgeRemoved(*p.decl)) continue;
    ir::Edge edge = MakeEdge(*p.decl, sprites_);
    edge.link = KeepSafeLink(FirstLink(edge.label), p.decl->span, kLinkCode, diags_);
    edge.from = Ref(p.from_type, p.from_type == ir::EndpointRef::Type::kNote ? note_index[p.from] : p.from);
    edge.to = Ref(p.to_type, p.to_type == ir::EndpointRef::Type::kNote ? note_index[p.to] : p.to);
    Normalize(edge);
    g.edges.push_back(std::move(edge));
  }
}

/// `url of X is [[…]]`, once every element is declared (PlantUML allows it
/// before X's declaration too).
void Lowerer::ApplyUrls() {
  for (const ComponentStatement& s : doc_.statements) {
    auto* u = std::get_if<UrlDecl>(&s);
    if (!u) continue;
    int index = Find(u->target);
    if (index < 0) {
      diags_.Warning(u->span, "puml-url", "no element is named \"" + u->target + "\"; its url is ignored");
      continue;
    }
    Entity& e = entities_[index];
    e.deco.link = u->deco.link;
    e.deco.link_span = u->deco.link_span;
    e.deco.tooltip = u->deco.tooltip;
  }
}

ir::ComponentGraph Lowerer::Run() {
  Walk();
  ApplyRemovals();
  ApplyUrls();
  sprites_ = DecodeSprites(doc_.common.sprites, diags_);
  ir::ComponentGraph g;
  Emit(g);
  LowerCommon(doc_.common, g.decorations, g.skin, g.kind_styles, diags_, StyleScope::kComponent,
              &sprites_);
  g.left_to_right = doc_.common.left_to_right;
  for (const std::string& h : doc_.common.hides) {
    if (h == "stereotype" || h == "stereotypes") g.hide_stereotypes = true;
  }
  return g;
}

}  // namespace

std::string SanitizeUrl(std::string_view url) {
  size_t colon = url.find(':');
  size_t slash = url.find_first_of("/?#");
  bool has_scheme = colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash);
  if (!has_scheme) return std::string(url);  // relative
  std::string scheme = Lower(url.substr(0, colon));
  if (scheme == "http" || scheme == "https" || scheme == "mailto") return std::string(url);
  return "";
}

std::string KeepSafeLink(std::string_view url, grammar::Span at, const char* code, grammar::Diagnostics& diags) {
  std::string safe = SanitizeUrl(url);
  if (safe.empty() && !url.empty()) {
    diags.Warning(at, code, "link \"" + std::string(url) +
                                "\" is dropped: only http, https, mailto and relative links are kept");
  }
  return safe;
}

ir::ComponentGraph LowerComponent(const ComponentDocument& doc, grammar::Diagnostics& diags) {
  return Lowerer(doc, diags).Run();
}

}  // namespace dg::compiler
