#include "grammar/diagnostics.hpp"

#include <algorithm>
#include <cstdio>

namespace dg::grammar {
namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// Tabs are shown as single spaces so the caret lines up with the excerpt.
std::string Printable(std::string_view line) {
  std::string out(line);
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

}  // namespace

void Diagnostics::Error(Span span, std::string code, std::string message) {
  items_.push_back({Severity::kError, std::move(code), span, std::move(message), {}});
}

void Diagnostics::Warning(Span span, std::string code, std::string message) {
  items_.push_back({Severity::kWarning, std::move(code), span, std::move(message), {}});
}

void Diagnostics::Note(Span span, std::string message) {
  if (items_.empty()) return;
  items_.back().notes.push_back({Severity::kNote, "", span, std::move(message), {}});
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

size_t Diagnostics::ErrorCount() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

std::string FormatText(const SourceFile& file, const Diagnostic& d) {
  LineCol at = file.Locate(d.span.begin);
  LineCol end = file.Locate(std::max(d.span.end, d.span.begin));
  std::string out = file.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                    ": " + SeverityName(d.severity) + ": " + d.message + "\n";
  std::string_view line = file.LineText(at.line);
  std::string number = std::to_string(at.line);
  std::string gutter(number.size(), ' ');
  out += "  " + number + " | " + Printable(line) + "\n";
  // The caret marks the first column, tildes the rest of the span on this line.
  uint32_t width = end.line == at.line && end.column > at.column ? end.column - at.column : 1;
  out += "  " + gutter + " | " + std::string(at.column - 1, ' ') + "^" +
         std::string(width > 1 ? width - 1 : 0, '~') + "\n";
  for (const Diagnostic& note : d.notes) out += FormatText(file, note);
  return out;
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string FormatJson(const SourceFile& file, const Diagnostic& d) {
  LineCol at = file.Locate(d.span.begin);
  LineCol end = file.Locate(std::max(d.span.end, d.span.begin));
  return "{\"file\":\"" + JsonEscape(file.name()) + "\",\"line\":" + std::to_string(at.line) +
         ",\"column\":" + std::to_string(at.column) + ",\"end_line\":" + std::to_string(end.line) +
         ",\"end_column\":" + std::to_string(end.column) + ",\"severity\":\"" +
         SeverityName(d.severity) + "\",\"code\":\"" + JsonEscape(d.code) + "\",\"message\":\"" +
         JsonEscape(d.message) + "\"}";
}

}  // namespace dg::grammar
