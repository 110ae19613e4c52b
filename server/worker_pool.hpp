// A pool of worker processes (the diagc binary re-executed as `__worker`).
// Graphviz is not thread-safe and cannot be interrupted, so each job runs in
// a process of its own that can be killed: a job over the time limit gets its
// worker SIGKILLed and replaced, and the server keeps serving.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "server/protocol.hpp"

namespace dg::server {

/// The worker's end of its socketpair.
constexpr int kWorkerFd = 3;

struct PoolOptions {
  unsigned workers = 2;
  std::chrono::milliseconds time_limit{10'000};  ///< per job, measured by the server
  std::chrono::milliseconds queue_wait{10'000};  ///< longest wait for a free worker
  size_t memory_mb = 1024;                       ///< RLIMIT_AS of each worker (0 = none)
  size_t recycle_mb = 128;                       ///< a worker whose RSS passes this is replaced (0 = never)
  size_t max_queued = 256;                       ///< requests waiting beyond this get 503 at once
  std::string executable = "/proc/self/exe";
};

struct PoolStats {
  unsigned alive = 0;
  unsigned busy = 0;
  size_t queued = 0;
  uint64_t restarts_timeout = 0;
  uint64_t restarts_crash = 0;
  uint64_t restarts_memory = 0;
  uint64_t restarts_recycled = 0;
};

class WorkerPool {
 public:
  explicit WorkerPool(PoolOptions options) : options_(std::move(options)) {}
  ~WorkerPool() { Shutdown(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Spawns every worker; false (and *error) if none could be started.
  bool Start(std::string* error);

  /// Runs one job on a free worker; waits for one up to queue_wait. Failures
  /// of the pool itself come back as 503 (busy, crash, memory) or 504 (time).
  JobResult Run(const Job& job);

  /// Waits for running jobs, then ends every worker (EOF, then SIGKILL).
  void Shutdown();

  PoolStats stats() const;

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
  };
  enum class Outcome { kReturned, kTimedOut, kDied, kExiting };

  bool Spawn(Worker* worker, std::string* error);
  bool Acquire(Worker* worker, JobResult* refusal, const Job& job);
  Outcome Exchange(const Worker& worker, const Job& job, JobResult* result);
  void Release(Worker worker);
  /// Starts a successor for `worker`, then ends it (SIGKILL first when
  /// `kill`) and reaps it; returns its wait status. A worker that is
  /// retiring by itself is reaped in the background (`wait` false, returns 0).
  int Replace(Worker worker, bool kill, bool wait = true);
  static int Reap(Worker worker, bool kill, std::chrono::milliseconds grace);

  PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Worker> idle_;
  unsigned busy_ = 0;
  std::deque<uint64_t> waiting_;  // tickets of requests waiting for a worker, first come first served
  uint64_t next_ticket_ = 0;
  bool stopping_ = false;
  std::atomic<uint64_t> restarts_timeout_{0}, restarts_crash_{0}, restarts_memory_{0}, restarts_recycled_{0};
};

}  // namespace dg::server
