#include "server/response_cache.hpp"

namespace dg::server {
namespace {

constexpr size_t kEntryOverheadBytes = 256;  // list node, map slot, strings' own headers

}  // namespace

std::optional<JobResult> ResponseCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++stats_.misses;
    return std::nullopt;
  }
  ++stats_.hits;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->result;
}

void ResponseCache::Put(const std::string& key, const JobResult& result) {
  size_t bytes = key.size() + result.body.size() + result.content_type.size() +
                 result.error_summary.size() + kEntryOverheadBytes;
  if (bytes > max_bytes_ / 8) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (index_.count(key)) return;  // two threads rendered the same diagram
  EvictTo(max_bytes_ - bytes);
  entries_.push_front({key, result, bytes});
  index_.emplace(entries_.front().key, entries_.begin());
  stats_.bytes += bytes;
}

void ResponseCache::EvictTo(size_t budget) {
  while (stats_.bytes > budget && !entries_.empty()) {
    stats_.bytes -= entries_.back().bytes;
    index_.erase(entries_.back().key);
    entries_.pop_back();
  }
}

CacheStats ResponseCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  CacheStats s = stats_;
  s.entries = entries_.size();
  return s;
}

}  // namespace dg::server
