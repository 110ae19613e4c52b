#include "server/url_fetch.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace dg::server {
namespace {

struct Download {
  std::string* body;
  size_t max_bytes;
  bool too_large = false;
};

size_t Append(char* data, size_t size, size_t count, void* user) {
  auto* d = static_cast<Download*>(user);
  size_t n = size * count;
  if (d->body->size() + n > d->max_bytes) {
    d->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  d->body->append(data, n);
  return n;
}

std::string Megabytes(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

/// Every option that bounds or confines the transfer.
void Configure(CURL* curl, const std::string& url, const FetchLimits& limits, Download* download,
               char* error_buffer) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, limits.max_redirects);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, limits.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, limits.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_bytes));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // batches compile on several threads
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "diagc (--allow-url-include)");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, download);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  // As the curl tool: a private CA (a company proxy, a test server) by file.
  if (const char* ca = std::getenv("CURL_CA_BUNDLE"); ca && *ca) curl_easy_setopt(curl, CURLOPT_CAINFO, ca);
}

std::string Reason(CURLcode code, const FetchLimits& limits, const Download& download, const char* error_buffer) {
  if (code == CURLE_FILESIZE_EXCEEDED || download.too_large) return "larger than " + Megabytes(limits.max_bytes);
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return "timed out after " + std::to_string(limits.timeout_ms / 1000) + " s (" + error_buffer + ")";
  }
  if (code == CURLE_UNSUPPORTED_PROTOCOL) return "only https is fetched, also after a redirect";
  return *error_buffer ? std::string(error_buffer) : std::string(curl_easy_strerror(code));
}

}  // namespace

bool FetchUrl(const std::string& url, const FetchLimits& limits, std::string* body, std::string* error) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    *error = "cannot start an HTTP client";
    return false;
  }
  body->clear();
  Download download{body, limits.max_bytes};
  char error_buffer[CURL_ERROR_SIZE] = "";
  Configure(curl.get(), url, limits, &download, error_buffer);
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    *error = Reason(code, limits, download, error_buffer);
    return false;
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    *error = "HTTP " + std::to_string(status);
    return false;
  }
  return true;
}

void AllowUrlIncludes(grammar::puml::PreprocessOptions* options, const FetchLimits& limits) {
  options->allow_url_includes = true;
  options->fetch_url = [limits](const std::string& url, std::string* body, std::string* error) {
    return FetchUrl(url, limits, body, error);
  };
}

}  // namespace dg::server
