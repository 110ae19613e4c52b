// Running one job: the work a worker process does for one request, as a
// plain function so tests can call it without processes.
#pragma once

#include <string>

#include "server/protocol.hpp"

namespace dg::server {

const char* ContentType(cli::Format format);

/// Compiles and renders `job.source`: 200 and the picture, or 400 and the
/// diagnostics (text, JSON list, or an error picture, as the job asks).
JobResult ExecuteJob(const Job& job);

/// A failure the server itself answers (timeout, crash, limits), shaped like
/// a worker's answer: an error picture when the job wants one, else text.
JobResult ErrorResult(const Job& job, int status, const std::string& message);

/// "[obj,obj]" from CompileText's one-object-per-line JSON diagnostics.
std::string JsonList(const std::string& lines);

}  // namespace dg::server
