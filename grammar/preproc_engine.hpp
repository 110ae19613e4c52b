// The interpreter of PlantUML's preprocessor (internal to grammar/): runs a
// block's lines with PlantUML's semantics and produces the diagram's lines.
//
// State is PlantUML's: global variables, one frame per call (arguments,
// !local and call-local variables), functions by name with overloads by
// argument count, the !startsub texts, and the files already included.
// Every line a macro produces carries a span of its own in the SourceMap
// (origin: the body line; call: the line that called), so a diagnostic on
// it names both places.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/preproc_expr.hpp"
#include "grammar/preproc_include.hpp"
#include "grammar/preproc_lines.hpp"
#include "grammar/puml_preprocess.hpp"

namespace dg::grammar::puml::preproc {

struct Classified;

/// Lines [begin, end) of one file's lines; `base` places the file's spans in
/// the SourceMap.
struct Body {
  std::shared_ptr<const Lines> lines;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t base = 0;
  IncludeOrigin origin;  ///< relative includes in these lines resolve against it
};

enum class FunctionKind { kFunction, kProcedure, kLegacyDefine, kLegacyDefineLong, kBuiltin };

struct Param {
  std::string name;
  std::optional<Value> default_value;
};

class Engine;
using BuiltinFn = Value (*)(Engine&, std::vector<Value>&);

struct Function {
  std::string name;
  FunctionKind kind = FunctionKind::kFunction;
  std::vector<Param> params;
  bool unquoted = false;
  bool is_final = false;
  Body body;                 ///< !function, !procedure, !definelong
  std::string legacy_body;   ///< !define NAME(…) body
  BuiltinFn builtin = nullptr;
  size_t min_args = 0, max_args = 0;  ///< builtins

  /// PlantUML's canCover: `positional` arguments and these keywords fit.
  bool Covers(size_t positional, const NamedArgs& named) const;
};

/// One call of a function or procedure.
struct Frame {
  std::unordered_map<std::string, Value> args;    ///< parameters and !local variables
  std::unordered_map<std::string, Value> locals;  ///< set in the call, not global
  std::optional<Span> call_line;  ///< the calling line (in its file); none at the top level
  std::string what;               ///< "Container(...)"
  std::optional<Span> call_site;  ///< call_line as presented (an expansion itself), made on demand
};

/// Thrown with the place of the line that failed; caught per block.
struct LocatedError {
  Span span;
  std::string message;
};

class Engine final : public ExprHost {
 public:
  Engine(Diagnostics& diags, const PreprocessOptions& options, IncludeResolver& includes);
  ~Engine();

  /// Runs a block's lines (spans relative to the input file) and appends the
  /// lines it produces to `out`. Stops at the first error (reported).
  void RunBlock(std::shared_ptr<const Lines> lines, std::vector<Line>* out);

  std::optional<Value> LookupVariable(std::string_view name) override;
  Value CallFunction(std::string_view name, std::vector<Value> args, NamedArgs named) override;

  // For builtins.
  std::optional<Value> GetVariable(const std::string& name) const;
  void SetGlobal(const std::string& name, Value value) { globals_[name] = std::move(value); }
  bool FunctionExists(const std::string& name) const { return functions_.count(name) > 0; }
  void InvokeProcedure(const std::string& name, std::vector<Value> args);
  std::string Substitute(std::string_view text);
  const PreprocessOptions& options() const { return options_; }
  const std::string& input_name() const { return diags_.file().name(); }
  /// Reads a local file for %load_json / %file_exists under the include policy.
  bool ReadFileForBuiltin(const std::string& path, std::string* text);
  uint64_t NextRandom();

 private:
  enum class Scope { kDefault, kGlobal, kLocal };

  std::optional<Value> Exec(const Body& body, bool in_function);
  /// The directive of line `pc` (classified once per line: bodies run often).
  const struct Classified& ClassifyAt(const Body& body, uint32_t pc);
  void ExecLine(const Body& body, uint32_t& pc, bool in_function, std::optional<Value>* returned);
  uint32_t SkipDefinition(const Body& body, uint32_t pc);

  // Directives.
  /// `line` is the classified line when `rest` is its text (not a JSON
  /// value read over several lines), so the value's tokens can be cached.
  void Assign(std::string_view rest, const Classified* line);
  /// Evaluates `text`, which is c's expression (its rest, or an assignment's
  /// value): tokenized on the line's first run, then reused.
  Value EvaluateLine(const Classified& c, std::string_view text);
  void DefineLegacy(const Body& body, uint32_t& pc, std::string_view rest, bool is_long);
  void DeclareFunction(const Body& body, uint32_t& pc, std::string_view header, bool procedure);
  void Include(const Body& body, uint32_t pc, std::string_view rest, std::string_view variant);
  void IncludeSub(const Body& body, uint32_t pc, std::string_view rest);
  void Theme(const Body& body, uint32_t pc, std::string_view rest);
  void RunIncluded(const IncludedText& text, std::shared_ptr<const Lines> lines, Span at);
  void AddFunction(Function fn);
  std::vector<Param> ParseParams(std::string_view text, size_t* pos, bool legacy);

  // Text lines.
  void EmitPlain(const Body& body, uint32_t pc, bool in_function);
  /// Substitutes variables and calls; nullopt when a procedure call took the
  /// rest of the line (its output is already emitted).
  std::optional<std::string> Apply(std::string_view text, Span line_span);
  size_t ReplaceVariable(std::string_view text, size_t begin, size_t end, const Value& value, std::string* out);
  size_t CallInText(std::string_view text, size_t name_begin, size_t open, const std::string& name, Span line_span,
                    std::string* out, bool* took_rest);
  void ParseTextArgs(std::string_view text, size_t* pos, bool raw, std::vector<Value>* args, NamedArgs* named);
  void Emit(std::string text, Span origin, bool exact);

  // Calls.
  const Function& Resolve(const std::string& name, size_t positional, const NamedArgs& named) const;
  Frame BindArgs(const Function& fn, std::vector<Value>& args, NamedArgs& named) const;
  Value CallValue(const Function& fn, std::vector<Value> args, NamedArgs named);
  void CallProcedure(const Function& fn, std::vector<Value> args, NamedArgs named, Span line_span);
  /// Runs a user function, procedure or !define in a frame of its own.
  std::optional<Value> RunCall(const Function& fn, std::vector<Value> args, NamedArgs named, Span line_span);
  Span Presented(Span origin);
  std::optional<Span> CallSite(size_t frame);
  void PushFrame(Frame frame);
  void SetVariable(const std::string& name, Value value, Scope scope);
  bool VariableExists(const std::string& name) const;
  std::string DumpMemory() const;
  void CountStep();

  Diagnostics& diags_;
  const PreprocessOptions& options_;
  IncludeResolver& includes_;
  std::vector<Line>* out_ = nullptr;

  std::unordered_map<std::string, Value> globals_;
  std::unordered_map<std::string, std::vector<Function>> functions_;  ///< overloads in definition order
  std::map<std::string, Body> subs_;      ///< !startsub NAME … !endsub
  /// Directives by line; holding the Lines keeps their address from being reused.
  struct ClassifiedLines {
    std::shared_ptr<const Lines> lines;
    std::vector<std::unique_ptr<Classified>> directives;
  };
  std::unordered_map<const Lines*, ClassifiedLines> classified_;
  std::set<std::string> included_;        ///< keys of files already included (for "include once")
  std::vector<Frame> frames_;             ///< the call stack; frames_[0] is the top level
  std::string pending_prefix_;            ///< text before a procedure call, for its first line
  std::string last_untrimmed_;            ///< the last line emitted, before trimming
  bool exited_ = false;                   ///< !exit
  size_t steps_ = 0;
  size_t output_bytes_ = 0;
  size_t include_depth_ = 0;
  uint64_t random_state_ = 0x9E3779B97F4A7C15ull;
  Span current_span_;                     ///< the line being run (for errors in builtins)
  IncludeOrigin current_origin_;          ///< the folder of the file that line is in
};

/// The builtins (%strlen …), registered in every engine.
std::vector<Function> Builtins();

}  // namespace dg::grammar::puml::preproc
