// Prometheus text exposition of the server's counters: requests by route and
// status, errors, a latency histogram, in-flight requests, connections and
// what the HTTP layer refused, worker restarts, cache use.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "server/http_server.hpp"
#include "server/response_cache.hpp"
#include "server/worker_pool.hpp"

namespace dg::server {

class Metrics {
 public:
  /// Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 13> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1,     2.5,  5,     10};

  void Observe(const std::string& route, int status, double seconds);
  void BeginRequest() { ++in_flight_; }
  void EndRequest() { --in_flight_; }

  std::string Render(const PoolStats& pool, const CacheStats& cache, const HttpStats& http) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status) → count
  std::array<uint64_t, kBuckets.size() + 1> buckets_{};       // not cumulative; last = +Inf
  double latency_sum_ = 0;
  uint64_t latency_count_ = 0;
  std::atomic<int64_t> in_flight_{0};
};

}  // namespace dg::server
