// An in-memory LRU cache of rendered responses, bounded by bytes. Keys are the
// full job (format, type, flags, source), so a hash collision can never serve
// someone else's diagram.
#pragma once

#include <cstdint>
#include <list>
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
  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  std::optional<JobResult> Get(const std::string& key);
  /// Stores a copy; entries over an eighth of the budget are not kept.
  void Put(const std::string& key, const JobResult& result);
  CacheStats stats() const;

 private:
  struct Entry {
    std::string key;
    JobResult result;
    size_t bytes = 0;
  };
  void EvictTo(size_t budget);

  size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views into entries_
  CacheStats stats_;
};

}  // namespace dg::server
