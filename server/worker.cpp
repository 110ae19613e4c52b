// The worker process: the same diagc binary, re-executed by the server. It
// renders one job at a time, so Graphviz (not thread-safe) never sees two
// threads, and a runaway job costs only this process.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "platform/platform.hpp"
#include "server/job.hpp"
#include "server/protocol.hpp"
#include "server/serve.hpp"
#include "server/worker_pool.hpp"

namespace dg::server {
namespace {

/// Test hooks, only with DIAGC_SERVE_TEST_HOOKS=1 in the environment: a source
/// containing "diagc-test-hook: spin|alloc|crash" misbehaves on purpose, so the
/// tests can prove the time limit, the memory limit and crash recovery hold.
void MaybeRunTestHook(const std::string& source) {
  static const bool enabled = [] {
    const char* v = std::getenv("DIAGC_SERVE_TEST_HOOKS");
    return v && std::strcmp(v, "1") == 0;
  }();
  if (!enabled) return;
  if (source.find("diagc-test-hook: spin") != std::string::npos) {
    volatile uint64_t spins = 0;
    for (;;) spins = spins + 1;
  }
  if (source.find("diagc-test-hook: alloc") != std::string::npos) {
    std::vector<std::string> hog;
    for (;;) hog.emplace_back(64u << 20, 'x');  // throws std::bad_alloc at RLIMIT_AS
  }
  if (source.find("diagc-test-hook: crash") != std::string::npos) std::abort();
}

void LimitMemory(size_t megabytes) {
  if (megabytes == 0) return;
  rlimit limit{megabytes << 20, megabytes << 20};
  if (setrlimit(RLIMIT_AS, &limit) != 0) std::perror("diagc worker: setrlimit(RLIMIT_AS)");
}

/// RLIMIT_CPU counts the whole process life, so before each job the soft
/// limit is moved to "CPU used so far + this job's allowance".
void LimitCpuForNextJob(int seconds) {
  if (seconds <= 0) return;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  rlimit limit{};
  getrlimit(RLIMIT_CPU, &limit);
  rlim_t used = static_cast<rlim_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1;
  rlim_t soft = used + static_cast<rlim_t>(seconds);
  if (limit.rlim_max != RLIM_INFINITY && soft > limit.rlim_max) soft = limit.rlim_max;
  limit.rlim_cur = soft;
  setrlimit(RLIMIT_CPU, &limit);
}

JobResult RunOne(const Job& job, size_t memory_mb, bool* must_exit) {
  try {
    MaybeRunTestHook(job.source);
    return ExecuteJob(job);
  } catch (const std::bad_alloc&) {
    *must_exit = true;  // the heap may be in any state now; start afresh
    return ErrorResult(job, 503, "rendering needs more than the " + std::to_string(memory_mb) +
                                     " MiB memory limit of a worker\n");
  } catch (const std::exception& e) {
    return ErrorResult(job, 500, std::string("internal error: ") + e.what() + "\n");
  }
}

}  // namespace

int RunWorker(int argc, char** argv) {
  size_t memory_mb = 0;
  size_t recycle_mb = 0;
  int cpu_seconds = 0;
  pid_t parent = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--memory-mb") memory_mb = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--cpu-seconds") cpu_seconds = std::atoi(argv[i + 1]);
    if (flag == "--recycle-mb") recycle_mb = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--parent") parent = static_cast<pid_t>(std::atol(argv[i + 1]));
  }
  // Die with the server, even if it is SIGKILLed; Ctrl-C is the server's to handle.
  platform::DieWithParent();
  platform::SetProcessName("diagc-worker");  // what ps and top show
  if (parent != 0 && getppid() != parent) return 1;
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  LimitMemory(memory_mb);
  std::string frame;
  bool must_exit = false;
  while (!must_exit && ReadFrame(kWorkerFd, &frame, std::nullopt) == ReadStatus::kOk) {
    std::optional<Job> job = DecodeJob(frame);
    if (!job) return 3;
    LimitCpuForNextJob(cpu_seconds);
    JobResult result = RunOne(*job, memory_mb, &must_exit);
    // What leaks in the pipeline (Graphviz keeps some memory per layout) is
    // returned by starting afresh once the resident set passes the threshold.
    if (recycle_mb != 0 && platform::ResidentMiB() > recycle_mb) must_exit = true;
    result.retiring = must_exit;
    if (!WriteFrame(kWorkerFd, EncodeResult(result))) return 3;
  }
  return 0;
}

}  // namespace dg::server
