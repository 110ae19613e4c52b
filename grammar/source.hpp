// Source text, byte spans and the line index that turns spans into line:column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dg::grammar {

/// A half-open byte range [begin, end) into SourceFile::text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// 1-based line and column; columns count code points, as editors do.
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

/// One input: its display name (path or "<stdin>") and its whole text.
/// Line starts are indexed once so positions are only computed when printed.
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  LineCol Locate(uint32_t offset) const;
  /// The text of 1-based line `line`, without its line terminator.
  std::string_view LineText(uint32_t line) const;
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }
  /// Byte offset of the start of 1-based line `line`.
  uint32_t LineStart(uint32_t line) const { return line_starts_[line - 1]; }
  std::string_view Slice(Span span) const;
  /// Bytes that are not UTF-8 text: invalid or truncated sequences, and NUL.
  std::vector<Span> EncodingFaults() const;

 private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace dg::grammar
