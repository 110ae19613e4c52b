#include "cli/fingerprint.hpp"

#include <zlib.h>

#include "cli/version.hpp"

#include <cctype>
#include <charconv>
#include <cstring>
#include <utility>

namespace dg::cli {
namespace {

constexpr size_t kHexDigits = 16;  // one 64-bit hash
constexpr size_t kMaxBuildId = 64;

constexpr std::string_view kRecordKey = "diagc ";
constexpr std::string_view kTextKey = " text=";
constexpr std::string_view kOptionsKey = " options=";
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
constexpr std::string_view kPdfKeywords = "/Keywords (";

/// "diagc BUILD text=T options=O output=H", the text every format records.
std::string RecordText(std::string_view build, const Fingerprint& source, uint64_t output) {
  return std::string(kRecordKey) + std::string(build) + std::string(kTextKey) + HexDigits(source.text) +
         std::string(kOptionsKey) + HexDigits(source.options) + std::string(kOutputKey) + HexDigits(output);
}

std::optional<uint64_t> ParseHex(std::string_view digits) {
  if (digits.size() != kHexDigits) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (HexDigits(value) != digits) return std::nullopt;  // only our own spelling
  return value;
}

bool IsBuildChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-';
}

/// A parsed RecordText().
struct Record {
  std::string build;
  Fingerprint source;
  uint64_t output = 0;
  size_t size = 0;      ///< characters the record takes
  size_t output_at = 0; ///< offset of the output digits in the record
};

/// Reads `key` and 16 hex digits at *at, moving past them.
std::optional<uint64_t> ParseField(std::string_view text, std::string_view key, size_t* at) {
  if (text.substr(*at, key.size()) != key) return std::nullopt;
  std::optional<uint64_t> value = ParseHex(text.substr(*at + key.size(), kHexDigits));
  *at += key.size() + kHexDigits;
  return value;
}

/// Parses RecordText() at the start of `text`.
std::optional<Record> ParseRecord(std::string_view text) {
  if (text.substr(0, kRecordKey.size()) != kRecordKey) return std::nullopt;
  Record record;
  size_t at = kRecordKey.size();
  while (at < text.size() && record.build.size() <= kMaxBuildId && IsBuildChar(text[at])) record.build += text[at++];
  if (record.build.empty() || record.build.size() > kMaxBuildId) return std::nullopt;
  std::optional<uint64_t> source_text = ParseField(text, kTextKey, &at);
  std::optional<uint64_t> options = source_text ? ParseField(text, kOptionsKey, &at) : std::nullopt;
  record.output_at = at + kOutputKey.size();
  std::optional<uint64_t> output = options ? ParseField(text, kOutputKey, &at) : std::nullopt;
  if (!output) return std::nullopt;
  record.source = {*source_text, *options};
  record.output = *output;
  record.size = at;
  return record;
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
  Record record;
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

std::string SvgLine(std::string_view build, const Fingerprint& source, uint64_t output) {
  return std::string(kSvgOpen) + RecordText(build, source, output) + std::string(kSvgClose);
}

std::optional<Slot> FindSvgSlot(std::string_view file) {
  std::optional<size_t> at = SvgInsertAt(file);
  if (!at || file.substr(*at, kSvgOpen.size()) != kSvgOpen) return std::nullopt;
  std::optional<Record> record = ParseRecord(file.substr(*at + kSvgOpen.size()));
  if (!record) return std::nullopt;
  size_t end = *at + kSvgOpen.size() + record->size;
  if (file.substr(end, kSvgClose.size()) != kSvgClose) return std::nullopt;
  return Slot{*at, end + kSvgClose.size(), {}, std::move(*record)};
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

std::string PngChunk(std::string_view build, const Fingerprint& source, uint64_t output) {
  std::string type_and_data =
      std::string(kPngTextType) + std::string(kPngKeyword) + RecordText(build, source, output);
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
  std::optional<Record> record = ParseRecord(data.substr(kPngKeyword.size()));
  if (!record || record->size != data.size() - kPngKeyword.size()) return std::nullopt;
  return Slot{kPngIhdrEnd, kPngIhdrEnd + kPngChunkOverhead + length, {}, std::move(*record)};
}

// ---------------------------------------------------------------- PDF

std::optional<Slot> FindPdfSlot(std::string_view file) {
  size_t at = file.find(kPdfKeywords);
  if (at == std::string_view::npos) return std::nullopt;
  at += kPdfKeywords.size();
  std::optional<Record> record = ParseRecord(file.substr(at));
  if (!record) return std::nullopt;
  size_t digits = at + record->output_at;
  return Slot{digits, digits + kHexDigits, kZeros, std::move(*record)};
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

/// The bytes a slot holds for this record.
std::string SlotBytes(Format format, std::string_view build, const Fingerprint& source, uint64_t output) {
  switch (format) {
    case Format::kSvg: return SvgLine(build, source, output);
    case Format::kPng: return PngChunk(build, source, output);
    case Format::kPdf: return HexDigits(output);
  }
  return "";
}

/// Where Stamp() puts the slot in freshly rendered bytes, and how much of
/// them it covers (PDF: the placeholder digits, SVG and PNG: nothing).
std::optional<std::pair<size_t, size_t>> FreshSlot(Format format, std::string_view rendered,
                                                    const Fingerprint& source) {
  switch (format) {
    case Format::kSvg: {
      std::optional<size_t> at = SvgInsertAt(rendered);
      return at ? std::optional(std::pair(*at, size_t{0})) : std::nullopt;
    }
    case Format::kPng:
      return HasPngHeader(rendered) ? std::optional(std::pair(kPngIhdrEnd, size_t{0})) : std::nullopt;
    case Format::kPdf: {
      std::optional<Slot> slot = FindPdfSlot(rendered);
      if (!slot || slot->record.source != source || slot->record.build != BuildId() ||
          rendered.substr(slot->begin, kHexDigits) != kZeros) {
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

std::string BuildId() { return std::string(Version()) + "+" + Commit(); }

Fingerprint SourceFingerprint(const DriverOptions& options, compiler::Language language,
                              std::string_view text, size_t index, size_t count, std::string_view name) {
  std::string key;
  AppendField("scheme", std::to_string(kFingerprintScheme), &key);
  AppendField("build", BuildId(), &key);
  AppendField("format", Extension(options.format), &key);
  AppendField("language", std::to_string(static_cast<int>(language)), &key);
  AppendField("lenient", options.compile.lenient ? "1" : "0", &key);
  AppendField("columns", std::to_string(static_cast<int>(options.compile.columns)), &key);
  AppendField("direction", std::to_string(options.compile.direction), &key);
  for (const auto& [define, value] : options.compile.preprocess.defines) AppendField("define", define + "=" + value, &key);
  for (const std::string& dir : options.compile.preprocess.include_dirs) AppendField("include_dir", dir, &key);
  for (const std::string& line : options.compile.prelude) AppendField("prelude", line, &key);
  AppendField("id_prefix", options.layout.id_prefix, &key);
  AppendField("max_layout_seconds", NumberText(options.layout.max_layout_seconds), &key);
  AppendField("theme", options.render.theme, &key);
  AppendField("dark_theme", options.render.dark_theme, &key);
  AppendField("scale", NumberText(options.render.scale), &key);
  AppendField("max_pixels", std::to_string(options.render.max_pixels), &key);
  std::string source;
  AppendField("scheme", std::to_string(kFingerprintScheme), &source);
  AppendField("index", std::to_string(index), &source);
  AppendField("count", std::to_string(count), &source);
  AppendField("name", name, &source);
  AppendField("text", text, &source);
  return {Xxh64(source), Xxh64(key)};
}

std::string PdfKeywordsPlaceholder(const Fingerprint& source) { return RecordText(BuildId(), source, 0); }

std::string Stamp(Format format, std::string rendered, const Fingerprint& source) {
  std::optional<std::pair<size_t, size_t>> slot = FreshSlot(format, rendered, source);
  if (!slot) return rendered;
  std::string bytes = SlotBytes(format, BuildId(), source, Xxh64(rendered));
  rendered.replace(slot->first, slot->second, bytes);
  return rendered;
}

std::optional<Unstamped> Unstamp(Format format, std::string_view file) {
  std::optional<Slot> slot = FindSlot(format, file);
  if (!slot) return std::nullopt;
  std::string rendered(file.substr(0, slot->begin));
  rendered.append(slot->filler).append(file.substr(slot->end));
  // Intact: the slot holds exactly what Stamp() would write for these bytes,
  // which checks the output hash, the record's spelling and (PNG) its CRC.
  bool intact = file.substr(slot->begin, slot->end - slot->begin) ==
                SlotBytes(format, slot->record.build, slot->record.source, Xxh64(rendered));
  return Unstamped{slot->record.build, slot->record.source, std::move(rendered), intact};
}

bool IsUpToDate(Format format, std::string_view file, const Fingerprint& source) {
  std::optional<Unstamped> unstamped = Unstamp(format, file);
  return unstamped && unstamped->intact && unstamped->source == source && unstamped->build == BuildId();
}

}  // namespace dg::cli
