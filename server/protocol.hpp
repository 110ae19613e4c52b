// The server <-> worker protocol: one request frame, one response frame, on a
// socketpair. A frame is a 4-byte little-endian length, then fields; a string
// field is a 4-byte length and its bytes. Tiny on purpose: both ends are the
// same binary, so there is no versioning.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "cli/driver.hpp"

namespace dg::server {

enum class DiagramType : uint8_t { kPlantUml, kDbml };

/// One rendering job, as the HTTP side asks for it.
struct Job {
  cli::Format format = cli::Format::kSvg;
  DiagramType type = DiagramType::kPlantUml;
  bool json_diagnostics = false;  ///< errors as a JSON list (Accept: application/json)
  bool error_image = false;       ///< errors as an SVG/PNG picture (PlantUML-server GET)
  uint32_t page = 0;              ///< which output: sequence `newpage`s and @startuml blocks, from 0
  std::string theme;              ///< render theme ("" = default)
  std::string source;
};

/// What the worker answers: an HTTP status, content type and body.
struct JobResult {
  int status = 200;
  std::string content_type;
  std::string body;
  std::string error_summary;  ///< first diagnostic, one line (X-PlantUML-Diagram-Error)
  uint32_t error_line = 0;    ///< its line in the source, from 1 (0 = none)
  bool retiring = false;      ///< the worker exits after this answer (memory limit or recycling)
  /// Set by the pool, never sent: a timeout, crash or memory failure that
  /// the same diagram would cause again (so it is worth remembering).
  bool caused_by_diagram = false;
};

std::string EncodeJob(const Job& job);
std::optional<Job> DecodeJob(const std::string& frame);
std::string EncodeResult(const JobResult& result);
std::optional<JobResult> DecodeResult(const std::string& frame);

/// Largest frame either side accepts; PNGs are bounded by RenderOptions::max_pixels.
constexpr size_t kMaxFrameBytes = 256u << 20;

/// Writes one frame (length prefix + payload). False on any write error.
bool WriteFrame(int fd, const std::string& payload);

enum class ReadStatus { kOk, kEof, kTimeout, kError };

/// Reads one frame. With a deadline, gives up with kTimeout when it passes;
/// without one, blocks.
ReadStatus ReadFrame(int fd, std::string* payload,
                     std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace dg::server
