#include "server/job.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "server/error_image.hpp"

namespace dg::server {
namespace {

// The name diagnostics show, as `diagc -` does, so both print the same text.
constexpr char kDisplayName[] = "<stdin>";

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

/// The first error of CompileText's diagnostics, as one text line
/// ("<stdin>:12:5: error: …"), and its line number.
void NoteFirstError(const std::string& diagnostics, bool json, JobResult* result) {
  size_t start = 0;
  while (start < diagnostics.size()) {
    size_t end = diagnostics.find('\n', start);
    if (end == std::string::npos) end = diagnostics.size();
    std::string line = diagnostics.substr(start, end - start);
    start = end + 1;
    if (json) {
      nlohmann::json d = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!d.is_object() || d.value("severity", "") != "error") continue;
      result->error_line = d.value("line", 0u);
      result->error_summary = std::string(kDisplayName) + ":" + std::to_string(result->error_line) + ":" +
                              std::to_string(d.value("column", 0u)) + ": error: " + d.value("message", "");
      return;
    }
    size_t tag = line.find(": error: ");
    if (line.rfind(kDisplayName, 0) != 0 || tag == std::string::npos) continue;
    result->error_summary = line;
    result->error_line = static_cast<uint32_t>(std::strtoul(line.c_str() + sizeof kDisplayName, nullptr, 10));
    return;
  }
}

}  // namespace

const char* ContentType(cli::Format format) {
  switch (format) {
    case cli::Format::kSvg: return "image/svg+xml";
    case cli::Format::kPng: return "image/png";
    case cli::Format::kPdf: return "application/pdf";
  }
  return "application/octet-stream";
}

std::string JsonList(const std::string& lines) {
  std::string out = "[";
  size_t start = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    if (end > start) {
      if (out.size() > 1) out += ",";
      out.append(lines, start, end - start);
    }
    start = end + 1;
  }
  return out + "]";
}

JobResult ErrorResult(const Job& job, int status, const std::string& message) {
  JobResult result;
  result.status = status;
  result.error_summary = FirstLine(message);
  if (job.error_image && job.format != cli::Format::kPdf) {
    result.body = RenderErrorImage(job.format, message);
    if (!result.body.empty()) {
      result.content_type = ContentType(job.format);
      return result;
    }
  }
  result.content_type = "text/plain; charset=utf-8";
  result.body = message;
  return result;
}

JobResult ExecuteJob(const Job& job) {
  cli::DriverOptions options;
  options.format = job.format;
  options.json_diagnostics = job.json_diagnostics;
  options.render.scale = render::RenderOptions{}.scale;  // as `diagc -T png`
  if (!job.theme.empty()) options.render.theme = job.theme;
  auto language = job.type == DiagramType::kDbml ? compiler::Language::kDbml : compiler::Language::kPlantUml;
  cli::CompileResult compiled = cli::CompileText(kDisplayName, job.source, options, language);
  if (!compiled.has_errors && job.page < compiled.outputs.size()) {
    JobResult result;
    result.content_type = ContentType(job.format);
    result.body = std::move(compiled.outputs[job.page].bytes);
    return result;
  }
  if (!compiled.has_errors && !compiled.outputs.empty()) {
    size_t pages = compiled.outputs.size();
    return ErrorResult(job, 400, std::string(kDisplayName) + ": error: page " + std::to_string(job.page) +
                                     " does not exist: the text has " + std::to_string(pages) +
                                     (pages == 1 ? " page (0)\n" : " pages (0 to " + std::to_string(pages - 1) + ")\n"));
  }
  std::string diagnostics =
      compiled.diagnostics.empty() ? std::string("<stdin>: error: the text holds no diagram\n") : compiled.diagnostics;
  JobResult result;
  if (!job.json_diagnostics) {
    result = ErrorResult(job, 400, diagnostics);
  } else {
    result.status = 400;
    result.content_type = "application/json";
    result.body = compiled.diagnostics.empty() ? "[]" : JsonList(diagnostics);
  }
  NoteFirstError(diagnostics, job.json_diagnostics && !compiled.diagnostics.empty(), &result);
  return result;
}

}  // namespace dg::server
