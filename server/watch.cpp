#include "server/watch.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "grammar/diagnostics.hpp"

namespace dg::cli {

using server::HttpRequest;
using server::HttpResponse;
using server::Responder;

namespace {

constexpr auto kLongPoll = std::chrono::seconds(10);  // a /state request waits this long for a change
/// Longer than a long poll, so an idle keep-alive connection of the page
/// is never cut off in the middle of one.
constexpr auto kPreviewRequestTimeout = std::chrono::seconds(30);
constexpr auto kStopDrain = std::chrono::seconds(1);
constexpr size_t kPreviewMaxBody = 64u << 10;  // the page sends no bodies

}  // namespace

void PreviewState::Publish(std::string svg, std::string errors) {
  std::vector<Responder> answer;
  HttpResponse response;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!svg.empty()) svg_ = std::move(svg);
    errors_ = std::move(errors);
    ++version_;
    answer = TakeLocked([](const Waiting&) { return true; });
    response = AnswerLocked();
  }
  for (Responder& respond : answer) respond(response);
}

void PreviewState::Poll(uint64_t since, WatchClock::time_point deadline, Responder respond) {
  HttpResponse response;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (version_ == since && !closed_) {
      waiting_.push_back({deadline, std::move(respond)});
      return;
    }
    response = AnswerLocked();
  }
  respond(std::move(response));
}

void PreviewState::Expire(WatchClock::time_point now) {
  std::vector<Responder> answer;
  HttpResponse response;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answer = TakeLocked([now](const Waiting& w) { return w.deadline <= now; });
    response = AnswerLocked();
  }
  for (Responder& respond : answer) respond(response);
}

void PreviewState::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  Expire(WatchClock::time_point::max());
}

HttpResponse PreviewState::AnswerLocked() const {
  HttpResponse response;
  response.content_type = "application/json";
  response.SetHeader("Cache-Control", "no-store");
  response.SetBody("{\"version\":" + std::to_string(version_) + ",\"svg\":\"" + grammar::JsonEscape(svg_) +
                   "\",\"errors\":\"" + grammar::JsonEscape(errors_) + "\"}");
  return response;
}

template <typename Pick>
std::vector<Responder> PreviewState::TakeLocked(Pick answer_now) {
  std::vector<Responder> taken;
  auto keep = std::stable_partition(waiting_.begin(), waiting_.end(),
                                    [&](const Waiting& w) { return !answer_now(w); });
  for (auto it = keep; it != waiting_.end(); ++it) taken.push_back(std::move(it->respond));
  waiting_.erase(keep, waiting_.end());
  return taken;
}

FileStamp Stamp(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return {};
  return {st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec, st.st_size, st.st_ino};
}

FileStamp StampOfNewInclude(FileStamp now, std::chrono::system_clock::time_point compile_started) {
  // A file's time stamp may lag the clock by its file system's granularity
  // (a kernel tick; FAT's 2 s), so "written just before" counts as "maybe during".
  constexpr auto kStampGranularity = std::chrono::seconds(2);
  auto recent = std::chrono::duration_cast<std::chrono::nanoseconds>(
      (compile_started - kStampGranularity).time_since_epoch());
  if (now.mtime_ns >= recent.count()) return FileStamp{kUnknownStamp, kUnknownStamp, 0};
  return now;
}

bool SettleGate::Settled(const std::vector<FileStamp>& now, const std::vector<FileStamp>& compiled,
                         WatchClock::time_point when) {
  if (now == compiled) {
    pending_.reset();  // changed and changed back: nothing to do
    return false;
  }
  if (!pending_ || *pending_ != now) {
    pending_ = now;  // still being written, or a new change: wait until it holds still
    pending_since_ = when;
    return false;
  }
  if (when - pending_since_ < settle_) return false;
  pending_.reset();
  return true;
}

namespace {

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
  /// next poll; files the compile newly included are stamped now, as of a
  /// compile that started at `compile_started`.
  void Replace(std::vector<std::string> next, const std::vector<FileStamp>& before,
               std::chrono::system_clock::time_point compile_started) {
    std::vector<FileStamp> next_stamps;
    for (const std::string& path : next) {
      auto known = std::find(paths.begin(), paths.end(), path);
      next_stamps.push_back(known != paths.end() ? before[known - paths.begin()]
                                                 : StampOfNewInclude(Stamp(path), compile_started));
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

namespace {

std::string QueryValue(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.query) {
    if (key == name) return value;
  }
  return "";
}

/// GET / is the page, GET /state?since=N the page's long poll.
void ServePreview(const std::string& page, PreviewState& state, const HttpRequest& request, Responder respond) {
  if (request.method != "GET") return respond(HttpResponse::Text(405, "the preview only answers GET\n"));
  if (request.path == "/") {
    HttpResponse response;
    response.content_type = "text/html; charset=utf-8";
    response.SetBody(page);
    return respond(std::move(response));
  }
  if (request.path != "/state") return respond(HttpResponse::Text(404, "no such page\n"));
  uint64_t since = std::strtoull(QueryValue(request, "since").c_str(), nullptr, 10);
  state.Poll(since, WatchClock::now() + kLongPoll, std::move(respond));
}

server::HttpLimits PreviewLimits() {
  server::HttpLimits limits;
  limits.max_body_bytes = kPreviewMaxBody;
  limits.request_timeout = kPreviewRequestTimeout;
  return limits;
}

/// Compiles the input, then again after every settled change of it or of a
/// file it included; answers the page's polls that waited too long.
void WatchLoop(const std::vector<Job>& jobs, const BatchOptions& batch, const WatchOptions& options,
               PreviewState& state) {
  const std::string& input = jobs.front().input;
  WatchedFiles watched{{input}, {}};
  auto compile = [&](const std::vector<FileStamp>& before) {
    auto started = std::chrono::system_clock::now();
    std::vector<std::string> files = Recompile(jobs, batch, state);
    files.insert(files.begin(), input);
    watched.Replace(std::move(files), before, started);
  };
  compile(watched.Now());
  SettleGate gate{std::chrono::milliseconds(options.settle_ms)};
  for (int i = 0; options.max_iterations < 0 || i < options.max_iterations; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.poll_ms));
    WatchClock::time_point now = WatchClock::now();
    state.Expire(now);
    std::vector<FileStamp> stamps = watched.Now();
    if (gate.Settled(stamps, watched.stamps, now)) compile(stamps);
  }
}

}  // namespace

int RunWatch(const std::vector<Job>& jobs, const BatchOptions& batch, const WatchOptions& options) {
  const Job& job = jobs.front();
  PreviewState state;
  std::string page = PreviewPage(job.input);
  server::HttpServer http(PreviewLimits(), [&](HttpRequest&& request, Responder respond) {
    ServePreview(page, state, request, std::move(respond));
  });
  std::string error;
  if (!http.Listen(options.host, options.port, &error) || !http.Start(&error)) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return 3;
  }
  std::fprintf(stderr, "diagc: watching %s; preview at http://%s:%d/\n", job.input.c_str(), options.host.c_str(),
               http.port());
  WatchLoop(jobs, batch, options, state);
  // New requests get 503 from here on, so none can wait after Close().
  http.StopAccepting();
  state.Close();
  http.Stop(kStopDrain);
  return 0;
}

}  // namespace dg::cli
