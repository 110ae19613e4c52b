// `diagc serve`: the PlantUML-server and Kroki HTTP APIs. The HTTP layer
// (libmicrohttpd, one event-loop thread) hands over complete requests; the
// service parses and checks them, answers from the cache or queues the job
// for the worker pool; workers are processes, so a runaway diagram is killed
// without harming the server.
#include "server/serve.hpp"

#include <CLI/CLI.hpp>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cstdio>
#include <functional>
#include <regex>
#include <strings.h>
#include <thread>
#include <unordered_map>

#include "cli/fingerprint.hpp"
#include "cli/text_encoding.hpp"
#include "platform/platform.hpp"
#include "server/http_server.hpp"
#include "server/index_page.hpp"
#include "server/job.hpp"
#include "server/metrics.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/worker_pool.hpp"

namespace dg::server {
namespace {

constexpr size_t kMiB = 1u << 20;
constexpr size_t kMaxErrorHeaderBytes = 200;
constexpr auto kFailureMemory = std::chrono::seconds(60);  // a failed diagram is answered from memory this long
constexpr auto kDrain = std::chrono::seconds(5);           // at shutdown: for answers still being sent
constexpr char kCacheOk[] = "public, max-age=86400";  // URLs are content-addressed; a day bounds version skew
constexpr char kCacheError[] = "no-cache";            // deterministic, but revalidate (cheap with ETag)
constexpr char kCacheNever[] = "no-store";            // timeouts, crashes, busy
constexpr char kTokenHeaderPrefix[] = "Bearer ";
constexpr char kKrokiOptionHeader[] = "Kroki-Diagram-Options-";

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  unsigned workers = 0;  // 0 = one per core
  double time_limit_seconds = 10;
  size_t memory_mb = 1024;
  size_t recycle_mb = 128;
  size_t max_body_bytes = kMiB;
  size_t max_url_bytes = 8192;
  size_t max_source_bytes = kMiB;
  size_t cache_mb = 64;
  size_t max_queued = 256;
  double request_timeout_seconds = 10;
  unsigned max_connections = 1000;
  unsigned max_connections_per_client = 32;
  std::string token;
  std::vector<std::string> allowed_origins;
};

/// 128 bits from two differently seeded XXH64 passes: enough for ETags,
/// which only ever compare a client's copy of the same URL; fast, as every
/// request hashes its whole diagram.
std::string Hash128Hex(std::string_view data) {
  return cli::HexDigits(cli::Xxh64(data, 0)) + cli::HexDigits(cli::Xxh64(data, 0x9e3779b97f4a7c15ull));
}

/// Version plus a hash of this very binary, so a rebuilt server never
/// matches an ETag of another build's output.
std::string BuildIdentity() {
  return std::string(DG_VERSION) + "+" + Hash128Hex(platform::ReadOwnExecutable()).substr(0, 16);
}

bool AcceptsJson(const HttpRequest& req) { return req.Header("Accept").find("application/json") != std::string::npos; }

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, kMaxErrorHeaderBytes)) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

/// Compares without an early exit, so response times tell nothing about the token.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % std::max<size_t>(1, b.size())]);
  return diff == 0;
}

/// A route's handler gets the request, the regex captures and the responder.
struct Call {
  HttpRequest request;
  std::smatch match;
  std::string path;  // what `match` points into
  Responder respond;
};

class Service {
 public:
  Service(const ServeOptions& options, WorkerPool& pool)
      : options_(options), pool_(pool), cache_(options.cache_mb * kMiB), identity_(BuildIdentity()) {
    DefineRoutes();
  }

  void Handle(HttpRequest&& request, Responder respond);
  void set_http(const HttpServer* http) { http_ = http; }

 private:
  using Handler = std::function<void(Call&)>;
  struct Route {
    const char* method;
    std::regex pattern;
    const char* name;
    Handler handler;
  };

  void DefineRoutes();
  void On(const char* method, const char* pattern, const char* name, Handler handler);
  bool Authorized(HttpRequest& request) const;
  void Render(Call& call, RenderRequest request, bool plantuml_server);
  void RenderEncoded(Call& call, RenderRequest request, const std::string& encoded, bool plantuml_server);
  void RenderBody(Call& call, const std::string& type, const std::string& format, uint32_t page = 0);
  void Fail(Call& call, const HttpError& error, cli::Format format, bool plantuml_server);
  std::optional<HttpError> ApplyRequestOptions(const HttpRequest& request, RenderRequest* render);
  using Deliver = std::function<void(std::shared_ptr<const JobResult>)>;
  void RenderOnce(const std::string& key, Job job, Deliver deliver);
  HttpResponse Answer(const std::shared_ptr<const JobResult>& result, const std::string& source,
                      const char* cache_control) const;
  void AddCors(const std::string& origin, HttpResponse* response) const;
  /// Wraps a responder: CORS and Server headers, metrics.
  Responder Finish(Responder respond, const char* route, std::string origin,
                   std::chrono::steady_clock::time_point started);

  ServeOptions options_;
  WorkerPool& pool_;
  const HttpServer* http_ = nullptr;
  ResponseCache cache_;
  Metrics metrics_;
  std::string identity_;
  std::vector<Route> routes_;
  std::mutex rendering_mutex_;
  /// Renders in progress by cache key, with everyone waiting for each: the
  /// same diagram asked for many times at once is rendered once.
  std::unordered_map<std::string, std::vector<Deliver>> rendering_;
};

void Service::On(const char* method, const char* pattern, const char* name, Handler handler) {
  routes_.push_back({method, std::regex(pattern), name, std::move(handler)});
}

Responder Service::Finish(Responder respond, const char* route, std::string origin,
                          std::chrono::steady_clock::time_point started) {
  return [this, respond = std::move(respond), route, origin = std::move(origin), started](HttpResponse response) {
    AddCors(origin, &response);
    response.SetHeader("Server", "diagc/" DG_VERSION);
    metrics_.Observe(route, response.status,
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    metrics_.EndRequest();
    respond(std::move(response));
  };
}

void Service::Handle(HttpRequest&& request, Responder respond) {
  auto started = std::chrono::steady_clock::now();
  metrics_.BeginRequest();
  Call call;
  call.request = std::move(request);
  std::string origin = call.request.Header("Origin");
  auto refuse = [&](int status, std::string text) {
    Finish(respond, "other", origin, started)(HttpResponse::Text(status, std::move(text)));
  };
  if (!options_.allowed_origins.empty() && !origin.empty() &&
      std::find(options_.allowed_origins.begin(), options_.allowed_origins.end(), origin) ==
          options_.allowed_origins.end()) {
    return refuse(403, "the origin " + origin + " is not allowed; see --allow-origin\n");
  }
  if (!Authorized(call.request)) {
    return refuse(401, "this server needs its token: put it first in the path (http://HOST:PORT/TOKEN/svg/…) "
                       "or send \"Authorization: Bearer TOKEN\"\n");
  }
  if (call.request.TargetSize() > options_.max_url_bytes) {
    return refuse(414, "the URL is " + std::to_string(call.request.TargetSize()) + " bytes, more than the limit of " +
                           std::to_string(options_.max_url_bytes) + " bytes; POST the diagram instead\n");
  }
  call.path = call.request.path;
  std::string method = call.request.method == "HEAD" ? "GET" : call.request.method;
  for (const Route& route : routes_) {
    if (method != route.method || !std::regex_match(call.path, call.match, route.pattern)) continue;
    call.respond = Finish(respond, route.name, origin, started);
    return route.handler(call);
  }
  refuse(404, "no such endpoint: " + call.request.method + " " + call.path + "; see GET /\n");
}

bool Service::Authorized(HttpRequest& request) const {
  if (options_.token.empty() || request.path == "/healthz" || request.path == "/health") return true;
  std::string auth = request.Header("Authorization");
  if (auth.rfind(kTokenHeaderPrefix, 0) == 0 && SameSecret(auth.substr(sizeof kTokenHeaderPrefix - 1), options_.token)) {
    return true;
  }
  // The token as the first path segment works with every client that takes
  // a server URL (editors, asciidoctor, Gitea), as none can send headers.
  std::string prefix = "/" + options_.token;
  const std::string& path = request.path;
  bool whole_segment = path.size() == prefix.size() || (path.size() > prefix.size() && path[prefix.size()] == '/');
  if (!whole_segment || !SameSecret(path.substr(0, prefix.size()), prefix)) return false;
  request.path.erase(0, prefix.size());
  if (request.path.empty()) request.path = "/";  // http://host:port/TOKEN: the editor page
  return true;
}

void Service::AddCors(const std::string& origin, HttpResponse* response) const {
  if (options_.allowed_origins.empty()) {
    response->SetHeader("Access-Control-Allow-Origin", "*");
    return;
  }
  if (!origin.empty()) {
    response->SetHeader("Access-Control-Allow-Origin", origin);  // checked against the list in Handle()
    response->SetHeader("Vary", "Origin");
  }
}

HttpResponse Service::Answer(const std::shared_ptr<const JobResult>& result, const std::string& source,
                             const char* cache_control) const {
  HttpResponse response;
  response.status = result->status;
  response.content_type = result->content_type;
  response.body = std::shared_ptr<const std::string>(result, &result->body);  // no copy of the picture
  response.SetHeader("Cache-Control", cache_control);
  if (!result->error_summary.empty()) {
    response.SetHeader("X-PlantUML-Diagram-Error", OneLine(result->error_summary));
    response.SetHeader("X-PlantUML-Diagram-Description", OneLine(result->error_summary));
    int line = PlantUmlErrorLine(source, result->error_line);
    if (line >= 0) response.SetHeader("X-PlantUML-Diagram-Error-Line", std::to_string(line));
  }
  return response;
}

void Service::Fail(Call& call, const HttpError& error, cli::Format format, bool plantuml_server) {
  Job job;
  job.format = format;
  job.error_image = plantuml_server && call.request.method != "POST" && !AcceptsJson(call.request);
  call.respond(Answer(std::make_shared<const JobResult>(ErrorResult(job, error.status, error.message)), "",
                      kCacheNever));
}

void Service::RenderOnce(const std::string& key, Job job, Deliver deliver) {
  {
    std::lock_guard<std::mutex> lock(rendering_mutex_);
    auto [it, first] = rendering_.try_emplace(key);
    it->second.push_back(std::move(deliver));
    if (!first) return;
  }
  pool_.Submit(std::move(job), [this, key](JobResult done) {
    auto result = std::make_shared<const JobResult>(std::move(done));
    if (result->status == 200 || result->status == 400) {
      cache_.Put(key, result);
    } else if (result->caused_by_diagram) {
      cache_.Put(key, result, kFailureMemory);  // a repeat must not cost a worker again
    }
    std::vector<Deliver> waiting;
    {
      std::lock_guard<std::mutex> lock(rendering_mutex_);
      waiting = std::move(rendering_[key]);
      rendering_.erase(key);
    }
    for (Deliver& d : waiting) d(result);
  });
}

void Service::Render(Call& call, RenderRequest request, bool plantuml_server) {
  if (request.source.size() > options_.max_source_bytes) {
    return Fail(call,
                {413, "the diagram is " + std::to_string(request.source.size()) + " bytes, more than the limit of " +
                          std::to_string(options_.max_source_bytes) + " bytes\n"},
                request.format, plantuml_server);
  }
  Job job;
  job.format = request.format;
  job.type = request.type;
  job.page = request.page;
  job.theme = request.theme;
  job.json_diagnostics = AcceptsJson(call.request);
  job.error_image = plantuml_server && call.request.method != "POST" && !job.json_diagnostics;
  job.source = std::move(request.source);
  std::string key = EncodeJob(job) + identity_;
  std::string etag = "\"" + Hash128Hex(key) + "\"";
  std::string if_none_match = call.request.Header("If-None-Match");
  if (!if_none_match.empty() && (if_none_match == "*" || if_none_match.find(etag) != std::string::npos)) {
    HttpResponse response;
    response.status = 304;
    response.SetHeader("ETag", etag);
    return call.respond(std::move(response));
  }
  auto deliver = [this, respond = call.respond, etag, source = job.source](std::shared_ptr<const JobResult> result) {
    bool deterministic = result->status == 200 || result->status == 400;
    HttpResponse response = Answer(result, source, result->status == 200 ? kCacheOk
                                                   : deterministic      ? kCacheError
                                                                        : kCacheNever);
    if (deterministic) response.SetHeader("ETag", etag);
    respond(std::move(response));
  };
  if (auto hit = cache_.Get(key)) return deliver(hit);
  RenderOnce(key, std::move(job), std::move(deliver));
}

std::optional<HttpError> Service::ApplyRequestOptions(const HttpRequest& request, RenderRequest* render) {
  for (const auto& [name, value] : request.query) {
    if (auto error = ApplyDiagramOption(name, value, render)) return error;
  }
  constexpr size_t kPrefix = sizeof kKrokiOptionHeader - 1;
  for (const auto& [name, value] : request.headers) {
    if (name.size() <= kPrefix || strncasecmp(name.c_str(), kKrokiOptionHeader, kPrefix) != 0) continue;
    std::string option = name.substr(kPrefix);
    for (char& c : option) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto error = ApplyDiagramOption(option, value, render)) return error;
  }
  return std::nullopt;
}

void Service::RenderEncoded(Call& call, RenderRequest request, const std::string& encoded, bool plantuml_server) {
  if (auto error = ApplyRequestOptions(call.request, &request)) return Fail(call, *error, request.format, plantuml_server);
  auto text = DecodeDiagram(encoded, options_.max_source_bytes);
  if (auto* error = std::get_if<HttpError>(&text)) return Fail(call, *error, request.format, plantuml_server);
  request.source = std::move(std::get<std::string>(text));
  Render(call, std::move(request), plantuml_server);
}

/// POST /{type}/{format}: the body is the diagram, or Kroki's JSON object;
/// whatever the Content-Type says otherwise (curl -d sends form-urlencoded).
void Service::RenderBody(Call& call, const std::string& type, const std::string& format, uint32_t page) {
  bool json = call.request.Header("Content-Type").find("application/json") != std::string::npos;
  auto target = json ? ParseKrokiJson(call.request.body, type, format) : KrokiTarget(type, format);
  if (auto* error = std::get_if<HttpError>(&target)) return Fail(call, *error, cli::Format::kSvg, false);
  RenderRequest request = std::move(std::get<RenderRequest>(target));
  if (auto error = ApplyRequestOptions(call.request, &request)) return Fail(call, *error, request.format, false);
  if (!json) request.source = std::move(call.request.body);
  request.page = page;
  Render(call, std::move(request), false);
}

/// Unhealthy only while no worker runs because none can be started: a
/// worker being replaced (after a crash or a timeout) is business as usual.
bool Healthy(const PoolStats& pool) { return pool.alive > 0 || pool.spawn_error.empty(); }

std::optional<uint32_t> PageIndex(const std::ssub_match& digits) {
  if (!digits.matched) return 0;
  if (digits.length() > 6) return std::nullopt;
  return static_cast<uint32_t>(std::stoul(digits.str()));
}

void Service::DefineRoutes() {
  static const std::string page = IndexPage();
  auto index = [](Call& call) {
    HttpResponse response;
    response.content_type = "text/html; charset=utf-8";
    response.SetBody(page);
    call.respond(std::move(response));
  };
  On("GET", "/", "index", index);
  On("GET", "/plantuml/?", "index", index);
  On("GET", "/healthz", "healthz", [this](Call& call) {
    PoolStats pool = pool_.stats();
    bool ok = Healthy(pool);
    std::string text = std::to_string(pool.alive) + " of " + std::to_string(pool.workers) + " workers running";
    if (!pool.spawn_error.empty()) text += "; cannot start more: " + pool.spawn_error + " (retrying)";
    HttpResponse response = HttpResponse::Text(ok ? 200 : 503, (ok ? "ok: " : "unavailable: ") + text + "\n");
    response.SetHeader("Cache-Control", kCacheNever);
    call.respond(std::move(response));
  });
  // Kroki's health check, in Kroki's shape.
  On("GET", "/health", "health", [this](Call& call) {
    PoolStats pool = pool_.stats();
    bool ok = Healthy(pool);
    HttpResponse response;
    response.status = ok ? 200 : 503;
    response.content_type = "application/json";
    response.SetBody(std::string("{\"status\":\"") + (ok ? "pass" : "fail") + "\",\"version\":{\"number\":\"" +
                     DG_VERSION + "\"},\"workers\":{\"alive\":" + std::to_string(pool.alive) +
                     ",\"configured\":" + std::to_string(pool.workers) + "}}\n");
    response.SetHeader("Cache-Control", kCacheNever);
    call.respond(std::move(response));
  });
  On("GET", "/metrics", "metrics", [this](Call& call) {
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.SetBody(metrics_.Render(pool_.stats(), cache_.stats(), http_ ? http_->stats() : HttpStats{}));
    response.SetHeader("Cache-Control", kCacheNever);
    call.respond(std::move(response));
  });
  // PlantUML server: /svg/ENCODED or /svg/{page}/ENCODED (pages from 0),
  // also mounted under /plantuml/ as many servers are.
  On("GET", R"(/(?:plantuml/)?(svg|png|pdf|img)/(?:(\d+)/)?([^/]+))", "plantuml_get", [this](Call& call) {
    RenderRequest request;
    request.format = *PlantUmlFormat(call.match[1]);
    auto page = PageIndex(call.match[2]);
    if (!page) return Fail(call, {400, "the page number is too large\n"}, request.format, true);
    request.page = *page;
    RenderEncoded(call, std::move(request), call.match[3], true);
  });
  // POST /svg, and the VS Code extension's POST /svg/{page}/{anything}.
  On("POST", R"(/(?:plantuml/)?(svg|png|pdf|img)(?:/(\d+)(?:/[^/]*)?)?/?)", "plantuml_post", [this](Call& call) {
    std::string format = call.match[1] == "img" ? "png" : std::string(call.match[1]);
    auto page = PageIndex(call.match[2]);
    if (!page) return Fail(call, {400, "the page number is too large\n"}, cli::Format::kSvg, false);
    RenderBody(call, "plantuml", format, *page);
  });
  // PlantUML server's /uml/ gives the text back; diagc has no ASCII-art or
  // image-map output.
  On("GET", R"(/(?:plantuml/)?uml/(?:\d+/)?([^/]+))", "plantuml_text", [this](Call& call) {
    auto text = DecodeDiagram(call.match[1], options_.max_source_bytes);
    if (auto* error = std::get_if<HttpError>(&text)) return call.respond(HttpResponse::Text(error->status, error->message));
    call.respond(HttpResponse::Text(200, std::get<std::string>(text)));
  });
  On("GET", R"(/(?:plantuml/)?(txt|utxt|map|eps|epstxt|base64)/.*)", "plantuml_unsupported", [](Call& call) {
    std::string kind = call.match[1];
    std::string what = kind == "map" ? "image maps (/map/)" : kind == "eps" ? "EPS (/eps/)"
                       : kind == "base64" ? "base64 images (/base64/)" : "ASCII-art text (/" + kind + "/)";
    call.respond(HttpResponse::Text(501, "diagc does not make " + what +
                                             "; ask for /svg/, /png/ or /pdf/ (links work in SVG)\n"));
  });
  // Kroki: /{type}/{format}/ENCODED and POST /{type}/{format}, POST / with JSON.
  On("GET", R"(/([^/]+)/([^/]+)/([^/]+))", "kroki_get", [this](Call& call) {
    auto target = KrokiTarget(call.match[1], call.match[2]);
    if (auto* error = std::get_if<HttpError>(&target)) return Fail(call, *error, cli::Format::kSvg, false);
    RenderEncoded(call, std::get<RenderRequest>(target), call.match[3], false);
  });
  On("POST", R"(/([^/]+)/([^/]+)/?)", "kroki_post",
     [this](Call& call) { RenderBody(call, call.match[1], call.match[2]); });
  On("POST", "/", "kroki_json", [this](Call& call) {
    auto target = ParseKrokiJson(call.request.body, "", "");
    if (auto* error = std::get_if<HttpError>(&target)) return Fail(call, *error, cli::Format::kSvg, false);
    Render(call, std::move(std::get<RenderRequest>(target)), false);
  });
  On("OPTIONS", R"(/.*)", "options", [](Call& call) {
    HttpResponse response;
    response.status = 204;
    response.SetHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.SetHeader("Access-Control-Allow-Headers", "Content-Type, Accept, If-None-Match, Authorization");
    call.respond(std::move(response));
  });
}

void DefineOptions(CLI::App& app, ServeOptions& o) {
  app.add_option("--host", o.host, "address to listen on (default 127.0.0.1: this machine only)");
  app.add_option("--port", o.port, "port (0 = any free port; the address is printed)")->check(CLI::Range(0, 65535));
  app.add_option("--workers", o.workers, "worker processes (default: one per core)")->check(CLI::Range(0u, 256u));
  app.add_option("--time-limit", o.time_limit_seconds, "seconds one diagram may take (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--memory-limit-mb", o.memory_mb, "address-space limit of a worker, MiB (0 = none; default 1024)");
  app.add_option("--recycle-mb", o.recycle_mb,
                 "replace a worker once its resident memory passes this, MiB (0 = never; default 128)");
  app.add_option("--max-body-bytes", o.max_body_bytes, "largest POST body (default 1 MiB)");
  app.add_option("--max-url-bytes", o.max_url_bytes, "longest URL (default 8192)");
  app.add_option("--max-source-bytes", o.max_source_bytes, "largest diagram text, decoded (default 1 MiB)");
  app.add_option("--cache-mb", o.cache_mb, "response cache size, MiB (0 = off; default 64)");
  app.add_option("--max-queued", o.max_queued, "requests that may wait for a worker before 503 (default 256)");
  app.add_option("--request-timeout", o.request_timeout_seconds,
                 "seconds a client has to send a whole request; also the keep-alive idle limit (default 10)")
      ->check(CLI::Range(1.0, 3600.0));
  app.add_option("--max-connections", o.max_connections, "open connections in all (default 1000)")
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--max-connections-per-client", o.max_connections_per_client,
                 "open connections per client address (default 32; raise it behind a reverse proxy)")
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--token", o.token,
                 "require this secret: first in the path (http://HOST:PORT/TOKEN/…) or \"Authorization: Bearer\"");
  app.add_option("--allow-origin", o.allowed_origins,
                 "browser origins that may call the server (repeatable; default: any, \"*\")");
}

/// Sockets, workers' socketpairs and files: raise the soft descriptor limit
/// to the hard one, so --max-connections is the limit, not RLIMIT_NOFILE.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

constexpr const char* kServeDescription = "diagc serve: PlantUML-server and Kroki HTTP APIs";

}  // namespace

void DescribeServe(const std::function<void(const CLI::App&)>& use) {
  CLI::App app{kServeDescription};
  ServeOptions options;
  DefineOptions(app, options);
  use(app);
}

int RunServe(int argc, char** argv) {
  CLI::App app{kServeDescription};
  ServeOptions options;
  DefineOptions(app, options);
  CLI11_PARSE(app, argc, argv);
  if (options.workers == 0) options.workers = std::max(1u, std::thread::hardware_concurrency());

  // Before any thread exists, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  RaiseDescriptorLimit();
  // Few threads allocate here (event loop, one per worker slot); one malloc
  // arena each would keep freed request and response memory apart per thread.
  platform::LimitMallocArenas(2);

  HttpLimits limits;
  limits.max_body_bytes = options.max_body_bytes;
  limits.max_connections = options.max_connections;
  limits.max_connections_per_client = options.max_connections_per_client;
  limits.request_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.request_timeout_seconds * 1000));
  PoolOptions pool_options;
  pool_options.workers = options.workers;
  pool_options.time_limit = std::chrono::milliseconds(static_cast<int64_t>(options.time_limit_seconds * 1000));
  pool_options.queue_wait = pool_options.time_limit;
  pool_options.memory_mb = options.memory_mb;
  pool_options.recycle_mb = options.recycle_mb;
  pool_options.max_queued = options.max_queued;
  WorkerPool pool(pool_options);
  Service service(options, pool);
  HttpServer http(limits, [&service](HttpRequest&& request, Responder respond) {
    service.Handle(std::move(request), std::move(respond));
  });
  service.set_http(&http);

  std::string error;
  if (!http.Listen(options.host, options.port, &error) || !pool.Start(&error) || !http.Start(&error)) {
    std::fprintf(stderr, "diagc serve: error: %s\n", error.c_str());
    return 3;
  }
  // The warning first: whoever reads the banner up to "listening" sees it.
  if (!IsLoopback(options.host) && options.token.empty()) {
    std::fprintf(stderr,
                 "diagc serve: warning: %s is reachable from other machines, and anyone who reaches it can render "
                 "here (no authentication%s); use --token, --allow-origin, or a reverse proxy (see the README)\n",
                 options.host.c_str(),
                 options.allowed_origins.empty() ? ", and any web page may call it: Access-Control-Allow-Origin: *" : "");
  }

  std::fprintf(stderr, "diagc serve: listening on http://%s:%d/ (%u workers, %g s limit)\n", options.host.c_str(),
               http.port(), options.workers, options.time_limit_seconds);
  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "diagc serve: %s: finishing requests in flight, then stopping\n", strsignal(sig));
  // A second signal exits at once.
  std::thread([signals]() mutable {
    int again = 0;
    sigwait(&signals, &again);
    _exit(128 + again);
  }).detach();
  http.StopAccepting();  // from now on every answer says Connection: close
  pool.Shutdown();       // queued jobs: 503; running ones finish within the time limit
  http.Stop(kDrain);     // answers still being sent get a moment; slow and idle clients are cut
  std::fprintf(stderr, "diagc serve: stopped\n");
  return 0;
}

}  // namespace dg::server
