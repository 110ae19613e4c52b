#include "server/job.hpp"

#include "server/error_image.hpp"

namespace dg::server {
namespace {

// The name diagnostics show, as `diagc -` does, so both print the same text.
constexpr char kDisplayName[] = "<stdin>";

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

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
  auto language = job.type == DiagramType::kDbml      ? compiler::Language::kDbml
                  : job.type == DiagramType::kMermaid ? compiler::Language::kMermaid
                                                      : compiler::Language::kPlantUml;
  cli::CompileResult compiled = cli::CompileText(kDisplayName, job.source, options, language);
  if (!compiled.has_errors && !compiled.outputs.empty()) {
    JobResult result;
    result.content_type = ContentType(job.format);
    result.body = std::move(compiled.outputs.front().bytes);  // PlantUML servers show the first diagram
    return result;
  }
  std::string diagnostics =
      compiled.diagnostics.empty() ? std::string("<stdin>: error: the text holds no diagram\n") : compiled.diagnostics;
  if (!job.json_diagnostics) return ErrorResult(job, 400, diagnostics);
  JobResult result;
  result.status = 400;
  result.content_type = "application/json";
  result.body = compiled.diagnostics.empty() ? "[]" : JsonList(diagnostics);
  return result;
}

}  // namespace dg::server
