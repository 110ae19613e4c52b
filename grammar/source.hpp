// Source text, byte spans and the line index that turns spans into line:column.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
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

/// Every text one compile reads, in one offset space (as clang's
/// SourceManager): the input file at offset 0, each included file after it,
/// and one range per line a macro expansion produced. A Span anywhere in the
/// pipeline therefore names its file, and an expanded line knows the call it
/// came from, so a diagnostic can print both places.
class SourceMap {
 public:
  /// A span resolved to its file: `span` is relative to that file's text.
  struct Location {
    const SourceFile* file = nullptr;
    Span span;
  };
  /// What produced an expanded line: the line of the macro's body it was
  /// written on (`origin`, in a file), the call that ran it (`call`, itself
  /// possibly expanded), and the call as text, e.g. "Container(...)".
  struct Expansion {
    Span origin;
    Span call;
    std::string what;
  };

  explicit SourceMap(const SourceFile& main);

  const SourceFile& main() const { return *files_.front().file; }
  /// Adds an included file; `included_from` is the !include line. Returns
  /// the offset of the file's first byte.
  uint32_t AddFile(std::shared_ptr<const SourceFile> file, Span included_from, bool bundled);
  /// A fresh span of `length` bytes standing for text an expansion produced.
  Span AddExpansion(Expansion expansion, uint32_t length);

  /// The file location of a span in a file (not an expansion).
  Location Resolve(Span span) const;
  /// The expansion a span belongs to, or nullptr for a span in a file.
  const Expansion* ExpansionOf(Span span) const;
  /// The !include line that brought in the file holding `span` (a span in a
  /// file), or nullopt for the input file itself.
  std::optional<Span> IncludedFrom(Span span) const;
  /// 1-based line and column of a span's start, in its own file.
  LineCol Locate(Span span) const;

  /// Files read besides the input, in the order they were first included.
  struct Included {
    const SourceFile* file;
    bool bundled;  ///< from the stdlib compiled into diagc, not the disk
  };
  std::vector<Included> IncludedFiles() const;

 private:
  struct FileEntry {
    std::shared_ptr<const SourceFile> file;  // null deleter for the main file
    uint32_t base = 0;
    Span included_from;
    bool bundled = false;
  };
  const FileEntry* EntryOf(uint32_t offset) const;

  std::vector<FileEntry> files_;       // by base, ascending
  std::vector<Expansion> expansions_;  // expansion i covers [kExpansionBase + starts_[i], …)
  std::vector<uint32_t> expansion_starts_;
  uint32_t next_file_base_ = 0;
  uint32_t next_expansion_offset_ = 0;
};

}  // namespace dg::grammar
