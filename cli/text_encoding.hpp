// PlantUML's and Kroki's text encodings for diagrams in URLs: deflate, then a
// base64 variant. Used by `diagc encode/decode` and by the HTTP server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dg::cli {

/// PlantUML server form: raw deflate + PlantUML's base64 alphabet
/// ("0-9A-Za-z-_"), as the VS Code extension and plantuml-encoder write it.
std::string EncodePlantUml(std::string_view text);

/// Decodes the PlantUML form, also the "~h" hex form and "~1" prefix.
/// nullopt on malformed input or when the text would exceed `max_bytes`.
std::optional<std::string> DecodePlantUml(std::string_view encoded, size_t max_bytes);

/// Kroki form: zlib (RFC 1950) + base64url.
std::string EncodeKroki(std::string_view text);
std::optional<std::string> DecodeKroki(std::string_view encoded, size_t max_bytes);

}  // namespace dg::cli
