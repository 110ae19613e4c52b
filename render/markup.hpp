// Text helpers of the SVG writer: locale-independent numbers, XML escaping
// that also repairs what XML 1.0 cannot carry, and link sanitising.
#pragma once

#include <string>
#include <string_view>

namespace dg::render {

/// At most two decimals, trailing zeros and "-0" removed ("12.5", "3",
/// "-0.25"); non-finite values print as "0". Uses std::to_chars, so the
/// user's locale never changes the output.
std::string FormatNumber(double value);
void AppendNumber(double value, std::string* out);

/// Appends `text` escaped for XML content and attribute values (& < > " ').
/// Invalid UTF-8 becomes U+FFFD; characters XML 1.0 forbids (C0 controls
/// other than tab/LF/CR, DEL, U+FFFE, U+FFFF) are dropped.
void AppendXmlEscaped(std::string_view text, std::string* out);
std::string XmlEscape(std::string_view text);

/// `link` if it is safe to put in an href (http:, https:, mailto: or a
/// relative URL), with surrounding whitespace and embedded control
/// characters removed; empty otherwise. Case, whitespace, control
/// characters and character references ("&#106;avascript:") are seen
/// through when the scheme is checked.
std::string SanitizeLink(std::string_view link);

}  // namespace dg::render
