// The https fetcher of --allow-url-include, on loopback only. The whole path
// (diagc → diagc-full → a real HTTPS server with its own CA) is driven by
// tests/cli/test_cli.py; these are the limits that need no certificate.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "server/job.hpp"
#include "server/url_fetch.hpp"

using namespace dg::server;

namespace {

/// A TCP listener on 127.0.0.1 that accepts into its backlog and never
/// answers: a TLS handshake with it can only time out.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(fd_, 4) == 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("url fetch: a server that never answers is given up after the time limit") {
  SilentListener silent;
  FetchLimits limits;
  limits.timeout_ms = 1000;  // the server never answers, so any limit is reached
  std::string body, error;
  CHECK_FALSE(FetchUrl("https://127.0.0.1:" + std::to_string(silent.port()) + "/lib.iuml", limits, &body, &error));
  CHECK(error.rfind("timed out after 1 s", 0) == 0);
}

TEST_CASE("url fetch: only https, even when asked directly") {
  std::string body, error;
  for (const char* url : {"http://127.0.0.1:9/x.puml", "file:///etc/passwd", "ftp://127.0.0.1/x"}) {
    CAPTURE(url);
    CHECK_FALSE(FetchUrl(url, FetchLimits{}, &body, &error));
    CHECK(error == "only https is fetched, also after a redirect");
  }
}

TEST_CASE("url includes: the server never fetches, whatever the diagram asks") {
  Job job;
  job.source = "@startuml\n!include https://127.0.0.1:9/lib.iuml\n@enduml\n";
  JobResult result = ExecuteJob(job);
  CHECK(result.status == 400);
  CHECK(result.body.find("URL include \"https://127.0.0.1:9/lib.iuml\" is not allowed: diagc reads no network here") !=
        std::string::npos);
}
