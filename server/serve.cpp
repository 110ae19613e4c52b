// `diagc serve`: the PlantUML-server and Kroki HTTP APIs. HTTP threads
// (cpp-httplib) parse and check requests, answer from the cache or hand the
// job to the worker pool; workers are processes, so a runaway diagram is
// killed without harming the server.
#include "server/serve.hpp"

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "server/index_page.hpp"
#include "server/job.hpp"
#include "server/metrics.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/worker_pool.hpp"

namespace dg::server {
namespace {

constexpr size_t kMiB = 1u << 20;
constexpr size_t kKeepAliveMaxRequests = 10'000;  // httplib's default (5) makes clients reconnect
constexpr int kReadTimeoutSeconds = 10;
constexpr size_t kMaxErrorHeaderBytes = 200;
constexpr char kCacheOk[] = "public, max-age=86400";  // URLs are content-addressed; a day bounds version skew
constexpr char kCacheError[] = "no-cache";            // deterministic, but revalidate (cheap with ETag)
constexpr char kCacheNever[] = "no-store";            // timeouts, crashes, busy

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
  unsigned threads = 0;  // 0 = max(32, 8 per worker)
  size_t max_queued = 256;
};

/// 128 bits from two differently seeded FNV-1a passes: enough for ETags,
/// which only ever compare a client's copy of the same URL.
std::string Hash128Hex(std::string_view data) {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  for (unsigned char c : data) {
    a = (a ^ c) * 0x100000001b3ull;
    b = (b ^ (c + 0x9e)) * 0x100000001b3ull;
    b ^= b >> 29;
  }
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return hex;
}

/// Version plus a hash of this very binary, so a rebuilt server never
/// matches an ETag of another build's output.
std::string BuildIdentity() {
  std::ifstream exe("/proc/self/exe", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(exe)), std::istreambuf_iterator<char>());
  return std::string(DG_VERSION) + "+" + Hash128Hex(bytes).substr(0, 16);
}

bool AcceptsJson(const httplib::Request& req) {
  return req.get_header_value("Accept").find("application/json") != std::string::npos;
}

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, kMaxErrorHeaderBytes)) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

// Which route answered, and since when; read by the logger, which sees every
// response (also the 404/413/414 that httplib makes itself).
thread_local std::string t_route;
thread_local std::chrono::steady_clock::time_point t_start;

class Service {
 public:
  Service(const ServeOptions& options, WorkerPool& pool)
      : options_(options), pool_(pool), cache_(options.cache_mb * kMiB), identity_(BuildIdentity()) {}

  void Register(httplib::Server& server);

 private:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  Handler Instrument(const char* route, Handler handler);
  void Render(const httplib::Request& req, httplib::Response& res, RenderRequest request, bool plantuml_server);
  void Fail(const httplib::Request& req, httplib::Response& res, const HttpError& error, cli::Format format,
            bool plantuml_server);
  void Send(httplib::Response& res, const JobResult& result, const char* cache_control);
  void RenderEncoded(const httplib::Request& req, httplib::Response& res, RenderRequest request,
                     const std::string& encoded, bool plantuml_server);
  void RenderBody(const httplib::Request& req, httplib::Response& res, const std::string& type,
                  const std::string& format);

  ServeOptions options_;
  WorkerPool& pool_;
  ResponseCache cache_;
  Metrics metrics_;
  std::string identity_;
};

Service::Handler Service::Instrument(const char* route, Handler handler) {
  return [this, route, handler](const httplib::Request& req, httplib::Response& res) {
    t_route = route;
    metrics_.BeginRequest();
    handler(req, res);
    metrics_.EndRequest();
  };
}

void Service::Send(httplib::Response& res, const JobResult& result, const char* cache_control) {
  res.status = result.status;
  res.set_header("Cache-Control", cache_control);
  if (!result.error_summary.empty()) res.set_header("X-PlantUML-Diagram-Error", OneLine(result.error_summary));
  res.set_content(result.body, result.content_type.c_str());
}

void Service::Fail(const httplib::Request& req, httplib::Response& res, const HttpError& error,
                   cli::Format format, bool plantuml_server) {
  Job job;
  job.format = format;
  job.error_image = plantuml_server && req.method == "GET" && !AcceptsJson(req);
  Send(res, ErrorResult(job, error.status, error.message), kCacheNever);
}

void Service::Render(const httplib::Request& req, httplib::Response& res, RenderRequest request,
                     bool plantuml_server) {
  if (request.source.size() > options_.max_source_bytes) {
    return Fail(req, res, {413, "the diagram is " + std::to_string(request.source.size()) +
                                    " bytes, more than the limit of " + std::to_string(options_.max_source_bytes) +
                                    " bytes\n"},
                request.format, plantuml_server);
  }
  Job job;
  job.format = request.format;
  job.type = request.type;
  job.json_diagnostics = AcceptsJson(req);
  job.error_image = plantuml_server && req.method == "GET" && !job.json_diagnostics;
  job.source = std::move(request.source);
  std::string key = EncodeJob(job) + identity_;
  std::string etag = "\"" + Hash128Hex(key) + "\"";
  std::string if_none_match = req.get_header_value("If-None-Match");
  if (!if_none_match.empty() && (if_none_match == "*" || if_none_match.find(etag) != std::string::npos)) {
    res.status = 304;
    res.set_header("ETag", etag);
    return;
  }
  std::optional<JobResult> result = cache_.Get(key);
  if (!result) {
    result = pool_.Run(job);
    if (result->status == 200 || result->status == 400) cache_.Put(key, *result);
  }
  bool deterministic = result->status == 200 || result->status == 400;
  if (deterministic) res.set_header("ETag", etag);
  Send(res, *result, result->status == 200 ? kCacheOk : deterministic ? kCacheError : kCacheNever);
}

void Service::RenderEncoded(const httplib::Request& req, httplib::Response& res, RenderRequest request,
                            const std::string& encoded, bool plantuml_server) {
  auto text = DecodeDiagram(encoded, options_.max_source_bytes);
  if (auto* error = std::get_if<HttpError>(&text)) return Fail(req, res, *error, request.format, plantuml_server);
  request.source = std::move(std::get<std::string>(text));
  Render(req, res, std::move(request), plantuml_server);
}

/// POST /{type}/{format}: the body is the diagram, or Kroki's JSON object.
void Service::RenderBody(const httplib::Request& req, httplib::Response& res, const std::string& type,
                         const std::string& format) {
  bool json = req.get_header_value("Content-Type").find("application/json") != std::string::npos;
  auto target = json ? ParseKrokiJson(req.body, type, format) : KrokiTarget(type, format);
  if (auto* error = std::get_if<HttpError>(&target)) return Fail(req, res, *error, cli::Format::kSvg, false);
  RenderRequest request = std::move(std::get<RenderRequest>(target));
  if (!json) request.source = req.body;
  Render(req, res, std::move(request), false);
}

void Service::Register(httplib::Server& server) {
  static const std::string page = IndexPage();
  auto index = Instrument("index", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "text/html; charset=utf-8");
  });
  server.Get("/", index);
  server.Get("/plantuml/?", index);
  server.Get("/healthz", Instrument("healthz", [this](const httplib::Request&, httplib::Response& res) {
    bool ok = pool_.stats().alive > 0;
    res.status = ok ? 200 : 503;
    res.set_header("Cache-Control", kCacheNever);
    res.set_content(ok ? "ok\n" : "no worker is running\n", "text/plain; charset=utf-8");
  }));
  server.Get("/metrics", Instrument("metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", kCacheNever);
    res.set_content(metrics_.Render(pool_.stats(), cache_.stats()), "text/plain; version=0.0.4");
  }));
  // PlantUML server: /svg/ENCODED, also mounted under /plantuml/ as many servers are.
  server.Get(R"(/(?:plantuml/)?(svg|png|pdf|img)/(.*))",
             Instrument("plantuml_get", [this](const httplib::Request& req, httplib::Response& res) {
               RenderRequest request;
               request.format = *PlantUmlFormat(req.matches[1]);
               RenderEncoded(req, res, std::move(request), req.matches[2], true);
             }));
  server.Post(R"(/(?:plantuml/)?(svg|png|pdf|img))",
              Instrument("plantuml_post", [this](const httplib::Request& req, httplib::Response& res) {
                std::string format = req.matches[1] == "img" ? "png" : std::string(req.matches[1]);
                RenderBody(req, res, "plantuml", format);
              }));
  // Kroki: /{type}/{format}/ENCODED and POST /{type}/{format}, POST / with JSON.
  server.Get(R"(/([^/]+)/([^/]+)/(.*))",
             Instrument("kroki_get", [this](const httplib::Request& req, httplib::Response& res) {
               auto target = KrokiTarget(req.matches[1], req.matches[2]);
               if (auto* error = std::get_if<HttpError>(&target)) return Fail(req, res, *error, cli::Format::kSvg, false);
               RenderEncoded(req, res, std::get<RenderRequest>(target), req.matches[3], false);
             }));
  server.Post(R"(/([^/]+)/([^/]+))",
              Instrument("kroki_post", [this](const httplib::Request& req, httplib::Response& res) {
                RenderBody(req, res, req.matches[1], req.matches[2]);
              }));
  server.Post("/", Instrument("kroki_json", [this](const httplib::Request& req, httplib::Response& res) {
    auto target = ParseKrokiJson(req.body, "", "");
    if (auto* error = std::get_if<HttpError>(&target)) return Fail(req, res, *error, cli::Format::kSvg, false);
    Render(req, res, std::move(std::get<RenderRequest>(target)), false);
  }));
  server.Options(R"(/.*)", [](const httplib::Request&, httplib::Response& res) {
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Content-Type, Accept, If-None-Match");
  });

  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_start = std::chrono::steady_clock::now();
    t_route = "other";
    if (req.target.size() <= options_.max_url_bytes) return httplib::Server::HandlerResponse::Unhandled;
    res.status = 414;
    res.set_content("the URL is " + std::to_string(req.target.size()) + " bytes, more than the limit of " +
                        std::to_string(options_.max_url_bytes) + " bytes; POST the diagram instead\n",
                    "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message = res.status == 404   ? "no such endpoint: " + req.method + " " + req.path + "; see GET /\n"
                          : res.status == 413 ? "the request body is larger than the limit of " +
                                                    std::to_string(options_.max_body_bytes) + " bytes\n"
                          : res.status == 414 ? "the URL is too long; POST the diagram instead\n"
                                              : "HTTP error " + std::to_string(res.status) + "\n";
    res.set_content(message, "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_logger([this](const httplib::Request&, const httplib::Response& res) {
    double seconds = t_start == std::chrono::steady_clock::time_point()
                         ? 0
                         : std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    metrics_.Observe(t_route.empty() ? "other" : t_route, res.status, seconds);
    t_start = {};
    t_route.clear();
  });
  server.set_default_headers({{"Access-Control-Allow-Origin", "*"}, {"Server", "diagc/" DG_VERSION}});
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
  app.add_option("--threads", o.threads, "HTTP threads (default: max(32, 8 per worker))");
  app.add_option("--max-queued", o.max_queued, "requests that may wait for a worker before 503 (default 256)");
}

/// SIGINT/SIGTERM are blocked in every thread and taken by one: the first
/// stops the server gracefully, a second one exits at once.
void WatchSignals(httplib::Server& server, sigset_t signals) {
  std::thread([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    std::fprintf(stderr, "diagc serve: %s: finishing requests in flight, then stopping\n", strsignal(sig));
    server.stop();
    sigwait(&signals, &sig);
    _exit(128 + sig);
  }).detach();
}

}  // namespace

int RunServe(int argc, char** argv) {
  CLI::App app{"diagc serve: PlantUML-server and Kroki HTTP APIs"};
  ServeOptions options;
  DefineOptions(app, options);
  CLI11_PARSE(app, argc, argv);
  if (options.workers == 0) options.workers = std::max(1u, std::thread::hardware_concurrency());
  if (options.threads == 0) options.threads = std::max(32u, 8 * options.workers);

  // Before any thread exists, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  PoolOptions pool_options;
  pool_options.workers = options.workers;
  pool_options.time_limit = std::chrono::milliseconds(static_cast<int64_t>(options.time_limit_seconds * 1000));
  pool_options.queue_wait = pool_options.time_limit;
  pool_options.memory_mb = options.memory_mb;
  pool_options.recycle_mb = options.recycle_mb;
  pool_options.max_queued = options.max_queued;
  WorkerPool pool(pool_options);
  std::string error;
  if (!pool.Start(&error)) {
    std::fprintf(stderr, "diagc serve: error: %s\n", error.c_str());
    return 3;
  }
  Service service(options, pool);
  httplib::Server server;
  unsigned threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(options.max_body_bytes);
  server.set_keep_alive_max_count(kKeepAliveMaxRequests);
  server.set_read_timeout(kReadTimeoutSeconds);
  server.set_tcp_nodelay(true);
  service.Register(server);

  int port = options.port == 0 ? server.bind_to_any_port(options.host)
                               : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    std::fprintf(stderr, "diagc serve: error: cannot listen on %s:%d\n", options.host.c_str(), options.port);
    return 3;
  }
  std::fprintf(stderr, "diagc serve: listening on http://%s:%d/ (%u workers, %g s limit)\n",
               options.host.c_str(), port, options.workers, options.time_limit_seconds);
  WatchSignals(server, signals);
  server.listen_after_bind();  // returns after stop(), once in-flight requests are answered
  pool.Shutdown();
  std::fprintf(stderr, "diagc serve: stopped\n");
  return 0;
}

}  // namespace dg::server
