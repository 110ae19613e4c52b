// Component / deployment diagrams: measure every label, size each element by
// its keyword, let dot place the boxes, then draw each element's own shape.
#include "layout/component_layout.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "layout/component_shapes.hpp"
#include "layout/decorations.hpp"
#include "layout/edge_draw.hpp"
#include "layout/edge_router.hpp"
#include "layout/graphviz.hpp"
#include "layout/text_block.hpp"

namespace dg::layout {
namespace {

constexpr double kDefaultFontPt = 12;      // PlantUML's default text size, points
constexpr double kStereotypeScale = 0.85;  // «stereotype» text relative to the label
constexpr double kNodesepPt = 36;          // between neighbours in a rank, points
constexpr double kRanksepPt = 50;          // between ranks, points
constexpr double kClusterMarginPt = 14;    // cluster frame to its contents, points
constexpr double kDiagramMarginPt = 16;    // around the whole scene, points
constexpr double kEdgeLabelPadPt = 3;      // around an edge label's text, points
constexpr double kBoldStrokePt = 2;        // `-[bold]->` line width, points
constexpr int kMaxClusterDepth = 1000;     // hostile nesting bound
constexpr int kNoteWeight = 10;
constexpr double kDefaultLayoutSeconds =
    20;  // LayoutOptions' default budget             // keeps a note next to its target

using gv::Size;

// ------------------------------------------------------------------- styles

/// skinparam by keyword, then by stereotype, then keyword<<stereotype>>, then
/// the element's own #colours: later wins. Of several stereotypes the first
/// wins, as in PlantUML (C4 writes an element's tags before its kind).
ir::Style ResolveStyle(const ir::ComponentGraph& g, const std::string& kind,
                       const std::vector<std::string>& stereotypes, const ir::Style& own) {
  ir::Style s;
  auto apply = [&](const std::string& key) {
    auto it = g.kind_styles.find(key);
    if (it != g.kind_styles.end()) ir::MergeStyle(it->second, s);
  };
  apply("element");
  apply(kind);
  for (auto st = stereotypes.rbegin(); st != stereotypes.rend(); ++st) apply("<<" + *st + ">>");
  for (auto st = stereotypes.rbegin(); st != stereotypes.rend(); ++st) apply(kind + "<<" + *st + ">>");
  ir::MergeStyle(own, s);
  return s;
}

/// An arrow's look: skinparam arrow, then arrow<<stereotype>>, then its own
/// `-[#red,dashed]->`.
ir::Style EdgeStyle(const ir::ComponentGraph& g, const ir::Edge& e) {
  ir::Style s;
  auto apply = [&](const std::string& key) {
    auto it = g.kind_styles.find(key);
    if (it != g.kind_styles.end()) ir::MergeStyle(it->second, s);
  };
  apply("arrow");
  for (auto st = e.stereotypes.rbegin(); st != e.stereotypes.rend(); ++st) apply("arrow<<" + *st + ">>");
  ir::MergeStyle(e.style, s);
  return s;
}

shapes::Corners CornersOf(const ir::Style& s, const ir::GlobalSkin& skin) {
  shapes::Corners c;
  c.round = s.round_corner ? s.round_corner : skin.round_corner;
  c.diagonal = s.diagonal_corner.value_or(0);
  return c;
}

std::vector<double> Dash(bool dashed, bool dotted) {
  if (dotted) return {1.5, 3};
  if (dashed) return {6, 4};
  return {};
}

Paint BoxPaint(const ir::Style& s) {
  Paint p;
  p.fill = s.fill.value;
  p.stroke = s.stroke.value;
  p.stroke_width = s.stroke_width.value_or(0);
  p.dash = Dash(s.dashed, s.dotted);
  return p;
}

/// Puts the shadow of the outline drawn so far underneath it.
void PrependShadow(std::vector<Shape>* shapes) {
  std::vector<Shape> shadow = shapes::Shadow(*shapes);
  shapes->insert(shapes->begin(), shadow.begin(), shadow.end());
}

Paint TextPaint(const ir::Style& s) {
  Paint p;
  p.fill = s.text.value;
  return p;
}

// ---------------------------------------------------------------- geometry

// "cluster node" would read as a node to anything that selects on the
// "node" class (CSS, conformance tools), so a deployment node's frame is
// "cluster deployment-node".
std::string ClusterClass(const std::string& kind) {
  return kind == "node" ? "cluster deployment-node" : "cluster " + kind;
}

Group MakeGroup(std::string cls, std::string id, std::string title, std::string link,
                std::string tooltip) {
  Group g;
  g.cls = std::move(cls);
  g.id = std::move(id);
  g.title = std::move(title);
  g.link = std::move(link);
  g.tooltip = std::move(tooltip);
  return g;
}

Rect RectAround(Point c, Size s) { return {c.x - s.w / 2, c.y - s.h / 2, s.w, s.h, 0}; }

Point Center(const Rect& r) { return {r.x + r.w / 2, r.y + r.h / 2}; }

std::string Sanitize(std::string_view name) {
  std::string s;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    s += ok ? c : '_';
  }
  return s.empty() ? "x" : s;
}

/// Label plus stereotype line, measured.
struct Label {
  TextBlock stereo;
  TextBlock text;
  Size Total() const {
    double gap = (!stereo.empty() && !text.empty()) ? 2 : 0;
    return {std::max(stereo.width, text.width), stereo.height + gap + text.height};
  }
};

/// One edge as Graphviz sees it: possibly reversed (for up/left).
struct Placement {
  bool reverse = false;
  int minlen = 1;
};

Placement Place(const ir::Edge& e, bool left_to_right) {
  int rank = std::max(1, e.length - 1);
  ir::Direction d = e.direction;
  if (d == ir::Direction::kNone) {
    // `A <-- B` keeps A first (above, or left for `<-`), as PlantUML lays it out.
    if (e.length > 1) return {e.reversed, rank};
    d = left_to_right ? ir::Direction::kDown : ir::Direction::kRight;  // PlantUML's `->`
    if (e.reversed) d = left_to_right ? ir::Direction::kUp : ir::Direction::kLeft;
  }
  // In TB ranks go down and a rank's order goes right; LR swaps the two.
  bool along_ranks = left_to_right ? (d == ir::Direction::kLeft || d == ir::Direction::kRight)
                                   : (d == ir::Direction::kUp || d == ir::Direction::kDown);
  bool backwards = d == ir::Direction::kUp || d == ir::Direction::kLeft;
  return {backwards, along_ranks ? rank : 0};
}

Placement PlaceNote(ir::NotePosition pos, bool left_to_right) {
  ir::Edge e;
  e.length = 2;
  switch (pos) {
    case ir::NotePosition::kLeft:
      e.direction = ir::Direction::kRight;
      break;  // note -> target
    case ir::NotePosition::kRight:
      e.direction = ir::Direction::kLeft;
      break;  // reversed
    case ir::NotePosition::kTop:
      e.direction = ir::Direction::kDown;
      break;
    case ir::NotePosition::kBottom:
      e.direction = ir::Direction::kUp;
      break;
    case ir::NotePosition::kFloating:
      break;
  }
  return Place(e, left_to_right);
}

// ------------------------------------------------------------------ builder

class ComponentLayout {
 public:
  ComponentLayout(const ir::ComponentGraph& g, const TextMeasurer& m, const LayoutOptions& o,
                  grammar::Diagnostics& d)
      : g_(g), m_(m), diags_(d), ids_(o.id_prefix), seconds_(o.max_layout_seconds), contained_(o.contain_layout) {
    base_.size = g.skin.font_size.value_or(kDefaultFontPt);
    if (base_.size <= 0 || base_.size > 200) base_.size = kDefaultFontPt;
  }

  std::optional<Scene> Run();

 private:
  struct End {
    int gv_node = -1;
    int cluster = -1;  // lhead/ltail when the end is a cluster
    std::string name;
  };

  FontSpec EdgeFont(const ir::Style& style) const {
    FontSpec f = base_;
    if (style.font_size && *style.font_size > 0 && *style.font_size <= 200) f.size = *style.font_size;
    return f;
  }
  Label MeasureLabel(const ir::RichText& text, const std::vector<std::string>& stereotypes,
                     const ir::Style& style, bool bold, double wrap = 0) const;
  void Settings();
  void AddClusters();
  void AddNodes();
  void AddNotes();
  void AddEdges();
  void AddNoteConnectors();
  std::optional<End> Resolve(const ir::EndpointRef& ref);
  int ClusterAnchor(int cluster);
  bool Inside(int cluster_of_node, int cluster) const;
  int Depth(int cluster) const;

  void RouteOwnLines();
  void EmitClusters(Scene* s);
  void EmitEdges(Scene* s);
  void EmitEdge(const ir::Edge& e, const gv::EdgeGeometry& geo, const std::string& title, Scene* s);
  void EmitNodes(Scene* s);
  void EmitNotes(Scene* s);
  Rect NodeRect(int gv_node) const;
  Rect TargetRect(const ir::EndpointRef& ref) const;
  void EmitLabel(const Label& l, const shapes::TextPlace& place, const ir::Style& style,
                 std::vector<Shape>* out) const;

  const ir::ComponentGraph& g_;
  const TextMeasurer& m_;
  grammar::Diagnostics& diags_;
  IdMaker ids_;
  double seconds_;
  bool contained_;
  FontSpec base_;
  LineType line_type_ = LineType::kSpline;
  gv::GraphSpec spec_;
  gv::LayoutResult result_;

  std::vector<Label> node_labels_, cluster_labels_, note_labels_;
  std::vector<ir::Style> node_styles_, cluster_styles_, note_styles_;
  std::vector<int> node_gv_, note_gv_, anchors_;
  struct EdgeRef {
    int ir_edge = -1;  // -1: a note connector
    int note = -1;
    bool reverse = false;
    std::string title;
  };
  std::vector<EdgeRef> edge_refs_;  // parallel to spec_.edges
};

Label ComponentLayout::MeasureLabel(const ir::RichText& text,
                                    const std::vector<std::string>& stereotypes,
                                    const ir::Style& style, bool bold, double wrap) const {
  FontSpec f = base_;
  if (style.font_size && *style.font_size > 0 && *style.font_size <= 200) f.size = *style.font_size;
  f.bold = style.bold.value_or(bold);
  f.italic = style.italic.value_or(false);
  Label l;
  l.text = MeasureText(text, f, m_, wrap);
  if (l.text.align == ir::TextAlign::kDefault) l.text.align = g_.skin.text_align;
  if (!g_.hide_stereotypes && !stereotypes.empty()) {
    std::string joined;
    for (const std::string& s : stereotypes) joined += "\u00AB" + s + "\u00BB";
    FontSpec sf = f;
    sf.size = style.stereo_size.value_or(f.size * kStereotypeScale);
    sf.bold = false;
    sf.italic = true;
    l.stereo = MeasurePlain(joined, sf, m_);
  }
  return l;
}

void ComponentLayout::Settings() {
  gv::GraphSettings& s = spec_.settings;
  s.rankdir = g_.left_to_right ? (g_.reverse_ranks ? gv::RankDir::kRightLeft : gv::RankDir::kLeftRight)
                               : (g_.reverse_ranks ? gv::RankDir::kBottomTop : gv::RankDir::kTopBottom);
  s.nodesep = g_.skin.nodesep.value_or(kNodesepPt);
  s.ranksep = g_.skin.ranksep.value_or(kRanksepPt);
  // ortho and polyline lines are our own (edge_router.hpp); dot only places.
  line_type_ = ToLineType(g_.skin.line_type);
  s.margin = kDiagramMarginPt;
  // The default budget (20 s) keeps dot's full effort up to ~600 objects;
  // a smaller budget trims it proportionally.
  s.effort = seconds_ > 0 ? seconds_ / kDefaultLayoutSeconds : 1.0;
  s.contained = contained_;
}

int ComponentLayout::Depth(int c) const {
  int depth = 0;
  while (c >= 0 && c < int(g_.clusters.size()) && depth < kMaxClusterDepth) {
    c = g_.clusters[c].parent;
    ++depth;
  }
  return depth;
}

bool ComponentLayout::Inside(int c, int cluster) const {
  for (int depth = 0; c >= 0 && c < int(g_.clusters.size()) && depth < kMaxClusterDepth; ++depth) {
    if (c == cluster) return true;
    c = g_.clusters[c].parent;
  }
  return false;
}

int ValidCluster(int c, size_t n) { return c >= 0 && c < int(n) ? c : -1; }

void ComponentLayout::AddClusters() {
  for (const ir::Cluster& c : g_.clusters) {
    ir::Style st = ResolveStyle(g_, c.kind, c.stereotypes, c.style);
    Label l = MeasureLabel(c.label.empty() ? ir::RichText{{{ir::TextRun{c.id}}}} : c.label,
                           c.stereotypes, st, true);
    gv::ClusterSpec cs;
    cs.parent = ValidCluster(c.parent, g_.clusters.size());
    cs.label = shapes::ClusterLabelSize(c.kind, l.Total());
    cs.margin = kClusterMarginPt;
    spec_.AddCluster(cs);
    cluster_labels_.push_back(std::move(l));
    cluster_styles_.push_back(st);
  }
}

void ComponentLayout::AddNodes() {
  for (const ir::Node& n : g_.nodes) {
    ir::Style st = ResolveStyle(g_, n.kind, n.stereotypes, n.style);
    Label l = MeasureLabel(n.label.empty() ? ir::RichText{{{ir::TextRun{n.id}}}} : n.label,
                           n.stereotypes, st, false, g_.skin.wrap_width.value_or(0));
    gv::NodeSpec ns;
    ns.size = shapes::NodeSize(n.kind, l.Total(), g_.skin.component_style);
    ns.shape = shapes::GraphvizShape(n.kind);
    ns.name = n.id;
    ns.cluster = ValidCluster(n.cluster, g_.clusters.size());
    node_gv_.push_back(spec_.AddNode(ns));
    node_labels_.push_back(std::move(l));
    node_styles_.push_back(st);
  }
}

void ComponentLayout::AddNotes() {
  for (const ir::Note& n : g_.notes) {
    ir::Style st = ResolveStyle(g_, "note", {}, n.style);
    Label l = MeasureLabel(n.text, {}, st, false);
    gv::NodeSpec ns;
    ns.size = shapes::NoteSize(l.Total());
    ns.cluster = ValidCluster(n.cluster, g_.clusters.size());
    // A note "of" an element inside a cluster sits in that cluster, so it
    // can be its neighbour (outside, the frame would keep them apart).
    if (ns.cluster < 0 && n.target && n.target->type == ir::EndpointRef::Type::kNode &&
        n.target->index >= 0 && n.target->index < int(g_.nodes.size()))
      ns.cluster = ValidCluster(g_.nodes[n.target->index].cluster, g_.clusters.size());
    note_gv_.push_back(spec_.AddNode(ns));
    note_labels_.push_back(std::move(l));
    note_styles_.push_back(st);
  }
}

int ComponentLayout::ClusterAnchor(int cluster) {
  if (anchors_.empty()) anchors_.assign(g_.clusters.size(), -1);
  if (anchors_[cluster] < 0) {
    gv::NodeSpec ns;
    ns.size = {1, 1};
    ns.shape = gv::NodeShape::kPoint;
    ns.cluster = cluster;
    ns.name = g_.clusters[cluster].id;
    anchors_[cluster] = spec_.AddNode(ns);
  }
  return anchors_[cluster];
}

std::optional<ComponentLayout::End> ComponentLayout::Resolve(const ir::EndpointRef& ref) {
  using T = ir::EndpointRef::Type;
  if (ref.type == T::kNode && ref.index >= 0 && ref.index < int(g_.nodes.size()))
    return End{node_gv_[ref.index], -1, g_.nodes[ref.index].id};
  if (ref.type == T::kNote && ref.index >= 0 && ref.index < int(g_.notes.size()))
    return End{note_gv_[ref.index], -1, g_.notes[ref.index].id};
  if (ref.type == T::kCluster && ref.index >= 0 && ref.index < int(g_.clusters.size()))
    return End{ClusterAnchor(ref.index), ref.index, g_.clusters[ref.index].id};
  return std::nullopt;
}

int ClusterOf(const gv::GraphSpec& spec, int gv_node) { return spec.nodes[gv_node].cluster; }

Size LabelBox(const TextBlock& b) {
  if (b.empty()) return {};
  return {std::ceil(b.width + 2 * kEdgeLabelPadPt), std::ceil(b.height + 2 * kEdgeLabelPadPt)};
}

void ComponentLayout::AddEdges() {
  for (size_t i = 0; i < g_.edges.size(); ++i) {
    const ir::Edge& e = g_.edges[i];
    FontSpec lf = EdgeFont(EdgeStyle(g_, e));
    std::optional<End> from = Resolve(e.from), to = Resolve(e.to);
    if (!from || !to) {
      diags_.Error(e.origin, "layout-edge", "edge refers to an element that does not exist");
      continue;
    }
    Placement p = Place(e, g_.left_to_right);
    const End& tail = p.reverse ? *to : *from;
    const End& head = p.reverse ? *from : *to;
    gv::EdgeSpec es;
    es.tail = tail.gv_node;
    es.head = head.gv_node;
    es.minlen = p.minlen;
    // Clip at a cluster's border unless the other end sits inside it.
    if (head.cluster >= 0 && !Inside(ClusterOf(spec_, tail.gv_node), head.cluster))
      es.lhead = head.cluster;
    if (tail.cluster >= 0 && !Inside(ClusterOf(spec_, head.gv_node), tail.cluster))
      es.ltail = tail.cluster;
    ir::ArrowHead at_head = p.reverse ? e.tail : e.head, at_tail = p.reverse ? e.head : e.tail;
    es.head_arrow = !e.hidden && at_head != ir::ArrowHead::kNone;
    es.tail_arrow = !e.hidden && at_tail != ir::ArrowHead::kNone;
    es.label = LabelBox(MeasureText(e.label, lf, m_, g_.skin.wrap_width.value_or(0)));
    Size tl = LabelBox(MeasurePlain(e.tail_label, lf, m_)),
         hl = LabelBox(MeasurePlain(e.head_label, lf, m_));
    es.tail_label = p.reverse ? hl : tl;
    es.head_label = p.reverse ? tl : hl;
    spec_.AddEdge(es);
    edge_refs_.push_back({int(i), -1, p.reverse, from->name + "->" + to->name});
  }
}

void ComponentLayout::AddNoteConnectors() {
  for (size_t i = 0; i < g_.notes.size(); ++i) {
    const ir::Note& n = g_.notes[i];
    if (!n.target || n.position == ir::NotePosition::kFloating) continue;
    std::optional<End> target = Resolve(*n.target);
    if (!target) {
      diags_.Error(n.origin, "layout-note", "note refers to an element that does not exist");
      continue;
    }
    Placement p = PlaceNote(n.position, g_.left_to_right);
    gv::EdgeSpec es;
    es.tail = p.reverse ? target->gv_node : note_gv_[i];
    es.head = p.reverse ? note_gv_[i] : target->gv_node;
    es.minlen = p.minlen;
    es.weight = kNoteWeight;
    int tc = target->cluster;
    if (tc >= 0 && !Inside(ClusterOf(spec_, note_gv_[i]), tc))
      (p.reverse ? es.ltail : es.lhead) = tc;
    spec_.AddEdge(es);
    edge_refs_.push_back({-1, int(i), p.reverse, ""});
  }
}

// ------------------------------------------------------------------ emitting

void ComponentLayout::EmitLabel(const Label& l, const shapes::TextPlace& place,
                                const ir::Style& style, std::vector<Shape>* out) const {
  Paint tp = TextPaint(style);
  Anchor a = place.centred ? Anchor::kMiddle : Anchor::kStart;
  double x = place.centred ? place.area.x + place.area.w / 2 : place.area.x;
  double y = place.area.y;
  if (!l.stereo.empty()) {
    Paint sp = tp;
    if (style.stereo_text.set()) sp.fill = style.stereo_text.value;
    EmitText(l.stereo, x, y, a, Role::kStereotype, sp, out);
    y += l.stereo.height + 2;
  }
  EmitText(l.text, x, y, a, Role::kText, tp, out, place.area.x + place.area.w / 2, place.area.w);
}

void ComponentLayout::EmitClusters(Scene* s) {
  std::vector<int> order(g_.clusters.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return Depth(a) < Depth(b); });
  for (int i : order) {
    const ir::Cluster& c = g_.clusters[i];
    const gv::ClusterBox& box = result_.clusters[i];
    Group grp = MakeGroup(ClusterClass(c.kind), ids_.Make(c.id), c.id, c.link, "");
    const ir::Style& st = cluster_styles_[i];
    shapes::DrawCluster(c.kind, box.rect, box.label, BoxPaint(st), &grp.shapes,
                        CornersOf(st, g_.skin));
    if (st.shadow.value_or(g_.skin.shadowing)) PrependShadow(&grp.shapes);
    Size t = cluster_labels_[i].Total();
    Rect area = shapes::ClusterTextArea(c.kind, box.label, t);
    bool centred = shapes::CentresClusterLabel(c.kind);
    if (centred) area.x = box.label.x + (box.label.w - t.w) / 2;
    EmitLabel(cluster_labels_[i], {area, centred}, st, &grp.shapes);
    s->groups.push_back(std::move(grp));
  }
}

std::string LineClass(const ir::Edge& e) {
  switch (e.line) {
    case ir::LineStyle::kDashed:
      return "edge dashed";
    case ir::LineStyle::kDotted:
      return "edge dotted";
    case ir::LineStyle::kBold:
      return "edge bold";
    case ir::LineStyle::kSolid:
      break;
  }
  if (e.style.dashed) return "edge dashed";
  if (e.style.dotted) return "edge dotted";
  return "edge";
}

Paint EdgePaint(const ir::Edge& e, const ir::Style& style, const ir::GlobalSkin& skin) {
  Paint p;
  p.stroke = style.stroke.set() ? style.stroke.value : skin.arrow_color.value;
  if (e.line == ir::LineStyle::kBold) p.stroke_width = kBoldStrokePt;
  if (style.stroke_width) p.stroke_width = *style.stroke_width;
  p.dash = Dash(e.line == ir::LineStyle::kDashed || style.dashed,
                e.line == ir::LineStyle::kDotted || style.dotted);
  return p;
}

Point Toward(Point from, Point to, double dist) {
  double dx = to.x - from.x, dy = to.y - from.y, len = std::hypot(dx, dy);
  if (len < 1e-9) return from;
  return {from.x + dx / len * std::min(dist, len), from.y + dy / len * std::min(dist, len)};
}

/// The spline as a Path, continued toward the tips for line-only heads.
Path SplinePath(const std::vector<Point>& pts, std::optional<Point> tail_tip, ir::ArrowHead tail,
                std::optional<Point> head_tip, ir::ArrowHead head) {
  Path p;
  double te = tail_tip ? ShaftExtension(tail) : 0, he = head_tip ? ShaftExtension(head) : 0;
  if (te > 0) {
    p.MoveTo(Toward(pts.front(), *tail_tip, te));
    p.LineTo(pts.front());
  } else {
    p.MoveTo(pts.front());
  }
  for (size_t k = 1; k + 2 < pts.size(); k += 3)
    AppendCubic(&p, pts[k - 1], pts[k], pts[k + 1], pts[k + 2]);
  if (he > 0) p.LineTo(Toward(pts.back(), *head_tip, he));
  return p;
}

gv::EdgeGeometry Unreverse(gv::EdgeGeometry geo) {
  std::reverse(geo.points.begin(), geo.points.end());
  std::swap(geo.tail_tip, geo.head_tip);
  std::swap(geo.tail_label, geo.head_label);
  return geo;
}

void ComponentLayout::EmitEdge(const ir::Edge& e, const gv::EdgeGeometry& geo,
                               const std::string& title, Scene* s) {
  if (geo.points.size() < 4) return;
  Group grp = MakeGroup(LineClass(e), ids_.Make("edge-" + title), title, e.link, "");
  ir::Style style = EdgeStyle(g_, e);
  Paint paint = EdgePaint(e, style, g_.skin);
  grp.shapes.push_back(
      {Role::kEdge, paint, SplinePath(geo.points, geo.tail_tip, e.tail, geo.head_tip, e.head)});
  Paint solid = paint;
  solid.dash.clear();
  if (geo.head_tip) DrawArrowHead(e.head, *geo.head_tip, geo.points.back(), solid, &grp.shapes);
  if (geo.tail_tip) DrawArrowHead(e.tail, *geo.tail_tip, geo.points.front(), solid, &grp.shapes);
  if (e.lollipop) {
    Point before;
    Point mid = BezierMidpoint(geo.points, &before);
    DrawLollipop(mid, before, solid, &grp.shapes);
  }
  Paint tp;
  tp.fill = style.text.set() ? style.text.value : g_.skin.arrow_font_color.value;
  auto label = [&](const TextBlock& b, std::optional<Point> c) {
    if (c && !b.empty())
      EmitText(b, c->x, c->y - b.height / 2, Anchor::kMiddle, Role::kEdgeLabel, tp, &grp.shapes);
  };
  FontSpec lf = EdgeFont(style);
  label(MeasureText(e.label, lf, m_, g_.skin.wrap_width.value_or(0)), geo.label);
  label(MeasurePlain(e.tail_label, lf, m_), geo.tail_label);
  label(MeasurePlain(e.head_label, lf, m_), geo.head_label);
  s->groups.push_back(std::move(grp));
}

void ComponentLayout::EmitEdges(Scene* s) {
  for (size_t k = 0; k < edge_refs_.size(); ++k) {
    const EdgeRef& r = edge_refs_[k];
    if (r.ir_edge < 0) continue;
    const ir::Edge& e = g_.edges[r.ir_edge];
    if (e.hidden) continue;
    const gv::EdgeGeometry& geo = result_.edges[k];
    EmitEdge(e, r.reverse ? Unreverse(geo) : geo, r.title, s);
  }
}

/// Visible edges get our own ortho/polyline routes (splines: only broken
/// ones); note connectors are drawn straight and hidden edges not at all,
/// so neither is routed.
void ComponentLayout::RouteOwnLines() {
  OwnLines lines;
  lines.type = line_type_;
  lines.edges.resize(edge_refs_.size());
  for (size_t k = 0; k < edge_refs_.size(); ++k) {
    int e = edge_refs_[k].ir_edge;
    lines.edges[k].drawn = e >= 0 && !g_.edges[e].hidden;
  }
  for (size_t i = 0; i < g_.clusters.size() && i < result_.clusters.size(); ++i) {
    const std::string& kind = g_.clusters[i].kind;
    // Where the title is drawn is what lines must avoid.
    gv::ClusterBox& box = result_.clusters[i];
    if (shapes::CentresClusterLabel(kind)) box.label.x = box.rect.x + (box.rect.w - box.label.w) / 2;
    lines.sliding_titles.push_back(shapes::ClusterTitleSlides(kind));
  }
  lines.nodes.resize(spec_.nodes.size());
  for (size_t i = 0; i < g_.nodes.size(); ++i) {
    NodeOutline& o = lines.nodes[node_gv_[i]];
    Rect box = NodeRect(node_gv_[i]);
    o.attach = shapes::IconOutline(g_.nodes[i].kind, box, &o.round);
    Size text = node_labels_[i].Total();
    if (o.attach && text.w > 0)
      o.label = shapes::NodeTextPlace(g_.nodes[i].kind, box, text, g_.skin.component_style).area;
  }
  RouteEdges(spec_, lines, &result_);
}

void ComponentLayout::EmitNodes(Scene* s) {
  for (size_t i = 0; i < g_.nodes.size(); ++i) {
    const ir::Node& n = g_.nodes[i];
    const gv::NodeBox& b = result_.nodes[node_gv_[i]];
    Rect box = RectAround(b.center, b.size);
    Group grp = MakeGroup("node " + n.kind, ids_.Make(n.id), n.id, n.link, n.tooltip);
    const ir::Style& st = node_styles_[i];
    shapes::DrawNode(n.kind, box, BoxPaint(st), g_.skin.component_style, &grp.shapes,
                     CornersOf(st, g_.skin));
    if (st.shadow.value_or(g_.skin.shadowing)) PrependShadow(&grp.shapes);
    EmitLabel(node_labels_[i],
              shapes::NodeTextPlace(n.kind, box, node_labels_[i].Total(), g_.skin.component_style),
              node_styles_[i], &grp.shapes);
    s->groups.push_back(std::move(grp));
  }
}

Rect ComponentLayout::NodeRect(int gv_node) const {
  return RectAround(result_.nodes[gv_node].center, result_.nodes[gv_node].size);
}

/// Only called for targets Resolve() accepted, so indices are valid.
Rect ComponentLayout::TargetRect(const ir::EndpointRef& ref) const {
  switch (ref.type) {
    case ir::EndpointRef::Type::kNode:
      return NodeRect(node_gv_[ref.index]);
    case ir::EndpointRef::Type::kNote:
      return NodeRect(note_gv_[ref.index]);
    case ir::EndpointRef::Type::kCluster:
      break;
  }
  return result_.clusters[ref.index].rect;
}

void ComponentLayout::EmitNotes(Scene* s) {
  std::vector<Group> groups(g_.notes.size());
  for (size_t i = 0; i < g_.notes.size(); ++i) {
    const ir::Note& n = g_.notes[i];
    // A named floating note is an element (PlantUML lists it with the
    // entities, and links to it are links); other notes are annotations.
    groups[i] = n.named && n.position == ir::NotePosition::kFloating
                    ? MakeGroup("node floating-note", ids_.Make("note-" + n.id), n.id, "", "")
                    : MakeGroup("note", ids_.Make("note-" + n.id), "", "", "");
  }
  // A straight dashed connector between the two outlines reads better than
  // dot's routing of flat edges (which loops around clusters).
  for (const EdgeRef& r : edge_refs_) {
    if (r.note < 0) continue;
    Rect note = NodeRect(note_gv_[r.note]), target = TargetRect(*g_.notes[r.note].target);
    Point a = BorderPoint(note, Center(target)), b = BorderPoint(target, Center(note));
    Paint p;
    p.dash = {4, 3};
    Path line;
    line.MoveTo(a);
    line.LineTo(b);
    groups[r.note].shapes.push_back({Role::kEdge, p, line});
  }
  for (size_t i = 0; i < g_.notes.size(); ++i) {
    const gv::NodeBox& b = result_.nodes[note_gv_[i]];
    Rect box = RectAround(b.center, b.size);
    shapes::DrawNote(box, BoxPaint(note_styles_[i]), &groups[i].shapes);
    EmitLabel(note_labels_[i], {shapes::NoteTextArea(box, note_labels_[i].Total()), false},
              note_styles_[i], &groups[i].shapes);
    s->groups.push_back(std::move(groups[i]));
  }
}

std::optional<Scene> ComponentLayout::Run() {
  Settings();
  AddClusters();
  AddNodes();
  AddNotes();
  AddEdges();
  AddNoteConnectors();
  std::string error;
  if (!gv::Layout(spec_, &result_, &error)) {
    diags_.Error({0, 0}, "layout-graphviz", "graphviz layout failed: " + error);
    return std::nullopt;
  }
  gv::ReportWarnings(result_, diags_);
  RouteOwnLines();
  Scene s;
  s.width = result_.size.w;
  s.height = result_.size.h;
  s.background = g_.skin.background.value;
  s.monochrome = g_.skin.monochrome;
  s.handwritten = g_.skin.handwritten;
  EmitClusters(&s);
  EmitEdges(&s);
  EmitNotes(&s);  // before nodes: a connector never paints over a node
  EmitNodes(&s);
  AddDecorations(g_.decorations, base_, m_, kDiagramMarginPt, &ids_, &s);
  return s;
}

}  // namespace

std::string IdMaker::Make(std::string_view name) {
  std::string base = prefix_ + Sanitize(name), id = base;
  for (int n = 2; used_.count(id); ++n) id = base + "-" + std::to_string(n);
  used_.insert(id);
  return id;
}

std::vector<Scene> LayoutComponentGraph(const ir::ComponentGraph& graph,
                                        const TextMeasurer& measurer, const LayoutOptions& options,
                                        grammar::Diagnostics& diags) {
  ComponentLayout layout(graph, measurer, options, diags);
  std::optional<Scene> scene = layout.Run();
  if (!scene) return {};
  return {std::move(*scene)};
}

}  // namespace dg::layout
