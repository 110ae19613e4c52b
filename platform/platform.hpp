// Every call diagc makes that exists only on Linux, in one place, so that a
// port (macOS: _NSGetExecutablePath, kqueue-free polling of the parent) is a
// change to platform.cpp alone. The rest of the tree uses plain POSIX.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace dg::platform {

/// Absolute path of the running executable, symlinks resolved; empty when
/// the system cannot say.
std::filesystem::path ExecutablePath();

/// What posix_spawn should run to start this very program again. On Linux
/// "/proc/self/exe": it names the running image even after a package upgrade
/// replaced the file, so a worker always speaks its server's protocol.
std::string SelfForSpawn();

/// The running image's bytes (for a build identity), or "" when unreadable.
std::string ReadOwnExecutable();

/// Ends this process with SIGKILL when its parent dies. Linux only
/// (PR_SET_PDEATHSIG); elsewhere a no-op, and callers also check getppid().
void DieWithParent();

/// The name ps and top show for this process (Linux: PR_SET_NAME).
void SetProcessName(const char* name);

/// Resident set size of this process in MiB; 0 when unknown.
size_t ResidentMiB();

/// At most `arenas` malloc arenas (glibc: M_ARENA_MAX); elsewhere a no-op.
void LimitMallocArenas(int arenas);

/// Closes every file descriptor from `first` up (Linux: close_range).
void CloseDescriptorsFrom(int first);

/// pipe() with FD_CLOEXEC on both ends, atomically where the system can.
bool PipeCloseOnExec(int fds[2]);

/// A connected AF_UNIX stream pair with FD_CLOEXEC on both ends.
bool SocketPairCloseOnExec(int fds[2]);

}  // namespace dg::platform
