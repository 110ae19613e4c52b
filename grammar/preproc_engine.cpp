// Running lines: directives, control flow, definitions and includes. Text
// substitution and calls are in preproc_text.cpp.
#include "grammar/preproc_engine.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "grammar/text.hpp"

namespace dg::grammar::puml::preproc {
namespace {

constexpr size_t kMaxSteps = 5'000'000;        // lines run in one block: bounds endless !while loops
constexpr size_t kMaxCallDepth = 400;          // nested calls: bounds endless recursion
constexpr size_t kMaxIncludeDepth = 64;        // nested !include
constexpr size_t kMaxOutputBytes = 64u << 20;  // text one block may produce
constexpr uint32_t kMaxJsonLines = 10'000;     // lines one JSON value may span

enum class Directive {
  kPlain, kLegacyDefine, kLegacyDefineLong, kDefineVariable, kAssign, kIfdef, kUndef, kIfndef, kAssert, kIf,
  kFunction, kProcedure, kElse, kElseIf, kEndif, kWhile, kEndWhile, kForeach, kEndFor, kEndFunction, kReturn,
  kTheme, kInclude, kIncludeDef, kImport, kStartSub, kEndSub, kIncludeSub, kLog, kDumpMemory, kOption,
  kPragma, kExit, kUnknown
};

}  // namespace

struct Classified {
  Directive directive = Directive::kPlain;
  std::string_view rest;     ///< text after the keyword, trimmed
  std::string_view variant;  ///< !include: "", "url", "_many", "_once"
  /// The line's expression once it has run (Engine::EvaluateLine).
  mutable std::unique_ptr<const Expression> expression;
};

namespace {

bool IsNameStart(char c) { return IsNameChar(c) && !(c >= '0' && c <= '9'); }

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

size_t SkipBlanks(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

/// The name at s[i] ("$x", "x", "%f"); empty when none starts there.
std::string_view NameAt(std::string_view s, size_t i, bool allow_sigil = true) {
  size_t j = i;
  if (j < s.size() && allow_sigil && (s[j] == '$' || s[j] == '%')) ++j;
  if (j >= s.size() || !IsNameStart(s[j])) return {};
  while (j < s.size() && IsNameChar(s[j])) ++j;
  return s.substr(i, j - i);
}

/// `text` starts with `word` (case-sensitive, as PlantUML's patterns) and
/// no name character follows; *rest is what follows, trimmed.
bool Keyword(std::string_view text, std::string_view word, std::string_view* rest) {
  if (text.compare(0, word.size(), word) != 0) return false;
  if (text.size() > word.size() && IsNameChar(text[word.size()])) return false;
  *rest = Trim(text.substr(word.size()));
  return true;
}

/// Where the name of an assignment `!(local|global)? $?NAME ?= …` starts in
/// `rest` (the text after "!"), and its scope word; npos when it is none.
/// `!global = 1` assigns a variable named "global".
size_t AssignedNameAt(std::string_view rest, std::string_view* scope) {
  auto assigns_at = [&](size_t i) {
    std::string_view name = NameAt(rest, i);
    if (name.empty() || name[0] == '%') return false;
    i = SkipBlanks(rest, i + name.size());
    if (i < rest.size() && rest[i] == '?') ++i;
    return i < rest.size() && rest[i] == '=';
  };
  size_t i = SkipBlanks(rest, 0);
  for (std::string_view word : {"local", "global"}) {
    if (rest.compare(i, word.size(), word) == 0 && assigns_at(SkipBlanks(rest, i + word.size())) &&
        !assigns_at(i)) {
      *scope = word;
      return SkipBlanks(rest, i + word.size());
    }
  }
  *scope = {};
  return assigns_at(i) ? i : std::string_view::npos;
}

bool IsAssignment(std::string_view t) {
  std::string_view scope;
  return AssignedNameAt(t.substr(1), &scope) != std::string_view::npos;
}

/// `!(unquoted |final )*function NAME` and the same for procedures.
bool IsDeclaration(std::string_view t, std::string_view kind, std::string_view* header) {
  size_t i = 1;
  while (true) {
    if (t.compare(i, 9, "unquoted ") == 0) i = SkipBlanks(t, i + 9);
    else if (t.compare(i, 6, "final ") == 0) i = SkipBlanks(t, i + 6);
    else break;
  }
  if (t.compare(i, kind.size(), kind) != 0) return false;
  size_t after = i + kind.size();
  if (after >= t.size() || (t[after] != ' ' && t[after] != '\t')) return false;
  *header = t;
  return true;
}

Classified Classify(std::string_view text) {
  std::string_view t = Trim(text);
  Classified c;
  if (t.empty() || t[0] != '!') return c;
  std::string_view rest;
  auto is = [&](std::string_view word, Directive d) {
    if (!Keyword(t, word, &rest)) return false;
    c.directive = d;
    c.rest = rest;
    return true;
  };
  if (t.compare(0, 8, "!define ") == 0 || t.compare(0, 8, "!define\t") == 0) {
    std::string_view after = Trim(t.substr(8));
    std::string_view name = NameAt(after, 0, false);
    c.rest = after;
    c.directive = !name.empty() && name.size() < after.size() && after[name.size()] == '('
                      ? Directive::kLegacyDefine : Directive::kDefineVariable;
    return c;
  }
  if (is("!definelong", Directive::kLegacyDefineLong)) return c;
  if (IsAssignment(t)) {
    c.directive = Directive::kAssign;
    c.rest = t.substr(1);
    return c;
  }
  if (is("!ifdef", Directive::kIfdef) || is("!undef", Directive::kUndef) || is("!ifndef", Directive::kIfndef) ||
      is("!assert", Directive::kAssert) || is("!if", Directive::kIf)) {
    return c;
  }
  std::string_view header;
  if (IsDeclaration(t, "function", &header)) return {Directive::kFunction, header, {}, {}};
  if (IsDeclaration(t, "procedure", &header)) return {Directive::kProcedure, header, {}, {}};
  if (is("!else", Directive::kElse) || is("!elseif", Directive::kElseIf) || is("!endif", Directive::kEndif) ||
      is("!while", Directive::kWhile) || is("!endwhile", Directive::kEndWhile) ||
      is("!foreach", Directive::kForeach) || is("!endfor", Directive::kEndFor)) {
    return c;
  }
  if (t.compare(0, 4, "!end") == 0) {
    std::string_view after = Trim(t.substr(4));
    for (std::string_view kind : {"function", "procedure", "definelong"}) {
      if (Keyword(after, kind, &rest)) return {Directive::kEndFunction, {}, {}, {}};
    }
  }
  if (is("!return", Directive::kReturn) || is("!theme", Directive::kTheme)) return c;
  for (std::string_view variant : {"url", "_many", "_once", ""}) {
    if (Keyword(t, "!include" + std::string(variant), &rest)) return {Directive::kInclude, rest, variant, {}};
  }
  if (is("!includedef", Directive::kIncludeDef) || is("!import", Directive::kImport) ||
      is("!startsub", Directive::kStartSub) || is("!endsub", Directive::kEndSub) ||
      is("!includesub", Directive::kIncludeSub) || is("!log", Directive::kLog) ||
      is("!dump_memory", Directive::kDumpMemory) || is("!option", Directive::kOption) ||
      is("!pragma", Directive::kPragma) || is("!exit", Directive::kExit)) {
    return c;
  }
  c.directive = Directive::kUnknown;
  c.rest = t;
  return c;
}

/// The text after a declaration's parameter list: `!return …` of the
/// one-line form, or anything else PlantUML ignores.
std::string_view AfterParameters(std::string_view header) {
  size_t open = header.find('(');
  if (open == std::string_view::npos) return {};
  int depth = 0;
  for (size_t i = open; i < header.size(); ++i) {
    char c = header[i];
    if (c == '"' || c == '\'') {
      size_t close = header.find(c, i + 1);
      if (close == std::string_view::npos) return {};
      i = close;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return Trim(header.substr(i + 1));
    }
  }
  return {};
}

/// The expression of a one-line function (`!function $f($a) !return $a`).
std::optional<std::string_view> OneLineReturn(std::string_view header) {
  std::string_view after = AfterParameters(header), expr;
  if (Keyword(after, "!return", &expr) || Keyword(after, "return", &expr)) return expr;
  return std::nullopt;
}

/// A multi-line definition starts here (its body runs to !end…).
bool OpensDefinition(const Classified& c) {
  if (c.directive == Directive::kLegacyDefineLong) return true;
  return (c.directive == Directive::kFunction || c.directive == Directive::kProcedure) && !OneLineReturn(c.rest);
}

Span Abs(const Body& body, const SrcLine& line) { return {line.span.begin + body.base, line.span.end + body.base}; }

struct Control {
  enum Kind { kIf, kWhile, kForeach } kind;
  bool outer_active;  ///< everything around it runs
  bool active;        ///< its current branch (or iteration) runs
  bool taken;         ///< kIf: a branch already ran
  uint32_t header;    ///< the !if / !while / !foreach line
  std::vector<Value> items;  ///< kForeach
  size_t next = 0;
  std::string var;
};

const char* KindName(Control::Kind kind) {
  switch (kind) {
    case Control::kIf: return "!if";
    case Control::kWhile: return "!while";
    case Control::kForeach: return "!foreach";
  }
  return "!if";
}

}  // namespace

bool Function::Covers(size_t positional, const NamedArgs& named) const {
  if (kind == FunctionKind::kBuiltin) return named.empty() && positional >= min_args && positional <= max_args;
  // Not a structured binding: clang 14 (the fuzz build's compiler) cannot
  // capture one in a lambda.
  for (const auto& arg : named) {
    if (std::none_of(params.begin(), params.end(), [&](const Param& p) { return p.name == arg.first; })) {
      return false;
    }
  }
  if (positional > params.size()) return false;
  size_t needed = 0;
  for (const Param& p : params) {
    bool by_name = std::any_of(named.begin(), named.end(), [&](const auto& n) { return n.first == p.name; });
    if (!by_name && !p.default_value) ++needed;
  }
  return positional >= needed;
}

Engine::Engine(Diagnostics& diags, const PreprocessOptions& options, IncludeResolver& includes)
    : diags_(diags), options_(options), includes_(includes) {
  for (Function& f : Builtins()) functions_[f.name].push_back(std::move(f));
}

Engine::~Engine() = default;

void Engine::RunBlock(std::shared_ptr<const Lines> lines, std::vector<Line>* out) {
  out_ = out;
  frames_.assign(1, Frame{});
  for (const auto& [name, value] : options_.defines) globals_[name] = Value::Str(value);
  Body body{lines, 0, static_cast<uint32_t>(lines->size()), 0, includes_.input_origin()};
  try {
    Exec(body, false);
  } catch (const LocatedError& e) {
    diags_.Error(e.span, "puml-preprocess", e.message);
  }
}

void Engine::CountStep() {
  if (++steps_ > kMaxSteps) {
    throw PreprocError{"preprocessing ran " + std::to_string(kMaxSteps) +
                       " lines without finishing (an endless !while or recursion?)"};
  }
}

// A line's span as diagnostics show it: at the top level its own; inside a
// call an expansion of it, whose call is the calling line's presented span.
// Made only when needed (an emitted line, an error), so calls that produce
// nothing cost no SourceMap entries.
Span Engine::Presented(Span origin) {
  std::optional<Span> call = CallSite(frames_.size() - 1);
  if (!call) return origin;
  return diags_.sources().AddExpansion({origin, *call, frames_.back().what}, origin.end - origin.begin);
}

std::optional<Span> Engine::CallSite(size_t index) {
  Frame& frame = frames_[index];
  if (!frame.call_line) return std::nullopt;
  if (!frame.call_site) {
    std::optional<Span> outer = CallSite(index - 1);
    frame.call_site = outer ? diags_.sources().AddExpansion({*frame.call_line, *outer, frames_[index - 1].what},
                                                            frame.call_line->end - frame.call_line->begin)
                            : *frame.call_line;
  }
  return frame.call_site;
}

void Engine::PushFrame(Frame frame) {
  if (frames_.size() >= kMaxCallDepth) {
    throw PreprocError{"calls nested deeper than " + std::to_string(kMaxCallDepth) + " (endless recursion in " +
                       frame.what + "?)"};
  }
  frames_.push_back(std::move(frame));
}

const Classified& Engine::ClassifyAt(const Body& body, uint32_t pc) {
  ClassifiedLines& entry = classified_[body.lines.get()];
  if (!entry.lines) {
    entry.lines = body.lines;
    entry.directives.resize(body.lines->size());
  }
  std::vector<std::unique_ptr<Classified>>& cache = entry.directives;
  if (!cache[pc]) cache[pc] = std::make_unique<Classified>(Classify((*body.lines)[pc].text));
  return *cache[pc];
}

std::optional<Value> Engine::Exec(const Body& body, bool in_function) {
  std::vector<Control> controls;
  std::optional<Value> returned;
  for (uint32_t pc = body.begin; pc < body.end && !exited_ && !returned; ++pc) {
    const SrcLine& line = (*body.lines)[pc];
    try {
      CountStep();
      const Classified& c = ClassifyAt(body, pc);
      bool active = controls.empty() || controls.back().active;
      switch (c.directive) {
        case Directive::kIf: case Directive::kIfdef: case Directive::kIfndef: {
          bool cond = false;
          if (active) {
            std::string name(c.rest);
            cond = c.directive == Directive::kIf ? EvaluateLine(c, c.rest).Truthy()
                                                  : (VariableExists(name) || FunctionExists(name)) ==
                                                        (c.directive == Directive::kIfdef);
          }
          controls.push_back({Control::kIf, active, active && cond, cond, pc});
          continue;
        }
        case Directive::kElseIf: case Directive::kElse: {
          if (controls.empty() || controls.back().kind != Control::kIf) {
            throw PreprocError{std::string(c.directive == Directive::kElse ? "!else" : "!elseif") +
                               " without a matching !if"};
          }
          Control& top = controls.back();
          bool cond = c.directive == Directive::kElse ||
                      (top.outer_active && !top.taken && EvaluateLine(c, c.rest).Truthy());
          top.active = top.outer_active && !top.taken && cond;
          top.taken = top.taken || top.active;
          continue;
        }
        case Directive::kEndif:
          if (controls.empty() || controls.back().kind != Control::kIf) throw PreprocError{"!endif without a matching !if"};
          controls.pop_back();
          continue;
        case Directive::kWhile: {
          bool cond = active && EvaluateLine(c, c.rest).Truthy();
          controls.push_back({Control::kWhile, active, cond, false, pc});
          continue;
        }
        case Directive::kEndWhile: {
          if (controls.empty() || controls.back().kind != Control::kWhile) {
            throw PreprocError{"!endwhile without a matching !while"};
          }
          Control& top = controls.back();
          const Classified& header = ClassifyAt(body, top.header);
          if (top.active && EvaluateLine(header, header.rest).Truthy()) {
            pc = top.header;
          } else {
            controls.pop_back();
          }
          continue;
        }
        case Directive::kForeach: {
          Control loop{Control::kForeach, active, false, false, pc};
          if (active) {
            size_t in = c.rest.find(" in ");
            if (in == std::string_view::npos) throw PreprocError{"expected \"!foreach $name in LIST\""};
            loop.var = std::string(Trim(c.rest.substr(0, in)));
            std::string_view list = Trim(c.rest.substr(in + 4));
            Value items = (!list.empty() && list[0] == '[') ? Value::FromJson(ParseJson(list).value_or(Json::array()))
                                                             : Evaluate(list, *this);
            if (items.is_json() && items.json().is_array()) {
              for (const Json& item : items.json()) loop.items.push_back(Value::FromJson(item));
            }
            loop.active = !loop.items.empty();
            if (loop.active) SetVariable(loop.var, loop.items[0], Scope::kDefault);
          }
          controls.push_back(std::move(loop));
          continue;
        }
        case Directive::kEndFor: {
          if (controls.empty() || controls.back().kind != Control::kForeach) {
            throw PreprocError{"!endfor without a matching !foreach"};
          }
          Control& top = controls.back();
          if (top.active && ++top.next < top.items.size()) {
            SetVariable(top.var, top.items[top.next], Scope::kDefault);
            pc = top.header;
          } else {
            controls.pop_back();
          }
          continue;
        }
        default:
          break;
      }
      if (!active) {
        if (OpensDefinition(c)) pc = SkipDefinition(body, pc);
        continue;
      }
      ExecLine(body, pc, in_function, &returned);
    } catch (const PreprocError& e) {
      throw LocatedError{Presented(Abs(body, line)), e.message};
    }
  }
  if (!controls.empty() && !exited_ && !returned) {
    const Control& open = controls.back();
    const char* end = open.kind == Control::kIf ? "!endif" : open.kind == Control::kWhile ? "!endwhile" : "!endfor";
    throw LocatedError{Presented(Abs(body, (*body.lines)[open.header])),
                       std::string(KindName(open.kind)) + " is not closed: expected " + end};
  }
  return returned;
}

uint32_t Engine::SkipDefinition(const Body& body, uint32_t pc) {
  for (uint32_t i = pc + 1; i < body.end; ++i) {
    if (ClassifyAt(body, i).directive == Directive::kEndFunction) return i;
  }
  return body.end;
}

void Engine::ExecLine(const Body& body, uint32_t& pc, bool in_function, std::optional<Value>* returned) {
  const SrcLine& line = (*body.lines)[pc];
  const Classified& c = ClassifyAt(body, pc);
  current_span_ = Abs(body, line);
  current_origin_ = body.origin;
  switch (c.directive) {
    case Directive::kPlain:
      EmitPlain(body, pc, in_function);
      return;
    case Directive::kPragma: return;  // layout and rendering hints diagc does not need
    case Directive::kAssign: {
      // A JSON value may run over several lines: read until it parses.
      std::string text(c.rest);
      size_t value_at = text.find('=') + 1;
      std::string_view value = Trim(std::string_view(text).substr(value_at));
      if (!value.empty() && (value[0] == '{' || value[0] == '[') && !ParseJson(value)) {
        for (uint32_t next = pc + 1; next < body.end && next < pc + kMaxJsonLines; ++next) {
          text += "\n" + (*body.lines)[next].text;
          if (ParseJson(Trim(std::string_view(text).substr(value_at)))) {
            pc = next;
            break;
          }
        }
      }
      Assign(text, text == c.rest ? &c : nullptr);
      return;
    }
    case Directive::kDefineVariable: {
      std::string_view name = NameAt(c.rest, 0, false);
      if (name.empty()) throw PreprocError{"expected a name after !define"};
      SetVariable(std::string(name), Value::Str(std::string(Trim(c.rest.substr(name.size())))), Scope::kDefault);
      return;
    }
    case Directive::kLegacyDefine: DefineLegacy(body, pc, c.rest, false); return;
    case Directive::kLegacyDefineLong: DefineLegacy(body, pc, c.rest, true); return;
    case Directive::kFunction: DeclareFunction(body, pc, c.rest, false); return;
    case Directive::kProcedure: DeclareFunction(body, pc, c.rest, true); return;
    case Directive::kEndFunction: throw PreprocError{"!end" + std::string(Trim(Trim(line.text).substr(4))) +
                                                     " without a matching definition"};
    case Directive::kReturn:
      if (!in_function) throw PreprocError{"!return outside a function (a !procedure returns nothing)"};
      *returned = EvaluateLine(c, c.rest);
      return;
    case Directive::kUndef: {
      std::string name(c.rest);
      globals_.erase(name);
      frames_.back().args.erase(name);
      frames_.back().locals.erase(name);
      functions_.erase(name);
      return;
    }
    case Directive::kAssert: {
      size_t pos = 0;
      Value ok = EvaluateUpToColon(c.rest, &pos, *this);
      if (ok.Truthy()) return;
      std::string message = pos < c.rest.size() ? Evaluate(c.rest.substr(pos + 1), *this).ToString() : std::string();
      throw PreprocError{"assertion failed: " + (message.empty() ? std::string(c.rest) : message)};
    }
    case Directive::kLog:
      diags_.Add({Severity::kNote, "puml-log", Presented(current_span_), "!log: " + Substitute(c.rest), {}});
      return;
    case Directive::kDumpMemory:
      diags_.Add({Severity::kNote, "puml-log", Presented(current_span_), "!dump_memory: " + DumpMemory(), {}});
      return;
    case Directive::kInclude: Include(body, pc, c.rest, c.variant); return;
    case Directive::kIncludeSub: IncludeSub(body, pc, c.rest); return;
    case Directive::kStartSub: {
      uint32_t end = pc + 1;
      while (end < body.end && ClassifyAt(body, end).directive != Directive::kEndSub) ++end;
      subs_[std::string(c.rest)] = Body{body.lines, pc + 1, end, body.base, body.origin};
      return;  // the lines also run here, as PlantUML does
    }
    case Directive::kEndSub: return;
    case Directive::kTheme: Theme(body, pc, c.rest); return;
    case Directive::kOption: {
      std::string_view key = c.rest.substr(0, c.rest.find(' '));
      if (Lower(key) == "handwritten") {
        Emit("skinparam handwritten " + std::string(Trim(c.rest.substr(key.size()))), current_span_, false);
        return;
      }
      diags_.Warning(Presented(current_span_), "puml-ignored", "!option " + std::string(key) + " is ignored");
      return;
    }
    case Directive::kExit: exited_ = true; return;
    case Directive::kImport:
      throw PreprocError{"!import is not supported: include the files with !include and -I DIR"};
    case Directive::kIncludeDef:
      throw PreprocError{"!includedef is not supported"};
    default:
      throw PreprocError{"unknown preprocessor directive \"" + std::string(NameAt(c.rest, 1).empty() ? c.rest : c.rest.substr(0, 1 + NameAt(c.rest, 1).size())) +
                         "\", expected !define, !if, !function, !procedure, !include, … or a variable (!$x = …)"};
  }
}

Value Engine::EvaluateLine(const Classified& c, std::string_view text) {
  if (!c.expression) c.expression = std::make_unique<const Expression>(text);
  return c.expression->Evaluate(*this);
}

void Engine::Assign(std::string_view rest, const Classified* line) {
  std::string_view scope_word;
  size_t i = AssignedNameAt(rest, &scope_word);
  Scope scope = scope_word == "local" ? Scope::kLocal : scope_word == "global" ? Scope::kGlobal : Scope::kDefault;
  std::string name(NameAt(rest, i));
  i = SkipBlanks(rest, i + name.size());
  bool conditional = rest[i] == '?';
  if (conditional) ++i;
  std::string_view value = Trim(rest.substr(i + 1));
  if (conditional && VariableExists(name)) return;
  if (!value.empty() && (value[0] == '{' || value[0] == '[')) {
    std::optional<Json> json = ParseJson(value);
    if (!json) throw PreprocError{"invalid JSON value for " + name};
    SetVariable(name, Value::FromJson(std::move(*json)), scope);
    return;
  }
  SetVariable(name, line ? EvaluateLine(*line, value) : Evaluate(value, *this), scope);
}

void Engine::SetVariable(const std::string& name, Value value, Scope scope) {
  Frame& frame = frames_.back();
  if (frames_.size() == 1) {
    if (scope == Scope::kLocal) throw PreprocError{"!local outside a function or procedure"};
    globals_[name] = std::move(value);
  } else if (scope == Scope::kGlobal) {
    globals_[name] = std::move(value);
  } else if (scope == Scope::kLocal || frame.args.count(name)) {
    frame.args[name] = std::move(value);
  } else if (auto it = globals_.find(name); it != globals_.end()) {
    it->second = std::move(value);
  } else {
    frame.locals[name] = std::move(value);
  }
}

std::optional<Value> Engine::GetVariable(const std::string& name) const {
  const Frame& frame = frames_.back();
  if (auto it = frame.args.find(name); it != frame.args.end()) return it->second;
  if (auto it = globals_.find(name); it != globals_.end()) return it->second;
  if (auto it = frame.locals.find(name); it != frame.locals.end()) return it->second;
  return std::nullopt;
}

bool Engine::VariableExists(const std::string& name) const { return GetVariable(name).has_value(); }

std::string Engine::DumpMemory() const {
  std::map<std::string, std::string> sorted;
  for (const auto& [name, value] : globals_) sorted[name] = value.ToString();
  for (const auto& [name, value] : frames_.back().locals) sorted[name] = value.ToString();
  for (const auto& [name, value] : frames_.back().args) sorted[name] = value.ToString();
  std::string out;
  for (const auto& [name, value] : sorted) out += (out.empty() ? "" : ", ") + name + " = " + value;
  return out.empty() ? "no variables" : out;
}

std::vector<Param> Engine::ParseParams(std::string_view text, size_t* pos, bool legacy) {
  std::vector<Param> params;
  size_t i = *pos;
  while (true) {
    i = SkipBlanks(text, i);
    if (i >= text.size()) throw PreprocError{"expected \")\" to close the parameters"};
    if (text[i] == ')') break;
    if (text[i] == ',') {
      ++i;
      continue;
    }
    std::string_view name = NameAt(text, i);
    if (name.empty()) throw PreprocError{"expected a parameter name, got \"" + std::string(text.substr(i, 1)) + "\""};
    Param p{std::string(name), std::nullopt};
    i = SkipBlanks(text, i + name.size());
    if (i < text.size() && text[i] == '=') {
      ++i;
      p.default_value = EvaluateArgument(text, &i, *this);
    }
    params.push_back(std::move(p));
  }
  *pos = i + 1;
  (void)legacy;
  return params;
}

void Engine::AddFunction(Function fn) {
  std::vector<Function>& overloads = functions_[fn.name];
  for (Function& existing : overloads) {
    if (existing.kind == FunctionKind::kBuiltin || existing.params.size() != fn.params.size()) continue;
    if (existing.is_final || fn.is_final) throw PreprocError{"function " + fn.name + " is already defined (!final)"};
    existing = std::move(fn);
    return;
  }
  overloads.push_back(std::move(fn));
}

void Engine::DeclareFunction(const Body& body, uint32_t& pc, std::string_view header, bool procedure) {
  Function fn;
  fn.kind = procedure ? FunctionKind::kProcedure : FunctionKind::kFunction;
  size_t i = 1;
  std::string_view keyword = procedure ? "procedure" : "function";
  while (header.compare(i, keyword.size(), keyword) != 0) {
    if (header.compare(i, 9, "unquoted ") == 0) fn.unquoted = true, i = SkipBlanks(header, i + 9);
    else if (header.compare(i, 6, "final ") == 0) fn.is_final = true, i = SkipBlanks(header, i + 6);
    else break;
  }
  i = SkipBlanks(header, i + keyword.size());
  fn.name = std::string(NameAt(header, i));
  if (fn.name.empty()) throw PreprocError{"expected a name after !" + std::string(keyword)};
  i = SkipBlanks(header, i + fn.name.size());
  if (i >= header.size() || header[i] != '(') throw PreprocError{"expected \"(\" after " + fn.name};
  ++i;
  fn.params = ParseParams(header, &i, false);
  const SrcLine& line = (*body.lines)[pc];
  if (std::optional<std::string_view> expr = OneLineReturn(header)) {
    if (procedure) throw PreprocError{"a !procedure cannot !return a value; declare it as a !function"};
    auto one = std::make_shared<Lines>(Lines{{"!return " + std::string(*expr), line.span, false}});
    fn.body = Body{one, 0, 1, body.base, body.origin};
    AddFunction(std::move(fn));
    return;
  }
  uint32_t end = SkipDefinition(body, pc);
  if (end >= body.end) {
    throw PreprocError{"!" + std::string(keyword) + " " + fn.name + " is not closed: expected !end" + std::string(keyword)};
  }
  fn.body = Body{body.lines, pc + 1, end, body.base, body.origin};
  pc = end;
  AddFunction(std::move(fn));
}

void Engine::DefineLegacy(const Body& body, uint32_t& pc, std::string_view rest, bool is_long) {
  Function fn;
  fn.name = std::string(NameAt(rest, 0, false));
  if (fn.name.empty()) throw PreprocError{"expected a name after !define"};
  size_t i = fn.name.size();
  if (i < rest.size() && rest[i] == '(') {
    ++i;
    fn.params = ParseParams(rest, &i, true);
  }
  if (!is_long) {
    fn.kind = FunctionKind::kLegacyDefine;
    fn.legacy_body = std::string(Trim(rest.substr(i)));
    AddFunction(std::move(fn));
    return;
  }
  uint32_t end = SkipDefinition(body, pc);
  if (end >= body.end) throw PreprocError{"!definelong " + fn.name + " is not closed: expected !enddefinelong"};
  if (end == pc + 2) {
    // PlantUML reads a one-line !definelong as a !define.
    fn.kind = FunctionKind::kLegacyDefine;
    fn.legacy_body = std::string(Trim((*body.lines)[pc + 1].text));
  } else {
    fn.kind = FunctionKind::kLegacyDefineLong;
    fn.body = Body{body.lines, pc + 1, end, body.base, body.origin};
  }
  pc = end;
  AddFunction(std::move(fn));
}

void Engine::Include(const Body& body, uint32_t pc, std::string_view rest, std::string_view variant) {
  std::string target(Trim(Substitute(rest)));
  std::string selector;
  size_t bang = target.rfind('!');
  if (bang != std::string::npos && bang > 0) {
    selector = target.substr(bang + 1);
    target.resize(bang);
  }
  IncludedText text;
  std::string error;
  if (!includes_.Resolve(target, body.origin, &text, &error)) throw PreprocError{error};
  std::string key = text.key + (selector.empty() ? "" : "!" + selector);
  if (included_.count(key)) {
    if (variant == "_once") throw PreprocError{"\"" + target + "\" is already included (!include_once)"};
    if (variant != "_many") return;  // PlantUML includes a file once unless !include_many
  }
  included_.insert(key);
  std::shared_ptr<const Lines> lines = IncludeLines(*text.file, selector);
  if (!lines) throw PreprocError{"\"" + target + "\" has no diagram \"" + selector + "\""};
  RunIncluded(text, lines, Abs(body, (*body.lines)[pc]));
}

void Engine::RunIncluded(const IncludedText& text, std::shared_ptr<const Lines> lines, Span at) {
  if (include_depth_ >= kMaxIncludeDepth) {
    throw PreprocError{"includes nested deeper than " + std::to_string(kMaxIncludeDepth) + " (a file including itself?)"};
  }
  uint32_t base = diags_.sources().AddFile(text.file, Presented(at), text.origin.bundled);
  ++include_depth_;
  Exec(Body{lines, 0, static_cast<uint32_t>(lines->size()), base, text.origin}, false);
  --include_depth_;
}

void Engine::IncludeSub(const Body& body, uint32_t pc, std::string_view rest) {
  std::string target(Trim(Substitute(rest)));
  size_t bang = target.find('!');
  if (bang == std::string::npos) {
    auto it = subs_.find(target);
    if (it == subs_.end()) throw PreprocError{"no !startsub " + target + " before this !includesub"};
    Exec(it->second, false);
    return;
  }
  std::string name = target.substr(bang + 1);
  IncludedText text;
  std::string error;
  if (!includes_.Resolve(target.substr(0, bang), body.origin, &text, &error)) throw PreprocError{error};
  std::vector<RawLine> raw = SplitLines(*text.file);
  auto lines = std::make_shared<const Lines>(ReadLines(raw, 0, raw.size()));
  for (uint32_t i = 0; i < lines->size(); ++i) {
    Classified c = Classify((*lines)[i].text);
    if (c.directive != Directive::kStartSub || c.rest != name) continue;
    uint32_t end = i + 1;
    while (end < lines->size() && Classify((*lines)[end].text).directive != Directive::kEndSub) ++end;
    uint32_t base = diags_.sources().AddFile(text.file, Presented(Abs(body, (*body.lines)[pc])), text.origin.bundled);
    Exec(Body{lines, i + 1, end, base, text.origin}, false);
    return;
  }
  throw PreprocError{"\"" + target.substr(0, bang) + "\" has no !startsub " + name};
}

void Engine::Theme(const Body& body, uint32_t pc, std::string_view rest) {
  std::string spec = Substitute(rest);
  std::string_view s = Trim(spec);
  size_t from = s.find(" from ");
  std::string name(Trim(s.substr(0, from)));
  std::string dir = from == std::string_view::npos ? "" : std::string(Trim(s.substr(from + 6)));
  if (dir.empty()) {
    diags_.Warning(Presented(current_span_), "puml-ignored",
                   "!theme " + name + " is not bundled with diagc and is ignored; diagc uses its own theme");
    return;
  }
  if (dir.size() >= 2 && dir.front() == '<' && dir.back() == '>') dir = dir.substr(1, dir.size() - 2);
  std::string file = "puml-theme-" + name + ".puml";
  IncludedText text;
  std::string error;
  std::string target = IncludeResolver::IsBundledDir(dir) ? "<" + dir + "/" + file + ">" : dir + "/" + file;
  if (!includes_.Resolve(target, body.origin, &text, &error)) throw PreprocError{error};
  if (included_.insert(text.key).second) RunIncluded(text, IncludeLines(*text.file, ""), Abs(body, (*body.lines)[pc]));
}

bool Engine::ReadFileForBuiltin(const std::string& path, std::string* text) {
  IncludedText found;
  std::string error;
  if (path.rfind("http", 0) == 0 || !includes_.Resolve(path, current_origin_, &found, &error)) return false;
  *text = found.file->text();
  return true;
}

uint64_t Engine::NextRandom() {
  // splitmix64 with a fixed seed: %random() is repeatable, so outputs stay deterministic.
  uint64_t z = (random_state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

Frame Engine::BindArgs(const Function& fn, std::vector<Value>& args, NamedArgs& named) const {
  Frame frame;
  size_t next = 0;
  for (const Param& p : fn.params) {
    auto by_name = std::find_if(named.begin(), named.end(), [&](const auto& n) { return n.first == p.name; });
    if (by_name != named.end()) frame.args[p.name] = std::move(by_name->second);
    else if (next < args.size()) frame.args[p.name] = std::move(args[next++]);
    else frame.args[p.name] = p.default_value.value_or(Value());
  }
  return frame;
}

const Function& Engine::Resolve(const std::string& name, size_t positional, const NamedArgs& named) const {
  auto it = functions_.find(name);
  if (it == functions_.end()) throw PreprocError{"unknown function " + name};
  for (const Function& f : it->second) {
    if (f.kind != FunctionKind::kBuiltin && f.params.size() == positional && f.Covers(positional, named)) return f;
  }
  for (const Function& f : it->second) {
    if (f.Covers(positional, named)) return f;
  }
  std::string message = "no definition of " + name + " takes " + std::to_string(positional) + " argument" +
                        (positional == 1 ? "" : "s");
  for (const auto& [key, value] : named) message += (&key == &named.front().first ? " and " : ", ") + key;
  throw PreprocError{message};
}

Value Engine::CallFunction(std::string_view name, std::vector<Value> args, NamedArgs named) {
  const Function& fn = Resolve(std::string(name), args.size(), named);
  return CallValue(fn, std::move(args), std::move(named));
}

Value Engine::CallValue(const Function& fn, std::vector<Value> args, NamedArgs named) {
  if (fn.kind == FunctionKind::kBuiltin) return fn.builtin(*this, args);
  if (fn.kind == FunctionKind::kProcedure || fn.kind == FunctionKind::kLegacyDefineLong) {
    throw PreprocError{fn.name + " is a procedure: it writes lines and has no value (declare a !function to !return one)"};
  }
  std::optional<Value> result = RunCall(fn, std::move(args), std::move(named), current_span_);
  if (!result) throw PreprocError{"function " + fn.name + " ended without !return"};
  return std::move(*result);
}

void Engine::CallProcedure(const Function& fn, std::vector<Value> args, NamedArgs named, Span line_span) {
  RunCall(fn, std::move(args), std::move(named), line_span);
}

std::optional<Value> Engine::RunCall(const Function& fn, std::vector<Value> args, NamedArgs named, Span line_span) {
  Frame frame = BindArgs(fn, args, named);
  frame.call_line = line_span;
  frame.what = fn.name + "(...)";
  Span caller = current_span_;
  IncludeOrigin caller_origin = current_origin_;
  PushFrame(std::move(frame));
  std::optional<Value> result;
  if (fn.kind == FunctionKind::kLegacyDefine) {
    result = Value::Str(Apply(fn.legacy_body, current_span_).value_or(""));
  } else {
    result = Exec(fn.body, fn.kind == FunctionKind::kFunction);
  }
  frames_.pop_back();
  current_span_ = caller;
  current_origin_ = caller_origin;
  return result;
}

void Engine::InvokeProcedure(const std::string& name, std::vector<Value> args) {
  NamedArgs named;
  const Function& fn = Resolve(name, args.size(), named);
  if (fn.kind != FunctionKind::kProcedure && fn.kind != FunctionKind::kLegacyDefineLong) {
    throw PreprocError{name + " is not a procedure"};
  }
  CallProcedure(fn, std::move(args), std::move(named), current_span_);
}

void Engine::Emit(std::string text, Span origin, bool exact) {
  if (!pending_prefix_.empty()) {
    text = pending_prefix_ + text;
    pending_prefix_.clear();
    exact = false;
  }
  if ((output_bytes_ += text.size()) > kMaxOutputBytes) {
    throw PreprocError{"the preprocessor's output exceeds " + std::to_string(kMaxOutputBytes >> 20) + " MiB"};
  }
  Span presented = exact ? origin : Presented(origin);
  size_t start = 0;
  while (true) {
    // %breakline() (U+E103) and a newline in a value start a new line.
    size_t cut = std::min(text.find('\n', start), text.find("\xEE\x84\x83", start));
    std::string piece = text.substr(start, cut == std::string::npos ? std::string::npos : cut - start);
    last_untrimmed_ = piece;
    std::string_view trimmed = Trim(piece);
    Line line{std::string(trimmed), presented, !exact};
    if (exact && cut == std::string::npos && start == 0) {
      uint32_t lead = static_cast<uint32_t>(trimmed.data() - piece.data());
      line.span = {origin.begin + lead, origin.begin + lead + static_cast<uint32_t>(trimmed.size())};
    } else {
      line.substituted = true;
    }
    out_->push_back(std::move(line));
    if (cut == std::string::npos) break;
    start = cut + (text[cut] == '\n' ? 1 : 3);
  }
}

}  // namespace dg::grammar::puml::preproc
