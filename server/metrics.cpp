#include "server/metrics.hpp"

#include <charconv>

namespace dg::server {
namespace {

std::string Number(double v) {
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

void Header(std::string* out, const char* name, const char* type, const char* help) {
  *out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void Line(std::string* out, const std::string& name, const std::string& labels, double value) {
  *out += name + (labels.empty() ? "" : "{" + labels + "}") + " " + Number(value) + "\n";
}

}  // namespace

void Metrics::Observe(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++buckets_[i];
  latency_sum_ += seconds;
  ++latency_count_;
}

std::string Metrics::Render(const PoolStats& pool, const CacheStats& cache, const HttpStats& http) const {
  std::string out;
  std::lock_guard<std::mutex> lock(mutex_);
  Header(&out, "diagc_http_requests_total", "counter", "HTTP requests by route and status.");
  std::map<std::pair<std::string, std::string>, uint64_t> errors;
  for (const auto& [key, count] : requests_) {
    Line(&out, "diagc_http_requests_total",
         "route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"", count);
    if (key.second >= 400) errors[{key.first, key.second >= 500 ? "5xx" : "4xx"}] += count;
  }
  Header(&out, "diagc_http_errors_total", "counter", "HTTP responses with status 400 or more.");
  for (const auto& [key, count] : errors) {
    Line(&out, "diagc_http_errors_total", "route=\"" + key.first + "\",class=\"" + key.second + "\"", count);
  }
  Header(&out, "diagc_http_request_duration_seconds", "histogram", "Time from routing to response.");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    cumulative += buckets_[i];
    std::string le = i < kBuckets.size() ? Number(kBuckets[i]) : "+Inf";
    Line(&out, "diagc_http_request_duration_seconds_bucket", "le=\"" + le + "\"", cumulative);
  }
  Line(&out, "diagc_http_request_duration_seconds_sum", "", latency_sum_);
  Line(&out, "diagc_http_request_duration_seconds_count", "", latency_count_);
  Header(&out, "diagc_http_requests_in_flight", "gauge", "Requests being handled now.");
  Line(&out, "diagc_http_requests_in_flight", "", in_flight_.load());
  Header(&out, "diagc_http_connections", "gauge", "Open client connections.");
  Line(&out, "diagc_http_connections", "", static_cast<double>(http.connections_open));
  Header(&out, "diagc_http_refused_total", "counter", "Requests the HTTP layer refused or cut off, by reason.");
  Line(&out, "diagc_http_refused_total", "reason=\"deadline\"", static_cast<double>(http.closed_at_deadline));
  Line(&out, "diagc_http_refused_total", "reason=\"headers\"", static_cast<double>(http.refused_headers));
  Line(&out, "diagc_http_refused_total", "reason=\"body_budget\"", static_cast<double>(http.refused_body_budget));
  Header(&out, "diagc_workers", "gauge", "Worker processes configured, alive and busy.");
  Line(&out, "diagc_workers", "state=\"configured\"", pool.workers);
  Line(&out, "diagc_workers", "state=\"alive\"", pool.alive);
  Line(&out, "diagc_workers", "state=\"busy\"", pool.busy);
  Header(&out, "diagc_jobs_queued", "gauge", "Requests waiting for a free worker.");
  Line(&out, "diagc_jobs_queued", "", static_cast<double>(pool.queued));
  Header(&out, "diagc_worker_restarts_total", "counter", "Workers replaced, by reason.");
  Line(&out, "diagc_worker_restarts_total", "reason=\"timeout\"", pool.restarts_timeout);
  Line(&out, "diagc_worker_restarts_total", "reason=\"crash\"", pool.restarts_crash);
  Line(&out, "diagc_worker_restarts_total", "reason=\"memory\"", pool.restarts_memory);
  Line(&out, "diagc_worker_restarts_total", "reason=\"recycled\"", pool.restarts_recycled);
  Line(&out, "diagc_worker_restarts_total", "reason=\"died_idle\"", pool.restarts_died_idle);
  Header(&out, "diagc_worker_spawn_failures_total", "counter", "Worker processes that could not be started.");
  Line(&out, "diagc_worker_spawn_failures_total", "", pool.spawn_failures);
  Header(&out, "diagc_reserve_jobs_total", "counter", "Jobs the reserve worker took while every worker was slow.");
  Line(&out, "diagc_reserve_jobs_total", "", pool.reserve_jobs);
  Header(&out, "diagc_cache_requests_total", "counter", "Response cache lookups by result.");
  Line(&out, "diagc_cache_requests_total", "result=\"hit\"", cache.hits);
  Line(&out, "diagc_cache_requests_total", "result=\"miss\"", cache.misses);
  Header(&out, "diagc_cache_bytes", "gauge", "Bytes held by the response cache.");
  Line(&out, "diagc_cache_bytes", "", static_cast<double>(cache.bytes));
  Header(&out, "diagc_cache_entries", "gauge", "Responses held by the response cache.");
  Line(&out, "diagc_cache_entries", "", static_cast<double>(cache.entries));
  return out;
}

}  // namespace dg::server
