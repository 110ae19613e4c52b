// The only file that talks to Graphviz. See GRAPHVIZ-NOTES.md: only the dot
// layout plugin is preloaded (no text layout plugin, no config file), every
// label Graphviz sees is empty or a fixed-size HTML cell, object ids come
// from a deterministic discipline, and one mutex serialises all of cgraph.
#include <cstdio>
#include <cstdlib>
#include "layout/graphviz.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

extern "C" {
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
}

namespace dg::layout::gv {
namespace {

constexpr double kPointsPerInch = 72.0;
constexpr double kMinNodePt = 1.0;       // Graphviz rejects zero-size boxes
constexpr double kMaxSizePt = 100000.0;  // hostile sizes are clamped, points
constexpr size_t kMaxObjects = 200000;   // nodes + edges + clusters per graph

// Effort bounds. dot's crossing minimisation (mclimit) and network simplex
// (nslimit, nslimit1: iterations = factor × nodes) are unbounded by default and
// explode on big graphs (GRAPHVIZ-NOTES appendix: 2,000 unclustered nodes take
// 36 s, and 4.75 s with mclimit=0.1 nslimit=1 nslimit1=1). Up to
// kFullEffortObjects nodes+edges the defaults cost well under a second, so we
// keep dot's full quality there; above it every knob shrinks in proportion to
// the size, down to the measured floor (mclimit 0.1, nslimit 1, searchsize 10).
constexpr double kFullEffortObjects = 600;
constexpr double kMinMclimit = 0.1;
constexpr double kMinNslimit = 1.0;
constexpr double kBigGraphNslimit = 30.0;  // at exactly kFullEffortObjects
constexpr double kDefaultSearchSize = 30;
constexpr double kMinSearchSize = 10;

lt_symlist_t kBuiltins[] = {{"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
                            {nullptr, nullptr}};

// --------------------------------------------------------------- id discipline

// Maps names to 2, 4, 6 … in creation order and anonymous objects to 1, 3, 5 …
// cgraph's default uses string addresses as ids, which orders clusters by heap
// layout and makes layouts non-deterministic (GRAPHVIZ-NOTES §6).
struct IdState {
  std::unordered_map<std::string, IDTYPE> ids;
  std::unordered_map<IDTYPE, std::string> names;
  IDTYPE next_named = 2;
  IDTYPE next_anonymous = 1;
};

void* IdOpen(Agraph_t*, Agdisc_t*) { return new IdState; }

long IdMap(void* state, int, char* str, IDTYPE* id, int createflag) {
  auto* s = static_cast<IdState*>(state);
  if (!str) {
    *id = s->next_anonymous;
    s->next_anonymous += 2;
    return 1;
  }
  auto it = s->ids.find(str);
  if (it != s->ids.end()) {
    *id = it->second;
    return 1;
  }
  if (!createflag) return 0;
  *id = s->next_named;
  s->next_named += 2;
  s->ids.emplace(str, *id);
  s->names.emplace(*id, str);
  return 1;
}

long IdAlloc(void*, int, IDTYPE) { return 0; }
void IdFree(void*, int, IDTYPE) {}

char* IdPrint(void* state, int, IDTYPE id) {
  auto* s = static_cast<IdState*>(state);
  auto it = s->names.find(id);
  return it == s->names.end() ? nullptr : it->second.data();
}

void IdClose(void* state) { delete static_cast<IdState*>(state); }

// cgraph calls this for every object without a null check.
void IdRegister(void*, int, void*) {}

Agiddisc_t kIdDisc = {IdOpen, IdMap, IdAlloc, IdFree, IdPrint, IdClose, IdRegister};
Agdisc_t kDisc = {&AgMemDisc, &kIdDisc, &AgIoDisc};

// ------------------------------------------------------------ process state

std::mutex& GraphvizMutex() {
  static std::mutex m;
  return m;
}

// Created once and kept for the process: gvContextPlugins is cheap but not
// free, and freeing at exit would race with static destructors.
GVC_t* Context() {
  static GVC_t* gvc = gvContextPlugins(kBuiltins, 0);
  return gvc;
}

// agerr output arrives in pieces ("Error", ": ", text …); we buffer it all.
std::string& ErrorBuffer() {
  static std::string buffer;
  return buffer;
}

int CaptureError(char* message) {
  ErrorBuffer() += message;
  return 0;
}

// ----------------------------------------------------------------- helpers

char* Str(std::string_view s) {
  // cgraph 2.42 takes char* but copies at once; a thread-local scratch is enough.
  thread_local std::string scratch;
  scratch.assign(s);
  return scratch.data();
}

std::string Number(double v, int decimals = 4) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string s(buf, r.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

double ClampSize(double pt) { return std::clamp(std::ceil(pt), kMinNodePt, kMaxSizePt); }

std::string Inches(double pt) { return Number(ClampSize(pt) / kPointsPerInch, 5); }

std::string FixedCell(Size s, std::string_view port) {
  std::string cell = "<TD FIXEDSIZE=\"TRUE\" WIDTH=\"" + Number(ClampSize(s.w), 0) +
                     "\" HEIGHT=\"" + Number(ClampSize(s.h), 0) + "\"";
  if (!port.empty()) cell += " PORT=\"" + std::string(port) + "\"";
  return cell + "></TD>";
}

std::string HtmlTable(const std::string& rows) {
  return "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLPADDING=\"0\" CELLSPACING=\"0\">" + rows +
         "</TABLE>";
}

void SetHtml(Agraph_t* root, void* obj, Agsym_t* sym, const std::string& html) {
  char* s = agstrdup_html(root, Str(html));
  agxset(obj, sym, s);
  agstrfree(root, s);
}

bool HasBox(Size s) { return s.w > 0 && s.h > 0; }

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

// dot 2.42 grows a rank's node array with realloc when it adds label nodes
// to flat edges (flat.c make_vn_slot) but leaves the rank's `av` alias on the
// old block, which dot_cleanup then frees a second time: heap corruption in
// gvFreeLayout for small graphs such as
//   digraph { subgraph cluster_0 {a; b}  a->c [label=x]; a->d [label=x]; c->d [label=x]; d->b }
// Re-aliasing `av` to the live array before freeing frees each block once
// (valgrind-clean; tests/layout has the regression case).
void RealiasRankArrays(Agraph_t* g) {
  if (!GD_rank(g)) return;
  for (int r = GD_minrank(g); r <= GD_maxrank(g); ++r) GD_rank(g)[r].av = GD_rank(g)[r].v;
}

// gvFreeLayout must run before agclose; declare this after the GraphPtr.
struct LayoutFreer {
  Agraph_t* g = nullptr;
  ~LayoutFreer() {
    if (!g) return;
    RealiasRankArrays(g);
    gvFreeLayout(Context(), g);
  }
};

/// Attribute symbols, declared with their defaults on the root (pitfall 6).
struct Symbols {
  Agsym_t *g_label, *g_margin;
  Agsym_t *n_shape, *n_width, *n_height, *n_fixed, *n_label;
  Agsym_t *e_label, *e_tlabel, *e_hlabel, *e_minlen, *e_weight, *e_constraint, *e_ahead, *e_atail,
      *e_tport, *e_hport, *e_lhead, *e_ltail;
};

Agsym_t* Attr(Agraph_t* g, int kind, const char* name, std::string_view value) {
  std::string v(value);
  return agattr(g, kind, const_cast<char*>(name), v.data());
}

// --------------------------------------------------------------- building

void SetEffort(Agraph_t* g, size_t objects, double effort) {
  double full = kFullEffortObjects * std::clamp(effort, 0.01, 100.0);
  if (objects <= full) return;
  double f = full / double(objects);
  Attr(g, AGRAPH, "mclimit", Number(std::max(kMinMclimit, f), 3));
  std::string ns = Number(std::max(kMinNslimit, kBigGraphNslimit * f), 3);
  Attr(g, AGRAPH, "nslimit", ns);
  Attr(g, AGRAPH, "nslimit1", ns);
  Attr(g, AGRAPH, "searchsize",
       Number(std::max(kMinSearchSize, std::round(kDefaultSearchSize * f)), 0));
}

const char* SplinesName(Splines s) {
  switch (s) {
    case Splines::kOrtho:
      return "ortho";
    case Splines::kPolyline:
      return "polyline";
    case Splines::kNone:
      return "none";
    case Splines::kSpline:
      break;
  }
  return "spline";
}

const char* RankDirName(RankDir d) {
  switch (d) {
    case RankDir::kLeftRight: return "LR";
    case RankDir::kBottomTop: return "BT";
    case RankDir::kRightLeft: return "RL";
    case RankDir::kTopBottom: break;
  }
  return "TB";
}

Symbols DeclareDefaults(Agraph_t* g, const GraphSpec& spec) {
  const GraphSettings& s = spec.settings;
  Attr(g, AGRAPH, "rankdir", RankDirName(s.rankdir));
  Attr(g, AGRAPH, "nodesep", Number(std::max(s.nodesep, 1.5) / kPointsPerInch, 4));
  Attr(g, AGRAPH, "ranksep", Number(std::max(s.ranksep, 1.5) / kPointsPerInch, 4));
  Attr(g, AGRAPH, "splines", SplinesName(s.splines));
  Attr(g, AGRAPH, "compound", "true");
  Attr(g, AGRAPH, "labelloc", "t");
  Attr(g, AGRAPH, "labeljust", "l");
  SetEffort(g, spec.nodes.size() + spec.edges.size(), s.effort);
  Symbols y{};
  y.g_label = Attr(g, AGRAPH, "label", "");
  y.g_margin = Attr(g, AGRAPH, "margin", "");
  y.n_label = Attr(g, AGNODE, "label", "");
  y.n_fixed = Attr(g, AGNODE, "fixedsize", "true");
  y.n_shape = Attr(g, AGNODE, "shape", "box");
  y.n_width = Attr(g, AGNODE, "width", "0.75");
  y.n_height = Attr(g, AGNODE, "height", "0.5");
  Attr(g, AGNODE, "margin", "0");
  y.e_label = Attr(g, AGEDGE, "label", "");
  y.e_tlabel = Attr(g, AGEDGE, "taillabel", "");
  y.e_hlabel = Attr(g, AGEDGE, "headlabel", "");
  y.e_minlen = Attr(g, AGEDGE, "minlen", "1");
  y.e_weight = Attr(g, AGEDGE, "weight", "1");
  y.e_constraint = Attr(g, AGEDGE, "constraint", "true");
  Attr(g, AGEDGE, "dir", "both");
  y.e_ahead = Attr(g, AGEDGE, "arrowhead", "none");
  y.e_atail = Attr(g, AGEDGE, "arrowtail", "none");
  y.e_tport = Attr(g, AGEDGE, "tailport", "");
  y.e_hport = Attr(g, AGEDGE, "headport", "");
  y.e_lhead = Attr(g, AGEDGE, "lhead", "");
  y.e_ltail = Attr(g, AGEDGE, "ltail", "");
  return y;
}

std::string ClusterName(int i) { return "cluster_" + std::to_string(i); }

/// Creates clusters parents-first; fails on a parent cycle or bad index.
bool BuildClusters(Agraph_t* g, const GraphSpec& spec, const Symbols& y,
                   std::vector<Agraph_t*>* out, std::string* error) {
  size_t n = spec.clusters.size();
  out->assign(n, nullptr);
  for (size_t done = 0; done < n;) {
    size_t before = done;
    for (size_t i = 0; i < n; ++i) {
      const ClusterSpec& c = spec.clusters[i];
      if ((*out)[i]) continue;
      if (c.parent < -1 || c.parent >= int(n)) {
        *error = "cluster " + std::to_string(i) + " has an invalid parent";
        return false;
      }
      Agraph_t* parent = c.parent < 0 ? g : (*out)[c.parent];
      if (!parent) continue;
      Agraph_t* sg = agsubg(parent, Str(ClusterName(int(i))), 1);
      if (HasBox(c.label))
        SetHtml(g, sg, y.g_label, HtmlTable("<TR>" + FixedCell(c.label, "") + "</TR>"));
      agxset(sg, y.g_margin, Str(Number(std::max(0.0, c.margin), 2)));
      (*out)[i] = sg;
      ++done;
    }
    if (done == before) {
      *error = "clusters form a parent cycle";
      return false;
    }
  }
  return true;
}

const char* ShapeName(NodeShape s) {
  switch (s) {
    case NodeShape::kEllipse:
      return "ellipse";
    case NodeShape::kCircle:
      return "circle";
    case NodeShape::kCylinder:
      return "cylinder";
    case NodeShape::kTable:
    case NodeShape::kEdgeLabel:
      return "plain";
    case NodeShape::kPoint:
      return "point";
    case NodeShape::kDiamond:
      return "diamond";
    case NodeShape::kBox:
      break;
  }
  return "box";
}

std::string TableHtml(const NodeSpec& n) {
  std::string rows;
  for (size_t r = 0; r < n.row_heights.size(); ++r)
    rows += "<TR>" + FixedCell({n.size.w, n.row_heights[r]}, "r" + std::to_string(r)) + "</TR>";
  return HtmlTable(rows);
}

std::string EdgeLabelHtml(const NodeSpec& n, RankDir dir) {
  if (dir == RankDir::kTopBottom)
    return HtmlTable("<TR>" + FixedCell({1, n.size.h}, "p") + FixedCell(n.size, "") + "</TR>");
  return HtmlTable("<TR>" + FixedCell(n.size, "") + "</TR><TR>" + FixedCell({n.size.w, 1}, "p") +
                   "</TR>");
}

bool BuildNodes(Agraph_t* g, const GraphSpec& spec, const Symbols& y,
                const std::vector<Agraph_t*>& clusters, std::vector<Agnode_t*>* out,
                std::string* error) {
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    const NodeSpec& n = spec.nodes[i];
    if (n.cluster < -1 || n.cluster >= int(clusters.size())) {
      *error = "node " + std::to_string(i) + " is in an invalid cluster";
      return false;
    }
    Agraph_t* parent = n.cluster < 0 ? g : clusters[n.cluster];
    Agnode_t* v = agnode(parent, Str("n" + std::to_string(i)), 1);
    agxset(v, y.n_shape, const_cast<char*>(ShapeName(n.shape)));
    if (n.shape == NodeShape::kTable) {
      if (n.row_heights.empty()) {
        *error = "table node " + std::to_string(i) + " has no rows";
        return false;
      }
      agxset(v, y.n_fixed, Str("false"));
      agxset(v, y.n_width, Str("0"));
      agxset(v, y.n_height, Str("0"));
      SetHtml(g, v, y.n_label, TableHtml(n));
    } else if (n.shape == NodeShape::kEdgeLabel) {
      agxset(v, y.n_fixed, Str("false"));
      agxset(v, y.n_width, Str("0"));
      agxset(v, y.n_height, Str("0"));
      SetHtml(g, v, y.n_label, EdgeLabelHtml(n, spec.settings.rankdir));
    } else {
      agxset(v, y.n_width, Str(Inches(n.size.w)));
      agxset(v, y.n_height, Str(Inches(n.shape == NodeShape::kCircle ? n.size.w : n.size.h)));
    }
    out->push_back(v);
  }
  return true;
}

void SetLabelBox(Agraph_t* g, Agedge_t* e, Agsym_t* sym, Size s) {
  if (HasBox(s)) SetHtml(g, e, sym, HtmlTable("<TR>" + FixedCell(s, "") + "</TR>"));
}

bool BuildEdges(Agraph_t* g, const GraphSpec& spec, const Symbols& y,
                const std::vector<Agnode_t*>& nodes, std::vector<Agedge_t*>* out,
                std::string* error) {
  int n = int(nodes.size()), nc = int(spec.clusters.size());
  for (size_t i = 0; i < spec.edges.size(); ++i) {
    const EdgeSpec& s = spec.edges[i];
    if (s.tail < 0 || s.tail >= n || s.head < 0 || s.head >= n || s.lhead >= nc || s.ltail >= nc) {
      *error = "edge " + std::to_string(i) + " refers to a missing node or cluster";
      return false;
    }
    Agedge_t* e = agedge(g, nodes[s.tail], nodes[s.head], nullptr, 1);
    agxset(e, y.e_minlen, Str(std::to_string(std::clamp(s.minlen, 0, 1000))));
    agxset(e, y.e_weight, Str(std::to_string(std::clamp(s.weight, 0, 1000))));
    if (!s.constraint) agxset(e, y.e_constraint, Str("false"));
    if (s.head_arrow) agxset(e, y.e_ahead, Str("normal"));
    if (s.tail_arrow) agxset(e, y.e_atail, Str("normal"));
    if (!s.tail_port.empty()) agxset(e, y.e_tport, Str(s.tail_port));
    if (!s.head_port.empty()) agxset(e, y.e_hport, Str(s.head_port));
    if (s.lhead >= 0) agxset(e, y.e_lhead, Str(ClusterName(s.lhead)));
    if (s.ltail >= 0) agxset(e, y.e_ltail, Str(ClusterName(s.ltail)));
    SetLabelBox(g, e, y.e_label, s.label);
    SetLabelBox(g, e, y.e_tlabel, s.tail_label);
    SetLabelBox(g, e, y.e_hlabel, s.head_label);
    out->push_back(e);
  }
  return true;
}

// -------------------------------------------------------------- reading back

/// Graphviz points (y up, arbitrary origin) to ours (y down, margin origin).
struct Flip {
  boxf bb;
  double margin;
  Point operator()(pointf p) const { return {p.x - bb.LL.x + margin, bb.UR.y - p.y + margin}; }
};

std::optional<Point> LabelPos(textlabel_t* l, const Flip& flip) {
  if (!l || !l->set) return std::nullopt;
  return flip(l->pos);
}

EdgeGeometry ReadEdge(Agedge_t* e, const Flip& flip) {
  EdgeGeometry out;
  if (splines* spl = ED_spl(e)) {
    for (int b = 0; b < spl->size; ++b) {
      const bezier& bz = spl->list[b];
      // Several pieces only happen with compound edges; join them end to end.
      for (int k = (b > 0 && !out.points.empty()) ? 1 : 0; k < bz.size; ++k)
        out.points.push_back(flip(bz.list[k]));
      if (b == 0 && bz.sflag) out.tail_tip = flip(bz.sp);
      if (b == spl->size - 1 && bz.eflag) out.head_tip = flip(bz.ep);
    }
  }
  out.label = LabelPos(ED_label(e), flip);
  out.tail_label = LabelPos(ED_tail_label(e), flip);
  out.head_label = LabelPos(ED_head_label(e), flip);
  return out;
}

ClusterBox ReadCluster(Agraph_t* sg, const ClusterSpec& spec, const Flip& flip) {
  boxf b = GD_bb(sg);
  Point tl = flip({b.LL.x, b.UR.y}), br = flip({b.UR.x, b.LL.y});
  ClusterBox out;
  out.rect = {tl.x, tl.y, br.x - tl.x, br.y - tl.y, 0};
  Size ls{HasBox(spec.label) ? std::ceil(spec.label.w) : 0,
          HasBox(spec.label) ? std::ceil(spec.label.h) : 0};
  if (std::optional<Point> c = LabelPos(GD_label(sg), flip)) {
    out.label = {c->x - ls.w / 2, c->y - ls.h / 2, ls.w, ls.h, 0};
  } else {
    out.label = {tl.x, tl.y, 0, 0, 0};
  }
  return out;
}

void ReadBack(Agraph_t* g, const GraphSpec& spec, const std::vector<Agraph_t*>& clusters,
              const std::vector<Agnode_t*>& nodes, const std::vector<Agedge_t*>& edges,
              LayoutResult* r) {
  Flip flip{GD_bb(g), spec.settings.margin};
  r->size = {flip.bb.UR.x - flip.bb.LL.x + 2 * flip.margin,
             flip.bb.UR.y - flip.bb.LL.y + 2 * flip.margin};
  for (Agnode_t* v : nodes)
    r->nodes.push_back(
        {flip(ND_coord(v)), {ND_width(v) * kPointsPerInch, ND_height(v) * kPointsPerInch}});
  for (size_t i = 0; i < clusters.size(); ++i)
    r->clusters.push_back(ReadCluster(clusters[i], spec.clusters[i], flip));
  for (Agedge_t* e : edges) r->edges.push_back(ReadEdge(e, flip));
}

/// dot skips a cluster without nodes and never gives it layout records, so
/// reading its box would run past the end of its record (found by fuzzing:
/// a container whose children are all hidden). Each empty cluster gets one
/// small placeholder node, so it is laid out and drawn as an empty frame.
void FillEmptyClusters(Agraph_t* g, const GraphSpec& spec, const Symbols& y,
                       const std::vector<Agraph_t*>& clusters) {
  for (size_t i = 0; i < clusters.size(); ++i) {
    if (agfstnode(clusters[i])) continue;
    Agnode_t* v = agnode(clusters[i], Str("empty" + std::to_string(i)), 1);
    double w = std::max(spec.clusters[i].label.w, kMinNodePt);
    agxset(v, y.n_shape, Str("box"));
    agxset(v, y.n_width, Str(Inches(w)));
    agxset(v, y.n_height, Str(Inches(kMinNodePt)));
  }
}

/// Errors of the spline router only: the boxes are placed, and an edge it
/// lost comes back without a path (the caller draws it straight).
bool IsRoutingError(std::string_view line) {
  for (std::string_view mark : {"routesplines", "routepolylines", "Pshortestpath", "Proutespline",
                                "clip_and_install", "lost "})
    if (line.find(mark) != std::string_view::npos) return true;
  return false;
}

/// Splits the captured agerr text into error and warning lines; routing
/// errors are dropped (*routing_only tells whether that was all of them).
void SortMessages(const std::string& text, std::string* errors,
                  std::vector<std::string>* warnings, bool* routing_only) {
  *routing_only = true;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    if (line.rfind("Warning", 0) == 0) {
      warnings->push_back(line);
    } else {
      *routing_only = *routing_only && IsRoutingError(line);
      if (!errors->empty()) *errors += "; ";
      *errors += line;
    }
  }
}

bool Run(const GraphSpec& spec, LayoutResult* result, std::string* error) {
  GraphPtr g(agopen(Str("G"), Agdirected, &kDisc));
  if (!g) {
    *error = "graphviz could not create a graph";
    return false;
  }
  Symbols y = DeclareDefaults(g.get(), spec);
  std::vector<Agraph_t*> clusters;
  std::vector<Agnode_t*> nodes;
  std::vector<Agedge_t*> edges;
  if (!BuildClusters(g.get(), spec, y, &clusters, error) ||
      !BuildNodes(g.get(), spec, y, clusters, &nodes, error) ||
      !BuildEdges(g.get(), spec, y, nodes, &edges, error))
    return false;
  FillEmptyClusters(g.get(), spec, y, clusters);
  LayoutFreer freer;
  // DIAGC_DEBUG_DOT=FILE appends each graph as handed to dot (the full
  // plan, then the safe one if it ran), to reproduce layout problems with
  // the dot command line.
  if (const char* dump = std::getenv("DIAGC_DEBUG_DOT")) {
    if (FILE* f = std::fopen(dump, "a")) {
      agwrite(g.get(), f);
      std::fclose(f);
    }
  }
  int rc = gvLayout(Context(), g.get(), Str(spec.settings.engine));
  if (rc == 0) freer.g = g.get();
  std::string errors;
  bool routing_only = true;
  SortMessages(ErrorBuffer(), &errors, &result->warnings, &routing_only);
  if (rc != 0 || (agerrors() > 0 && !routing_only)) {
    *error = errors.empty() ? "graphviz layout failed" : errors;
    return false;
  }
  ReadBack(g.get(), spec, clusters, nodes, edges, result);
  return true;
}

}  // namespace

bool PrepareGraphviz() { return Context() != nullptr; }

bool WithinLimits(const GraphSpec& spec, std::string* error) {
  if (spec.nodes.size() + spec.edges.size() + spec.clusters.size() <= kMaxObjects) return true;
  *error = "graph too large for layout (more than " + std::to_string(kMaxObjects) + " objects)";
  return false;
}

bool LayoutInProcess(const GraphSpec& spec, LayoutResult* result, std::string* error) {
  *result = LayoutResult{};
  error->clear();
  if (!WithinLimits(spec, error)) return false;
  std::lock_guard<std::mutex> lock(GraphvizMutex());
  if (!Context()) {
    *error = "graphviz context could not be created";
    return false;
  }
  ErrorBuffer().clear();
  agreseterrors();
  agusererrf previous = agseterrf(CaptureError);
  bool ok = Run(spec, result, error);
  agseterrf(previous);
  ErrorBuffer().clear();
  return ok;
}

}  // namespace dg::layout::gv
