// `diagc --watch`: recompile on save and serve a live preview on localhost.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cli/batch.hpp"
#include "server/http_server.hpp"

namespace dg::cli {

struct WatchOptions {
  std::string host = "127.0.0.1";
  int port = 8123;           ///< 0 = any free port (printed at start)
  int poll_ms = 150;         ///< how often the files' stamps are looked at
  int settle_ms = 100;       ///< a change is compiled once the stamps stayed the same this long
  int max_iterations = -1;   ///< tests: stop after this many polls (-1 = forever)
};

/// Watches one input: every change recompiles it (writing outputs as a normal
/// run would), and the page at http://host:port/ swaps in the new SVG without
/// a reload, or shows the diagnostics as an overlay. `jobs` are the renders
/// of that one input (the first, then its .diagc.toml variants); the page
/// shows the first. Returns an exit code.
int RunWatch(const std::vector<Job>& jobs, const BatchOptions& batch, const WatchOptions& options);

/// The preview page (HTML + JS), exposed for tests.
std::string PreviewPage(const std::string& title);

/// What the page shows for one compile: the SVG of its only output, or
/// every diagram and page of the file, each captioned with its file name.
std::string PreviewPictures(const std::vector<Output>& outputs, const std::vector<std::string>& names);

using WatchClock = std::chrono::steady_clock;

/// What the preview page shows (the last good SVG and the current
/// diagnostics) and the page's long polls for a newer version. Thread-safe;
/// responders are called outside the lock.
class PreviewState {
 public:
  /// A new compile: answers every poll waiting for one.
  void Publish(std::string svg, std::string errors);
  /// Answers with the state at once when its version is not `since`, else
  /// at the next Publish, or unchanged once `deadline` has passed (Expire).
  void Poll(uint64_t since, WatchClock::time_point deadline, server::Responder respond);
  /// Answers, unchanged, the polls whose deadline is before `now`.
  void Expire(WatchClock::time_point now);
  /// Answers every poll, now and from now on, at once: the server is stopping
  /// (it cannot stop with a request still waiting).
  void Close();

 private:
  struct Waiting {
    WatchClock::time_point deadline;
    server::Responder respond;
  };
  server::HttpResponse AnswerLocked() const;
  /// Takes the polls that `answer_now` picks out of `waiting_`.
  template <typename Pick>
  std::vector<server::Responder> TakeLocked(Pick answer_now);

  std::mutex mutex_;  // guards everything below
  uint64_t version_ = 0;
  std::string svg_;
  std::string errors_;
  bool closed_ = false;
  std::vector<Waiting> waiting_;
};

/// A file's identity and content stamp: a change of any part is an edit
/// (the inode: a rename over the file by an editor saving atomically).
struct FileStamp {
  int64_t mtime_ns = -1;
  int64_t size = -1;
  uint64_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};

FileStamp Stamp(const std::string& path);

/// Differs from any file's stamp: compared with one, it is a change.
constexpr int64_t kUnknownStamp = -2;

/// The stamp to keep for a file a compile newly included, given its stamp
/// `now`, taken after the compile. It can only stand for the text the
/// compile read when the file was last written before the compile started;
/// one written since (or too close to tell) may have been read in either
/// state, so it is kept as unknown and compiled again once it has settled.
FileStamp StampOfNewInclude(FileStamp now, std::chrono::system_clock::time_point compile_started);

/// When to compile after a change. Editors and tools write a file in steps
/// (truncate, then write; or several writes), and a compile in between sees
/// half a file. So a change is compiled only once the stamps have stayed the
/// same for `settle`: seen alike by two polls at least that far apart.
class SettleGate {
 public:
  explicit SettleGate(std::chrono::milliseconds settle) : settle_(settle) {}
  /// `now`: the watched files' stamps taken at `when`; `compiled`: the
  /// stamps the last compile saw. True when they differ and have settled.
  bool Settled(const std::vector<FileStamp>& now, const std::vector<FileStamp>& compiled, WatchClock::time_point when);

 private:
  std::chrono::milliseconds settle_;
  std::optional<std::vector<FileStamp>> pending_;  ///< the stamps of the change not compiled yet
  WatchClock::time_point pending_since_;
};

}  // namespace dg::cli
