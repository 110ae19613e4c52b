#include "server/routes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "cli/text_encoding.hpp"
#include "render/theme.hpp"

namespace dg::server {
namespace {

// Kroki's other diagram types, so a request for one gets "not supported by
// diagc" rather than "unknown".
constexpr std::array<std::string_view, 27> kKrokiOnlyTypes = {
    "actdiag", "blockdiag", "bpmn",     "bytefield", "c4plantuml", "d2",         "ditaa",
    "erd",     "excalidraw", "graphviz", "dot",      "mermaid",    "nomnoml",    "nwdiag",
    "packetdiag", "pikchr", "rackdiag", "seqdiag",   "structurizr", "svgbob",    "symbolator",
    "tikz",    "umlet",     "vega",     "vegalite",  "wavedrom",   "wireviz"};
constexpr size_t kProbeMaxBytes = 64u << 20;  // only to tell "too big" from "malformed"

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s.substr(0, 60)) out += (static_cast<unsigned char>(c) < 0x20 || c == '"') ? '?' : c;
  return out + (s.size() > 60 ? "…\"" : "\"");
}

std::optional<std::string> DecodeEither(const std::string& encoded, size_t max_bytes) {
  // Kroki first: zlib's header check and Adler-32 reject PlantUML's form,
  // whereas raw deflate (PlantUML's) has no checksum to reject Kroki's.
  if (auto text = cli::DecodeKroki(encoded, max_bytes)) return text;
  return cli::DecodePlantUml(encoded, max_bytes);
}

}  // namespace

std::optional<cli::Format> PlantUmlFormat(const std::string& name) {
  if (name == "img") return cli::Format::kPng;
  return cli::FormatFromName(name);
}

std::variant<RenderRequest, HttpError> KrokiTarget(const std::string& type, const std::string& format) {
  RenderRequest request;
  if (type == "plantuml") {
    request.type = DiagramType::kPlantUml;
  } else if (type == "dbml") {
    request.type = DiagramType::kDbml;
  } else {
    bool kroki = false;
    for (std::string_view t : kKrokiOnlyTypes) kroki |= t == type;
    return HttpError{400, (kroki ? "diagram type " + Quote(type) + " is not supported by diagc"
                                 : "unknown diagram type " + Quote(type)) +
                              "; supported types: plantuml, dbml\n"};
  }
  auto parsed = cli::FormatFromName(format);
  if (!parsed) {
    return HttpError{400, "output format " + Quote(format) +
                              " is not supported; supported formats: svg, png, pdf\n"};
  }
  request.format = *parsed;
  return request;
}

std::optional<HttpError> ApplyDiagramOption(const std::string& name, const std::string& value,
                                            RenderRequest* request) {
  if (name != "theme") return std::nullopt;
  if (!render::FindTheme(value)) {
    std::string names;
    for (const std::string& theme : render::ThemeNames()) names += (names.empty() ? "" : ", ") + theme;
    return HttpError{400, "unknown theme " + Quote(value) + "; themes: " + names + "\n"};
  }
  request->theme = value;
  return std::nullopt;
}

int PlantUmlErrorLine(const std::string& source, uint32_t line) {
  if (line == 0) return -1;
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= source.size();) {
    size_t end = source.find('\n', start);
    if (end == std::string::npos) end = source.size();
    lines.emplace_back(source.data() + start, end - start);
    start = end + 1;
  }
  size_t first = 0;
  while (first < lines.size() && lines[first].find_first_not_of(" \t\r") == std::string_view::npos) ++first;
  size_t blanks = 0;
  if (first < lines.size() && lines[first].find("@start") != std::string_view::npos) {
    while (first + 1 + blanks < lines.size() &&
           lines[first + 1 + blanks].find_first_not_of(" \t\r") == std::string_view::npos) {
      ++blanks;
    }
  }
  long position = static_cast<long>(line) - 1 - static_cast<long>(first);
  if (position > static_cast<long>(blanks)) position -= static_cast<long>(blanks);
  return static_cast<int>(std::max(0L, position));
}

std::variant<std::string, HttpError> DecodeDiagram(const std::string& encoded, size_t max_bytes) {
  if (encoded.empty()) return HttpError{400, "the URL holds no encoded diagram\n"};
  if (auto text = DecodeEither(encoded, max_bytes)) return std::move(*text);
  if (auto text = DecodeEither(encoded, kProbeMaxBytes)) {
    return HttpError{413, "the decoded diagram is " + std::to_string(text->size()) +
                              " bytes, more than the limit of " + std::to_string(max_bytes) + " bytes\n"};
  }
  return HttpError{400, "the URL part " + Quote(encoded) +
                            " is not a valid Kroki (zlib + base64url) or PlantUML (deflate + base64, ~h hex) encoding\n"};
}

std::variant<RenderRequest, HttpError> ParseKrokiJson(const std::string& body, const std::string& type,
                                                     const std::string& format) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return HttpError{400, "the body is not a JSON object like {\"diagram_source\": \"…\", "
                          "\"diagram_type\": \"plantuml\", \"output_format\": \"svg\"}\n"};
  }
  auto field = [&](const char* name, const std::string& fallback) -> std::optional<std::string> {
    auto it = json.find(name);
    if (it == json.end()) return fallback.empty() ? std::nullopt : std::optional<std::string>(fallback);
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  auto source = field("diagram_source", "");
  if (!source) return HttpError{400, "the JSON body needs \"diagram_source\", a string\n"};
  auto diagram_type = field("diagram_type", type);
  if (!diagram_type) return HttpError{400, "the JSON body needs \"diagram_type\", e.g. \"plantuml\" or \"dbml\"\n"};
  auto output_format = field("output_format", format.empty() ? "svg" : format);
  if (!output_format) return HttpError{400, "\"output_format\" must be a string: svg, png or pdf\n"};
  auto target = KrokiTarget(*diagram_type, *output_format);
  auto* request = std::get_if<RenderRequest>(&target);
  if (!request) return target;
  request->source = std::move(*source);
  auto options = json.find("diagram_options");
  if (options == json.end()) return target;
  if (!options->is_object()) return HttpError{400, "\"diagram_options\" must be an object, e.g. {\"theme\": \"dark\"}\n"};
  for (const auto& [name, value] : options->items()) {
    if (!value.is_string()) return HttpError{400, "diagram option " + Quote(name) + " must be a string\n"};
    if (auto error = ApplyDiagramOption(name, value.get<std::string>(), request)) return *error;
  }
  return target;
}

}  // namespace dg::server
