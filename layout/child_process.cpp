#include "layout/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace dg::layout {
namespace {

constexpr size_t kMaxStderrBytes = 16 << 10;  // enough for an assertion or a sanitizer summary
constexpr int kExitWorkThrew = 101;
constexpr size_t kFrameHeader = sizeof(uint64_t);

double Now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= size_t(n);
  }
  return true;
}

void CloseFd(int* fd) {
  if (*fd >= 0) ::close(*fd);
  *fd = -1;
}

/// Lowers a resource limit, never above the hard limit already in force (a
/// server worker runs under its own RLIMIT_CPU).
void Lower(int resource, rlim_t soft, rlim_t hard) {
  rlimit current{};
  getrlimit(resource, &current);
  if (current.rlim_max != RLIM_INFINITY) hard = std::min(hard, current.rlim_max);
  rlimit limit{std::min(soft, hard), hard};
  setrlimit(resource, &limit);
}

[[noreturn]] void ChildMain(const std::function<std::string()>& work, const ChildLimits& limits,
                            pid_t parent, int out_fd, int err_fd) {
  // Die with the parent (a server worker killed at its own deadline must not
  // leave a Graphviz runaway behind).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
  // Whatever the library prints (stdout too: it must never reach `-o -`)
  // comes back to the parent as text.
  dup2(err_fd, STDERR_FILENO);
  dup2(err_fd, STDOUT_FILENO);
  if (err_fd != STDERR_FILENO && err_fd != STDOUT_FILENO) ::close(err_fd);
  // A crash ends the child: the parent's crash handlers (a test framework's,
  // a sanitizer's) must not run here as if the parent had crashed.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU}) signal(sig, SIG_DFL);
  Lower(RLIMIT_CORE, 0, 0);  // a crash here is expected and reported, not a core file
  rlim_t cpu = rlim_t(std::max(1, limits.cpu_seconds));
  Lower(RLIMIT_CPU, cpu, cpu + 1);  // SIGXCPU at the soft limit, SIGKILL a second later
  std::string output;
  try {
    output = work();
  } catch (const std::exception& e) {
    std::string text = std::string("exception: ") + e.what() + "\n";
    WriteAll(STDERR_FILENO, text.data(), text.size());
    _exit(kExitWorkThrew);
  } catch (...) {
    _exit(kExitWorkThrew);
  }
  uint64_t size = output.size();
  bool sent = WriteAll(out_fd, reinterpret_cast<const char*>(&size), sizeof size) &&
              WriteAll(out_fd, output.data(), output.size());
  _exit(sent ? 0 : 1);
}

/// Reads what is available on fd into *into (at most `cap` kept); false at EOF.
bool ReadSome(int fd, std::string* into, size_t cap) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  size_t keep = std::min(size_t(n), cap > into->size() ? cap - into->size() : 0);
  into->append(buf, keep);
  return true;
}

bool FrameComplete(const std::string& data) {
  if (data.size() < kFrameHeader) return false;
  uint64_t size = 0;
  std::memcpy(&size, data.data(), kFrameHeader);
  return data.size() - kFrameHeader >= size;
}

/// Collects the child's answer and stderr until the answer is complete, the
/// child closes its end, or the deadline passes. True unless timed out.
bool Collect(int out_fd, int err_fd, double deadline, std::string* out, std::string* err) {
  bool out_open = true, err_open = true;
  while (out_open && !FrameComplete(*out)) {
    double left = deadline - Now();
    if (left <= 0) return false;
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_open ? err_fd : -1, POLLIN, 0}};
    int ready = poll(fds, 2, int(std::ceil(std::min(left, 1.0) * 1000)));
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    if (fds[0].revents) out_open = ReadSome(out_fd, out, SIZE_MAX);
    if (err_open && fds[1].revents) err_open = ReadSome(err_fd, err, kMaxStderrBytes);
  }
  return true;
}

/// What the child left on stderr after it ended (non-blocking: another
/// thread's child may still hold a copy of the write end).
void Drain(int fd, std::string* err) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    err->append(buf, std::min(size_t(n), kMaxStderrBytes - std::min(kMaxStderrBytes, err->size())));
  }
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

void Judge(int status, bool timed_out, bool complete, const ChildLimits& limits,
           ChildOutcome* outcome) {
  using S = ChildOutcome::Status;
  if (timed_out) {
    outcome->status = S::kTimedOut;
    outcome->reason = "did not finish within " + std::to_string(int(limits.wall_seconds)) + " s";
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
    outcome->status = S::kTimedOut;
    outcome->reason = "used more than " + std::to_string(limits.cpu_seconds) + " s of CPU";
  } else if (WIFSIGNALED(status)) {
    outcome->status = S::kCrashed;
    outcome->reason = "crashed (" + SignalName(WTERMSIG(status)) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    outcome->status = S::kCrashed;
    outcome->reason = "failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  } else if (!complete) {
    outcome->status = S::kCrashed;
    outcome->reason = "ended without an answer";
  } else {
    outcome->status = S::kOk;
  }
}

/// Creating the pipes and forking happen under one lock, so a child forked
/// by another thread never inherits the write end of our pipes (it would
/// hold our child's EOF back until it ends itself).
std::mutex& ForkMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

ChildOutcome RunInChild(const std::function<std::string()>& work, const ChildLimits& limits) {
  ChildOutcome outcome;
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  pid_t pid = -1;
  {
    std::lock_guard<std::mutex> lock(ForkMutex());
    if (pipe2(out_pipe, O_CLOEXEC) == 0 && pipe2(err_pipe, O_CLOEXEC) == 0) {
      pid_t parent = getpid();
      pid = fork();
      if (pid == 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        ChildMain(work, limits, parent, out_pipe[1], err_pipe[1]);
      }
    }
    CloseFd(&out_pipe[1]);
    CloseFd(&err_pipe[1]);
  }
  if (pid < 0) {
    outcome.status = ChildOutcome::Status::kNoFork;
    outcome.reason = std::string("cannot start a child process: ") + std::strerror(errno);
    CloseFd(&out_pipe[0]);
    CloseFd(&err_pipe[0]);
    return outcome;
  }
  std::string answer;
  bool in_time = Collect(out_pipe[0], err_pipe[0], Now() + limits.wall_seconds, &answer,
                         &outcome.stderr_text);
  if (!in_time) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  Drain(err_pipe[0], &outcome.stderr_text);
  CloseFd(&out_pipe[0]);
  CloseFd(&err_pipe[0]);
  bool complete = FrameComplete(answer);
  Judge(status, !in_time, complete, limits, &outcome);
  if (outcome.status == ChildOutcome::Status::kOk) outcome.output = answer.substr(kFrameHeader);
  return outcome;
}

}  // namespace dg::layout
