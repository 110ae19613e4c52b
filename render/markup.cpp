#include "render/markup.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace dg::render {
namespace {

// Coordinates beyond this are nonsense; clamping keeps every number short.
constexpr double kMaxMagnitude = 1e9;
constexpr int kDecimals = 2;
// Longer links are dropped rather than copied into every output.
constexpr size_t kMaxLinkBytes = 8192;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::array<std::string_view, 3> kSafeSchemes = {"http", "https", "mailto"};

/// Decodes one UTF-8 sequence at text[*i]; advances *i. Returns -1 for an
/// invalid sequence (overlong, surrogate, out of range, truncated), after
/// advancing one byte.
int32_t DecodeUtf8(std::string_view text, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(*i);
  int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                                 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || *i + length > text.size()) {
    ++*i;
    return -1;
  }
  int32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    unsigned char next = byte(*i + k);
    if ((next & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    code = (code << 6) | (next & 0x3F);
  }
  static constexpr int32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinForLength[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    ++*i;
    return -1;
  }
  *i += length;
  return code;
}

bool AllowedInXml(int32_t code) {
  if (code < 0x20) return code == 0x9 || code == 0xA || code == 0xD;
  return code != 0x7F && code != 0xFFFE && code != 0xFFFF;
}

void AppendEscapedAscii(char c, std::string* out) {
  switch (c) {
    case '&': *out += "&amp;"; break;
    case '<': *out += "&lt;"; break;
    case '>': *out += "&gt;"; break;
    case '"': *out += "&quot;"; break;
    case '\'': *out += "&#39;"; break;
    default: *out += c;
  }
}

/// Reads a character reference ("&#106;", "&#x6A", "&colon;") at link[*i]
/// the way a lenient HTML parser would; returns the character or -1.
int32_t DecodeReference(std::string_view link, size_t* i) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"&colon;", ':'}, {"&tab;", '\t'}, {"&newline;", '\n'}, {"&sol;", '/'}};
  for (auto [name, c] : kNamed) {
    if (link.substr(*i, name.size()) == name) {
      *i += name.size();
      return c;
    }
  }
  if (link.substr(*i, 2) != "&#") return -1;
  size_t start = *i + 2;
  int base = 10;
  if (start < link.size() && (link[start] == 'x' || link[start] == 'X')) {
    base = 16;
    ++start;
  }
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(link.data() + start, link.data() + link.size(), value, base);
  if (ec != std::errc() || end == link.data() + start) return -1;
  *i = end - link.data();
  if (*i < link.size() && link[*i] == ';') ++*i;
  return value > 0x10FFFF ? -1 : static_cast<int32_t>(value);
}

/// The link as a browser would see its scheme: references decoded, every
/// whitespace and control character removed, ASCII lower-cased.
std::string SchemeProbe(std::string_view link) {
  std::string probe;
  for (size_t i = 0; i < link.size();) {
    int32_t c = link[i] == '&' ? DecodeReference(link, &i) : -1;
    if (c < 0) c = static_cast<unsigned char>(link[i++]);
    if (c <= 0x20 || c == 0x7F) continue;
    probe += c < 0x80 ? static_cast<char>(std::tolower(c)) : '?';
  }
  return probe;
}

bool SafeScheme(std::string_view probe) {
  size_t stop = probe.find_first_of(":/?#");
  if (stop == std::string_view::npos || probe[stop] != ':') return true;  // relative
  std::string_view scheme = probe.substr(0, stop);
  for (std::string_view safe : kSafeSchemes)
    if (scheme == safe) return true;
  return false;
}

}  // namespace

void AppendNumber(double value, std::string* out) {
  if (!std::isfinite(value)) value = 0;
  value = std::fmax(-kMaxMagnitude, std::fmin(kMaxMagnitude, value));
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                 std::chars_format::fixed, kDecimals);
  std::string_view text(buffer, end - buffer);
  while (text.back() == '0') text.remove_suffix(1);
  if (text.back() == '.') text.remove_suffix(1);
  if (text == "-0") text = "0";
  *out += text;
}

std::string FormatNumber(double value) {
  std::string out;
  AppendNumber(value, &out);
  return out;
}

void AppendXmlEscaped(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    int32_t code = DecodeUtf8(text, &i);
    if (code < 0) {
      *out += kReplacement;
    } else if (!AllowedInXml(code)) {
      continue;
    } else if (code < 0x80) {
      AppendEscapedAscii(static_cast<char>(code), out);
    } else {
      out->append(text.substr(start, i - start));
    }
  }
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  AppendXmlEscaped(text, &out);
  return out;
}

std::string SanitizeLink(std::string_view link) {
  if (link.size() > kMaxLinkBytes || !SafeScheme(SchemeProbe(link))) return "";
  std::string clean;
  for (char c : link) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) continue;  // browsers drop tabs and newlines too
    clean += c;
  }
  size_t first = clean.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  size_t last = clean.find_last_not_of(' ');
  return clean.substr(first, last - first + 1);
}

}  // namespace dg::render
