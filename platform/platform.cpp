#include "platform/platform.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>

#ifdef __linux__
#include <malloc.h>
#include <sys/prctl.h>
#endif

namespace dg::platform {

#ifdef __linux__

std::filesystem::path ExecutablePath() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : self;
}

std::string SelfForSpawn() { return "/proc/self/exe"; }

void DieWithParent() { prctl(PR_SET_PDEATHSIG, SIGKILL); }

void SetProcessName(const char* name) { prctl(PR_SET_NAME, name); }

size_t ResidentMiB() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return static_cast<size_t>(resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE)) >> 20;
}

void LimitMallocArenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }

void CloseDescriptorsFrom(int first) { close_range(static_cast<unsigned>(first), ~0U, 0); }

bool PipeCloseOnExec(int fds[2]) { return pipe2(fds, O_CLOEXEC) == 0; }

bool SocketPairCloseOnExec(int fds[2]) { return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0; }

#else  // Untested fallbacks in plain POSIX: a starting point for a port, not a claim that it works.

std::filesystem::path ExecutablePath() { return {}; }

std::string SelfForSpawn() { return ExecutablePath().string(); }

void DieWithParent() {}

void SetProcessName(const char*) {}

size_t ResidentMiB() { return 0; }

void LimitMallocArenas(int) {}

void CloseDescriptorsFrom(int first) {
  for (int fd = first, last = static_cast<int>(sysconf(_SC_OPEN_MAX)); fd < last; ++fd) close(fd);
}

namespace {
bool SetCloseOnExec(int fds[2]) {
  return fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0;
}
}  // namespace

bool PipeCloseOnExec(int fds[2]) { return pipe(fds) == 0 && SetCloseOnExec(fds); }

bool SocketPairCloseOnExec(int fds[2]) { return socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0 && SetCloseOnExec(fds); }

#endif

std::string ReadOwnExecutable() {
  std::ifstream exe(SelfForSpawn(), std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(exe)), std::istreambuf_iterator<char>());
}

}  // namespace dg::platform
