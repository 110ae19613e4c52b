#include "server/worker_pool.hpp"

#include <fcntl.h>
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

std::string Seconds(std::chrono::milliseconds ms) {
  double s = static_cast<double>(ms.count()) / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

}  // namespace

bool WorkerPool::Spawn(Worker* worker, std::string* error) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
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
    Worker worker;
    if (!Spawn(&worker, error)) break;
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(worker);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return !idle_.empty();
}

bool WorkerPool::Acquire(Worker* worker, JobResult* refusal, const Job& job) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!stopping_ && idle_.empty() && waiting_.size() >= options_.max_queued) {
    *refusal = ErrorResult(job, 503, "the server is busy: " + std::to_string(waiting_.size()) +
                                         " requests are already waiting; try again\n");
    return false;
  }
  // First come, first served: a free worker goes to the oldest waiter, which
  // keeps the latency tail short under overload.
  uint64_t ticket = next_ticket_++;
  waiting_.push_back(ticket);
  changed_.wait_for(lock, options_.queue_wait,
                    [&] { return stopping_ || (!idle_.empty() && waiting_.front() == ticket); });
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
  changed_.notify_all();  // the next in line may take another free worker
  if (stopping_) {
    *refusal = ErrorResult(job, 503, "the server is shutting down\n");
    return false;
  }
  if (idle_.empty()) {
    *refusal = ErrorResult(job, 503, "all " + std::to_string(busy_) + " workers stayed busy for " +
                                         Seconds(options_.queue_wait) + " s; try again\n");
    return false;
  }
  *worker = idle_.back();
  idle_.pop_back();
  ++busy_;
  return true;
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

void WorkerPool::Release(Worker worker) {
  std::lock_guard<std::mutex> lock(mutex_);
  --busy_;
  idle_.push_back(worker);
  changed_.notify_all();
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

int WorkerPool::Replace(Worker worker, bool kill, bool wait) {
  if (kill) ::kill(worker.pid, SIGKILL);  // stop burning CPU before anything else
  Worker successor;
  std::string error;
  bool spawned = Spawn(&successor, &error);
  if (!spawned) std::fprintf(stderr, "diagc serve: %s\n", error.c_str());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --busy_;
    if (spawned && !stopping_) idle_.push_back(successor);
    changed_.notify_all();
  }
  if (spawned && stopping_) Reap(successor, false, kExitGrace);
  if (wait) return Reap(worker, kill, kExitGrace);
  std::thread([worker] { Reap(worker, false, kExitGrace); }).detach();
  return 0;
}

JobResult WorkerPool::Run(const Job& job) {
  Worker worker;
  JobResult result;
  if (!Acquire(&worker, &result, job)) return result;
  switch (Exchange(worker, job, &result)) {
    case Outcome::kReturned:
      Release(worker);
      return result;
    case Outcome::kTimedOut:
      Replace(worker, /*kill=*/true);
      ++restarts_timeout_;
      return ErrorResult(job, 504, "rendering took longer than the " + Seconds(options_.time_limit) +
                                       " s time limit and was stopped\n");
    case Outcome::kExiting:
      Replace(worker, /*kill=*/false, /*wait=*/false);
      ++(result.status == 503 ? restarts_memory_ : restarts_recycled_);
      return result;
    case Outcome::kDied: break;
  }
  int status = Replace(worker, /*kill=*/true);
  bool cpu = WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU;
  ++(cpu ? restarts_timeout_ : restarts_crash_);
  return ErrorResult(job, 503, cpu ? "rendering used more than its CPU time limit and was stopped\n"
                                   : "the renderer crashed on this diagram; the worker was restarted\n");
}

void WorkerPool::Shutdown() {
  std::vector<Worker> workers;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return busy_ == 0; });  // in-flight jobs finish first
    workers.swap(idle_);
  }
  for (const Worker& worker : workers) Reap(worker, false, kExitGrace);
}

PoolStats WorkerPool::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  PoolStats s;
  s.alive = static_cast<unsigned>(idle_.size()) + busy_;
  s.busy = busy_;
  s.queued = waiting_.size();
  s.restarts_timeout = restarts_timeout_;
  s.restarts_crash = restarts_crash_;
  s.restarts_memory = restarts_memory_;
  s.restarts_recycled = restarts_recycled_;
  return s;
}

}  // namespace dg::server
