#include "server/http_server.hpp"

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <strings.h>

namespace dg::server {
namespace {

constexpr int kListenBacklog = 511;
/// libmicrohttpd keeps a request's line, headers and read buffer in one pool
/// per connection; twice the header limit leaves room for the read buffer.
constexpr size_t kPoolBytesPerHeaderByte = 2;
constexpr auto kReaperTick = std::chrono::milliseconds(100);
constexpr auto kDrainPoll = std::chrono::milliseconds(10);

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string Lookup(const HttpFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (SameName(key, name)) return value;
  }
  return "";
}

MHD_Result CollectField(void* fields, MHD_ValueKind, const char* key, const char* value) {
  static_cast<HttpFields*>(fields)->emplace_back(key ? key : "", value ? value : "");
  return MHD_YES;
}

}  // namespace

std::string HttpRequest::Header(std::string_view name) const { return Lookup(headers, name); }

size_t HttpRequest::TargetSize() const {
  size_t size = path.size();
  for (const auto& [key, value] : query) size += key.size() + value.size() + 2;
  return size;
}

HttpResponse HttpResponse::Text(int status, std::string text) {
  HttpResponse response;
  response.status = status;
  response.SetBody(std::move(text));
  return response;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  for (auto& [key, old] : headers) {
    if (SameName(key, name)) {
      old = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

/// One request on one connection, from its head to its last byte sent.
struct HttpServer::Exchange {
  HttpRequest request;
  size_t budgeted = 0;                   ///< bytes counted in buffered_body_bytes_
  std::optional<HttpResponse> refusal;   ///< answered without the handler (limits), once the body is drained
  size_t drained = 0;                    ///< body bytes read and dropped after the refusal
  bool dispatched = false;               ///< handed to the handler
  std::mutex mutex;                      // guards the two below, shared with the responder
  bool suspended = false;
  std::optional<HttpResponse> response;
};

struct HttpServer::Callbacks {
  static MHD_Result OnRequest(void* self, MHD_Connection* connection, const char* url, const char* method,
                              const char*, const char* upload, size_t* upload_size, void** context) {
    auto* server = static_cast<HttpServer*>(self);
    auto* exchange = static_cast<Exchange*>(*context);
    if (!exchange) {
      *context = exchange = new Exchange;
      return BeginExchange(*server, connection, exchange, url, method);
    }
    if (*upload_size != 0) {
      bool keep = ReceiveBody(*server, exchange, upload, *upload_size);
      *upload_size = 0;
      return keep ? MHD_YES : MHD_NO;
    }
    if (exchange->refusal) return Queue(*server, connection, std::move(*exchange->refusal));
    if (!exchange->dispatched) return Dispatch(*server, connection, exchange);
    std::lock_guard<std::mutex> lock(exchange->mutex);  // resumed: the responder has answered
    return Queue(*server, connection, std::move(*exchange->response));
  }

  static void OnCompleted(void* self, MHD_Connection* connection, void** context, MHD_RequestTerminationCode) {
    auto* server = static_cast<HttpServer*>(self);
    auto* exchange = static_cast<Exchange*>(*context);
    if (!exchange) return;
    server->buffered_body_bytes_ -= exchange->budgeted;
    if (exchange->dispatched) --server->unfinished_;
    delete exchange;
    *context = nullptr;
    server->SetDeadline(connection, /*answering=*/false);  // the next request on this connection
  }

  static void OnConnection(void* self, MHD_Connection* connection, void**, MHD_ConnectionNotificationCode event) {
    auto* server = static_cast<HttpServer*>(self);
    std::lock_guard<std::mutex> lock(server->mutex_);
    if (event == MHD_CONNECTION_NOTIFY_CLOSED) {
      server->connections_.erase(connection);
      return;
    }
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    server->connections_[connection] = {info ? info->connect_fd : -1,
                                        std::chrono::steady_clock::now() + server->limits_.request_timeout};
  }

  static MHD_Result BeginExchange(HttpServer& s, MHD_Connection* connection, Exchange* exchange, const char* url,
                                       const char* method) {
    HttpRequest& request = exchange->request;
    request.method = method;
    request.path = url;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectField, &request.headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectField, &request.query);
    const MHD_ConnectionInfo* head = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    size_t head_bytes = head ? head->header_size : 0;
    if (request.headers.size() > s.limits_.max_header_count || head_bytes > s.limits_.max_header_bytes) {
      s.Count(&HttpStats::refused_headers);
      return Refuse(s, connection, exchange,
                    HttpResponse::Text(431, "the request has " + std::to_string(request.headers.size()) +
                                                " headers in " + std::to_string(head_bytes) +
                                                " bytes; the limits are " + std::to_string(s.limits_.max_header_count) +
                                                " headers and " + std::to_string(s.limits_.max_header_bytes) +
                                                " bytes\n"));
    }
    // libmicrohttpd has checked Content-Length's syntax (400 otherwise).
    std::string length = request.Header("Content-Length");
    if (!length.empty()) {
      uint64_t declared = std::strtoull(length.c_str(), nullptr, 10);
      if (declared > s.limits_.max_body_bytes) return Refuse(s, connection, exchange, BodyTooLarge(s));
      if (!Budget(s, exchange, declared)) return Refuse(s, connection, exchange, BodyBudgetExhausted());
    }
    return MHD_YES;
  }

  /// Keeps the body, or drops it once the request is refused; false when a
  /// refused request's body passes what we drain (the connection is closed).
  static bool ReceiveBody(HttpServer& s, Exchange* exchange, const char* data, size_t size) {
    if (exchange->refusal) {
      exchange->drained += size;
      return exchange->drained <= s.limits_.max_drained_body_bytes;
    }
    std::string& body = exchange->request.body;
    if (body.size() + size > s.limits_.max_body_bytes) {
      exchange->refusal = BodyTooLarge(s);
    } else if (body.size() + size > exchange->budgeted && !Budget(s, exchange, body.size() + size)) {
      exchange->refusal = BodyBudgetExhausted();  // chunked: no Content-Length to budget up front
    } else {
      body.append(data, size);
    }
    if (exchange->refusal) {
      exchange->refusal->SetHeader("Connection", "close");
      body.clear();
      body.shrink_to_fit();
    }
    return true;
  }

  static bool Budget(HttpServer& s, Exchange* exchange, size_t total) {
    size_t more = total - exchange->budgeted;
    if (s.buffered_body_bytes_.fetch_add(more) + more > s.limits_.max_buffered_body_bytes) {
      s.buffered_body_bytes_ -= more;
      s.Count(&HttpStats::refused_body_budget);
      return false;
    }
    exchange->budgeted = total;
    return true;
  }

  static HttpResponse BodyTooLarge(const HttpServer& s) {
    return HttpResponse::Text(413, "the request body is larger than the limit of " +
                                       std::to_string(s.limits_.max_body_bytes) + " bytes\n");
  }

  static HttpResponse BodyBudgetExhausted() {
    HttpResponse response = HttpResponse::Text(503, "the server is receiving too many request bodies; try again\n");
    response.SetHeader("Retry-After", "1");
    return response;
  }

  /// Refuses a request from its head. Answered at once, libmicrohttpd would
  /// read no more and close the connection with the body still arriving: the
  /// kernel then resets it, and a client still sending (fetch, most HTTP
  /// libraries) reports the reset, never our answer. So the body is read and
  /// dropped first (ReceiveBody), the answer queued when it has all come.
  /// At once only when no body will come before the answer (the client waits
  /// for "100 Continue") or more is declared than we are willing to drain.
  static MHD_Result Refuse(HttpServer& s, MHD_Connection* connection, Exchange* exchange, HttpResponse response) {
    response.SetHeader("Connection", "close");
    uint64_t declared = std::strtoull(exchange->request.Header("Content-Length").c_str(), nullptr, 10);
    if (WaitsForContinue(exchange->request) || declared > s.limits_.max_drained_body_bytes) {
      return Queue(s, connection, std::move(response));
    }
    exchange->refusal = std::move(response);
    return MHD_YES;
  }

  static bool WaitsForContinue(const HttpRequest& request) {
    return SameName(request.Header("Expect"), "100-continue");
  }

  static MHD_Result Dispatch(HttpServer& s, MHD_Connection* connection, Exchange* exchange) {
    exchange->dispatched = true;
    ++s.unfinished_;
    s.SetDeadline(connection, /*answering=*/true);
    if (s.stopping_) {
      HttpResponse response = HttpResponse::Text(503, "the server is shutting down\n");
      response.SetHeader("Retry-After", "1");
      return Queue(s, connection, std::move(response));
    }
    s.handler_(std::move(exchange->request), [connection, exchange](HttpResponse response) {
      std::lock_guard<std::mutex> lock(exchange->mutex);
      if (exchange->response) return;  // answered already
      exchange->response = std::move(response);
      if (exchange->suspended) MHD_resume_connection(connection);
    });
    std::lock_guard<std::mutex> lock(exchange->mutex);
    if (exchange->response) return Queue(s, connection, std::move(*exchange->response));
    exchange->suspended = true;  // the responder resumes the connection from another thread
    MHD_suspend_connection(connection);
    return MHD_YES;
  }

  static MHD_Result Queue(HttpServer& s, MHD_Connection* connection, HttpResponse response) {
    auto* owner = new std::shared_ptr<const std::string>(
        response.body ? std::move(response.body) : std::make_shared<const std::string>());
    const std::string& body = **owner;
    MHD_Response* reply = MHD_create_response_from_buffer_with_free_callback_cls(
        body.size(), const_cast<char*>(body.data()), &FreeBody, owner);
    if (!reply) {
      FreeBody(owner);
      return MHD_NO;
    }
    MHD_add_response_header(reply, "Content-Type", response.content_type.c_str());
    for (const auto& [name, value] : response.headers) MHD_add_response_header(reply, name.c_str(), value.c_str());
    // Clients must not send another request on a connection that is about to close.
    if (s.stopping_) MHD_add_response_header(reply, "Connection", "close");
    MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(response.status), reply);
    MHD_destroy_response(reply);
    return queued;
  }

  static void FreeBody(void* owner) { delete static_cast<std::shared_ptr<const std::string>*>(owner); }
};

HttpServer::HttpServer(HttpLimits limits, HttpHandler handler)
    : limits_(limits), handler_(std::move(handler)) {}

HttpServer::~HttpServer() {
  if (daemon_) Stop(std::chrono::milliseconds(0));
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

bool HttpServer::Listen(const std::string& host, int port, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    *error = "cannot listen on " + host + ": " + gai_strerror(rc);
    return false;
  }
  int bind_errno = 0;
  for (addrinfo* a = found; a && listen_fd_ < 0; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR only lets a restarted server bind past TIME_WAIT; unlike
    // SO_REUSEPORT it never lets two servers share the port.
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, kListenBacklog) == 0) {
      listen_fd_ = fd;
      ipv6_ = a->ai_family == AF_INET6;
    } else {
      bind_errno = errno;
      ::close(fd);
    }
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) {
    *error = bind_errno == EADDRINUSE ? "port " + std::to_string(port) + " on " + host + " is in use"
                                      : "cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                            std::strerror(bind_errno);
    return false;
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                             : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return true;
}

bool HttpServer::Start(std::string* error) {
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;
  if (ipv6_) flags |= MHD_USE_IPv6;
  auto timeout_s = static_cast<unsigned>(std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(limits_.request_timeout).count()));
  daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Callbacks::OnRequest, this,  //
      MHD_OPTION_LISTEN_SOCKET, listen_fd_,                      //
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, limits_.max_header_bytes * kPoolBytesPerHeaderByte,
      MHD_OPTION_CONNECTION_LIMIT, limits_.max_connections,                       //
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, limits_.max_connections_per_client,     //
      MHD_OPTION_CONNECTION_TIMEOUT, timeout_s,  // no progress at all (e.g. a client not reading)
      MHD_OPTION_NOTIFY_COMPLETED, &Callbacks::OnCompleted, this,                 //
      MHD_OPTION_NOTIFY_CONNECTION, &Callbacks::OnConnection, this,               //
      MHD_OPTION_END);
  if (!daemon_) {
    *error = "cannot start the HTTP server (libmicrohttpd)";
    return false;
  }
  reaper_ = std::thread([this] { EnforceDeadlines(); });
  return true;
}

void HttpServer::SetDeadline(MHD_Connection* connection, bool answering) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  it->second.deadline = answering ? std::chrono::steady_clock::time_point::max()
                                  : std::chrono::steady_clock::now() + limits_.request_timeout;
}

void HttpServer::EnforceDeadlines() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!reaper_stop_) {
    auto now = std::chrono::steady_clock::now();
    for (auto& [connection, state] : connections_) {
      if (state.deadline > now || state.fd < 0) continue;
      // libmicrohttpd reads EOF and closes the connection itself; the fd
      // stays open until the CLOSED notification, which takes mutex_ first.
      ::shutdown(state.fd, SHUT_RDWR);
      state.deadline = std::chrono::steady_clock::time_point::max();
      ++stats_.closed_at_deadline;
    }
    reaper_wakeup_.wait_for(lock, kReaperTick);
  }
}

void HttpServer::Count(uint64_t HttpStats::*counter) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++(stats_.*counter);
}

void HttpServer::StopAccepting() {
  if (stopping_.exchange(true) || !daemon_) return;
  MHD_quiesce_daemon(daemon_);
  // A quiesced socket still completes handshakes into its backlog; shut it
  // so new clients are refused at once instead of hanging.
  ::shutdown(listen_fd_, SHUT_RDWR);
}

void HttpServer::Stop(std::chrono::milliseconds drain) {
  StopAccepting();
  auto give_up = std::chrono::steady_clock::now() + drain;
  while (unfinished_ > 0 && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(kDrainPoll);
  if (daemon_) MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    reaper_stop_ = true;
  }
  reaper_wakeup_.notify_all();
  if (reaper_.joinable()) reaper_.join();
}

HttpStats HttpServer::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  HttpStats s = stats_;
  s.connections_open = connections_.size();
  return s;
}

}  // namespace dg::server
