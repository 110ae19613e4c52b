// An HTTP/1.1 server on GNU libmicrohttpd. One event-loop thread does all
// socket I/O, so a slow or hostile client costs a connection slot and a few
// KiB, never a thread that others need. Handlers see only complete requests
// (head and body within the limits, sent before the request deadline) and
// answer at once or later, from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

struct MHD_Connection;
struct MHD_Daemon;

namespace dg::server {

using HttpFields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string path;  ///< percent-decoded, without the query
  HttpFields headers;
  HttpFields query;
  std::string body;

  /// The first value of a header (name compared case-insensitively); "" when absent.
  std::string Header(std::string_view name) const;
  /// Path plus query, as the client sent it (roughly: decoded), for length limits.
  size_t TargetSize() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  HttpFields headers;
  /// Shared, so a cached picture goes out to many clients without copies.
  std::shared_ptr<const std::string> body;

  static HttpResponse Text(int status, std::string text);
  void SetBody(std::string bytes) { body = std::make_shared<const std::string>(std::move(bytes)); }
  void SetHeader(std::string name, std::string value);
};

/// Answers one request; call it exactly once, from any thread.
using Responder = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest&& request, Responder respond)>;

struct HttpLimits {
  size_t max_body_bytes = 1u << 20;
  size_t max_header_count = 100;          ///< more → 431
  size_t max_header_bytes = 16u << 10;    ///< request line and headers together; more → 431
  unsigned max_connections = 1000;        ///< beyond this, new connections are closed at once
  unsigned max_connections_per_client = 32;  ///< per IP address, likewise
  /// A client has this long to send one whole request (head and body), and a
  /// keep-alive connection may sit idle this long; a slow sender is cut off
  /// however steadily it trickles bytes.
  std::chrono::milliseconds request_timeout{10'000};
  size_t max_buffered_body_bytes = 64u << 20;  ///< bodies of all connections being received, together
  /// A refused request's body (413, 503, 431) is read and dropped up to this
  /// many bytes before the answer, so a client still sending gets the answer
  /// instead of a reset; past it the connection is closed. Time is bounded by
  /// request_timeout, which covers the body too.
  size_t max_drained_body_bytes = 16u << 20;
};

struct HttpStats {
  uint64_t connections_open = 0;
  uint64_t closed_at_deadline = 0;   ///< cut off for not sending a whole request in time
  uint64_t refused_headers = 0;      ///< 431
  uint64_t refused_body_budget = 0;  ///< 503: too many bodies in flight
};

class HttpServer {
 public:
  HttpServer(HttpLimits limits, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens; port 0 takes any free port. Without SO_REUSEPORT, so
  /// a second server on a port in use fails ("port 8080 on 127.0.0.1 is in use").
  bool Listen(const std::string& host, int port, std::string* error);
  int port() const { return port_; }
  /// Starts the event loop (after Listen).
  bool Start(std::string* error);
  /// Stops accepting, answers requests that are still coming in with 503 and
  /// every response from now on with `Connection: close`, waits (up to
  /// `drain`) for requests in flight to be answered and sent, then closes
  /// every connection, slow or idle ones at once.
  void Stop(std::chrono::milliseconds drain);
  /// The first step of Stop() alone: no new connections, `Connection: close`
  /// on every answer, 503 for requests that arrive from now on.
  void StopAccepting();
  bool stopping() const { return stopping_; }
  HttpStats stats() const;

 private:
  struct Exchange;
  struct Callbacks;  // libmicrohttpd's entry points, in the .cpp
  struct Connection {
    int fd = -1;
    /// When the client must have sent its whole next request; max() while
    /// one is being answered.
    std::chrono::steady_clock::time_point deadline;
  };

  void SetDeadline(MHD_Connection* connection, bool answering);
  void EnforceDeadlines();
  void Count(uint64_t HttpStats::*counter);

  HttpLimits limits_;
  HttpHandler handler_;
  int listen_fd_ = -1;
  bool ipv6_ = false;
  int port_ = 0;
  MHD_Daemon* daemon_ = nullptr;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> buffered_body_bytes_{0};
  std::atomic<int64_t> unfinished_{0};  ///< requests handed to the handler whose response is not yet sent

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable reaper_wakeup_;
  bool reaper_stop_ = false;
  std::thread reaper_;
  std::unordered_map<MHD_Connection*, Connection> connections_;
  HttpStats stats_;
};

}  // namespace dg::server
