#include "compiler/sprites.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "grammar/plantuml_encoding.hpp"

namespace dg::compiler {
namespace {

using grammar::puml::SpriteDecl;

constexpr int kMaxSpriteSide = 256;  // pixels: icons are 16 to 128; bounds what labels repeat

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int SixBit(char c) {
  size_t at = grammar::kPlantUmlAlphabet.find(c);
  return at == std::string_view::npos ? -1 : int(at);
}

/// `[16x16/16]`: one hex digit per pixel. Without a size, the rows give it.
bool DecodeHexRows(const SpriteDecl& d, ir::Sprite* s) {
  for (const std::string& row : d.rows) s->width = std::max<int>(s->width, int(row.size()));
  if (d.width > 0) s->width = d.width;
  s->height = d.height > 0 ? d.height : int(d.rows.size());
  if (s->width > kMaxSpriteSide || s->height > kMaxSpriteSide) return false;
  s->pixels.assign(size_t(s->width) * s->height, 0);
  for (size_t y = 0; y < d.rows.size() && y < size_t(s->height); ++y) {
    for (size_t x = 0; x < d.rows[y].size() && x < size_t(s->width); ++x) {
      int v = HexDigit(d.rows[y][x]);
      if (v < 0) return false;
      s->pixels[y * s->width + x] = uint8_t(v);
    }
  }
  return true;
}

/// `[16x16/8]` and `[16x16/4]`: each character packs 2 (or 3) pixels of one
/// column, one above the other, in PlantUML's base64 alphabet.
bool DecodePackedRows(const SpriteDecl& d, ir::Sprite* s) {
  int per_char = d.levels == 8 ? 2 : 3, base = d.levels;
  s->pixels.assign(size_t(s->width) * s->height, 0);
  for (size_t line = 0; line < d.rows.size(); ++line) {
    for (size_t x = 0; x < d.rows[line].size() && x < size_t(s->width); ++x) {
      int v = SixBit(d.rows[line][x]);
      if (v < 0) return false;
      for (int k = per_char - 1; k >= 0; --k, v /= base) {
        size_t y = line * per_char + k;
        if (y < size_t(s->height)) s->pixels[y * s->width + x] = uint8_t(v % base);
      }
    }
  }
  return true;
}

/// The `z` forms: raw deflate in PlantUML's base64, one byte per pixel.
bool DecodeCompressed(const SpriteDecl& d, ir::Sprite* s) {
  std::string text;
  for (const std::string& row : d.rows) text += row;
  std::optional<std::string> bytes = grammar::Unbase64(text, grammar::kPlantUmlAlphabet);
  if (!bytes) return false;
  size_t size = size_t(s->width) * s->height;
  std::optional<std::string> raw = grammar::Inflate(*bytes, -15, size);
  if (!raw) raw = grammar::Inflate(*bytes, 15, size);
  if (!raw || raw->size() < size) return false;
  s->pixels.assign(raw->begin(), raw->begin() + size);
  for (uint8_t& p : s->pixels) p = std::min<uint8_t>(p, uint8_t(s->levels - 1));
  return true;
}

std::optional<ir::Sprite> Decode(const SpriteDecl& d) {
  ir::Sprite s;
  s.levels = d.levels;
  if (d.levels == 16 && !d.compressed) return DecodeHexRows(d, &s) ? std::optional(s) : std::nullopt;
  s.width = d.width;
  s.height = d.height;
  if (s.width <= 0 || s.height <= 0 || s.width > kMaxSpriteSide || s.height > kMaxSpriteSide)
    return std::nullopt;
  bool ok = d.compressed ? DecodeCompressed(d, &s) : DecodePackedRows(d, &s);
  return ok ? std::optional(s) : std::nullopt;
}

}  // namespace

ir::SpriteTable DecodeSprites(const std::vector<SpriteDecl>& sprites, grammar::Diagnostics& diags) {
  ir::SpriteTable table;
  for (const SpriteDecl& d : sprites) {
    std::optional<ir::Sprite> s = Decode(d);
    if (!s || s->width <= 0 || s->height <= 0) {
      diags.Warning(d.span, "puml-sprite",
                    "sprite \"$" + d.name + "\" cannot be decoded (expected " +
                        (d.compressed ? std::string("deflate data in PlantUML's base64")
                                      : d.levels == 16 ? std::string("one hex digit per pixel")
                                                       : std::string("PlantUML's base64 rows")) +
                        ", at most " + std::to_string(kMaxSpriteSide) + " pixels a side); it is left out");
      continue;
    }
    table[d.name] = std::make_shared<const ir::Sprite>(std::move(*s));
  }
  return table;
}

}  // namespace dg::compiler
