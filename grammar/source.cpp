#include "grammar/source.hpp"

#include <algorithm>

namespace dg::grammar {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  // A UTF-8 byte order mark is not text: editors count columns without it.
  if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) text_.erase(0, 3);
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    // "\r\n", "\n" and a lone "\r" each end a line.
    if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) {
      line_starts_.push_back(i + 1);
    }
  }
}

LineCol SourceFile::Locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t column = 1;
  for (uint32_t i = line_starts_[line - 1]; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

std::string_view SourceFile::Slice(Span span) const {
  uint32_t size = static_cast<uint32_t>(text_.size());
  uint32_t begin = std::min(span.begin, size);
  uint32_t end = std::min(std::max(span.end, begin), size);
  return std::string_view(text_).substr(begin, end - begin);
}

std::vector<Span> SourceFile::EncodingFaults() const {
  std::vector<Span> faults;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text_.data());
  uint32_t size = static_cast<uint32_t>(text_.size());
  for (uint32_t i = 0; i < size;) {
    unsigned char c = bytes[i];
    uint32_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = length > 0 && i + length <= size && !(length == 2 && c < 0xC2);
    for (uint32_t k = 1; valid && k < length; ++k) valid = (bytes[i + k] & 0xC0) == 0x80;
    if (length == 1 && c == 0) valid = false;  // NUL: no text format carries it
    if (!valid) {
      faults.push_back({i, i + 1});
      ++i;
    } else {
      i += length;
    }
  }
  return faults;
}

}  // namespace dg::grammar

namespace dg::grammar {
namespace {

// Expansions live above every file offset: files are bounded far below 2 GiB
// (inputs are at most 32 MiB and the preprocessor bounds what it includes).
constexpr uint32_t kExpansionBase = 0x80000000u;

}  // namespace

SourceMap::SourceMap(const SourceFile& main) {
  files_.push_back({std::shared_ptr<const SourceFile>(&main, [](const SourceFile*) {}), 0, {}, false});
  next_file_base_ = static_cast<uint32_t>(main.text().size()) + 1;
}

uint32_t SourceMap::AddFile(std::shared_ptr<const SourceFile> file, Span included_from, bool bundled) {
  uint32_t base = next_file_base_;
  next_file_base_ += static_cast<uint32_t>(file->text().size()) + 1;
  files_.push_back({std::move(file), base, included_from, bundled});
  return base;
}

Span SourceMap::AddExpansion(Expansion expansion, uint32_t length) {
  length = std::max<uint32_t>(length, 1);
  if (next_expansion_offset_ > ~kExpansionBase - length) return expansion.call;  // space exhausted
  uint32_t begin = kExpansionBase + next_expansion_offset_;
  expansion_starts_.push_back(next_expansion_offset_);
  expansions_.push_back(std::move(expansion));
  next_expansion_offset_ += length;
  return {begin, begin + length};
}

const SourceMap::FileEntry* SourceMap::EntryOf(uint32_t offset) const {
  auto it = std::upper_bound(files_.begin(), files_.end(), offset,
                             [](uint32_t o, const FileEntry& e) { return o < e.base; });
  return it == files_.begin() ? &files_.front() : &*(it - 1);
}

SourceMap::Location SourceMap::Resolve(Span span) const {
  if (const Expansion* expansion = ExpansionOf(span)) return Resolve(expansion->call);
  if (span.begin >= kExpansionBase) return {&main(), {0, 0}};
  const FileEntry* entry = EntryOf(span.begin);
  uint32_t end = std::max(span.end, span.begin);
  return {entry->file.get(), {span.begin - entry->base, end - entry->base}};
}

const SourceMap::Expansion* SourceMap::ExpansionOf(Span span) const {
  if (span.begin < kExpansionBase || expansions_.empty()) return nullptr;
  uint32_t offset = span.begin - kExpansionBase;
  auto it = std::upper_bound(expansion_starts_.begin(), expansion_starts_.end(), offset);
  if (it == expansion_starts_.begin()) return nullptr;
  return &expansions_[static_cast<size_t>(it - expansion_starts_.begin()) - 1];
}

std::optional<Span> SourceMap::IncludedFrom(Span span) const {
  if (span.begin >= kExpansionBase) return std::nullopt;
  const FileEntry* entry = EntryOf(span.begin);
  if (entry == &files_.front()) return std::nullopt;
  return entry->included_from;
}

LineCol SourceMap::Locate(Span span) const {
  Location at = Resolve(span);
  return at.file->Locate(at.span.begin);
}

std::vector<SourceMap::Included> SourceMap::IncludedFiles() const {
  std::vector<Included> out;
  for (size_t i = 1; i < files_.size(); ++i) out.push_back({files_[i].file.get(), files_[i].bundled});
  return out;
}

}  // namespace dg::grammar
