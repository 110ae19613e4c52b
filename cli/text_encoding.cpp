#include "cli/text_encoding.hpp"

#include <zlib.h>

#include "grammar/plantuml_encoding.hpp"

#include <array>

namespace dg::cli {
namespace {

using grammar::Inflate;
using grammar::kPlantUmlAlphabet;
using grammar::Unbase64;

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// windowBits: -15 = raw deflate, 15 = zlib header.
std::string Deflate(std::string_view text, int window_bits) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Base64(std::string_view bytes, std::string_view alphabet, bool pad_partial) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t b0 = static_cast<unsigned char>(bytes[i]);
    uint32_t b1 = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
    uint32_t b2 = i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0;
    uint32_t v = (b0 << 16) | (b1 << 8) | b2;
    size_t chars = pad_partial ? 4 : (bytes.size() - i >= 3 ? 4 : bytes.size() - i + 1);
    for (size_t k = 0; k < chars; ++k) out += alphabet[(v >> (18 - 6 * k)) & 63];
  }
  return out;
}

std::optional<std::string> DecodeHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int v = 0;
    for (char c : hex.substr(i, 2)) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + d;
    }
    out += static_cast<char>(v);
  }
  return out;
}

}  // namespace

std::string EncodePlantUml(std::string_view text) {
  return Base64(Deflate(text, -15), kPlantUmlAlphabet, true);
}

std::optional<std::string> DecodePlantUml(std::string_view encoded, size_t max_bytes) {
  if (encoded.substr(0, 2) == "~h") {
    auto text = DecodeHex(encoded.substr(2));
    if (text && text->size() > max_bytes) return std::nullopt;
    return text;
  }
  if (encoded.substr(0, 2) == "~1") encoded.remove_prefix(2);
  auto bytes = Unbase64(encoded, kPlantUmlAlphabet);
  if (!bytes) return std::nullopt;
  // Older encoders wrote a zlib header; try raw deflate first, as PlantUML does.
  if (auto text = Inflate(*bytes, -15, max_bytes)) return text;
  return Inflate(*bytes, 15, max_bytes);
}

std::string EncodeKroki(std::string_view text) {
  return Base64(Deflate(text, 15), kBase64UrlAlphabet, false);
}

std::optional<std::string> DecodeKroki(std::string_view encoded, size_t max_bytes) {
  std::string normalised(encoded);
  for (char& c : normalised) c = c == '+' ? '-' : c == '/' ? '_' : c;  // accept plain base64 too
  auto bytes = Unbase64(normalised, kBase64UrlAlphabet);
  if (!bytes) return std::nullopt;
  return Inflate(*bytes, 15, max_bytes);
}

}  // namespace dg::cli
