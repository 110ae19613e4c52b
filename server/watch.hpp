// `diagc --watch`: recompile on save and serve a live preview on localhost.
#pragma once

#include <string>
#include <vector>

#include "cli/batch.hpp"

namespace dg::cli {

struct WatchOptions {
  std::string host = "127.0.0.1";
  int port = 8123;           ///< 0 = any free port (printed at start)
  int poll_ms = 150;         ///< how often the file's mtime and size are looked at
  int max_iterations = -1;   ///< tests: stop after this many polls (-1 = forever)
};

/// Watches one input: every change recompiles it (writing outputs as a normal
/// run would), and the page at http://host:port/ swaps in the new SVG without
/// a reload, or shows the diagnostics as an overlay. `jobs` are the renders
/// of that one input (the first, then its .diagc.toml variants); the page
/// shows the first. Returns an exit code.
int RunWatch(const std::vector<Job>& jobs, const BatchOptions& batch, const WatchOptions& options);

/// The preview page (HTML + JS), exposed for tests.
std::string PreviewPage(const std::string& title);

/// What the page shows for one compile: the SVG of its only output, or
/// every diagram and page of the file, each captioned with its file name.
std::string PreviewPictures(const std::vector<Output>& outputs, const std::vector<std::string>& names);

}  // namespace dg::cli
