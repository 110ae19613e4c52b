#include "cli/fingerprint.hpp"

#include <zlib.h>

#include <charconv>
#include <cstring>
#include <utility>

namespace dg::cli {
namespace {

constexpr size_t kHexDigits = 16;  // one 64-bit hash

constexpr std::string_view kSourceKey = "diagc source=";
constexpr std::string_view kOutputKey = " output=";
constexpr std::string_view kZeros = "0000000000000000";

// SVG: the comment line after the root start tag.
constexpr std::string_view kSvgRoot = "<svg";
constexpr std::string_view kSvgOpen = "<!-- ";
constexpr std::string_view kSvgClose = " -->\n";

// PNG: signature, then IHDR (length 4 + type 4 + 13 data + CRC 4).
constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";
constexpr size_t kPngIhdrEnd = 8 + 4 + 4 + 13 + 4;
constexpr std::string_view kPngTextType = "tEXt";
constexpr std::string_view kPngKeyword = std::string_view("diagc\0", 6);
constexpr size_t kPngChunkOverhead = 4 + 4 + 4;  // length, type, CRC

// PDF: cairo writes Keywords as a literal string "(…)".
constexpr std::string_view kPdfKeywords = "/Keywords (diagc source=";

/// "diagc source=S output=O", the text every format records.
std::string RecordText(uint64_t source, uint64_t output) {
  return std::string(kSourceKey) + HexDigits(source) + std::string(kOutputKey) + HexDigits(output);
}

std::optional<uint64_t> ParseHex(std::string_view digits) {
  if (digits.size() != kHexDigits) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (HexDigits(value) != digits) return std::nullopt;  // only our own spelling
  return value;
}

/// Parses RecordText() at the start of `text`; the source fingerprint.
std::optional<uint64_t> ParseRecord(std::string_view text) {
  size_t need = kSourceKey.size() + kHexDigits + kOutputKey.size() + kHexDigits;
  if (text.size() < need || text.substr(0, kSourceKey.size()) != kSourceKey) return std::nullopt;
  if (text.substr(kSourceKey.size() + kHexDigits, kOutputKey.size()) != kOutputKey) return std::nullopt;
  if (!ParseHex(text.substr(kSourceKey.size() + kOutputKey.size() + kHexDigits, kHexDigits))) {
    return std::nullopt;
  }
  return ParseHex(text.substr(kSourceKey.size(), kHexDigits));
}

void AppendField(std::string_view name, std::string_view value, std::string* out) {
  // Length-prefixed, so no value can run into the next field.
  out->append(name).append("=").append(std::to_string(value.size())).append(":").append(value);
  out->push_back(';');
}

std::string NumberText(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

/// Where a stamped file keeps its fingerprint: bytes [begin, end) that
/// were inserted (SVG, PNG) or written over `filler` (PDF).
struct Slot {
  size_t begin = 0;
  size_t end = 0;
  std::string_view filler;
  uint64_t source = 0;
};

// ---------------------------------------------------------------- SVG

/// Where the comment line goes: after the root start tag and its newline.
std::optional<size_t> SvgInsertAt(std::string_view svg) {
  if (svg.substr(0, kSvgRoot.size()) != kSvgRoot) return std::nullopt;
  size_t close = svg.find('>');
  if (close == std::string_view::npos || close + 1 >= svg.size() || svg[close + 1] != '\n') {
    return std::nullopt;
  }
  return close + 2;
}

std::string SvgLine(uint64_t source, uint64_t output) {
  return std::string(kSvgOpen) + RecordText(source, output) + std::string(kSvgClose);
}

std::optional<Slot> FindSvgSlot(std::string_view file) {
  std::optional<size_t> at = SvgInsertAt(file);
  if (!at || file.substr(*at, kSvgOpen.size()) != kSvgOpen) return std::nullopt;
  std::optional<uint64_t> source = ParseRecord(file.substr(*at + kSvgOpen.size()));
  size_t end = *at + SvgLine(0, 0).size();
  if (!source || end > file.size()) return std::nullopt;
  return Slot{*at, end, {}, *source};
}

// ---------------------------------------------------------------- PNG

void AppendBigEndian32(uint32_t value, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((value >> shift) & 0xff));
}

uint32_t ReadBigEndian32(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

bool HasPngHeader(std::string_view png) {
  return png.size() >= kPngIhdrEnd && png.substr(0, kPngSignature.size()) == kPngSignature &&
         ReadBigEndian32(png, 8) == 13 && png.substr(12, 4) == "IHDR";
}

std::string PngChunk(uint64_t source, uint64_t output) {
  std::string type_and_data =
      std::string(kPngTextType) + std::string(kPngKeyword) + RecordText(source, output);
  std::string chunk;
  AppendBigEndian32(static_cast<uint32_t>(type_and_data.size() - kPngTextType.size()), &chunk);
  chunk += type_and_data;
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(type_and_data.data()),
                    static_cast<uInt>(type_and_data.size()));
  AppendBigEndian32(static_cast<uint32_t>(crc), &chunk);
  return chunk;
}

std::optional<Slot> FindPngSlot(std::string_view file) {
  if (!HasPngHeader(file) || file.size() < kPngIhdrEnd + kPngChunkOverhead) return std::nullopt;
  uint32_t length = ReadBigEndian32(file, kPngIhdrEnd);
  if (file.substr(kPngIhdrEnd + 4, 4) != kPngTextType ||
      length > file.size() - kPngIhdrEnd - kPngChunkOverhead) {
    return std::nullopt;
  }
  std::string_view data = file.substr(kPngIhdrEnd + 8, length);
  if (data.substr(0, kPngKeyword.size()) != kPngKeyword) return std::nullopt;
  std::optional<uint64_t> source = ParseRecord(data.substr(kPngKeyword.size()));
  if (!source) return std::nullopt;
  return Slot{kPngIhdrEnd, kPngIhdrEnd + kPngChunkOverhead + length, {}, *source};
}

// ---------------------------------------------------------------- PDF

/// Offset of the 16 output digits in a PDF's Keywords entry.
std::optional<size_t> PdfOutputDigitsAt(std::string_view pdf) {
  size_t at = pdf.find(kPdfKeywords);
  if (at == std::string_view::npos) return std::nullopt;
  size_t record = at + kPdfKeywords.size() - kSourceKey.size();
  if (!ParseRecord(pdf.substr(record))) return std::nullopt;
  return record + kSourceKey.size() + kHexDigits + kOutputKey.size();
}

std::optional<Slot> FindPdfSlot(std::string_view file) {
  std::optional<size_t> digits = PdfOutputDigitsAt(file);
  if (!digits) return std::nullopt;
  std::optional<uint64_t> source = ParseHex(file.substr(*digits - kOutputKey.size() - kHexDigits, kHexDigits));
  return Slot{*digits, *digits + kHexDigits, kZeros, *source};
}

// ---------------------------------------------------------------- all

std::optional<Slot> FindSlot(Format format, std::string_view file) {
  switch (format) {
    case Format::kSvg: return FindSvgSlot(file);
    case Format::kPng: return FindPngSlot(file);
    case Format::kPdf: return FindPdfSlot(file);
  }
  return std::nullopt;
}

/// The bytes a slot holds for these two hashes.
std::string SlotBytes(Format format, uint64_t source, uint64_t output) {
  switch (format) {
    case Format::kSvg: return SvgLine(source, output);
    case Format::kPng: return PngChunk(source, output);
    case Format::kPdf: return HexDigits(output);
  }
  return "";
}

/// Where Stamp() puts the slot in freshly rendered bytes, and how much of
/// them it covers (PDF: the placeholder digits, SVG and PNG: nothing).
std::optional<std::pair<size_t, size_t>> FreshSlot(Format format, std::string_view rendered, uint64_t source) {
  switch (format) {
    case Format::kSvg: {
      std::optional<size_t> at = SvgInsertAt(rendered);
      return at ? std::optional(std::pair(*at, size_t{0})) : std::nullopt;
    }
    case Format::kPng:
      return HasPngHeader(rendered) ? std::optional(std::pair(kPngIhdrEnd, size_t{0})) : std::nullopt;
    case Format::kPdf: {
      std::optional<Slot> slot = FindPdfSlot(rendered);
      if (!slot || slot->source != source || rendered.substr(slot->begin, kHexDigits) != kZeros) {
        return std::nullopt;
      }
      return std::pair(slot->begin, kHexDigits);
    }
  }
  return std::nullopt;
}

}  // namespace

namespace {

// XXH64's five primes.
constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ull;
constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4Full;
constexpr uint64_t kPrime3 = 0x165667B19E3779F9ull;
constexpr uint64_t kPrime4 = 0x85EBCA77C2B2AE63ull;
constexpr uint64_t kPrime5 = 0x27D4EB2F165667C5ull;
constexpr size_t kStripe = 32;  // bytes taken by the four lanes at once

uint64_t RotateLeft(uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

uint64_t Read64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];  // little-endian on any host
  return v;
}

uint64_t Read32(const unsigned char* p) {
  return uint64_t{p[0]} | uint64_t{p[1]} << 8 | uint64_t{p[2]} << 16 | uint64_t{p[3]} << 24;
}

uint64_t Round(uint64_t acc, uint64_t input) { return RotateLeft(acc + input * kPrime2, 31) * kPrime1; }

uint64_t MergeRound(uint64_t acc, uint64_t lane) { return (acc ^ Round(0, lane)) * kPrime1 + kPrime4; }

}  // namespace

uint64_t Xxh64(std::string_view data, uint64_t seed) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const unsigned char* end = p + data.size();
  uint64_t hash;
  if (data.size() >= kStripe) {
    uint64_t lanes[4] = {seed + kPrime1 + kPrime2, seed + kPrime2, seed, seed - kPrime1};
    for (; end - p >= static_cast<ptrdiff_t>(kStripe); p += kStripe) {
      for (int i = 0; i < 4; ++i) lanes[i] = Round(lanes[i], Read64(p + 8 * i));
    }
    hash = RotateLeft(lanes[0], 1) + RotateLeft(lanes[1], 7) + RotateLeft(lanes[2], 12) +
           RotateLeft(lanes[3], 18);
    for (uint64_t lane : lanes) hash = MergeRound(hash, lane);
  } else {
    hash = seed + kPrime5;
  }
  hash += data.size();
  for (; end - p >= 8; p += 8) hash = RotateLeft(hash ^ Round(0, Read64(p)), 27) * kPrime1 + kPrime4;
  if (end - p >= 4) {
    hash = RotateLeft(hash ^ (Read32(p) * kPrime1), 23) * kPrime2 + kPrime3;
    p += 4;
  }
  for (; p < end; ++p) hash = RotateLeft(hash ^ (*p * kPrime5), 11) * kPrime1;
  hash ^= hash >> 33;
  hash *= kPrime2;
  hash ^= hash >> 29;
  hash *= kPrime3;
  hash ^= hash >> 32;
  return hash;
}

std::string HexDigits(uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kHexDigits, '0');
  for (size_t i = kHexDigits; i-- > 0; value >>= 4) out[i] = kHex[value & 0xf];
  return out;
}

uint64_t SourceFingerprint(const DriverOptions& options, compiler::Language language,
                           std::string_view text, size_t index, size_t count, std::string_view name) {
  std::string key;
  AppendField("scheme", std::to_string(kFingerprintScheme), &key);
  AppendField("version", DG_VERSION, &key);
  AppendField("format", Extension(options.format), &key);
  AppendField("language", std::to_string(static_cast<int>(language)), &key);
  AppendField("lenient", options.compile.lenient ? "1" : "0", &key);
  AppendField("columns", std::to_string(static_cast<int>(options.compile.columns)), &key);
  AppendField("direction", std::to_string(options.compile.direction), &key);
  AppendField("id_prefix", options.layout.id_prefix, &key);
  AppendField("max_layout_seconds", NumberText(options.layout.max_layout_seconds), &key);
  AppendField("theme", options.render.theme, &key);
  AppendField("dark_theme", options.render.dark_theme, &key);
  AppendField("scale", NumberText(options.render.scale), &key);
  AppendField("max_pixels", std::to_string(options.render.max_pixels), &key);
  AppendField("index", std::to_string(index), &key);
  AppendField("count", std::to_string(count), &key);
  AppendField("name", name, &key);
  for (const auto& [define, value] : options.compile.preprocess.defines) AppendField("define", define + "=" + value, &key);
  for (const std::string& dir : options.compile.preprocess.include_dirs) AppendField("include_dir", dir, &key);
  AppendField("text", text, &key);
  return Xxh64(key);
}

std::string PdfKeywordsPlaceholder(uint64_t source) {
  return std::string(kSourceKey) + HexDigits(source) + std::string(kOutputKey) + std::string(kZeros);
}

std::string Stamp(Format format, std::string rendered, uint64_t source) {
  std::optional<std::pair<size_t, size_t>> slot = FreshSlot(format, rendered, source);
  if (!slot) return rendered;
  std::string bytes = SlotBytes(format, source, Xxh64(rendered));
  rendered.replace(slot->first, slot->second, bytes);
  return rendered;
}

std::optional<Unstamped> Unstamp(Format format, std::string_view file) {
  std::optional<Slot> slot = FindSlot(format, file);
  if (!slot) return std::nullopt;
  std::string rendered(file.substr(0, slot->begin));
  rendered.append(slot->filler).append(file.substr(slot->end));
  return Unstamped{slot->source, std::move(rendered)};
}

bool IsUpToDate(Format format, std::string_view file, uint64_t source) {
  std::optional<Slot> slot = FindSlot(format, file);
  if (!slot || slot->source != source) return false;
  std::string rendered(file.substr(0, slot->begin));
  rendered.append(slot->filler).append(file.substr(slot->end));
  // The slot must hold exactly what Stamp() would write: that checks the
  // recorded output hash, the record's spelling and (PNG) its CRC.
  return file.substr(slot->begin, slot->end - slot->begin) == SlotBytes(format, source, Xxh64(rendered));
}

}  // namespace dg::cli
