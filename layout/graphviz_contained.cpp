// gv::Layout: dot in a child process (child_process.hpp) on a plan that
// avoids what Graphviz 2.42 crashes on (graphviz_plan.hpp), and a second,
// safer plan when the first child crashes, loops or fails anyway. The child
// sends its LayoutResult back as bytes; doubles travel bit for bit, so a
// contained layout is byte-identical to an in-process one.
#include <signal.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>

#include "layout/child_process.hpp"
#include "layout/graphviz.hpp"
#include "layout/graphviz_plan.hpp"

namespace dg::layout::gv {
namespace {

constexpr double kBaseCpuSeconds = 2;    // a small graph needs milliseconds
constexpr double kCpuSecondsPerObject = 0.005;  // 2,000 nodes: about 1 s at full effort
constexpr double kWallPerCpu = 3;        // a loaded machine runs a child at a third of a core
constexpr double kExtraWallSeconds = 5;
constexpr size_t kMaxReportedWarnings = 5;
constexpr int kLayoutsPerChild = 500;  // then a fresh child: dot 2.42 leaks ~14 KB per clustered layout

// ------------------------------------------------------------ wire format

class Writer {
 public:
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void I64(int64_t v) { Raw(&v, sizeof v); }
  void F64(double v) { Raw(&v, sizeof v); }
  void Sz(Size s) { F64(s.w), F64(s.h); }
  void Pt(Point p) { F64(p.x), F64(p.y); }
  void Box(const Rect& r) { F64(r.x), F64(r.y), F64(r.w), F64(r.h), F64(r.rx); }
  void OptPt(const std::optional<Point>& p) {
    U64(p.has_value());
    if (p) Pt(*p);
  }
  void Str(const std::string& s) {
    U64(s.size());
    out_ += s;
  }
  std::string Take() { return std::move(out_); }

 private:
  void Raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  uint64_t U64() {
    uint64_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  double F64() {
    double v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  int I32() {
    int64_t v = 0;
    Raw(&v, sizeof v);
    return int(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX));
  }
  Size Sz() {
    double w = F64();
    return {w, F64()};
  }
  Point Pt() {
    double x = F64();
    return {x, F64()};
  }
  Rect Box() {
    Rect r;
    r.x = F64(), r.y = F64(), r.w = F64(), r.h = F64(), r.rx = F64();
    return r;
  }
  std::optional<Point> OptPt() {
    if (!U64()) return std::nullopt;
    return Pt();
  }
  std::string Str() {
    uint64_t n = Count(1);
    std::string s = ok_ ? in_.substr(pos_, n) : "";
    pos_ += ok_ ? n : 0;
    return s;
  }
  /// An element count, refused when the rest cannot hold that many.
  uint64_t Count(size_t min_bytes_each) {
    uint64_t n = U64();
    if (n > (in_.size() - pos_) / std::max<size_t>(min_bytes_each, 1)) ok_ = false;
    return ok_ ? n : 0;
  }
  bool Done() const { return ok_ && pos_ == in_.size(); }

 private:
  void Raw(void* p, size_t n) {
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return;
    }
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }
  const std::string& in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

std::string Encode(bool ok, const LayoutResult& r, const std::string& error) {
  Writer w;
  w.U64(ok);
  w.Str(error);
  w.F64(r.size.w), w.F64(r.size.h);
  w.U64(r.nodes.size());
  for (const NodeBox& n : r.nodes) w.Pt(n.center), w.F64(n.size.w), w.F64(n.size.h);
  w.U64(r.clusters.size());
  for (const ClusterBox& c : r.clusters) w.Box(c.rect), w.Box(c.label);
  w.U64(r.edges.size());
  for (const EdgeGeometry& e : r.edges) {
    w.U64(e.points.size());
    for (Point p : e.points) w.Pt(p);
    w.OptPt(e.tail_tip), w.OptPt(e.head_tip), w.OptPt(e.label), w.OptPt(e.tail_label),
        w.OptPt(e.head_label);
  }
  w.U64(r.warnings.size());
  for (const std::string& s : r.warnings) w.Str(s);
  return w.Take();
}

bool Decode(const std::string& bytes, bool* ok, LayoutResult* r, std::string* error) {
  Reader in(bytes);
  *ok = in.U64() != 0;
  *error = in.Str();
  r->size.w = in.F64(), r->size.h = in.F64();
  r->nodes.resize(in.Count(32));
  for (NodeBox& n : r->nodes) n.center = in.Pt(), n.size.w = in.F64(), n.size.h = in.F64();
  r->clusters.resize(in.Count(80));
  for (ClusterBox& c : r->clusters) c.rect = in.Box(), c.label = in.Box();
  r->edges.resize(in.Count(48));
  for (EdgeGeometry& e : r->edges) {
    e.points.resize(in.Count(16));
    for (Point& p : e.points) p = in.Pt();
    e.tail_tip = in.OptPt(), e.head_tip = in.OptPt(), e.label = in.OptPt(),
    e.tail_label = in.OptPt(), e.head_label = in.OptPt();
  }
  r->warnings.resize(in.Count(8));
  for (std::string& s : r->warnings) s = in.Str();
  return in.Done();
}

// The spec goes to the child, the layout comes back.

std::string EncodeSpec(const GraphSpec& g, const std::string& fault) {
  Writer w;
  w.Str(fault);
  const GraphSettings& s = g.settings;
  w.U64(s.rankdir == RankDir::kLeftRight), w.F64(s.nodesep), w.F64(s.ranksep);
  w.I64(int64_t(s.splines)), w.F64(s.margin), w.F64(s.effort), w.Str(s.engine);
  w.U64(g.nodes.size());
  for (const NodeSpec& n : g.nodes) {
    w.Sz(n.size), w.I64(int64_t(n.shape)), w.I64(n.cluster), w.Str(n.name);
    w.U64(n.row_heights.size());
    for (double h : n.row_heights) w.F64(h);
  }
  w.U64(g.clusters.size());
  for (const ClusterSpec& c : g.clusters) w.I64(c.parent), w.Sz(c.label), w.F64(c.margin);
  w.U64(g.edges.size());
  for (const EdgeSpec& e : g.edges) {
    w.I64(e.tail), w.I64(e.head), w.Str(e.tail_port), w.Str(e.head_port), w.I64(e.minlen);
    w.I64(e.weight), w.U64(e.constraint), w.U64(e.tail_arrow), w.U64(e.head_arrow);
    w.Sz(e.label), w.Sz(e.tail_label), w.Sz(e.head_label), w.I64(e.lhead), w.I64(e.ltail);
  }
  return w.Take();
}

bool DecodeSpec(const std::string& bytes, GraphSpec* g, std::string* fault) {
  Reader in(bytes);
  *fault = in.Str();
  GraphSettings& s = g->settings;
  s.rankdir = in.U64() ? RankDir::kLeftRight : RankDir::kTopBottom;
  s.nodesep = in.F64(), s.ranksep = in.F64();
  s.splines = Splines(std::clamp(in.I32(), 0, int(Splines::kNone)));
  s.margin = in.F64(), s.effort = in.F64(), s.engine = in.Str();
  g->nodes.resize(in.Count(48));
  for (NodeSpec& n : g->nodes) {
    n.size = in.Sz(), n.shape = NodeShape(std::clamp(in.I32(), 0, int(NodeShape::kEdgeLabel)));
    n.cluster = in.I32(), n.name = in.Str();
    n.row_heights.resize(in.Count(8));
    for (double& h : n.row_heights) h = in.F64();
  }
  g->clusters.resize(in.Count(32));
  for (ClusterSpec& c : g->clusters) c.parent = in.I32(), c.label = in.Sz(), c.margin = in.F64();
  g->edges.resize(in.Count(120));
  for (EdgeSpec& e : g->edges) {
    e.tail = in.I32(), e.head = in.I32(), e.tail_port = in.Str(), e.head_port = in.Str();
    e.minlen = in.I32(), e.weight = in.I32(), e.constraint = in.U64() != 0;
    e.tail_arrow = in.U64() != 0, e.head_arrow = in.U64() != 0;
    e.label = in.Sz(), e.tail_label = in.Sz(), e.head_label = in.Sz();
    e.lhead = in.I32(), e.ltail = in.I32();
  }
  return in.Done();
}

// -------------------------------------------------------------- attempts

/// DIAGC_TEST_LAYOUT_FAULT=segv|abort|spin makes the first attempt's child
/// misbehave ("always-…": every attempt), so tests can prove the containment
/// holds on every path (batch, Markdown, --watch, server) without relying on
/// a Graphviz bug that a fix at the cause would remove.
std::string TestFault(bool first_attempt) {
  static const std::string fault = [] {
    const char* v = std::getenv("DIAGC_TEST_LAYOUT_FAULT");
    return std::string(v ? v : "");
  }();
  if (fault.rfind("always-", 0) == 0) return fault.substr(7);
  return first_attempt ? fault : "";
}

void Misbehave(const std::string& fault) {
  if (fault.empty()) return;
  std::fprintf(stderr, "diagc test fault: %s\n", fault.c_str());  // as Graphviz prints before it dies
  std::fflush(stderr);
  if (fault == "segv") raise(SIGSEGV);
  if (fault == "abort") std::abort();
  if (fault == "spin") {
    volatile uint64_t spins = 0;
    for (;;) spins = spins + 1;
  }
}

ChildLimits LimitsFor(const GraphSpec& spec) {
  double objects = double(spec.nodes.size() + spec.edges.size() + spec.clusters.size());
  ChildLimits limits;
  limits.cpu_seconds = int(std::ceil(kBaseCpuSeconds + kCpuSecondsPerObject * objects));
  limits.wall_seconds = kWallPerCpu * limits.cpu_seconds + kExtraWallSeconds;
  return limits;
}

struct Attempt {
  bool ok = false;
  LayoutResult result;
  std::string error;   ///< why it failed
  std::string output;  ///< what the child printed
  std::set<int> backward;  ///< edges whose label dot put outside their ends (DotPlan::BackwardLabels)
};

/// The child's stderr as warning lines (Graphviz also prints directly),
/// except the path planner's notes on an edge it could not route: MapBack
/// reports those edges.
void AddPrinted(const std::string& text, std::vector<std::string>* warnings) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.rfind("libpath/", 0) != 0) warnings->push_back(line);
    start = end + 1;
  }
}

/// Graphviz names nodes n0, n1 … in its messages (graphviz.cpp), quoted or
/// not; the caller's names mean something to the user. Nodes past the
/// caller's are the plan's label nodes.
std::string WithCallerNames(const std::string& message, const GraphSpec& spec) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    size_t end = i + 1;
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
    bool token = message[i] == 'n' && end > i + 1 && (i == 0 || !word(message[i - 1])) &&
                 (end == message.size() || !word(message[end]));
    if (!token) {
      out += message[i++];
      continue;
    }
    size_t node = std::stoul(message.substr(i + 1, end - i - 1));
    bool quoted = i > 0 && message[i - 1] == '"';
    std::string name = node >= spec.nodes.size() ? "an edge label" : spec.nodes[node].name;
    if (name.empty()) name = message.substr(i, end - i);
    out += quoted || node >= spec.nodes.size() ? name : "\"" + name + "\"";
    i = end;
  }
  return out;
}

/// What a layout child does with a request: dot on the spec it was sent.
std::string ServeLayout(const std::string& request) {
  GraphSpec spec;
  std::string fault, error;
  LayoutResult r;
  if (!DecodeSpec(request, &spec, &fault)) return Encode(false, r, "garbled layout request");
  Misbehave(fault);
  bool ok = LayoutInProcess(spec, &r, &error);
  return Encode(ok, r, error);
}

/// One layout child per thread, kept from layout to layout: a batch forks
/// once per thread and its child's heap stays warm (a fork per layout cost
/// about 270 page faults each). A failure replaces it.
WorkerProcess& LayoutChild() {
  thread_local WorkerProcess child(ServeLayout, kLayoutsPerChild);
  return child;
}

Attempt Run(const GraphSpec& spec, Plan which, const std::string& fault,
            std::set<int> reversed = {}) {
  DotPlan plan(spec, which, std::move(reversed));
  Attempt a;
  ChildOutcome child =
      LayoutChild().Call(EncodeSpec(plan.dot_spec(), fault), LimitsFor(plan.dot_spec()));
  a.output = child.stderr_text;
  LayoutResult dot;
  if (child.status == ChildOutcome::Status::kNoFork) {
    a.ok = LayoutInProcess(plan.dot_spec(), &dot, &a.error);  // no containment, but a picture
  } else if (child.status != ChildOutcome::Status::kOk) {
    a.error = "graphviz " + child.reason;
    return a;
  } else if (!Decode(child.output, &a.ok, &dot, &a.error)) {
    a.error = "graphviz sent back a garbled layout";
    LayoutChild().Stop();
    return a;
  }
  if (!a.ok) LayoutChild().Stop();  // after an error, a fresh Graphviz for the next layout
  if (a.ok) {
    a.backward = plan.BackwardLabels(dot);
    a.result = plan.MapBack(dot);
    AddPrinted(a.output, &a.result.warnings);
    for (std::string& w : a.result.warnings) w = WithCallerNames(w, spec);
  }
  a.error = WithCallerNames(a.error, spec);
  return a;
}

/// The full plan; where dot turned a label chain round, once more with those
/// chains reversed, kept when fewer labels are left outside their edges.
Attempt RunFull(const GraphSpec& spec) {
  Attempt first = Run(spec, Plan::kFull, TestFault(true));
  if (!first.ok || first.backward.empty()) return first;
  Attempt again = Run(spec, Plan::kFull, TestFault(true), first.backward);
  return again.ok && again.backward.size() < first.backward.size() ? again : first;
}

/// The same without a layout child.
bool LayoutUncontained(const GraphSpec& spec, LayoutResult* result, std::string* error) {
  DotPlan plan(spec, Plan::kFull);
  LayoutResult dot;
  if (!LayoutInProcess(plan.dot_spec(), &dot, error)) return false;
  std::set<int> backward = plan.BackwardLabels(dot);
  if (!backward.empty()) {
    DotPlan again(spec, Plan::kFull, backward);
    LayoutResult redone;
    std::string ignored;
    if (LayoutInProcess(again.dot_spec(), &redone, &ignored) &&
        again.BackwardLabels(redone).size() < backward.size()) {
      *result = again.MapBack(redone);
      return true;
    }
  }
  *result = plan.MapBack(dot);
  return true;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

bool Layout(const GraphSpec& spec, LayoutResult* result, std::string* error) {
  *result = LayoutResult{};
  error->clear();
  if (!WithinLimits(spec, error)) return false;  // before forking
  // Before any fork: children inherit the context instead of building one each.
  static const bool prepared = PrepareGraphviz();
  if (!prepared) {
    *error = "graphviz context could not be created";
    return false;
  }
  if (!spec.settings.contained) return LayoutUncontained(spec, result, error);
  Attempt full = RunFull(spec);
  if (full.ok) {
    *result = std::move(full.result);
    return true;
  }
  Attempt safe = Run(spec, Plan::kSafe, TestFault(false));
  if (!safe.ok) {
    *error = full.error + "; the simplified layout failed too: " + safe.error;
    return false;
  }
  *result = std::move(safe.result);
  result->simplified = full.error;
  result->graphviz_output = full.output;
  return true;
}

void ReportWarnings(const LayoutResult& result, grammar::Diagnostics& diags) {
  if (!result.simplified.empty()) {
    std::string printed = FirstLine(result.graphviz_output);
    diags.Warning({0, 0}, "layout-simplified",
                  result.simplified + (printed.empty() ? "" : " (it printed \"" + printed + "\")") +
                      "; drawn with a simpler layout instead: straight edges, arrows of one rank "
                      "drawn across ranks, labels placed after layout");
  }
  std::set<std::string> seen;
  for (std::string_view w : result.warnings) {
    if (w.rfind("Warning: ", 0) == 0) w.remove_prefix(9);
    if (!seen.insert(std::string(w)).second) continue;
    if (seen.size() > kMaxReportedWarnings) break;
    diags.Warning({0, 0}, "layout-graphviz", "graphviz: " + std::string(w));
  }
}

}  // namespace dg::layout::gv
