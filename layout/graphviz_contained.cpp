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

// ------------------------------------------------------------ wire format

class Writer {
 public:
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void F64(double v) { Raw(&v, sizeof v); }
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

Attempt Run(const GraphSpec& spec, Plan which, const std::string& fault) {
  DotPlan plan(spec, which);
  Attempt a;
  auto work = [&] {
    Misbehave(fault);
    LayoutResult r;
    std::string error;
    bool ok = LayoutInProcess(plan.dot_spec(), &r, &error);
    return Encode(ok, r, error);
  };
  ChildOutcome child = RunInChild(work, LimitsFor(plan.dot_spec()));
  a.output = child.stderr_text;
  LayoutResult dot;
  if (child.status == ChildOutcome::Status::kNoFork) {
    a.ok = LayoutInProcess(plan.dot_spec(), &dot, &a.error);  // no containment, but a picture
  } else if (child.status != ChildOutcome::Status::kOk) {
    a.error = "graphviz " + child.reason;
    return a;
  } else if (!Decode(child.output, &a.ok, &dot, &a.error)) {
    a.error = "graphviz sent back a garbled layout";
    return a;
  }
  if (a.ok) {
    a.result = plan.MapBack(dot);
    AddPrinted(a.output, &a.result.warnings);
    for (std::string& w : a.result.warnings) w = WithCallerNames(w, spec);
  }
  a.error = WithCallerNames(a.error, spec);
  return a;
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
  if (!spec.settings.contained) {
    DotPlan plan(spec, Plan::kFull);
    LayoutResult dot;
    if (!LayoutInProcess(plan.dot_spec(), &dot, error)) return false;
    *result = plan.MapBack(dot);
    return true;
  }
  Attempt full = Run(spec, Plan::kFull, TestFault(true));
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
