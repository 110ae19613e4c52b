// Runs a piece of work in a forked child process, so that a crash or a
// runaway inside a third-party library (Graphviz) costs that child, not the
// caller: the batch, Markdown file, --watch session or server worker goes on.
#pragma once

#include <functional>
#include <string>

namespace dg::layout {

struct ChildLimits {
  /// CPU seconds the child may use (RLIMIT_CPU): a runaway is stopped however
  /// loaded the machine is, and a busy machine does not stop an honest child.
  int cpu_seconds = 2;
  /// Wall-clock bound for a child that waits instead of computing (a lock
  /// inherited in a taken state); comfortably above cpu_seconds.
  double wall_seconds = 11;
};

struct ChildOutcome {
  enum class Status {
    kOk,        ///< the work returned; `output` holds what it returned
    kCrashed,   ///< killed by a signal, or exited without a complete answer
    kTimedOut,  ///< passed a limit and was killed
    kNoFork,    ///< fork failed: nothing ran (the caller may run the work itself)
  };
  Status status = Status::kCrashed;
  std::string output;
  std::string stderr_text;  ///< what the child wrote on fd 2 (bounded)
  std::string reason;       ///< "crashed (Segmentation fault)", "used more than 2 s of CPU" …
};

/// Forks, runs `work` in the child with fd 2 captured and the limits set, and
/// returns what it produced. The child ends with _exit: no destructors, no
/// atexit handlers, no stdio flush, no leak check. Safe to call from several
/// threads at once; the child must not rely on locks other threads may hold.
ChildOutcome RunInChild(const std::function<std::string()>& work, const ChildLimits& limits);

}  // namespace dg::layout
