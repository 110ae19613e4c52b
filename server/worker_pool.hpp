// A pool of worker processes (the diagc binary re-executed as `__worker`).
// Graphviz is not thread-safe and cannot be interrupted, so each job runs in
// a process of its own that can be killed: a job over the time limit gets its
// worker SIGKILLed and replaced, and the server keeps serving.
//
// Jobs wait in one first-come-first-served queue; one thread per worker
// ("slot") feeds its process. A slot whose process cannot be started retries
// with backoff for as long as the pool runs, so the pool recovers once the
// resources (file descriptors, memory, processes) are back. One reserve slot
// starts a process only while every worker has been busy with a slow diagram
// for a while, so small diagrams are not starved by slow ones.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/platform.hpp"
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
  size_t max_queued_bytes = 64u << 20;           ///< diagram text of all waiting jobs, likewise
  bool reserve = true;                           ///< the reserve slot for small diagrams (see above)
  /// A job running this long counts as slow; once every worker runs a slow
  /// one, the reserve slot takes the next job.
  std::chrono::milliseconds slow_after{500};
  std::string executable = platform::SelfForSpawn();
};

struct PoolStats {
  unsigned workers = 0;  ///< configured
  unsigned alive = 0;    ///< worker processes running (the reserve's included)
  unsigned busy = 0;
  size_t queued = 0;
  uint64_t restarts_timeout = 0;
  uint64_t restarts_crash = 0;
  uint64_t restarts_memory = 0;
  uint64_t restarts_recycled = 0;
  uint64_t restarts_died_idle = 0;  ///< found dead before a job; the job went to a fresh worker
  uint64_t spawn_failures = 0;
  uint64_t reserve_jobs = 0;
  std::string spawn_error;  ///< why the last start failed, while a slot has no process
};

class WorkerPool {
 public:
  /// Called exactly once per job, from a pool thread (or inline when refused).
  using Done = std::function<void(JobResult)>;

  explicit WorkerPool(PoolOptions options) : options_(std::move(options)) {}
  ~WorkerPool() { Shutdown(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Spawns every worker and starts the slots; false (and *error) if not one
  /// worker could be started.
  bool Start(std::string* error);

  /// Queues a job. Failures of the pool come back as 503 (busy, crash,
  /// memory, no worker) or 504 (time); those the diagram causes are marked
  /// `caused_by_diagram`.
  void Submit(Job job, Done done);

  /// Answers queued jobs with 503, lets running ones finish, ends every worker.
  void Shutdown();

  PoolStats stats() const;

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
    bool running() const { return pid > 0; }
  };
  struct Pending {
    Job job;
    Done done;
    std::chrono::steady_clock::time_point queued_at;
  };
  struct Slot {
    bool reserve = false;
    Worker worker;
    bool busy = false;
    std::chrono::steady_clock::time_point busy_since;
    unsigned spawn_failures = 0;  ///< in a row: the backoff grows with them
    std::thread thread;
  };
  /// What becomes of a worker after its job.
  enum class Fate { kKeep, kRetire, kKill };
  enum class Outcome { kReturned, kTimedOut, kDied, kExiting };

  void RunSlot(Slot* slot);
  bool EnsureWorker(Slot* slot, bool backoff);
  bool Take(Slot* slot, Pending* pending);
  bool ReserveMayTake() const;  // with mutex_ held
  JobResult Execute(Slot* slot, const Job& job, Fate* fate);
  JobResult ExecuteOnce(Slot* slot, const Job& job, Fate* fate, bool* killed_from_outside);
  Outcome Exchange(const Worker& worker, const Job& job, JobResult* result);
  void EndWorker(Slot* slot, Fate fate);
  void ExpireWaiting();
  JobResult NoWorkerResult(const Job& job) const;  // with mutex_ held

  bool Spawn(Worker* worker, std::string* error);
  static int Reap(Worker worker, bool kill, std::chrono::milliseconds grace);

  PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::deque<Pending> queue_;
  size_t queued_bytes_ = 0;  ///< source bytes of the jobs in queue_
  bool started_ = false;
  bool stopping_ = false;
  std::string spawn_error_;
  std::thread ticker_;
  std::atomic<uint64_t> restarts_timeout_{0}, restarts_crash_{0}, restarts_memory_{0}, restarts_recycled_{0},
      restarts_died_idle_{0}, spawn_failures_{0}, reserve_jobs_{0};
};

}  // namespace dg::server
