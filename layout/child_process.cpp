#include "layout/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>

#include "platform/platform.hpp"

namespace dg::layout {
namespace {

constexpr size_t kMaxPrintedBytes = 16 << 10;  // enough for an assertion or a sanitizer summary
constexpr int kExitServeThrew = 101;
constexpr size_t kFrameHeader = sizeof(uint64_t);

double Now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// Writes everything; MSG_NOSIGNAL on the socket, so a dead reader is an
/// error here and not a SIGPIPE that would end the caller.
bool SendAll(int fd, const char* data, size_t size, bool socket) {
  while (size > 0) {
    ssize_t n = socket ? ::send(fd, data, size, MSG_NOSIGNAL) : ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= size_t(n);
  }
  return true;
}

bool ReadAll(int fd, void* into, size_t size) {
  char* p = static_cast<char*>(into);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= size_t(n);
  }
  return true;
}

void CloseFd(int* fd) {
  if (*fd >= 0) ::close(*fd);
  *fd = -1;
}

/// Sets a resource limit, never above the hard limit already in force (a
/// server worker runs under its own RLIMIT_CPU).
void Limit(int resource, rlim_t soft, rlim_t hard) {
  rlimit current{};
  getrlimit(resource, &current);
  if (current.rlim_max != RLIM_INFINITY) hard = std::min(hard, current.rlim_max);
  rlimit limit{std::min(soft, hard), hard};
  setrlimit(resource, &limit);
}

/// RLIMIT_CPU counts the child's whole life, so each call moves the soft
/// limit to "CPU used so far + this call's allowance" (SIGXCPU there, and
/// SIGKILL a second later).
void AllowCpu(int64_t seconds) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  rlim_t used = rlim_t(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1;
  rlim_t soft = used + rlim_t(std::max<int64_t>(1, seconds));
  Limit(RLIMIT_CPU, soft, soft + 1);
}

[[noreturn]] void ChildLoop(const WorkerProcess::Serve& serve, pid_t parent, int channel,
                            int printed) {
  // Die with the parent (a server worker killed at its own deadline must not
  // leave a Graphviz runaway behind).
  platform::DieWithParent();
  platform::SetProcessName("diagc-layout");  // what ps, top and perf show
  if (getppid() != parent) _exit(1);
  // Whatever the library prints (stdout too: it must never reach `-o -`)
  // comes back to the parent as text.
  dup2(printed, STDERR_FILENO);
  dup2(printed, STDOUT_FILENO);
  // Nothing else of the parent's stays open here: not its output files, not
  // a server's client sockets or worker channels, not a listening socket.
  constexpr int kChannelFd = 3;
  if (channel != kChannelFd) {
    dup2(channel, kChannelFd);
    channel = kChannelFd;
  }
  platform::CloseDescriptorsFrom(kChannelFd + 1);
  // A crash ends the child: the parent's crash handlers (a test framework's,
  // a sanitizer's) must not run here as if the parent had crashed.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU}) signal(sig, SIG_DFL);
  Limit(RLIMIT_CORE, 0, 0);  // a crash here is expected and reported, not a core file
  for (;;) {
    uint64_t size = 0;
    int64_t cpu = 0;
    if (!ReadAll(channel, &size, sizeof size)) _exit(0);  // the parent is done with us
    std::string request(size, '\0');
    if (!ReadAll(channel, &cpu, sizeof cpu) || !ReadAll(channel, request.data(), size)) _exit(1);
    AllowCpu(cpu);
    std::string answer;
    try {
      answer = serve(request);
    } catch (const std::exception& e) {
      std::string text = std::string("exception: ") + e.what() + "\n";
      SendAll(STDERR_FILENO, text.data(), text.size(), false);
      _exit(kExitServeThrew);
    } catch (...) {
      _exit(kExitServeThrew);
    }
    uint64_t n = answer.size();
    if (!SendAll(channel, reinterpret_cast<const char*>(&n), sizeof n, true) ||
        !SendAll(channel, answer.data(), answer.size(), true))
      _exit(1);
  }
}

/// Appends what is available on fd (keeping at most `cap` bytes in all);
/// false at end of file or on an error.
bool ReadSome(int fd, std::string* into, size_t cap) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  into->append(buf, std::min(size_t(n), cap - std::min(cap, into->size())));
  return true;
}

bool FrameComplete(const std::string& data) {
  if (data.size() < kFrameHeader) return false;
  uint64_t size = 0;
  std::memcpy(&size, data.data(), kFrameHeader);
  return data.size() - kFrameHeader >= size;
}

/// Reads the answer (and what the child prints meanwhile) until the answer
/// is complete, the child's end closes, or the deadline passes. False when
/// the deadline passed.
bool Collect(int channel, int printed, double deadline, std::string* answer, std::string* text) {
  bool open = true;
  while (open && !FrameComplete(*answer)) {
    double left = deadline - Now();
    if (left <= 0) return false;
    pollfd fds[2] = {{channel, POLLIN, 0}, {printed, POLLIN, 0}};
    int ready = poll(fds, 2, int(std::ceil(std::min(left, 1.0) * 1000)));
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    if (fds[0].revents) open = ReadSome(channel, answer, SIZE_MAX);
    if (fds[1].revents) ReadSome(printed, text, kMaxPrintedBytes);
  }
  return true;
}

/// What the child printed that is still in the pipe (non-blocking: the
/// child may be alive and idle).
void Drain(int fd, std::string* text) {
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN) || !ReadSome(fd, text, kMaxPrintedBytes))
      return;
  }
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

/// Creating the channels and forking happen under one lock, so a child
/// forked by another thread never inherits our child's ends (it would hold
/// our child's end of file back until it ends itself).
std::mutex& ForkMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

WorkerProcess::WorkerProcess(Serve serve, int max_calls)
    : serve_(std::move(serve)), max_calls_(max_calls) {}

WorkerProcess::~WorkerProcess() { Stop(); }

bool WorkerProcess::Start(std::string* error) {
  int channel[2] = {-1, -1}, printed[2] = {-1, -1};
  std::lock_guard<std::mutex> lock(ForkMutex());
  if (!platform::SocketPairCloseOnExec(channel) || !platform::PipeCloseOnExec(printed)) {
    *error = std::string("cannot start a child process: ") + std::strerror(errno);
    for (int* fd : {&channel[0], &channel[1], &printed[0], &printed[1]}) CloseFd(fd);
    return false;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    ::close(channel[0]);
    ::close(printed[0]);
    ChildLoop(serve_, parent, channel[1], printed[1]);
  }
  int fork_errno = errno;
  CloseFd(&channel[1]);
  CloseFd(&printed[1]);
  if (pid < 0) {
    *error = std::string("cannot start a child process: ") + std::strerror(fork_errno);
    CloseFd(&channel[0]);
    CloseFd(&printed[0]);
    return false;
  }
  pid_ = pid;
  to_child_ = from_child_ = channel[0];
  printed_ = printed[0];
  calls_ = 0;
  return true;
}

void WorkerProcess::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  CloseFd(&to_child_);
  from_child_ = -1;
  CloseFd(&printed_);
}

ChildOutcome WorkerProcess::Fail(ChildOutcome outcome, bool timed_out) {
  using S = ChildOutcome::Status;
  if (timed_out) kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  Drain(printed_, &outcome.stderr_text);
  pid_ = -1;  // reaped: Stop() only closes what is left
  Stop();
  if (timed_out) {
    outcome.status = S::kTimedOut;
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
    outcome.status = S::kTimedOut;
  } else if (WIFSIGNALED(status)) {
    outcome.status = S::kCrashed;
    outcome.reason = "crashed (" + SignalName(WTERMSIG(status)) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    outcome.status = S::kCrashed;
    outcome.reason = "failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
  } else {
    outcome.status = S::kCrashed;
    outcome.reason = "ended without an answer";
  }
  return outcome;
}

ChildOutcome WorkerProcess::Call(const std::string& request, const ChildLimits& limits) {
  ChildOutcome outcome;
  if (pid_ > 0 && calls_ >= max_calls_) Stop();
  if (pid_ < 0 && !Start(&outcome.reason)) {
    outcome.status = ChildOutcome::Status::kNoFork;
    return outcome;
  }
  ++calls_;
  uint64_t size = request.size();
  int64_t cpu = limits.cpu_seconds;
  bool sent = SendAll(to_child_, reinterpret_cast<const char*>(&size), sizeof size, true) &&
              SendAll(to_child_, reinterpret_cast<const char*>(&cpu), sizeof cpu, true) &&
              SendAll(to_child_, request.data(), request.size(), true);
  std::string answer;
  bool in_time = sent && Collect(from_child_, printed_, Now() + limits.wall_seconds, &answer,
                                 &outcome.stderr_text);
  if (!sent || !in_time || !FrameComplete(answer)) {
    // SIGXCPU also ends a call that used too much CPU; name the limit.
    outcome.reason = in_time || !sent
                         ? ""
                         : "did not finish within " + std::to_string(int(limits.wall_seconds)) + " s";
    ChildOutcome failed = Fail(std::move(outcome), sent && !in_time);
    if (failed.status == ChildOutcome::Status::kTimedOut && failed.reason.empty())
      failed.reason = "used more than " + std::to_string(limits.cpu_seconds) + " s of CPU";
    return failed;
  }
  Drain(printed_, &outcome.stderr_text);
  outcome.status = ChildOutcome::Status::kOk;
  outcome.output = answer.substr(kFrameHeader);
  return outcome;
}

ChildOutcome RunInChild(const std::function<std::string()>& work, const ChildLimits& limits) {
  WorkerProcess once([&](const std::string&) { return work(); });
  return once.Call("", limits);
}

}  // namespace dg::layout
