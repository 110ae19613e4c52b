// ER layout: every table is measured here and handed to Graphviz as an HTML
// table of fixed-size rows with ports (GRAPHVIZ-NOTES §5), so each ref ends
// on the exact row of its column; we draw the tables, crow's feet, groups
// and notes ourselves from the returned geometry.
#include <cstdlib>
#include "layout/er_layout.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "layout/component_layout.hpp"
#include "layout/decorations.hpp"
#include "layout/edge_draw.hpp"
#include "layout/edge_router.hpp"
#include "layout/graphviz.hpp"
#include "layout/text_block.hpp"

namespace dg::layout {
namespace {

// Header text must stay readable on a user's headercolor: dark ink on light
// colours, the theme's (white) ink otherwise. Only "#rrggbb" is judged.
std::string HeaderInkFor(const std::string& fill) {
  if (fill.size() != 7 || fill[0] != '#') return "";
  auto channel = [&](int i) {
    return std::strtol(fill.substr(1 + 2 * i, 2).c_str(), nullptr, 16) / 255.0;
  };
  double luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return luminance > 0.6 ? "#1f2937" : "";
}


constexpr double kFontPt = 12;             // table text
// Tables are as compact as PlantUML's (header 12 pt, columns 11 pt, rows
// barely taller than their text), with name, type and keys in columns.
constexpr double kPadXPt = 6;              // text inset from a table's sides
constexpr double kHeaderPadYPt = 4;        // above and below the header text
constexpr double kRowPadYPt = 1.5;         // above and below a row's text
constexpr double kColumnGapPt = 8;         // between name, type and markers
constexpr double kRowFontScale = 11.0 / 12;  // column text relative to the header
constexpr double kMinTableWidthPt = 40;
constexpr double kNotePadPt = 8;
constexpr double kClusterMarginPt = 12;
constexpr double kGhostPadPt = 6;          // around a dangling ref's missing name
constexpr double kFootSpreadPt = 5;        // half the width of a crow's foot at the table
constexpr double kEndLabelGapPt = 3;       // multiplicity text to its line end and foot, points
constexpr double kFootDepthPt = 8;         // from the toes to the heel
constexpr double kBarHalfPt = 5;           // half length of a cardinality bar
constexpr double kCircleRadiusPt = 2.5;
constexpr double kSelfLoopPt = 22;         // how far a self-reference loops out of the table
constexpr double kDefaultLayoutSeconds = 20;
constexpr double kNodeSepPt = 40;
constexpr double kRankSepPt = 60;
constexpr double kGroupTint = 0.12;        // share of a group's colour in its background
constexpr double kGroupNoteScale = 0.85;   // a group's note under its name
constexpr double kStackedPt = 1;           // centres this close in x: one table above the other
constexpr double kCornerPt = 3;            // a tip this close to two sides is at a corner
constexpr double kElbowMinPt = 0.5;        // a squared stub shorter than this needs no bend
constexpr double kSelfLoopStepPt = 6;      // between nested loops of a composite self-reference
constexpr double kSelfLoopGapPt = 14;      // least distance between a self-reference's two ends
constexpr double kSelfLoopInsetPt = 16;    // a column-less self-reference's ends, from the corner
constexpr size_t kMaxCompositeLines = 16;  // hostile bound on lines drawn for one ref
// A labelled relation runs through a label node (graphviz_plan.cpp), whose
// halves dot weighs 2 and 1 by default; it then bends those chains sideways
// to make room and crosses more: the 34-table shop schema drew 30 spline
// crossings, and 22 with this weight (PlantUML, handing dot a real edge
// label, draws 18; layout_lint's count).
constexpr int kLabelledWeight = 4;

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

/// "#rrggbb" mixed with white, kGroupTint of the colour; "" for other colours.
std::string Tint(const std::string& fill) {
  if (fill.size() != 7 || fill[0] != '#') return "";
  std::string out = "#";
  for (int i = 0; i < 3; ++i) {
    long c = std::strtol(fill.substr(1 + 2 * i, 2).c_str(), nullptr, 16);
    long mixed = std::lround(255 - (255 - c) * kGroupTint);
    const char* hex = "0123456789abcdef";
    out += hex[mixed / 16];
    out += hex[mixed % 16];
  }
  return out;
}

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

/// The outward normal of the side of `r` that `p` (on the border) lies on;
/// near a corner, of the side that faces `from`, where the line comes from.
Point OutwardNormal(const Rect& r, Point p, Point from) {
  const Point normals[] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
  double distance[] = {std::abs(p.x - r.x), std::abs(r.x + r.w - p.x), std::abs(p.y - r.y),
                       std::abs(r.y + r.h - p.y)};
  double nearest = *std::min_element(distance, distance + 4);
  Point best = {0, 0};
  double best_facing = -1e18;
  for (int i = 0; i < 4; ++i) {
    if (distance[i] > nearest + kCornerPt) continue;
    double facing = normals[i].x * (from.x - p.x) + normals[i].y * (from.y - p.y);
    if (facing > best_facing) best = normals[i], best_facing = facing;
  }
  return best;
}

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
      : g_(g), m_(m), diags_(d), ids_(o.id_prefix), seconds_(o.max_layout_seconds), contained_(o.contain_layout) {
    base_.size = g.skin.font_size.value_or(kFontPt);
  }

  std::vector<Scene> Run() {
    Settings();
    AddClusters();
    AddTables();
    AddNotes();
    AddEdges();
    // Which side of a table a row's line leaves by depends on where dot put
    // the other table; when the first guess was wrong, lay out once more.
    // Our own routes choose the side themselves.
    if (!LayoutOnce()) return {};
    if (line_type_ == LineType::kSpline && FacePorts() && !LayoutOnce()) return {};
    gv::ReportWarnings(result_, diags_);
    if (line_type_ == LineType::kSpline) SquareAllEnds();
    RouteOwnLines();
    Scene s;
    s.width = result_.size.w;
    s.height = result_.size.h;
    s.background = g_.skin.background.value;
    s.monochrome = g_.skin.monochrome;
    EmitClusters(&s);
    EmitTables(&s);
    EmitNotes(&s);
    EmitEdges(&s);
    FitEndLabels(&s);
    AddDecorations(g_.decorations, base_, m_, spec_.settings.margin, &ids_, &s);
    return {std::move(s)};
  }

 private:
  void Settings() {
    gv::GraphSettings& s = spec_.settings;
    s.rankdir = g_.left_to_right ? gv::RankDir::kLeftRight : gv::RankDir::kTopBottom;
    s.nodesep = g_.skin.nodesep.value_or(kNodeSepPt);
    s.ranksep = g_.skin.ranksep.value_or(kRankSepPt);
    // ortho and polyline lines are our own (edge_router.hpp); dot only places.
    line_type_ = ToLineType(g_.skin.line_type);
    // Every ER line is then ours: dot's own would be thrown away.
    if (line_type_ != LineType::kSpline) s.splines = gv::Splines::kNone;
    s.effort = seconds_ > 0 ? seconds_ / kDefaultLayoutSeconds : 1.0;
    s.contained = contained_;
  }

  /// A group's label: its name in bold, then its note in smaller text.
  TextBlock GroupLabel(const ir::TableGroup& grp) const {
    FontSpec bold = base_, small = base_;
    bold.bold = true;
    small.size = base_.size * kGroupNoteScale;
    TextBlock label = MeasureText(grp.label, bold, m_);
    if (!grp.note.empty()) StackBelow(&label, MeasurePlain(grp.note, small, m_));
    return label;
  }

  void AddClusters() {
    for (const ir::TableGroup& grp : g_.groups) {
      cluster_labels_.push_back(GroupLabel(grp));
      gv::ClusterSpec c;
      c.label = {cluster_labels_.back().width + 2 * kPadXPt, cluster_labels_.back().height + 4};
      c.margin = kClusterMarginPt;
      c.parent = grp.parent;
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
      FontSpec row_font = base_;
      row_font.size = base_.size * kRowFontScale;
      FontSpec name_font = row_font;
      name_font.bold = col.primary_key;
      r.name = MeasurePlain(col.name, name_font, m_);
      r.type = MeasurePlain(col.type, row_font, m_);
      r.markers = MeasurePlain(Markers(col), row_font, m_);
      r.separator_before = col.separator_before;
      box.name_w = std::max(box.name_w, r.name.width);
      box.type_w = std::max(box.type_w, r.type.width);
      markers_w = std::max(markers_w, r.markers.width);
      box.row_h = std::max(box.row_h, std::max(r.name.height, row_font.size * 1.15) + 2 * kRowPadYPt);
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
      n.name = t.id;
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

  /// The Graphviz port of a relationship end: its column's row.
  std::string Port(int table, int c, const char* side) const {
    if (table < 0) return "";
    const TableBox& b = boxes_[table];
    if (c < 0 || c >= int(b.row_of_column.size()) || b.row_of_column[c] < 0) return "";
    return "r" + std::to_string(1 + b.row_of_column[c]) + side;
  }

  bool LayoutOnce() {
    std::string error;
    if (gv::Layout(spec_, &result_, &error)) return true;
    diags_.Error({0, 0}, "layout", "graphviz failed: " + error);
    return false;
  }

  /// Points every row port at the side facing the other end's table (east
  /// when they are stacked); true when a port changed.
  bool FacePorts() {
    bool changed = false;
    auto face = [&](int table, int column, int self, int other, std::string* port) {
      double dx = result_.nodes[other].center.x - result_.nodes[self].center.x;
      std::string want = Port(table, column, dx > -kStackedPt ? ":e" : ":w");
      changed = changed || want != *port;
      *port = want;
    };
    for (size_t i = 0; i < spec_.edges.size(); ++i) {
      gv::EdgeSpec& e = spec_.edges[i];
      const LineEnds& l = line_ends_[i];
      face(l.tail_table, l.tail_column, e.tail, e.head, &e.tail_port);
      face(l.head_table, l.head_column, e.head, e.tail, &e.head_port);
    }
    return changed;
  }

  /// Our own lines (splines: only broken ones); a column's end may leave
  /// either side of its row.
  void RouteOwnLines() {
    OwnLines lines;
    lines.type = line_type_;
    lines.edges.resize(spec_.edges.size());
    for (size_t i = 0; i < spec_.edges.size(); ++i) {
      const LineEnds& l = line_ends_[i];
      lines.edges[i].drawn = !l.self_room;
      lines.edges[i].tail_ports = RowPorts(l.tail_table, l.tail_column);
      lines.edges[i].head_ports = RowPorts(l.head_table, l.head_column);
    }
    lines.keep_clear = SelfLoopAreas();
    RouteEdges(spec_, lines, &result_);
  }

  /// What our self-loops and their labels cover, for other lines to avoid.
  std::vector<Rect> SelfLoopAreas() const {
    std::vector<Rect> out;
    for (size_t i = 0; i < g_.relationships.size(); ++i) {
      const ir::Relationship& r = g_.relationships[i];
      std::vector<std::pair<int, int>> pairs = Pairs(r);
      for (size_t k = 0; k < edge_gv_[i].size() && k < pairs.size(); ++k) {
        if (edge_gv_[i][k] >= 0) continue;
        gv::EdgeGeometry geo = SelfLoop(r, pairs[k], int(k), int(pairs.size()));
        double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
        for (const Point& p : geo.points) {
          x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
        }
        out.push_back({x0, y0, x1 - x0, y1 - y0, 0});
        const TextBlock& b = edge_labels_[i];
        if (k == 0 && geo.label && !b.empty())
          out.push_back({geo.label->x, geo.label->y - b.height / 2, b.width, b.height, 0});
      }
    }
    return out;
  }

  /// Both sides of the row of `column`; none (any side) for a header end.
  std::vector<route::Port> RowPorts(int table, int column) const {
    if (table < 0) return {};
    const TableBox& b = boxes_[table];
    if (column < 0 || column >= int(b.row_of_column.size()) || b.row_of_column[column] < 0) return {};
    Rect box = Box(b.gv);
    double y = RowY(table, column, box, 0);
    return {{{box.x, y}, route::Side::kLeft}, {{box.x + box.w, y}, route::Side::kRight}};
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

  /// The column pairs a relationship joins: one line per pair, so each end
  /// of a composite ref lands on its own row (an unknown column is -1).
  static std::vector<std::pair<int, int>> Pairs(const ir::Relationship& r) {
    size_t n = std::clamp<size_t>(std::max(r.from_columns.size(), r.to_columns.size()), 1,
                                  kMaxCompositeLines);
    auto at = [](const std::vector<int>& cols, size_t i) {
      if (cols.empty()) return -1;
      return i < cols.size() ? cols[i] : cols.back();
    };
    std::vector<std::pair<int, int>> pairs;
    for (size_t i = 0; i < n; ++i) pairs.emplace_back(at(r.from_columns, i), at(r.to_columns, i));
    return pairs;
  }

  void AddEdges() {
    for (const ir::Relationship& r : g_.relationships) {
      bool self = r.from_table == r.to_table && ValidTable(r.from_table);
      edge_labels_.push_back(r.dangling ? TextBlock{} : MeasureText(r.label, base_, m_));
      end_labels_.emplace_back(MeasureText(r.from_label, base_, m_), MeasureText(r.to_label, base_, m_));
      std::vector<int>& lines = edge_gv_.emplace_back();
      end_nodes_.emplace_back(self ? boxes_[r.from_table].gv : -1, self ? boxes_[r.from_table].gv : -1);
      // dot loops self-edges wide, through the neighbours; we draw them as a
      // tight bracket beside the table instead (-1), but keep the edge in
      // the graph so dot leaves room for the loop and its label.
      if (self) {
        lines.assign(Pairs(r).size(), -1);
        gv::EdgeSpec room;
        room.tail = room.head = boxes_[r.from_table].gv;
        const TextBlock& label = edge_labels_.back();
        if (!label.empty()) room.label = {label.width + 4, label.height + 2};
        line_ends_.push_back({-1, -1, -1, -1, true});
        spec_.AddEdge(room);
        continue;
      }
      int from = ValidTable(r.from_table) ? r.from_table : -1;
      int to = ValidTable(r.to_table) ? r.to_table : -1;
      int tail = from >= 0 ? boxes_[from].gv : Ghost(r);
      int head = to >= 0 ? boxes_[to].gv : Ghost(r);
      end_nodes_.back() = {tail, head};
      for (auto [fc, tc] : Pairs(r)) {
        gv::EdgeSpec e;
        e.tail = tail;
        e.head = head;
        // First guess: left to right, tails leave east and heads enter west.
        e.tail_port = Port(from, fc, g_.left_to_right ? ":e" : "");
        e.head_port = Port(to, tc, g_.left_to_right ? ":w" : "");
        line_ends_.push_back({from, fc, to, tc, false});
        e.tail_arrow = r.from_end != ir::Cardinality::kNone;
        e.head_arrow = r.to_end != ir::Cardinality::kNone;
        const TextBlock& label = edge_labels_.back();
        if (!label.empty() && lines.empty()) {
          e.label = {label.width + 4, label.height + 2};
          e.weight = kLabelledWeight;
        }
        lines.push_back(spec_.AddEdge(e));
      }
    }
  }

  // ------------------------------------------------------------- emission
  /// The y of the row a relationship end attaches to (the header when unknown).
  double RowY(int table, int c, const Rect& box, double offset) const {
    const TableBox& b = boxes_[table];
    int row = c >= 0 && c < int(b.row_of_column.size()) ? b.row_of_column[c] : -1;
    if (row < 0) return box.y + b.header_h / 2 + offset;
    return box.y + b.header_h + (row + 0.5) * b.row_h;
  }

  bool HasRow(int table, int c) const {
    const TableBox& b = boxes_[table];
    return c >= 0 && c < int(b.row_of_column.size()) && b.row_of_column[c] >= 0;
  }

  /// A self-reference: a bracket out of the table's east side from one row
  /// to the other (the k-th line of a composite ref a little further out);
  /// with no rows to join, a loop from the east side round the bottom-right
  /// corner, so the two markers never meet.
  gv::EdgeGeometry SelfLoop(const ir::Relationship& r, std::pair<int, int> cols, int k,
                            int n) const {
    Rect box = Box(boxes_[r.from_table].gv);
    double right = box.x + box.w, bottom = box.y + box.h;
    double reach = kSelfLoopPt + k * kSelfLoopStepPt;
    bool rows = HasRow(r.from_table, cols.first) || HasRow(r.to_table, cols.second);
    std::vector<Point> line;
    if (rows) {
      double y0 = RowY(r.from_table, cols.first, box, 0), y1 = RowY(r.to_table, cols.second, box, 0);
      if (std::abs(y1 - y0) < kSelfLoopGapPt) y1 = y0 + kSelfLoopGapPt;
      line = {{right, y0}, {right + reach, y0}, {right + reach, y1}, {right, y1}};
    } else {
      double up = std::min(box.h / 2, kSelfLoopInsetPt);
      double left = std::min(box.w / 2, kSelfLoopInsetPt + k * kSelfLoopStepPt);
      line = {{right, bottom - up}, {right + reach, bottom - up}, {right + reach, bottom + reach},
              {right - left, bottom + reach}, {right - left, bottom}};
    }
    gv::EdgeGeometry geo = LineGeometry(line, true, true);
    double outer = kSelfLoopPt + (n - 1) * kSelfLoopStepPt;  // the widest loop of the ref
    geo.label = Point{right + outer + 4, (line[1].y + line[2].y) / 2};  // label starts here
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
      out.cls = "cluster " + grp.kind;
      out.id = ids_.Make("group-" + grp.id);
      out.title = grp.id;
      out.tooltip = grp.note;
      // A group's colour is its frame and a light tint behind its tables,
      // so lines and the label stay readable on it.
      Paint frame;
      frame.stroke = grp.style.fill.value;
      frame.fill = Tint(grp.style.fill.value);
      Rect r = c.rect;
      r.rx = 4;
      out.shapes.push_back({Role::kCluster, frame, r});
      Paint ink;  // the group's own colour reads on its tint in any theme
      if (!frame.fill.empty()) ink.fill = frame.stroke;
      EmitText(cluster_labels_[i], c.label.x + kPadXPt, c.label.y + 2, Anchor::kStart, Role::kText,
               ink, &out.shapes);
      s->groups.push_back(std::move(out));
    }
  }

  /// A table's headercolor, else its group's colour (as dbdiagram does).
  /// PlantUML's HeaderBackgroundColor colours the header and leaves
  /// BackgroundColor to the body.
  std::string HeaderFill(const ir::Table& t) const {
    if (t.style.header_fill.set()) return t.style.header_fill.value;
    if (t.style.fill.set() || t.group < 0 || t.group >= int(g_.groups.size())) return t.style.fill.value;
    return g_.groups[t.group].style.fill.value;
  }

  /// The body's fill (only beside a HeaderBackgroundColor) and the border.
  static Paint BodyPaint(const ir::Table& t) {
    Paint body;
    if (t.style.header_fill.set()) body.fill = t.style.fill.value;
    body.stroke = t.style.stroke.value;
    body.stroke_width = t.style.stroke_width.value_or(0);
    return body;
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
      Paint body = BodyPaint(t);
      out.shapes.push_back({Role::kTableRow, body, box});
      Paint header = body;
      header.fill = HeaderFill(t);
      out.shapes.push_back({Role::kTableHeader, header, Rect{box.x, box.y, box.w, b.header_h, 0}});
      Paint text;
      text.fill = t.style.text.set() ? t.style.text.value : HeaderInkFor(header.fill);
      EmitText(b.header, box.x + box.w / 2, box.y + kHeaderPadYPt, Anchor::kMiddle,
               Role::kTableHeader, text, &out.shapes);
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
      bool dashed = r.line == ir::LineStyle::kDashed || r.dangling || r.style.dashed;
      Group out;
      out.cls = std::string("edge") + (dashed ? " dashed" : "") + (r.dangling ? " dangling" : "");
      out.title = Title(g_, r);
      out.id = ids_.Make("edge-" + out.title);
      Paint paint;
      paint.stroke = r.style.stroke.set() ? r.style.stroke.value : g_.skin.arrow_color.value;
      if (dashed) paint.dash = {5, 3};
      std::vector<std::pair<int, int>> pairs = Pairs(r);
      for (size_t k = 0; k < edge_gv_[i].size() && k < pairs.size(); ++k) {
        int e = edge_gv_[i][k];
        gv::EdgeGeometry geo = e >= 0 ? result_.edges[e] : SelfLoop(r, pairs[k], int(k), int(pairs.size()));
        if (geo.points.size() < 4) continue;
        if (e < 0) Cover(geo.points, s);
        EmitLine(i, geo, paint, &out.shapes);
        if (k == 0) EmitEdgeLabel(i, geo, e < 0, s, &out.shapes);
        if (k == 0) EmitEndLabels(i, geo, e < 0, &out.shapes);
      }
      if (!out.shapes.empty()) s->groups.push_back(std::move(out));
    }
  }

  /// Grows the scene to hold `points` (Graphviz left no room for self-loops).
  void Cover(const std::vector<Point>& points, Scene* s) const {
    for (const Point& p : points) {
      s->width = std::max(s->width, p.x + spec_.settings.margin);
      s->height = std::max(s->height, p.y + spec_.settings.margin);
    }
  }

  void SquareAllEnds() {
    for (size_t i = 0; i < edge_gv_.size(); ++i)
      for (int e : edge_gv_[i])
        if (e >= 0 && result_.edges[e].points.size() >= 4) SquareEnds(i, &result_.edges[e]);
  }

  /// Squares each end to the table side it touches, so a crow's foot
  /// spreads along the border, never into the table, when Graphviz brings
  /// the line in at a slant: the stub runs along the side's normal and the
  /// spline's first control point follows it, keeping the curve smooth.
  void SquareEnds(size_t i, gv::EdgeGeometry* geo) const {
    auto square = [&](int node, std::optional<Point>& tip, Point* base, Point* control) {
      if (node < 0) return;
      Rect box = Box(node);
      if (!tip) {  // no marker: the line itself ends on the side
        KeepOffCorners(box, OutwardNormal(box, *base, *control), base);
        return;
      }
      Point n = OutwardNormal(box, *tip, *control);
      KeepOffCorners(box, n, &*tip);
      Point squared = Add(*tip, n, kArrowLengthPt);
      if (std::hypot(squared.x - base->x, squared.y - base->y) < kElbowMinPt) return;
      double pull = std::max(kArrowLengthPt, std::hypot(control->x - base->x, control->y - base->y));
      *base = squared;
      *control = Add(squared, n, pull);
    };
    auto [tail, head] = end_nodes_[i];
    std::vector<Point>& p = geo->points;
    square(tail, geo->tail_tip, &p[0], &p[1]);
    square(head, geo->head_tip, &p[p.size() - 1], &p[p.size() - 2]);
  }

  /// Puts a tip on its side (Graphviz's HTML tables end a point outside the
  /// box) and slides it along so the foot's toes stay on the border.
  static void KeepOffCorners(const Rect& box, Point n, Point* tip) {
    double margin = kFootSpreadPt + 1;
    auto clamp = [margin](double v, double lo, double len) {
      return len > 2 * margin ? std::clamp(v, lo + margin, lo + len - margin) : lo + len / 2;
    };
    if (n.x != 0) {
      tip->x = n.x < 0 ? box.x : box.x + box.w;
      tip->y = clamp(tip->y, box.y, box.h);
    } else {
      tip->y = n.y < 0 ? box.y : box.y + box.h;
      tip->x = clamp(tip->x, box.x, box.w);
    }
  }

  void EmitLine(size_t i, const gv::EdgeGeometry& geo, const Paint& paint,
                std::vector<Shape>* out) const {
    const ir::Relationship& r = g_.relationships[i];
    Path line;
    line.MoveTo(geo.tail_tip.value_or(geo.points.front()));
    if (geo.tail_tip) line.LineTo(geo.points.front());
    for (size_t k = 1; k + 2 < geo.points.size(); k += 3) {
      AppendCubic(&line, geo.points[k - 1], geo.points[k], geo.points[k + 1], geo.points[k + 2]);
    }
    if (geo.head_tip) line.LineTo(*geo.head_tip);
    out->push_back({Role::kEdge, paint, line});
    Paint solid = paint;
    solid.dash.clear();
    if (geo.tail_tip) DrawCrowsFoot(r.from_end, *geo.tail_tip, geo.points.front(), solid, out);
    if (geo.head_tip) DrawCrowsFoot(r.to_end, *geo.head_tip, geo.points.back(), solid, out);
  }

  void EmitEdgeLabel(size_t i, const gv::EdgeGeometry& geo, bool self_loop, Scene* s,
                     std::vector<Shape>* out) const {
    const TextBlock& b = edge_labels_[i];
    if (self_loop && geo.label) {  // Graphviz did not reserve room for the loop and its label
      double right = geo.label->x + b.width + spec_.settings.margin;
      s->width = std::max(s->width, right);
    }
    if (!geo.label || b.empty()) return;
    Anchor anchor = self_loop ? Anchor::kStart : Anchor::kMiddle;
    EmitText(b, geo.label->x, geo.label->y - b.height / 2, anchor, Role::kEdgeLabel, Paint{}, out);
  }

  /// Multiplicities (`"1"`, `"0..*"`) just outside each end, beside the
  /// line and clear of a crow's foot: right of a vertical end, above a
  /// horizontal one (below, for the lower end of a self-loop).
  void EmitEndLabels(size_t i, const gv::EdgeGeometry& geo, bool self_loop, std::vector<Shape>* out) {
    auto emit = [&](const TextBlock& b, int node, std::optional<Point> tip, Point end, Point next,
                    bool below) {
      if (b.empty()) return;
      Point at = tip.value_or(end);
      Point n = node >= 0 ? OutwardNormal(Box(node), at, tip ? end : next) : Point{0, 1};
      double clear = kFootSpreadPt + kEndLabelGapPt;
      Rect r{at.x + clear, n.y > 0 ? at.y + kEndLabelGapPt : at.y - kEndLabelGapPt - b.height,
             b.width, b.height, 0};
      if (n.x != 0) {
        r.x = n.x > 0 ? at.x + kEndLabelGapPt : at.x - kEndLabelGapPt - b.width;
        r.y = below ? at.y + clear : at.y - clear - b.height;
      }
      EmitText(b, r.x, r.y, Anchor::kStart, Role::kEdgeLabel, Paint{}, out);
      end_label_bounds_.push_back(r);
    };
    const std::vector<Point>& p = geo.points;
    auto [tail, head] = end_nodes_[i];
    emit(end_labels_[i].first, tail, geo.tail_tip, p[0], p[1], false);
    emit(end_labels_[i].second, head, geo.head_tip, p[p.size() - 1], p[p.size() - 2], self_loop);
  }

  /// Graphviz reserved no room for multiplicities: grow the scene (shifting
  /// it right and down where needed) until they are inside its margin.
  void FitEndLabels(Scene* s) const {
    double margin = spec_.settings.margin;
    double left = 0, top = 0, right = s->width, bottom = s->height;
    for (const Rect& r : end_label_bounds_) {
      left = std::min(left, r.x - margin);
      top = std::min(top, r.y - margin);
      right = std::max(right, r.x + r.w + margin);
      bottom = std::max(bottom, r.y + r.h + margin);
    }
    ShiftScene(s, -left, -top);
    s->width = right - left;
    s->height = bottom - top;
  }

  const ir::ErGraph& g_;
  const TextMeasurer& m_;
  grammar::Diagnostics& diags_;
  IdMaker ids_;
  double seconds_;
  bool contained_;
  FontSpec base_;
  LineType line_type_ = LineType::kSpline;
  gv::GraphSpec spec_;
  gv::LayoutResult result_;
  std::vector<TableBox> boxes_;
  std::vector<TextBlock> cluster_labels_, note_text_, ghost_text_, edge_labels_;
  std::vector<std::pair<TextBlock, TextBlock>> end_labels_;  ///< per relationship: from, to
  std::vector<Rect> end_label_bounds_;                         ///< where they were drawn
  std::vector<int> note_gv_, ghost_gv_;
  std::vector<std::vector<int>> edge_gv_;  ///< per relationship, one per column pair; -1 = self-loop
  std::vector<std::pair<int, int>> end_nodes_;  ///< Graphviz nodes at each relationship's ends
  struct LineEnds {
    int tail_table, tail_column, head_table, head_column;  ///< table -1 = a ghost
    bool self_room;  ///< only keeps room for a self-loop we draw ourselves
  };
  std::vector<LineEnds> line_ends_;  ///< per Graphviz edge
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
