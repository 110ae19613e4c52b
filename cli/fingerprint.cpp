#include "cli/fingerprint.hpp"

#include <zlib.h>

#include <charconv>
#include <cstring>

namespace dg::cli {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;
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

std::string StampSvg(std::string svg, uint64_t source) {
  std::optional<size_t> at = SvgInsertAt(svg);
  if (!at) return svg;
  std::string line = std::string(kSvgOpen) + RecordText(source, Fnv1a64(svg)) + std::string(kSvgClose);
  svg.insert(*at, line);
  return svg;
}

std::optional<Unstamped> UnstampSvg(std::string_view file) {
  std::optional<size_t> at = SvgInsertAt(file);
  if (!at || file.substr(*at, kSvgOpen.size()) != kSvgOpen) return std::nullopt;
  std::string_view record = file.substr(*at + kSvgOpen.size());
  std::optional<uint64_t> source = ParseRecord(record);
  size_t record_size = kSourceKey.size() + kOutputKey.size() + 2 * kHexDigits;
  if (!source || record.substr(record_size, kSvgClose.size()) != kSvgClose) return std::nullopt;
  size_t line_size = kSvgOpen.size() + record_size + kSvgClose.size();
  std::string rendered(file.substr(0, *at));
  rendered.append(file.substr(*at + line_size));
  return Unstamped{*source, std::move(rendered)};
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

std::string PngTextChunk(std::string_view text) {
  std::string type_and_data = std::string(kPngTextType) + std::string(kPngKeyword) + std::string(text);
  std::string chunk;
  AppendBigEndian32(static_cast<uint32_t>(type_and_data.size() - kPngTextType.size()), &chunk);
  chunk += type_and_data;
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(type_and_data.data()),
                    static_cast<uInt>(type_and_data.size()));
  AppendBigEndian32(static_cast<uint32_t>(crc), &chunk);
  return chunk;
}

std::string StampPng(std::string png, uint64_t source) {
  if (!HasPngHeader(png)) return png;
  std::string chunk = PngTextChunk(RecordText(source, Fnv1a64(png)));
  png.insert(kPngIhdrEnd, chunk);
  return png;
}

std::optional<Unstamped> UnstampPng(std::string_view file) {
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
  std::string rendered(file.substr(0, kPngIhdrEnd));
  rendered.append(file.substr(kPngIhdrEnd + kPngChunkOverhead + length));
  return Unstamped{*source, std::move(rendered)};
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

std::string StampPdf(std::string pdf, uint64_t source) {
  std::optional<size_t> digits = PdfOutputDigitsAt(pdf);
  if (!digits || pdf.compare(*digits - kSourceKey.size() - kHexDigits - kOutputKey.size(),
                             kSourceKey.size() + kHexDigits, std::string(kSourceKey) + HexDigits(source)) != 0 ||
      pdf.compare(*digits, kHexDigits, kZeros) != 0) {
    return pdf;
  }
  pdf.replace(*digits, kHexDigits, HexDigits(Fnv1a64(pdf)));
  return pdf;
}

std::optional<Unstamped> UnstampPdf(std::string_view file) {
  std::optional<size_t> digits = PdfOutputDigitsAt(file);
  if (!digits) return std::nullopt;
  size_t source_at = *digits - kOutputKey.size() - kHexDigits;
  std::optional<uint64_t> source = ParseHex(file.substr(source_at, kHexDigits));
  std::string rendered(file);
  rendered.replace(*digits, kHexDigits, kZeros);
  return Unstamped{*source, std::move(rendered)};
}

}  // namespace

uint64_t Fnv1a64(std::string_view data) {
  uint64_t hash = kFnvOffset;
  for (unsigned char byte : data) {
    hash ^= byte;
    hash *= kFnvPrime;
  }
  return hash;
}

std::string HexDigits(uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kHexDigits, '0');
  for (size_t i = kHexDigits; i-- > 0; value >>= 4) out[i] = kHex[value & 0xf];
  return out;
}

uint64_t SourceFingerprint(const DriverOptions& options, compiler::Language language,
                           std::string_view text, size_t index, size_t count) {
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
  AppendField("text", text, &key);
  return Fnv1a64(key);
}

std::string PdfKeywordsPlaceholder(uint64_t source) {
  return std::string(kSourceKey) + HexDigits(source) + std::string(kOutputKey) + std::string(kZeros);
}

std::string Stamp(Format format, std::string rendered, uint64_t source) {
  switch (format) {
    case Format::kSvg: return StampSvg(std::move(rendered), source);
    case Format::kPng: return StampPng(std::move(rendered), source);
    case Format::kPdf: return StampPdf(std::move(rendered), source);
  }
  return rendered;
}

std::optional<Unstamped> Unstamp(Format format, std::string_view file) {
  switch (format) {
    case Format::kSvg: return UnstampSvg(file);
    case Format::kPng: return UnstampPng(file);
    case Format::kPdf: return UnstampPdf(file);
  }
  return std::nullopt;
}

bool IsUpToDate(Format format, std::string_view file, uint64_t source) {
  std::optional<Unstamped> found = Unstamp(format, file);
  if (!found || found->source != source) return false;
  // Stamping the bytes again must give the file back exactly: that checks
  // the recorded output hash, the record's spelling and (PNG) its CRC.
  return Stamp(format, std::move(found->rendered), source) == file;
}

}  // namespace dg::cli
