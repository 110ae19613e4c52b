// An in-memory LRU cache of rendered responses, bounded by bytes. Keys are the
// full job (format, type, flags, page, theme, source), so a hash collision can
// never serve someone else's diagram. Entries are shared, so a hit is sent
// without copying the picture. Failures a diagram causes (timeouts, crashes)
// are kept for a while only, so a repeat is answered at once instead of
// costing a worker again.
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/protocol.hpp"

namespace dg::server {

struct CacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  size_t bytes = 0;
  size_t entries = 0;
};

class ResponseCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  /// nullptr on a miss or once the entry has expired.
  std::shared_ptr<const JobResult> Get(const std::string& key);
  /// Entries over an eighth of the budget are not kept; `ttl` bounds how
  /// long this one is (none: until evicted).
  void Put(const std::string& key, std::shared_ptr<const JobResult> result,
           std::optional<Clock::duration> ttl = std::nullopt);
  CacheStats stats() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const JobResult> result;
    size_t bytes = 0;
    Clock::time_point expires = Clock::time_point::max();
  };
  void EvictTo(size_t budget);
  void Erase(std::list<Entry>::iterator it);

  size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views into entries_
  CacheStats stats_;
};

}  // namespace dg::server
