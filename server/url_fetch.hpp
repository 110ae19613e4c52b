// `--allow-url-include`: fetches the !include URLs that no bundled library
// stands in for, over https with libcurl, bounded in size and time. Linked
// only into diagc-full (diagc execs it for this flag, as for PNG), so an
// ordinary compile never loads libcurl and TLS; `diagc serve` never fetches.
#pragma once

#include <cstddef>
#include <string>

#include "grammar/puml_preprocess.hpp"

namespace dg::server {

struct FetchLimits {
  size_t max_bytes = 8u << 20;  ///< a body past this is an error (C4's biggest file is 90 KB)
  long timeout_ms = 20'000;     ///< the whole transfer, redirects included
  long connect_timeout_ms = 10'000;
  long max_redirects = 5;       ///< each to https only
};

/// GETs `url` (https only; the server's certificate is verified against the
/// system's CAs, or the file named by CURL_CA_BUNDLE as with the curl tool).
/// False with a reason: "HTTP 404", "larger than 8 MiB", "timed out after …".
bool FetchUrl(const std::string& url, const FetchLimits& limits, std::string* body, std::string* error);

/// Lets the preprocessor fetch URL includes with FetchUrl and `limits`.
void AllowUrlIncludes(grammar::puml::PreprocessOptions* options, const FetchLimits& limits = {});

}  // namespace dg::server
