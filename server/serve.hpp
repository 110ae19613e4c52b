// Entry points of `diagc serve` and of its worker processes, called from
// cli/main.cpp's tool table.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace dg::server {

/// Builds the command line RunServe parses and hands it to `use` (the man
/// page and completions are generated from it: cli/cli_docs.hpp).
void DescribeServe(const std::function<void(const CLI::App&)>& use);

/// `diagc serve [--host H] [--port P] …`: the HTTP server. Returns an exit code.
int RunServe(int argc, char** argv);

/// `diagc __worker …` (hidden): one worker process, spawned by the server,
/// reading jobs from fd 3 until EOF.
int RunWorker(int argc, char** argv);

}  // namespace dg::server
