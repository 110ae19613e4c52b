// ER layout: every table is measured here and handed to Graphviz as an HTML
// table of fixed-size rows with ports (GRAPHVIZ-NOTES §5), so each ref ends
// on the exact row of its column; we draw the tables, crow's feet, groups
// and notes ourselves from the returned geometry.
#include "layout/er_layout.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "layout/component_layout.hpp"
#include "layout/edge_draw.hpp"
#include "layout/graphviz.hpp"
#include "layout/text_block.hpp"

namespace dg::layout {
namespace {

constexpr double kFontPt = 12;             // table text
constexpr double kPadXPt = 8;              // text inset from a table's sides
constexpr double kHeaderPadYPt = 5;        // above and below the header text
constexpr double kRowPadYPt = 3;           // above and below a row's text
constexpr double kColumnGapPt = 14;        // between name, type and markers
constexpr double kMinTableWidthPt = 90;
constexpr double kNotePadPt = 8;
constexpr double kClusterMarginPt = 12;
constexpr double kGhostPadPt = 6;          // around a dangling ref's missing name
constexpr double kFootSpreadPt = 5;        // half the width of a crow's foot at the table
constexpr double kFootDepthPt = 8;         // from the toes to the heel
constexpr double kBarHalfPt = 5;           // half length of a cardinality bar
constexpr double kCircleRadiusPt = 2.5;
constexpr double kSelfLoopPt = 22;         // how far a self-reference loops out of the table
constexpr double kDefaultLayoutSeconds = 20;
constexpr double kNodeSepPt = 40;
constexpr double kRankSepPt = 60;

struct Row {
  int column = 0;
  TextBlock name, type, markers;
  bool separator_before = false;
};

struct TableBox {
  TextBlock header;
  std::vector<Row> rows;
  std::vector<int> row_of_column;  ///< -1 when the column is hidden
  double width = 0, header_h = 0, row_h = 0, name_w = 0, type_w = 0;
  int gv = -1;
};

std::string Markers(const ir::Column& c) {
  std::string m;
  auto add = [&m](const char* s) { m += (m.empty() ? "" : " ") + std::string(s); };
  if (c.primary_key) add("PK");
  if (c.foreign_key) add("FK");
  if (c.unique && !c.primary_key) add("UQ");
  if (c.not_null && !c.primary_key) add("NN");
  return m;
}

bool Visible(const ir::Column& c, ir::ErGraph::Columns mode, bool is_enum) {
  if (is_enum) return mode != ir::ErGraph::Columns::kNone;
  switch (mode) {
    case ir::ErGraph::Columns::kAll: return true;
    case ir::ErGraph::Columns::kKeys: return c.primary_key || c.foreign_key;
    case ir::ErGraph::Columns::kNone: return false;
  }
  return true;
}

Point Add(Point a, Point b, double k) { return {a.x + b.x * k, a.y + b.y * k}; }

Path Segment(Point a, Point b) {
  Path p;
  p.MoveTo(a);
  p.LineTo(b);
  return p;
}

std::string Title(const ir::ErGraph& g, const ir::Relationship& r) {
  auto end = [&](int t) {
    if (t >= 0 && t < int(g.tables.size())) return g.tables[t].id;
    return PlainText(r.label);
  };
  return end(r.from_table) + "->" + end(r.to_table);
}

class ErLayout {
 public:
  ErLayout(const ir::ErGraph& g, const TextMeasurer& m, const LayoutOptions& o, grammar::Diagnostics& d)
      : g_(g), m_(m), diags_(d), ids_(o.id_prefix), seconds_(o.max_layout_seconds) {
    base_.size = g.skin.font_size.value_or(kFontPt);
  }

  std::vector<Scene> Run() {
    Settings();
    AddClusters();
    AddTables();
    AddNotes();
    AddEdges();
    std::string error;
    if (!gv::Layout(spec_, &result_, &error)) {
      diags_.Error({0, 0}, "layout", "graphviz failed: " + error);
      return {};
    }
    Scene s;
    s.width = result_.size.w;
    s.height = result_.size.h;
    s.background = g_.skin.background.value;
    s.monochrome = g_.skin.monochrome;
    EmitClusters(&s);
    EmitTables(&s);
    EmitNotes(&s);
    EmitEdges(&s);
    return {std::move(s)};
  }

 private:
  void Settings() {
    gv::GraphSettings& s = spec_.settings;
    s.rankdir = g_.left_to_right ? gv::RankDir::kLeftRight : gv::RankDir::kTopBottom;
    s.nodesep = g_.skin.nodesep.value_or(kNodeSepPt);
    s.ranksep = g_.skin.ranksep.value_or(kRankSepPt);
    // Ortho splines ignore ports (GRAPHVIZ-NOTES pitfall 7): keep it for
    // diagrams that ask, knowing ends then meet the table, not the row.
    if (g_.skin.line_type == "ortho") s.splines = gv::Splines::kOrtho;
    if (g_.skin.line_type == "polyline") s.splines = gv::Splines::kPolyline;
    s.effort = seconds_ > 0 ? seconds_ / kDefaultLayoutSeconds : 1.0;
  }

  void AddClusters() {
    for (const ir::TableGroup& grp : g_.groups) {
      FontSpec bold = base_;
      bold.bold = true;
      cluster_labels_.push_back(MeasureText(grp.label, bold, m_));
      gv::ClusterSpec c;
      c.label = {cluster_labels_.back().width + 2 * kPadXPt, cluster_labels_.back().height + 4};
      c.margin = kClusterMarginPt;
      spec_.AddCluster(c);
    }
  }

  TableBox Measure(const ir::Table& t) {
    TableBox box;
    FontSpec bold = base_;
    bold.bold = true;
    box.header = MeasureText(t.label, bold, m_);
    box.header_h = box.header.height + 2 * kHeaderPadYPt;
    bool is_enum = t.kind == "enum";
    double markers_w = 0;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const ir::Column& col = t.columns[c];
      if (!Visible(col, g_.columns, is_enum)) {
        box.row_of_column.push_back(-1);
        continue;
      }
      box.row_of_column.push_back(int(box.rows.size()));
      Row r;
      r.column = int(c);
      FontSpec name_font = base_;
      name_font.bold = col.primary_key;
      r.name = MeasurePlain(col.name, name_font, m_);
      r.type = MeasurePlain(col.type, base_, m_);
      r.markers = MeasurePlain(Markers(col), base_, m_);
      r.separator_before = col.separator_before;
      box.name_w = std::max(box.name_w, r.name.width);
      box.type_w = std::max(box.type_w, r.type.width);
      markers_w = std::max(markers_w, r.markers.width);
      box.row_h = std::max(box.row_h, std::max(r.name.height, base_.size * 1.15) + 2 * kRowPadYPt);
      box.rows.push_back(std::move(r));
    }
    double body = box.name_w + (box.type_w > 0 ? kColumnGapPt + box.type_w : 0) +
                  (markers_w > 0 ? kColumnGapPt + markers_w : 0);
    box.width = std::max({kMinTableWidthPt, box.header.width + 2 * kPadXPt, body + 2 * kPadXPt});
    return box;
  }

  void AddTables() {
    for (const ir::Table& t : g_.tables) {
      TableBox box = Measure(t);
      gv::NodeSpec n;
      n.shape = gv::NodeShape::kTable;
      n.size = {box.width, 0};
      n.row_heights.push_back(box.header_h);
      for (size_t r = 0; r < box.rows.size(); ++r) n.row_heights.push_back(box.row_h);
      n.cluster = t.group >= 0 && t.group < int(g_.groups.size()) ? t.group : -1;
      box.gv = spec_.AddNode(n);
      boxes_.push_back(std::move(box));
    }
  }

  void AddNotes() {
    for (const ir::StickyNote& note : g_.notes) {
      TextBlock b = MeasureText(note.text, base_, m_);
      gv::NodeSpec n;
      n.size = {b.width + 2 * kNotePadPt, b.height + 2 * kNotePadPt};
      note_gv_.push_back(spec_.AddNode(n));
      note_text_.push_back(std::move(b));
    }
  }

  /// The Graphviz port of a relationship end: its first column's row.
  std::string Port(int table, const std::vector<int>& columns, const char* side) const {
    if (table < 0 || columns.empty() || spec_.settings.splines == gv::Splines::kOrtho) return "";
    const TableBox& b = boxes_[table];
    int c = columns.front();
    if (c < 0 || c >= int(b.row_of_column.size()) || b.row_of_column[c] < 0) return "";
    std::string port = "r" + std::to_string(1 + b.row_of_column[c]);
    if (g_.left_to_right) port += side;
    return port;
  }

  /// A dashed stand-in for what a dangling ref names.
  int Ghost(const ir::Relationship& r) {
    ghost_title_.push_back(r.label.empty() ? "?" : PlainText(r.label));
    ghost_text_.push_back(MeasurePlain(ghost_title_.back(), base_, m_));
    gv::NodeSpec n;
    n.size = {ghost_text_.back().width + 2 * kGhostPadPt, ghost_text_.back().height + 2 * kGhostPadPt};
    ghost_gv_.push_back(spec_.AddNode(n));
    return ghost_gv_.back();
  }

  bool ValidTable(int t) const { return t >= 0 && t < int(g_.tables.size()); }

  void AddEdges() {
    for (const ir::Relationship& r : g_.relationships) {
      bool self = r.from_table == r.to_table && ValidTable(r.from_table);
      edge_labels_.push_back(r.dangling ? TextBlock{} : MeasureText(r.label, base_, m_));
      // dot loops self-edges wide, through the neighbours; we draw them as a
      // tight bracket beside the table instead.
      if (self) {
        edge_gv_.push_back(-1);
        continue;
      }
      gv::EdgeSpec e;
      e.tail = ValidTable(r.from_table) ? boxes_[r.from_table].gv : Ghost(r);
      e.head = ValidTable(r.to_table) ? boxes_[r.to_table].gv : Ghost(r);
      e.tail_port = Port(ValidTable(r.from_table) ? r.from_table : -1, r.from_columns, ":e");
      e.head_port = Port(ValidTable(r.to_table) ? r.to_table : -1, r.to_columns, self ? ":e" : ":w");
      e.tail_arrow = r.from_end != ir::Cardinality::kNone;
      e.head_arrow = r.to_end != ir::Cardinality::kNone;
      const TextBlock& label = edge_labels_.back();
      if (!label.empty()) e.label = {label.width + 4, label.height + 2};
      edge_gv_.push_back(spec_.AddEdge(e));
    }
  }

  // ------------------------------------------------------------- emission
  /// The y of the row a relationship end attaches to (the header when unknown).
  double RowY(int table, const std::vector<int>& columns, const Rect& box, double offset) const {
    const TableBox& b = boxes_[table];
    int c = columns.empty() ? -1 : columns.front();
    int row = c >= 0 && c < int(b.row_of_column.size()) ? b.row_of_column[c] : -1;
    if (row < 0) return box.y + b.header_h / 2 + offset;
    return box.y + b.header_h + (row + 0.5) * b.row_h;
  }

  /// A bracket out of the table's east side, from one row to the other,
  /// in the shape Graphviz returns (cubic points plus arrow tips).
  gv::EdgeGeometry SelfLoop(const ir::Relationship& r) const {
    Rect box = Box(boxes_[r.from_table].gv);
    double right = box.x + box.w;
    double y0 = RowY(r.from_table, r.from_columns, box, -4);
    double y1 = RowY(r.to_table, r.to_columns, box, 4);
    if (std::abs(y1 - y0) < 1) y1 = y0 + 8;
    Point a{right + kArrowLengthPt, y0}, d{right + kArrowLengthPt, y1};
    Point b{right + kSelfLoopPt, y0}, c{right + kSelfLoopPt, y1};
    gv::EdgeGeometry geo;
    geo.points = {a, b, b, b, c, c, c, d, d, d};
    geo.tail_tip = Point{right, y0};
    geo.head_tip = Point{right, y1};
    geo.label = Point{right + kSelfLoopPt + 4, (y0 + y1) / 2};  // label starts here
    return geo;
  }

  Rect Box(int gv_node) const {
    const gv::NodeBox& b = result_.nodes[gv_node];
    return {b.center.x - b.size.w / 2, b.center.y - b.size.h / 2, b.size.w, b.size.h, 0};
  }

  void EmitClusters(Scene* s) {
    for (size_t i = 0; i < g_.groups.size(); ++i) {
      const ir::TableGroup& grp = g_.groups[i];
      const gv::ClusterBox& c = result_.clusters[i];
      Group out;
      out.cls = "cluster tablegroup";
      out.id = ids_.Make("group-" + grp.id);
      out.title = grp.id;
      out.tooltip = grp.note;
      Paint frame;
      frame.fill = grp.style.fill.value;
      Rect r = c.rect;
      r.rx = 4;
      out.shapes.push_back({Role::kCluster, frame, r});
      EmitText(cluster_labels_[i], c.label.x + kPadXPt, c.label.y + 2, Anchor::kStart, Role::kText,
               Paint{}, &out.shapes);
      s->groups.push_back(std::move(out));
    }
  }

  std::string Tooltip(const ir::Table& t) const {
    std::string tip = t.note;
    for (const ir::Column& c : t.columns) {
      if (c.note.empty()) continue;
      tip += (tip.empty() ? "" : "\n") + c.name + ": " + c.note;
    }
    return tip;
  }

  void EmitTables(Scene* s) {
    for (size_t i = 0; i < g_.tables.size(); ++i) {
      const ir::Table& t = g_.tables[i];
      const TableBox& b = boxes_[i];
      Rect box = Box(b.gv);
      Group out;
      out.cls = t.kind == "enum" ? "node enum" : "node table";
      out.id = ids_.Make(t.id);
      out.title = t.id;
      out.tooltip = Tooltip(t);
      out.shapes.push_back({Role::kTableRow, Paint{}, box});
      Paint header;
      header.fill = t.style.fill.value;
      out.shapes.push_back({Role::kTableHeader, header, Rect{box.x, box.y, box.w, b.header_h, 0}});
      Paint text;
      text.fill = t.style.text.value;
      EmitText(b.header, box.x + box.w / 2, box.y + kHeaderPadYPt, Anchor::kMiddle, Role::kText,
               text, &out.shapes);
      EmitRows(b, box, &out.shapes);
      s->groups.push_back(std::move(out));
    }
  }

  void EmitRows(const TableBox& b, const Rect& box, std::vector<Shape>* out) const {
    for (size_t r = 0; r < b.rows.size(); ++r) {
      const Row& row = b.rows[r];
      double top = box.y + b.header_h + r * b.row_h;
      if (row.separator_before && r > 0) {
        out->push_back({Role::kTableRow, Paint{}, Segment({box.x, top}, {box.x + box.w, top})});
      }
      double y = top + (b.row_h - row.name.height) / 2;
      EmitText(row.name, box.x + kPadXPt, y, Anchor::kStart, Role::kText, Paint{}, out);
      if (!row.type.empty()) {
        EmitText(row.type, box.x + kPadXPt + b.name_w + kColumnGapPt, y, Anchor::kStart,
                 Role::kStereotype, Paint{}, out);
      }
      if (!row.markers.empty()) {
        EmitText(row.markers, box.x + box.w - kPadXPt, y, Anchor::kEnd, Role::kStereotype, Paint{},
                 out);
      }
    }
  }

  void EmitNotes(Scene* s) {
    for (size_t i = 0; i < g_.notes.size(); ++i) {
      Group out;
      out.cls = "note";
      out.id = ids_.Make("note-" + g_.notes[i].id);
      Rect box = Box(note_gv_[i]);
      out.shapes.push_back({Role::kNote, Paint{}, box});
      EmitText(note_text_[i], box.x + kNotePadPt, box.y + kNotePadPt, Anchor::kStart, Role::kText,
               Paint{}, &out.shapes);
      s->groups.push_back(std::move(out));
    }
    for (size_t i = 0; i < ghost_gv_.size(); ++i) {
      Group out;
      out.cls = "dangling";
      out.id = ids_.Make("dangling-" + ghost_title_[i]);
      out.title = ghost_title_[i];
      Paint dashed;
      dashed.dash = {4, 3};
      Rect box = Box(ghost_gv_[i]);
      out.shapes.push_back({Role::kNote, dashed, box});
      EmitText(ghost_text_[i], box.x + box.w / 2, box.y + kGhostPadPt, Anchor::kMiddle, Role::kText,
               Paint{}, &out.shapes);
      s->groups.push_back(std::move(out));
    }
  }

  void EmitEdges(Scene* s) {
    for (size_t i = 0; i < g_.relationships.size(); ++i) {
      const ir::Relationship& r = g_.relationships[i];
      gv::EdgeGeometry geo = edge_gv_[i] >= 0 ? result_.edges[edge_gv_[i]] : SelfLoop(r);
      if (geo.points.size() < 4) continue;
      if (edge_gv_[i] < 0) {  // Graphviz did not reserve room for the loop and its label
        double right = geo.label->x + edge_labels_[i].width + spec_.settings.margin;
        s->width = std::max(s->width, right);
      }
      Group out;
      bool dashed = r.line == ir::LineStyle::kDashed || r.dangling || r.style.dashed;
      out.cls = std::string("edge") + (dashed ? " dashed" : "") + (r.dangling ? " dangling" : "");
      out.title = Title(g_, r);
      out.id = ids_.Make("edge-" + out.title);
      Paint paint;
      paint.stroke = r.style.stroke.set() ? r.style.stroke.value : g_.skin.arrow_color.value;
      if (dashed) paint.dash = {5, 3};
      Path line;
      line.MoveTo(geo.tail_tip.value_or(geo.points.front()));
      if (geo.tail_tip) line.LineTo(geo.points.front());
      for (size_t k = 1; k + 2 < geo.points.size(); k += 3) {
        line.CubicTo(geo.points[k], geo.points[k + 1], geo.points[k + 2]);
      }
      if (geo.head_tip) line.LineTo(*geo.head_tip);
      out.shapes.push_back({Role::kEdge, paint, line});
      Paint solid = paint;
      solid.dash.clear();
      if (geo.tail_tip) DrawCrowsFoot(r.from_end, *geo.tail_tip, geo.points.front(), solid, &out.shapes);
      if (geo.head_tip) DrawCrowsFoot(r.to_end, *geo.head_tip, geo.points.back(), solid, &out.shapes);
      if (geo.label && !edge_labels_[i].empty()) {
        const TextBlock& b = edge_labels_[i];
        Anchor anchor = edge_gv_[i] < 0 ? Anchor::kStart : Anchor::kMiddle;
        EmitText(b, geo.label->x, geo.label->y - b.height / 2, anchor, Role::kEdgeLabel, Paint{},
                 &out.shapes);
      }
      s->groups.push_back(std::move(out));
    }
  }

  const ir::ErGraph& g_;
  const TextMeasurer& m_;
  grammar::Diagnostics& diags_;
  IdMaker ids_;
  double seconds_;
  FontSpec base_;
  gv::GraphSpec spec_;
  gv::LayoutResult result_;
  std::vector<TableBox> boxes_;
  std::vector<TextBlock> cluster_labels_, note_text_, ghost_text_, edge_labels_;
  std::vector<int> note_gv_, ghost_gv_, edge_gv_;
  std::vector<std::string> ghost_title_;
};

}  // namespace

void DrawCrowsFoot(ir::Cardinality end, Point tip, Point base, const Paint& edge,
                   std::vector<Shape>* out) {
  double dx = tip.x - base.x, dy = tip.y - base.y, len = std::hypot(dx, dy);
  if (len < 1e-9) return;
  Point u{dx / len, dy / len};   // toward the table
  Point n{-u.y, u.x};            // across the line
  auto bar = [&](double back) {
    Point c = Add(tip, u, -back);
    out->push_back({Role::kEdge, edge, Segment(Add(c, n, -kBarHalfPt), Add(c, n, kBarHalfPt))});
  };
  auto circle = [&](double back) {
    Point c = Add(tip, u, -back);
    Paint p = edge;
    out->push_back({Role::kArrowOpen, p, Ellipse{c.x, c.y, kCircleRadiusPt, kCircleRadiusPt}});
  };
  auto foot = [&] {
    Point heel = Add(tip, u, -kFootDepthPt);
    Path p;
    p.MoveTo(Add(tip, n, kFootSpreadPt));
    p.LineTo(heel);
    p.LineTo(Add(tip, n, -kFootSpreadPt));
    p.MoveTo(heel);
    p.LineTo(tip);
    out->push_back({Role::kEdge, edge, p});
  };
  switch (end) {
    case ir::Cardinality::kNone: break;
    case ir::Cardinality::kOne: bar(3), bar(6.5); break;
    case ir::Cardinality::kZeroOrOne: bar(3), circle(8); break;
    case ir::Cardinality::kMany: foot(); break;
    case ir::Cardinality::kOneOrMany: foot(), bar(kFootDepthPt + 1.5); break;
    case ir::Cardinality::kZeroOrMany: foot(), circle(kFootDepthPt + kCircleRadiusPt + 1); break;
  }
}

std::vector<Scene> LayoutErGraph(const ir::ErGraph& graph, const TextMeasurer& measurer,
                                 const LayoutOptions& options, grammar::Diagnostics& diags) {
  return ErLayout(graph, measurer, options, diags).Run();
}

}  // namespace dg::layout
