// The pure half of the HTTP API: what a path, an encoded diagram or a JSON
// body asks for, or the 4xx that explains why it cannot be served.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "server/protocol.hpp"

namespace dg::server {

struct HttpError {
  int status = 400;
  std::string message;  ///< one line, ends with "\n"
};

/// A request for a picture: format and type, plus the diagram text.
struct RenderRequest {
  cli::Format format = cli::Format::kSvg;
  DiagramType type = DiagramType::kPlantUml;
  uint32_t page = 0;  ///< PlantUML server's /svg/{index}/…: which page, from 0
  std::string theme;  ///< Kroki's diagram option "theme"
  std::string source;
};

/// Kroki's diagram options (JSON "diagram_options", query parameters,
/// Kroki-Diagram-Options-* headers). "theme" takes diagc's theme names;
/// other options are ignored, as Kroki ignores those a type lacks.
std::optional<HttpError> ApplyDiagramOption(const std::string& name, const std::string& value,
                                            RenderRequest* request);

/// PlantUML-server format names: svg, png, pdf, and "img" (= png).
std::optional<cli::Format> PlantUmlFormat(const std::string& name);

/// Kroki's /{type}/{format}: plantuml or dbml, svg/png/pdf; anything else is
/// a 400 that names what is supported.
std::variant<RenderRequest, HttpError> KrokiTarget(const std::string& type, const std::string& format);

/// Diagram text from a URL part: Kroki's zlib + base64url, else PlantUML's
/// deflate + base64 (or ~h hex). Text past `max_bytes` is a 413.
std::variant<std::string, HttpError> DecodeDiagram(const std::string& encoded, size_t max_bytes);

/// X-PlantUML-Diagram-Error-Line for an error on `line` (from 1) of
/// `source`: PlantUML servers count from 0 at @startuml and skip the blank
/// lines right after it (the VS Code extension adds them back). -1 for none.
int PlantUmlErrorLine(const std::string& source, uint32_t line);

/// Kroki's JSON body {"diagram_source", "diagram_type", "output_format"}.
/// `type` and `format` come from the URL for POST /{type}/{format}; empty
/// for POST /, where the body must name them.
std::variant<RenderRequest, HttpError> ParseKrokiJson(const std::string& body, const std::string& type,
                                                     const std::string& format);

}  // namespace dg::server
