#include "server/watch.hpp"

#include <httplib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "grammar/diagnostics.hpp"

namespace dg::cli {
namespace {

constexpr int kLongPollSeconds = 10;  // a /state request waits this long for a change

/// What the page shows: the last good SVG and the current diagnostics.
class PreviewState {
 public:
  void Publish(std::string svg, std::string errors) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!svg.empty()) svg_ = std::move(svg);
    errors_ = std::move(errors);
    ++version_;
    changed_.notify_all();
  }

  /// JSON for the page; waits for a version newer than `since` first.
  std::string WaitForNewerThan(uint64_t since) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(kLongPollSeconds),
                      [&] { return version_ != since; });
    return "{\"version\":" + std::to_string(version_) + ",\"svg\":\"" + grammar::JsonEscape(svg_) +
           "\",\"errors\":\"" + grammar::JsonEscape(errors_) + "\"}";
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t version_ = 0;
  std::string svg_;
  std::string errors_;
};

struct FileStamp {
  int64_t mtime_ns = -1;
  int64_t size = -1;
  bool operator==(const FileStamp&) const = default;
};

FileStamp Stamp(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return {};
  return {st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec, st.st_size};
}

/// The input and the files it included when last compiled: a change to any
/// of them (an edited `!include`d macro file) recompiles.
struct WatchedFiles {
  std::vector<std::string> paths;
  std::vector<FileStamp> stamps;

  std::vector<FileStamp> Now() const {
    std::vector<FileStamp> now;
    for (const std::string& path : paths) now.push_back(Stamp(path));
    return now;
  }

  /// Watches `next` from now on. Files watched before keep the stamps taken
  /// before the compile (`before`), so an edit saved during it is seen on the
  /// next poll; files the compile newly included are stamped now.
  void Replace(std::vector<std::string> next, const std::vector<FileStamp>& before) {
    std::vector<FileStamp> next_stamps;
    for (const std::string& path : next) {
      auto known = std::find(paths.begin(), paths.end(), path);
      next_stamps.push_back(known != paths.end() ? before[known - paths.begin()] : Stamp(path));
    }
    paths = std::move(next);
    stamps = std::move(next_stamps);
  }
};

/// `jobs` are the renders of one input (its .diagc.toml variants after the
/// first); the preview shows the first. Returns the files the input included.
std::vector<std::string> Recompile(const std::vector<Job>& jobs, const BatchOptions& batch, PreviewState& state) {
  RunBatch(jobs, batch);  // writes the outputs as a normal run would, diagnostics on stderr
  const Job& job = jobs.front();
  std::string text, error;
  if (!ReadInput(job.input, &text, &error)) {
    state.Publish("", "diagc: error: " + error);
    return {};
  }
  DriverOptions preview = job.driver;
  preview.format = Format::kSvg;
  preview.json_diagnostics = false;
  CompileResult result = CompileText(job.input, std::move(text), preview);
  std::vector<std::string> names;
  for (const std::string& path : OutputPaths(job.input, "", result.outputs, Format::kSvg, job.suffix)) {
    names.push_back(std::filesystem::path(path).filename().string());
  }
  state.Publish(PreviewPictures(result.outputs, names), result.diagnostics);
  return std::move(result.dependencies);
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '<' ? "&lt;" : c == '&' ? "&amp;" : c == '"' ? "&quot;" : std::string(1, c);
  return out;
}

}  // namespace

std::string PreviewPictures(const std::vector<Output>& outputs, const std::vector<std::string>& names) {
  if (outputs.size() == 1) return outputs.front().bytes;
  std::string html;
  for (size_t i = 0; i < outputs.size(); ++i) {
    html += "<figure class=\"dg-page\"><figcaption>" + EscapeHtml(i < names.size() ? names[i] : "") +
            "</figcaption>\n" + outputs[i].bytes + "</figure>\n";
  }
  return html;
}

std::string PreviewPage(const std::string& title) {
  std::string escaped = EscapeHtml(title);
  return R"(<!doctype html>
<html><head><meta charset="utf-8"><title>diagc: )" +
         escaped + R"(</title>
<style>
body { margin: 0; font-family: system-ui, sans-serif; background: #f6f7f9; }
#diagram { padding: 16px; }
figure.dg-page { margin: 0 0 24px; }
figure.dg-page figcaption { font-size: 13px; color: #555; margin-bottom: 6px; }
#overlay { position: fixed; left: 0; right: 0; bottom: 0; max-height: 50%; overflow: auto; margin: 0;
  background: rgba(160, 20, 20, .94); color: #fff; font: 13px/1.4 monospace; white-space: pre;
  padding: 12px 16px; display: none; }
</style></head>
<body data-version="0" data-state="loading">
<div id="diagram"></div><pre id="overlay"></pre>
<script>
let version = 0;
async function poll() {
  try {
    const response = await fetch('/state?since=' + version, {cache: 'no-store'});
    const state = await response.json();
    if (state.version !== version) {
      version = state.version;
      if (state.svg) document.getElementById('diagram').innerHTML = state.svg;
      const overlay = document.getElementById('overlay');
      overlay.textContent = state.errors;
      overlay.style.display = state.errors ? 'block' : 'none';
      document.body.dataset.state = state.errors ? 'error' : 'ok';
      document.body.dataset.version = version;
    }
  } catch (e) {
    await new Promise(resolve => setTimeout(resolve, 500));  // server restarting
  }
  poll();
}
poll();
</script></body></html>
)";
}

int RunWatch(const std::vector<Job>& jobs, const BatchOptions& batch, const WatchOptions& options) {
  const Job& job = jobs.front();
  PreviewState state;
  httplib::Server server;
  std::string page = PreviewPage(job.input);
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "text/html; charset=utf-8");
  });
  server.Get("/state", [&](const httplib::Request& req, httplib::Response& res) {
    uint64_t since = req.has_param("since") ? std::strtoull(req.get_param_value("since").c_str(), nullptr, 10) : 0;
    res.set_header("Cache-Control", "no-store");
    res.set_content(state.WaitForNewerThan(since), "application/json");
  });
  // Not httplib's default SO_REUSEPORT, which lets a second --watch or
  // serve share the port and take every other request.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  int port = options.port;
  errno = 0;
  if (port == 0) {
    port = server.bind_to_any_port(options.host.c_str());
  } else if (!server.bind_to_port(options.host.c_str(), port)) {
    port = -1;
  }
  if (port < 0) {
    if (errno == EADDRINUSE) {
      std::fprintf(stderr, "diagc: error: port %d on %s is in use\n", options.port, options.host.c_str());
    } else {
      std::fprintf(stderr, "diagc: error: cannot listen on %s:%d\n", options.host.c_str(), options.port);
    }
    return 3;
  }
  std::fprintf(stderr, "diagc: watching %s; preview at http://%s:%d/\n", job.input.c_str(),
               options.host.c_str(), port);
  std::thread http([&] { server.listen_after_bind(); });

  WatchedFiles watched{{job.input}, {FileStamp{-2, -2}}};  // differs from any stamp: compile first
  for (int i = 0; options.max_iterations < 0 || i < options.max_iterations; ++i) {
    std::vector<FileStamp> before = watched.Now();
    if (before != watched.stamps) {
      std::vector<std::string> files = Recompile(jobs, batch, state);
      files.insert(files.begin(), job.input);
      watched.Replace(std::move(files), before);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(options.poll_ms));
  }
  server.stop();
  http.join();
  return 0;
}

}  // namespace dg::cli
