// The byte encodings PlantUML text carries: its base64 alphabet and raw
// deflate. Compressed sprites (`sprite $s [16x16/16z] …`) use them, and so do
// the URL forms of `diagc encode/decode` and the server (cli/text_encoding).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dg::grammar {

/// PlantUML's base64 alphabet ("0-9A-Za-z-_").
inline constexpr std::string_view kPlantUmlAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Base64 in `alphabet` to bytes; '=' and line breaks are skipped, any other
/// character outside the alphabet gives nullopt. A partial last group keeps
/// its whole bytes.
std::optional<std::string> Unbase64(std::string_view text, std::string_view alphabet);

/// zlib inflate; `window_bits` -15 = raw deflate, 15 = zlib header. nullopt on
/// malformed or truncated data, or past `max_bytes` (a small input cannot
/// inflate into gigabytes).
std::optional<std::string> Inflate(std::string_view data, int window_bits, size_t max_bytes);

}  // namespace dg::grammar
