#include "server/worker_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "server/job.hpp"

extern char** environ;

namespace dg::server {
namespace {

constexpr auto kReapPollInterval = std::chrono::milliseconds(10);
constexpr auto kExitGrace = std::chrono::milliseconds(2000);  // EOF → exit, before SIGKILL
constexpr auto kTick = std::chrono::milliseconds(100);        // expiry of waiting jobs, reserve checks
constexpr auto kFirstBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::milliseconds(5000);  // a pool without workers retries this often

std::string Seconds(std::chrono::milliseconds ms) {
  double s = static_cast<double>(ms.count()) / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

/// A live idle worker never writes: anything readable (EOF, above all)
/// means it died while waiting for work.
bool DiedWhileIdle(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

std::chrono::milliseconds Backoff(unsigned failures) {
  auto delay = kFirstBackoff * (1u << std::min(failures, 16u));
  return std::min<std::chrono::milliseconds>(delay, kMaxBackoff);
}

JobResult BlameDiagram(JobResult result) {
  result.caused_by_diagram = true;
  return result;
}

}  // namespace

bool WorkerPool::Spawn(Worker* worker, std::string* error) {
  int sv[2];
  if (!platform::SocketPairCloseOnExec(sv)) {
    *error = std::string("socketpair: ") + std::strerror(errno);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, 2, 1);  // stray prints go to the server's stderr
  posix_spawn_file_actions_adddup2(&actions, sv[1], kWorkerFd);
  posix_spawn_file_actions_addclosefrom_np(&actions, kWorkerFd + 1);  // no listening socket etc.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGHUP}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);  // the server blocks SIGINT/SIGTERM for sigwait
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  int cpu_seconds = static_cast<int>(options_.time_limit.count() / 1000) + 2;
  std::vector<std::string> args = {"diagc",          "__worker",
                                   "--memory-mb",    std::to_string(options_.memory_mb),
                                   "--cpu-seconds",  std::to_string(cpu_seconds),
                                   "--recycle-mb",   std::to_string(options_.recycle_mb),
                                   "--parent",       std::to_string(getpid())};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, options_.executable.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(sv[1]);
  if (rc != 0) {
    ::close(sv[0]);
    *error = "cannot start a worker (" + options_.executable + "): " + std::strerror(rc);
    return false;
  }
  *worker = {pid, sv[0]};
  return true;
}


bool WorkerPool::Start(std::string* error) {
  for (unsigned i = 0; i < options_.workers; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    EnsureWorker(slots_.back().get(), /*backoff=*/false);
  }
  if (stats().alive == 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    *error = spawn_error_;
    return false;
  }
  if (options_.reserve) {
    slots_.push_back(std::make_unique<Slot>());
    slots_.back()->reserve = true;
  }
  started_ = true;
  for (auto& slot : slots_) slot->thread = std::thread([this, s = slot.get()] { RunSlot(s); });
  ticker_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      ExpireWaiting();
      lock.lock();
      changed_.wait_for(lock, kTick, [&] { return stopping_; });
    }
  });
  return true;
}

void WorkerPool::Submit(Job job, Done done) {
  std::unique_lock<std::mutex> lock(mutex_);
  std::optional<JobResult> refusal;
  if (stopping_) {
    refusal = ErrorResult(job, 503, "the server is shutting down\n");
  } else if (queue_.size() >= options_.max_queued ||
             (!queue_.empty() && queued_bytes_ + job.source.size() > options_.max_queued_bytes)) {
    refusal = ErrorResult(job, 503, "the server is busy: " + std::to_string(queue_.size()) +
                                        " requests are already waiting; try again\n");
  } else if (!spawn_error_.empty() && std::none_of(slots_.begin(), slots_.end(), [](const auto& slot) {
               return slot->worker.running();
             })) {
    refusal = NoWorkerResult(job);  // fail fast while the pool cannot start workers
  }
  if (!refusal) {
    queued_bytes_ += job.source.size();
    queue_.push_back({std::move(job), std::move(done), std::chrono::steady_clock::now()});
    changed_.notify_all();
    return;
  }
  lock.unlock();
  done(std::move(*refusal));
}

JobResult WorkerPool::NoWorkerResult(const Job& job) const {
  return ErrorResult(job, 503, "no worker is running (" + spawn_error_ + "); the server keeps trying to start one\n");
}

void WorkerPool::RunSlot(Slot* slot) {
  for (;;) {
    if (!slot->reserve && !slot->worker.running() && !EnsureWorker(slot, /*backoff=*/true)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) break;
      continue;
    }
    Pending pending;
    if (!Take(slot, &pending)) break;
    Fate fate = Fate::kKeep;
    JobResult result = Execute(slot, pending.job, &fate);
    pending.done(std::move(result));  // answer first, clean up after
    if (slot->reserve && fate == Fate::kKeep) fate = Fate::kRetire;  // the reserve is only for the moment
    if (fate != Fate::kKeep) EndWorker(slot, fate);
    std::lock_guard<std::mutex> lock(mutex_);
    slot->busy = false;
    changed_.notify_all();
  }
  if (slot->worker.running()) EndWorker(slot, Fate::kRetire);
}

bool WorkerPool::EnsureWorker(Slot* slot, bool backoff) {
  Worker worker;
  std::string error;
  bool spawned = Spawn(&worker, &error);
  std::unique_lock<std::mutex> lock(mutex_);
  if (spawned) {
    if (slot->spawn_failures != 0) std::fprintf(stderr, "diagc serve: a worker started again\n");
    slot->worker = worker;
    slot->spawn_failures = 0;
    if (std::all_of(slots_.begin(), slots_.end(), [](const auto& s) { return s->reserve || s->worker.running(); })) {
      spawn_error_.clear();
    }
    return true;
  }
  ++spawn_failures_;
  if (spawn_error_.empty()) std::fprintf(stderr, "diagc serve: %s; retrying\n", error.c_str());
  spawn_error_ = error;
  if (backoff) changed_.wait_for(lock, Backoff(slot->spawn_failures), [&] { return stopping_; });
  ++slot->spawn_failures;
  return false;
}

bool WorkerPool::Take(Slot* slot, Pending* pending) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return stopping_ || (!queue_.empty() && (!slot->reserve || ReserveMayTake())); });
  if (stopping_) return false;
  *pending = std::move(queue_.front());
  queue_.pop_front();
  queued_bytes_ -= pending->job.source.size();
  slot->busy = true;
  slot->busy_since = std::chrono::steady_clock::now();
  if (slot->reserve) ++reserve_jobs_;
  return true;
}

bool WorkerPool::ReserveMayTake() const {
  auto slow_since = std::chrono::steady_clock::now() - options_.slow_after;
  for (const auto& slot : slots_) {
    if (!slot->reserve && !(slot->busy && slot->busy_since <= slow_since)) return false;
  }
  return true;
}

JobResult WorkerPool::Execute(Slot* slot, const Job& job, Fate* fate) {
  if (slot->worker.running() && DiedWhileIdle(slot->worker.fd)) {
    Reap(slot->worker, /*kill=*/true, kExitGrace);
    std::lock_guard<std::mutex> lock(mutex_);
    slot->worker = {};
    ++restarts_died_idle_;
  }
  for (int attempt = 0;; ++attempt) {
    if (!slot->worker.running() && !EnsureWorker(slot, /*backoff=*/false)) {
      std::lock_guard<std::mutex> lock(mutex_);
      return NoWorkerResult(job);
    }
    bool killed_from_outside = false;
    JobResult result = ExecuteOnce(slot, job, fate, &killed_from_outside);
    // SIGKILL from someone else (the OOM killer, an operator) says nothing
    // about the diagram: once more on a fresh worker.
    if (!killed_from_outside || attempt == 1) return result;
  }
}

WorkerPool::Outcome WorkerPool::Exchange(const Worker& worker, const Job& job, JobResult* result) {
  auto deadline = std::chrono::steady_clock::now() + options_.time_limit;
  if (!WriteFrame(worker.fd, EncodeJob(job))) return Outcome::kDied;
  std::string frame;
  ReadStatus status = ReadFrame(worker.fd, &frame, deadline);
  if (status == ReadStatus::kTimeout) return Outcome::kTimedOut;
  if (status != ReadStatus::kOk) return Outcome::kDied;
  std::optional<JobResult> decoded = DecodeResult(frame);
  if (!decoded) return Outcome::kDied;
  *result = std::move(*decoded);
  return result->retiring ? Outcome::kExiting : Outcome::kReturned;
}

JobResult WorkerPool::ExecuteOnce(Slot* slot, const Job& job, Fate* fate, bool* killed_from_outside) {
  JobResult result;
  switch (Exchange(slot->worker, job, &result)) {
    case Outcome::kReturned:
      *fate = Fate::kKeep;
      return result;
    case Outcome::kExiting:
      *fate = Fate::kRetire;
      if (result.status != 503) {
        ++restarts_recycled_;
        return result;
      }
      ++restarts_memory_;
      return BlameDiagram(std::move(result));
    case Outcome::kTimedOut:
      *fate = Fate::kKill;
      ++restarts_timeout_;
      return BlameDiagram(ErrorResult(job, 504, "rendering took longer than the " + Seconds(options_.time_limit) +
                                                    " s time limit and was stopped\n"));
    case Outcome::kDied: break;
  }
  int status = Reap(slot->worker, /*kill=*/true, kExitGrace);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    slot->worker = {};
  }
  *fate = Fate::kKeep;  // nothing left to end
  int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  *killed_from_outside = signal == SIGKILL;
  bool cpu = signal == SIGXCPU;
  ++(cpu ? restarts_timeout_ : restarts_crash_);
  return BlameDiagram(ErrorResult(job, 503, cpu ? "rendering used more than its CPU time limit and was stopped\n"
                                                : "the renderer crashed on this diagram; the worker was restarted\n"));
}

void WorkerPool::EndWorker(Slot* slot, Fate fate) {
  Reap(slot->worker, fate == Fate::kKill, kExitGrace);
  std::lock_guard<std::mutex> lock(mutex_);
  slot->worker = {};
}

void WorkerPool::ExpireWaiting() {
  std::vector<std::pair<Done, JobResult>> expired;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto too_old = std::chrono::steady_clock::now() - options_.queue_wait;
    bool any_worker = std::any_of(slots_.begin(), slots_.end(), [](const auto& s) { return s->worker.running(); });
    while (!queue_.empty() && queue_.front().queued_at <= too_old) {
      Pending& pending = queue_.front();
      JobResult result = any_worker || spawn_error_.empty()
                             ? ErrorResult(pending.job, 503, "all " + std::to_string(options_.workers) +
                                                                 " workers stayed busy for " +
                                                                 Seconds(options_.queue_wait) + " s; try again\n")
                             : NoWorkerResult(pending.job);
      queued_bytes_ -= pending.job.source.size();
      expired.emplace_back(std::move(pending.done), std::move(result));
      queue_.pop_front();
    }
    if (!queue_.empty()) changed_.notify_all();  // the reserve slot looks again at how long jobs have run
  }
  for (auto& [done, result] : expired) done(std::move(result));
}

int WorkerPool::Reap(Worker worker, bool kill, std::chrono::milliseconds grace) {
  if (kill) ::kill(worker.pid, SIGKILL);
  ::close(worker.fd);  // a live worker reads EOF and exits
  auto give_up = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (waitpid(worker.pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      ::kill(worker.pid, SIGKILL);
      waitpid(worker.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(kReapPollInterval);
  }
  return status;
}

void WorkerPool::Shutdown() {
  std::deque<Pending> waiting;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    waiting.swap(queue_);
    queued_bytes_ = 0;
    changed_.notify_all();
  }
  for (Pending& pending : waiting) pending.done(ErrorResult(pending.job, 503, "the server is shutting down\n"));
  for (auto& slot : slots_) {
    if (slot->thread.joinable()) slot->thread.join();  // a running job finishes first
    if (slot->worker.running()) EndWorker(slot.get(), Fate::kRetire);
  }
  if (ticker_.joinable()) ticker_.join();
}

PoolStats WorkerPool::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  PoolStats s;
  s.workers = options_.workers;
  for (const auto& slot : slots_) {
    s.alive += slot->worker.running() ? 1 : 0;
    s.busy += slot->busy ? 1 : 0;
  }
  s.queued = queue_.size();
  s.restarts_timeout = restarts_timeout_;
  s.restarts_crash = restarts_crash_;
  s.restarts_memory = restarts_memory_;
  s.restarts_recycled = restarts_recycled_;
  s.restarts_died_idle = restarts_died_idle_;
  s.spawn_failures = spawn_failures_;
  s.reserve_jobs = reserve_jobs_;
  s.spawn_error = spawn_error_;
  return s;
}

}  // namespace dg::server
