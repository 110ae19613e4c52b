#include "server/response_cache.hpp"

namespace dg::server {
namespace {

constexpr size_t kEntryOverheadBytes = 256;  // list node, map slot, strings' own headers

}  // namespace

std::shared_ptr<const JobResult> ResponseCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(key);
  if (it != index_.end() && it->second->expires <= Clock::now()) {
    Erase(it->second);
    it = index_.end();
  }
  if (it == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->result;
}

void ResponseCache::Put(const std::string& key, std::shared_ptr<const JobResult> result,
                        std::optional<Clock::duration> ttl) {
  size_t bytes = key.size() + result->body.size() + result->content_type.size() + result->error_summary.size() +
                 kEntryOverheadBytes;
  if (bytes > max_bytes_ / 8) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) Erase(it->second);  // a newer answer replaces it
  EvictTo(max_bytes_ - bytes);
  entries_.push_front({key, std::move(result), bytes, ttl ? Clock::now() + *ttl : Clock::time_point::max()});
  index_.emplace(entries_.front().key, entries_.begin());
  stats_.bytes += bytes;
}

void ResponseCache::Erase(std::list<Entry>::iterator it) {
  stats_.bytes -= it->bytes;
  index_.erase(it->key);
  entries_.erase(it);
}

void ResponseCache::EvictTo(size_t budget) {
  while (stats_.bytes > budget && !entries_.empty()) Erase(std::prev(entries_.end()));
}

CacheStats ResponseCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  CacheStats s = stats_;
  s.entries = entries_.size();
  return s;
}

}  // namespace dg::server
