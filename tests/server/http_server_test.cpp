// The HTTP layer of `diagc serve` over raw sockets on loopback: what hostile
// or unusual clients send (pipelining, bad lengths, header floods, trickled
// requests, many connections) and how it answers.
#include "server/http_server.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

using namespace dg::server;

namespace {

/// A connected socket from `source` (any 127.x address) to the server.
int Connect(int port, const char* source = "127.0.0.1") {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source, &local.sin_addr);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0);
  return fd;
}

/// False when the server closed or reset the connection before taking every byte.
bool Send(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

/// Everything the server sends until it closes the connection (or 10 s pass).
std::string ReadUntilClosed(int fd) {
  std::string all;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10'000) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  return all;
}

struct Reply {
  int status = 0;
  std::string head;
  std::string body;
};

/// Reads one response (head + Content-Length body) from `fd`, keeping what
/// follows in `*rest` for the next call.
Reply ReadReply(int fd, std::string* rest) {
  char buf[65536];
  auto fill = [&] {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10'000) <= 0) return false;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    rest->append(buf, static_cast<size_t>(n));
    return true;
  };
  size_t end;
  while ((end = rest->find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return {};
  }
  Reply reply;
  reply.head = rest->substr(0, end + 4);
  reply.status = std::atoi(reply.head.c_str() + 9);
  size_t length = 0;
  if (size_t at = reply.head.find("Content-Length: "); at != std::string::npos) {
    length = std::strtoul(reply.head.c_str() + at + 16, nullptr, 10);
  }
  while (rest->size() < end + 4 + length) {
    if (!fill()) return {};
  }
  reply.body = rest->substr(end + 4, length);
  rest->erase(0, end + 4 + length);
  return reply;
}

Reply Exchange(int port, const std::string& request) {
  int fd = Connect(port);
  Send(fd, request);
  std::string rest;
  Reply reply = ReadReply(fd, &rest);
  ::close(fd);
  return reply;
}

/// A server whose handler echoes the path and body; "/later" answers from
/// another thread after a moment, "/hold" once `released` is set.
struct EchoServer {
  explicit EchoServer(HttpLimits limits = {})
      : server(limits, [this](HttpRequest&& request, Responder respond) {
          ++handled;
          std::string text = request.method + " " + request.path + " " + request.body;
          if (request.path != "/later" && request.path != "/hold") return respond(HttpResponse::Text(200, text));
          std::thread([this, respond, text, hold = request.path == "/hold"] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            while (hold && !released) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            respond(HttpResponse::Text(200, text));
          }).detach();
        }) {
    std::string error;
    REQUIRE(server.Listen("127.0.0.1", 0, &error));
    REQUIRE(server.Start(&error));
  }
  int port() const { return server.port(); }

  std::atomic<int> handled{0};
  std::atomic<bool> released{false};
  HttpServer server;
};

}  // namespace

TEST_CASE("http: pipelined requests in one write each get their answer, in order") {
  EchoServer echo;
  int fd = Connect(echo.port());
  Send(fd, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /later HTTP/1.1\r\nHost: x\r\n\r\n"
           "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz");
  std::string rest;
  CHECK(ReadReply(fd, &rest).body == "GET /a ");
  CHECK(ReadReply(fd, &rest).body == "GET /later ");
  CHECK(ReadReply(fd, &rest).body == "POST /b xyz");
  ::close(fd);
}

TEST_CASE("http: a malformed Content-Length is a 400 and never reaches the handler") {
  EchoServer echo;
  for (const char* length : {"abc", "-1", "1x"}) {
    CAPTURE(length);
    Reply reply = Exchange(echo.port(), std::string("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: ") + length +
                                            "\r\n\r\nhello");
    CHECK(reply.status == 400);
  }
  CHECK(echo.handled == 0);
}

TEST_CASE("http: too many or too large headers → 431 with the limits") {
  HttpLimits limits;
  limits.max_header_count = 20;
  limits.max_header_bytes = 4096;
  EchoServer echo(limits);
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 30; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  Reply reply = Exchange(echo.port(), many + "\r\n");
  CHECK(reply.status == 431);
  CHECK(reply.body.find("the limits are 20 headers and 4096 bytes") != std::string::npos);

  // One header of 6 KB: over the byte limit, though the pool could hold it.
  reply = Exchange(echo.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(6000, 'b') + "\r\n\r\n");
  CHECK(reply.status == 431);
  // Far over what the connection's memory can hold: refused by libmicrohttpd
  // itself, never buffered.
  int fd = Connect(echo.port());
  std::string huge = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 64; ++i) huge += "X-H" + std::to_string(i) + ": " + std::string(8000, 'h') + "\r\n";
  Send(fd, huge + "\r\n");
  std::string answer = ReadUntilClosed(fd);
  ::close(fd);
  CHECK((answer.empty() || answer.rfind("HTTP/1.1 431", 0) == 0 || answer.rfind("HTTP/1.1 414", 0) == 0));
  CHECK(echo.handled == 0);
  CHECK(echo.server.stats().refused_headers == 2);
}

TEST_CASE("http: bodies up to the limit pass whole whatever their type; larger ones → 413") {
  HttpLimits limits;
  limits.max_body_bytes = 100'000;
  EchoServer echo(limits);
  std::string form(90'000, 'f');  // curl's default type for -d; no form parsing, no 8 KiB cap
  Reply reply = Exchange(echo.port(), "POST /f HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                      "Content-Length: 90000\r\n\r\n" + form);
  CHECK(reply.status == 200);
  CHECK(reply.body == "POST /f " + form);

  reply = Exchange(echo.port(), "POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 100001\r\n\r\n" +
                                    std::string(100'001, 'f'));
  CHECK(reply.status == 413);
  CHECK(reply.body == "the request body is larger than the limit of 100000 bytes\n");
  CHECK(reply.head.find("Connection: close") != std::string::npos);
  // Chunked: no length up front, cut when the data passes the limit.
  std::string chunk(60'000, 'c');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", chunk.size());
  reply = Exchange(echo.port(), std::string("POST /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n") +
                                    size + "\r\n" + chunk + "\r\n" + size + "\r\n" + chunk + "\r\n0\r\n\r\n");
  CHECK(reply.status == 413);
  CHECK(echo.handled == 1);
}

TEST_CASE("http: a client that sends all of a too large body first still reads the 413") {
  // As fetch and most libraries do: the whole body, then the answer. Answered
  // from the head, the rest of the body met a closed socket and the client a
  // reset (EPIPE / ECONNRESET), never the 413.
  HttpLimits limits;
  limits.max_body_bytes = 100'000;
  EchoServer echo(limits);
  std::string body(8u << 20, 'b');  // far more than the socket buffers hold unread
  int fd = Connect(echo.port());
  bool sent_all = Send(fd, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
                               "\r\n\r\n" + body);
  std::string rest;
  Reply reply = ReadReply(fd, &rest);
  ::close(fd);
  CHECK(sent_all);
  CHECK(reply.status == 413);
  CHECK(echo.handled == 0);
}

TEST_CASE("http: a too large body is refused at once when the client waits for 100 Continue or it is past draining") {
  HttpLimits limits;
  limits.max_body_bytes = 100'000;
  limits.max_drained_body_bytes = 1'000'000;
  limits.request_timeout = std::chrono::minutes(10);  // only the drain limit may cut the chunked client off
  EchoServer echo(limits);
  // Neither client sends its body before it has an answer: it must come from the head.
  Reply reply = Exchange(echo.port(), "POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n"
                                      "Expect: 100-continue\r\n\r\n");
  CHECK(reply.status == 413);
  reply = Exchange(echo.port(), "POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 1000001\r\n\r\n");
  CHECK(reply.status == 413);
  // Chunked past the drain limit: cut off without an answer, not read on.
  // 20 MB is more than the socket buffers could hold after the cut.
  int fd = Connect(echo.port());
  std::string chunk = "7a120\r\n" + std::string(500'000, 'c') + "\r\n";
  Send(fd, "POST /f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  bool cut = false;
  for (int i = 0; i < 40 && !cut; ++i) cut = !Send(fd, chunk);
  ::close(fd);
  CHECK(cut);
  CHECK(echo.handled == 0);
}

TEST_CASE("http: Range is ignored: the whole body, never multipart") {
  EchoServer echo;
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 1000; ++i) ranges += ",0-";
  Reply reply = Exchange(echo.port(), "GET /r HTTP/1.1\r\nHost: x\r\nRange: " + ranges + "\r\n\r\n");
  CHECK(reply.status == 200);
  CHECK(reply.body == "GET /r ");
  CHECK(reply.head.find("multipart") == std::string::npos);
}

TEST_CASE("http: connections per client are capped; other clients are still served") {
  HttpLimits limits;
  limits.max_connections_per_client = 2;
  EchoServer echo(limits);
  int a = Connect(echo.port(), "127.0.0.2"), b = Connect(echo.port(), "127.0.0.2");
  int c = Connect(echo.port(), "127.0.0.2");  // accepted by the kernel, closed by the server
  Send(c, "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(ReadUntilClosed(c).empty());
  Reply reply = Exchange(echo.port(), "GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(reply.status == 200);
  Send(a, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string rest;
  CHECK(ReadReply(a, &rest).status == 200);
  for (int fd : {a, b, c}) ::close(fd);
}

TEST_CASE("http: a client trickling its request is cut off at the request deadline") {
  HttpLimits limits;
  limits.request_timeout = std::chrono::milliseconds(300);
  EchoServer echo(limits);
  int fd = Connect(echo.port(), "127.0.0.3");
  Send(fd, "GET /slow HTTP/1.1\r\nHost: x\r\n");
  // One header line every 50 ms would keep an inactivity timeout happy
  // forever; the whole-request deadline ends it. Bounded: 200 lines (10 s).
  bool closed = false;
  for (int i = 0; i < 200 && !closed; ++i) {
    Send(fd, "X-Slow: " + std::to_string(i) + "\r\n");
    pollfd p{fd, POLLIN, 0};
    char byte;
    closed = ::poll(&p, 1, 50) == 1 && ::recv(fd, &byte, 1, 0) <= 0;
  }
  ::close(fd);
  CHECK(closed);
  CHECK(echo.handled == 0);
  CHECK(echo.server.stats().closed_at_deadline == 1);
}

TEST_CASE("http: a second server on a port in use fails with \"is in use\"") {
  EchoServer echo;
  HttpServer second({}, [](HttpRequest&&, Responder respond) { respond(HttpResponse::Text(200, "")); });
  std::string error;
  CHECK_FALSE(second.Listen("127.0.0.1", echo.port(), &error));
  CHECK(error == "port " + std::to_string(echo.port()) + " on 127.0.0.1 is in use");
}

TEST_CASE("http: stopping answers in-flight requests with Connection: close, then refuses connections") {
  EchoServer echo;
  int fd = Connect(echo.port());
  Send(fd, "GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
  while (echo.handled == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  echo.server.StopAccepting();
  echo.released = true;
  std::string rest;
  Reply reply = ReadReply(fd, &rest);
  CHECK(reply.status == 200);
  CHECK(reply.head.find("Connection: close") != std::string::npos);
  ::close(fd);
  echo.server.Stop(std::chrono::seconds(5));
  int refused = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(echo.port()));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  CHECK(::connect(refused, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0);
  ::close(refused);
}
