// Runs work in a forked child process, so that a crash or a runaway inside
// a third-party library (Graphviz) costs that child, not the caller: the
// batch, Markdown file, --watch session or server worker goes on.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

namespace dg::layout {

struct ChildLimits {
  /// CPU seconds one call may use (RLIMIT_CPU): a runaway is stopped however
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
  std::string stderr_text;  ///< what the child wrote on fd 1 and 2 during the call (bounded)
  std::string reason;       ///< "crashed (SIGSEGV)", "used more than 2 s of CPU" …
};

/// A child process that serves calls one at a time: a call's request goes to
/// `serve` in the child and what it returns comes back. The child is forked
/// on the first call and kept, so a batch pays for one fork and keeps a warm
/// heap; a crash, a runaway or a limit ends it, and the next call forks a
/// fresh one. Children end with _exit (no destructors, no atexit handlers,
/// no stdio flush, no leak check) and die with the thread that forked them.
/// One object per thread: calls on one object must not overlap.
class WorkerProcess {
 public:
  using Serve = std::function<std::string(const std::string& request)>;
  /// `max_calls`: the child is replaced after this many calls (bounds what a
  /// leaking library accumulates).
  explicit WorkerProcess(Serve serve, int max_calls = 1000);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  ChildOutcome Call(const std::string& request, const ChildLimits& limits);
  /// Ends the child; the next call forks a fresh one.
  void Stop();

 private:
  bool Start(std::string* error);
  ChildOutcome Fail(ChildOutcome outcome, bool timed_out);

  Serve serve_;
  int max_calls_;
  int calls_ = 0;
  pid_t pid_ = -1;
  int to_child_ = -1;    // requests
  int from_child_ = -1;  // answers
  int printed_ = -1;     // the child's stdout and stderr
};

/// One call in a child forked for it alone.
ChildOutcome RunInChild(const std::function<std::string()>& work, const ChildLimits& limits);

}  // namespace dg::layout
