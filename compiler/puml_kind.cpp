#include "compiler/puml_kind.hpp"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

namespace dg::compiler {
namespace {

using grammar::Diagnostic;
using grammar::Severity;
using grammar::puml::Block;
using grammar::puml::Kind;

/// One reader's attempt at the whole block.
struct Trial {
  Kind kind;
  decltype(ReadBlock::document) document;
  std::vector<Diagnostic> diagnostics;  ///< spans as the reader gave them
  size_t first_rejected = 0;            ///< index of the first line with an error
  bool accepted = false;                ///< no error at all
};

/// Maps a span a reader reported back to the block line it lies on. Line
/// spans are not in order (included files, macro expansions), so they are
/// sorted, on the first error (most blocks have none); lines sharing a span
/// (one macro call's output) count as the first of them.
class LineIndex {
 public:
  explicit LineIndex(const Block& block) : block_(block) {}

  /// The line holding `span`; the line count when no line does.
  size_t LineOf(grammar::Span span) {
    if (starts_.empty()) Build();
    const size_t line_count = block_.lines.size();
    auto after = std::upper_bound(starts_.begin(), starts_.end(),
                                  std::pair{span.begin, std::numeric_limits<size_t>::max()});
    if (after == starts_.begin()) return line_count;
    auto first = std::lower_bound(starts_.begin(), after, std::pair{(after - 1)->first, size_t{0}});
    if (span.begin > ends_[first - starts_.begin()]) return line_count;
    return first->second;
  }

 private:
  void Build() {
    for (size_t i = 0; i < block_.lines.size(); ++i) starts_.push_back({block_.lines[i].span.begin, i});
    std::sort(starts_.begin(), starts_.end());
    for (const auto& [begin, index] : starts_) ends_.push_back(block_.lines[index].span.end);
  }

  const Block& block_;
  std::vector<std::pair<uint32_t, size_t>> starts_;  ///< (span begin, line index), sorted
  std::vector<uint32_t> ends_;                       ///< span end of each entry of starts_
};

template <typename Reader>
Trial Try(Kind kind, Reader read, const Block& block, LineIndex& lines, grammar::Diagnostics& diags) {
  Trial trial{kind, {}, {}, block.lines.size(), true};
  diags.BeginTrial();
  trial.document = read(block, diags);
  trial.diagnostics = diags.EndTrial();
  for (const Diagnostic& d : trial.diagnostics) {
    if (d.severity != Severity::kError) continue;
    trial.accepted = false;
    trial.first_rejected = std::min(trial.first_rejected, lines.LineOf(d.span));
  }
  return trial;
}

/// Accepting readers first, then the one whose first error comes latest;
/// among equals the heuristic's kind, then PlantUML's factory order.
size_t Best(const std::vector<Trial>& trials, Kind preferred) {
  auto rank = [](const Trial& t) { return std::pair{t.accepted, t.first_rejected}; };
  size_t best = 0;
  for (size_t i = 1; i < trials.size(); ++i) {
    if (rank(trials[i]) > rank(trials[best]) ||
        (rank(trials[i]) == rank(trials[best]) && trials[i].kind == preferred)) {
      best = i;
    }
  }
  return best;
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kSequence: return "sequence";
    case Kind::kEr: return "class";
    case Kind::kComponent: return "description";
    case Kind::kUnsupported: break;
  }
  return "unsupported";
}

const char* ReaderName(Kind kind) {
  switch (kind) {
    case Kind::kSequence: return "a sequence diagram";
    case Kind::kEr: return "an entity (class) diagram";
    default: return "a component (description) diagram";
  }
}

/// Reports the kept reading's diagnostics. When it did not accept every line
/// and is not the kind the lines suggest, the first error says which reading
/// this is and why it was kept (at the block's @start line): the error alone
/// would puzzle whoever meant the other kind, whose errors are not shown.
void ReportKept(Trial& kept, Kind suggested, grammar::Span block_start, grammar::Diagnostics& diags) {
  if (!kept.accepted && kept.kind != suggested) {
    auto first = std::find_if(kept.diagnostics.begin(), kept.diagnostics.end(),
                              [](const Diagnostic& d) { return d.severity == Severity::kError; });
    first->notes.insert(first->notes.begin(),
                        {Severity::kNote, "", block_start,
                         std::string("no diagram kind accepts every line of this block; read as ") +
                             ReaderName(kept.kind) + ", the kind that reads furthest before an error",
                         {}});
  }
  diags.Replay(std::move(kept.diagnostics));
}

}  // namespace

ReadBlock ReadPlantUmlBlock(const Block& block, grammar::Diagnostics& diags) {
  grammar::puml::KindDecision heuristic = grammar::puml::DetectKind(block);
  if (heuristic.kind == Kind::kUnsupported) return {heuristic, std::monostate{}};
  LineIndex lines(block);
  std::vector<Trial> trials;  // in PlantUML's factory order
  auto read_as = [&](Kind kind) {
    switch (kind) {
      case Kind::kSequence: return Try(kind, grammar::puml::ParseSequence, block, lines, diags);
      case Kind::kEr: return Try(kind, grammar::puml::er::ParsePumlEr, block, lines, diags);
      default: return Try(Kind::kComponent, grammar::puml::ParseComponent, block, lines, diags);
    }
  };
  // The heuristic's kind first: when it accepts every line it wins anyway
  // (ties go to it), and the other readers need not run (C4 blocks are long).
  Trial guess = read_as(heuristic.kind);
  if (!guess.accepted) {
    for (Kind kind : {Kind::kSequence, Kind::kEr, Kind::kComponent}) {
      trials.push_back(kind == guess.kind ? std::move(guess) : read_as(kind));
    }
  } else {
    trials.push_back(std::move(guess));
  }
  Trial& kept = trials[Best(trials, heuristic.kind)];
  ReportKept(kept, heuristic.kind, block.start, diags);
  grammar::puml::KindDecision decision{kept.kind, block.start, KindName(kept.kind)};
  return {decision, std::move(kept.document)};
}

}  // namespace dg::compiler
