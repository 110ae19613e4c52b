#include "grammar/diagnostics.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <vector>

#include "grammar/placed_diagnostic.hpp"

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

// Tabs are shown as single spaces so the caret lines up with the excerpt;
// other control characters (NUL, ESC …) would garble a terminal, so they and
// bytes that are not UTF-8 show as "?".
std::string Printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F) {
      out += '?';
    } else if (c >= 0x80) {
      size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      bool valid = n > 0 && i + n <= line.size();
      for (size_t k = 1; valid && k < n; ++k) valid = (line[i + k] & 0xC0) == 0x80;
      if (valid) {
        out.append(line.substr(i, n));
        i += n - 1;
      } else {
        out += '?';
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Long lines (minified input, a 100 KB label) are cut to a window around the
// column, so one diagnostic stays one screen line.
constexpr uint32_t kExcerptColumns = 100;

struct Excerpt {
  std::string text;
  uint32_t caret_column = 1;  ///< 1-based, within `text`
};

Excerpt Window(std::string_view line, uint32_t column) {
  std::vector<size_t> starts;  // byte offset of each code point
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  uint32_t count = static_cast<uint32_t>(starts.size());
  if (count <= kExcerptColumns) return {Printable(line), column};
  uint32_t first = column > kExcerptColumns / 2 ? column - 1 - kExcerptColumns / 2 : 0;
  first = std::min(first, count - kExcerptColumns);
  uint32_t last = first + kExcerptColumns;  // one past
  size_t begin = starts[first], stop = last < count ? starts[last] : line.size();
  Excerpt e;
  e.text = (first > 0 ? "…" : "") + Printable(line.substr(begin, stop - begin)) +
           (last < count ? "…" : "");
  e.caret_column = column - first + (first > 0 ? 1 : 0);
  return e;
}

}  // namespace

void Diagnostics::Error(Span span, std::string code, std::string message) {
  items_.push_back({Severity::kError, std::move(code), span, std::move(message), {}});
  Attribute(items_.back());
}

void Diagnostics::Warning(Span span, std::string code, std::string message) {
  items_.push_back({Severity::kWarning, std::move(code), span, std::move(message), {}});
  Attribute(items_.back());
}

void Diagnostics::Attribute(Diagnostic& d) const {
  if (in_trial_) return;
  std::vector<Diagnostic> expansions;  // innermost first
  while (const SourceMap::Expansion* e = sources_.ExpansionOf(d.span)) {
    expansions.push_back({Severity::kNote, "", e->origin, "in expansion of " + e->what, {}});
    d.span = e->call;
  }
  // A deep recursion would print hundreds of notes: keep both ends.
  constexpr size_t kKeptEachEnd = 4;
  if (expansions.size() > 2 * kKeptEachEnd + 1) {
    size_t dropped = expansions.size() - 2 * kKeptEachEnd;
    Diagnostic elided = expansions[kKeptEachEnd];
    elided.message = "… " + std::to_string(dropped) + " more expansions …";
    expansions.erase(expansions.begin() + kKeptEachEnd, expansions.end() - kKeptEachEnd);
    expansions.insert(expansions.begin() + kKeptEachEnd, elided);
  }
  d.notes.insert(d.notes.end(), expansions.rbegin(), expansions.rend());
  for (std::optional<Span> from = sources_.IncludedFrom(d.span); from; from = sources_.IncludedFrom(*from)) {
    d.notes.push_back({Severity::kNote, "", *from, "included from here", {}});
  }
}

void Diagnostics::Note(Span span, std::string message) {
  if (items_.empty()) return;
  items_.back().notes.push_back({Severity::kNote, "", span, std::move(message), {}});
}

void Diagnostics::BeginTrial() {
  trial_start_ = items_.size();
  in_trial_ = true;
}

std::vector<Diagnostic> Diagnostics::EndTrial() {
  in_trial_ = false;
  std::vector<Diagnostic> held(std::make_move_iterator(items_.begin() + trial_start_),
                               std::make_move_iterator(items_.end()));
  items_.resize(trial_start_);
  return held;
}

void Diagnostics::Replay(std::vector<Diagnostic> items) {
  for (Diagnostic& d : items) {
    // The reader's own notes follow the expansion and include notes, as
    // they do when reported directly.
    std::vector<Diagnostic> own_notes = std::move(d.notes);
    d.notes.clear();
    Add(std::move(d));
    for (Diagnostic& note : own_notes) items_.back().notes.push_back(std::move(note));
  }
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

size_t Diagnostics::ErrorCount() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

namespace {

/// Where a diagnostic's span falls: its file and both ends.
struct Place {
  const SourceFile& file;
  LineCol at, end;
};

Place Locate(const SourceMap& sources, Span span) {
  SourceMap::Location where = sources.Resolve(span);
  return {*where.file, where.file->Locate(where.span.begin), where.file->Locate(where.span.end)};
}

}  // namespace

std::string FormatText(const SourceFile& file, const Diagnostic& d) {
  return FormatText(SourceMap(file), d);
}

std::string FormatText(const SourceMap& sources, const Diagnostic& d) {
  auto [file, at, end] = Locate(sources, d.span);
  std::string out = file.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                    ": " + SeverityName(d.severity) + ": " + d.message + "\n";
  std::string number = std::to_string(at.line);
  std::string gutter(number.size(), ' ');
  // The caret marks the first column, tildes the rest of the span on this line.
  uint32_t width = end.line == at.line && end.column > at.column ? end.column - at.column : 1;
  Excerpt excerpt = Window(file.LineText(at.line), at.column);
  width = std::min(width, kExcerptColumns);
  out += "  " + number + " | " + excerpt.text + "\n";
  out += "  " + gutter + " | " + std::string(excerpt.caret_column - 1, ' ') + "^" +
         std::string(width > 1 ? width - 1 : 0, '~') + "\n";
  for (const Diagnostic& note : d.notes) out += FormatText(sources, note);
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
  return FormatJson(SourceMap(file), d);
}

namespace {

/// The fields every JSON diagnostic and note has: where it is and what it says.
std::string JsonPlace(const SourceMap& sources, const Diagnostic& d) {
  auto [file, at, end] = Locate(sources, d.span);
  return "\"file\":\"" + JsonEscape(file.name()) + "\",\"line\":" + std::to_string(at.line) +
         ",\"column\":" + std::to_string(at.column) + ",\"end_line\":" + std::to_string(end.line) +
         ",\"end_column\":" + std::to_string(end.column) + ",\"severity\":\"" +
         SeverityName(d.severity) + "\"";
}

}  // namespace

PlacedDiagnostic PlaceDiagnostic(const SourceMap& sources, const Diagnostic& d) {
  auto [file, at, end] = Locate(sources, d.span);
  PlacedDiagnostic placed{file.name(), at, end, d.severity, d.code, d.message, {}};
  for (const Diagnostic& note : d.notes) placed.notes.push_back(PlaceDiagnostic(sources, note));
  return placed;
}

std::string FormatJson(const SourceMap& sources, const Diagnostic& d) {
  std::string out = "{" + JsonPlace(sources, d) + ",\"code\":\"" + JsonEscape(d.code) +
                    "\",\"message\":\"" + JsonEscape(d.message) + "\"";
  // Notes ("in expansion of", "included from here") as the text form prints
  // them under the diagnostic; left out when there are none.
  if (!d.notes.empty()) {
    out += ",\"notes\":[";
    for (size_t i = 0; i < d.notes.size(); ++i) {
      if (i > 0) out += ",";
      out += "{" + JsonPlace(sources, d.notes[i]) + ",\"message\":\"" + JsonEscape(d.notes[i].message) + "\"}";
    }
    out += "]";
  }
  return out + "}";
}

}  // namespace dg::grammar
