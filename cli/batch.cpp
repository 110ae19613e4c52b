#include "cli/batch.hpp"
#include "grammar/text.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <filesystem>
#include <mutex>
#include <thread>

#include "cli/fingerprint.hpp"
#include "cli/markdown.hpp"

namespace dg::cli {
namespace fs = std::filesystem;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitIo = 3;

constexpr const char* kDiagramExtensions[] = {".puml", ".plantuml", ".pu",  ".iuml",
                                             ".wsd",  ".dbml",     ".mmd", ".mermaid"};

bool HasGlobChars(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

/// Files below `root` (sorted, so batches are deterministic) accepted by `keep`.
template <typename Keep>
std::vector<fs::path> Walk(const fs::path& root, Keep keep) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       it != end; it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec) && keep(it->path())) found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

/// The directory part of a glob before its first wildcard component.
fs::path GlobRoot(const std::string& pattern) {
  fs::path root;
  for (const fs::path& part : fs::path(pattern)) {
    if (HasGlobChars(part.string())) break;
    root /= part;
  }
  return root.empty() ? fs::path(".") : root;
}

bool ExpandGlob(const std::string& pattern, std::vector<Job>* jobs) {
  fs::path root = GlobRoot(pattern);
  std::string rel_pattern = fs::path(pattern).lexically_relative(root).string();
  size_t before = jobs->size();
  for (const fs::path& p : Walk(root, [](const fs::path&) { return true; })) {
    std::string rel = p.lexically_relative(root).string();
    if (GlobMatch(rel_pattern, rel)) jobs->push_back({p.string(), rel});
  }
  return jobs->size() > before;
}

}  // namespace

bool IsDiagramFile(const std::string& path) {
  std::string ext = Lower(fs::path(path).extension().string());
  return std::find(std::begin(kDiagramExtensions), std::end(kDiagramExtensions), ext) !=
         std::end(kDiagramExtensions);
}

bool IsMarkdownFile(const std::string& path) {
  std::string ext = Lower(fs::path(path).extension().string());
  return ext == ".md" || ext == ".markdown";
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  if (pattern.substr(0, 3) == "**/") {
    // Zero directories, or skip one directory and try again.
    if (GlobMatch(pattern.substr(3), path)) return true;
    size_t slash = path.find('/');
    return slash != std::string_view::npos && GlobMatch(pattern, path.substr(slash + 1));
  }
  if (pattern == "**") return true;
  if (pattern.empty()) return path.empty();
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= path.size(); ++i) {
      if (GlobMatch(pattern.substr(1), path.substr(i))) return true;
      if (i < path.size() && path[i] == '/') break;
    }
    return false;
  }
  if (path.empty()) return false;
  if (pattern[0] == '?' ? path[0] != '/' : pattern[0] == path[0]) {
    return GlobMatch(pattern.substr(1), path.substr(1));
  }
  return false;
}

bool ExpandInputs(const std::vector<std::string>& args, std::vector<Job>* jobs,
                  std::string* error) {
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg == "-") {
      jobs->push_back({arg, "diagram"});
    } else if (fs::is_directory(arg, ec)) {
      for (const fs::path& p : Walk(arg, [](const fs::path& p) { return IsDiagramFile(p); })) {
        jobs->push_back({p.string(), p.lexically_relative(arg).string()});
      }
    } else if (!fs::exists(arg, ec) && HasGlobChars(arg)) {
      if (!ExpandGlob(arg, jobs)) {
        *error = "no file matches \"" + arg + "\"";
        return false;
      }
    } else {
      jobs->push_back({arg, fs::path(arg).filename().string()});
    }
  }
  return true;
}

namespace {

struct JobResult {
  int status = kExitOk;
  std::string messages;  ///< for stderr
  std::vector<std::string> outputs;  ///< paths this job writes (or would write)
};

/// The directory a job's outputs go to (before PlantUML's naming).
std::string OutputDir(const Job& job, const BatchOptions& options) {
  if (!options.output_is_dir) return fs::path(job.input).parent_path().string();
  return (fs::path(options.output) / fs::path(job.relative).parent_path()).string();
}

void WriteOrCheck(const std::string& path, const std::string& bytes, const BatchOptions& options,
                  JobResult* result) {
  result->outputs.push_back(path);
  if (options.syntax_only) return;
  if (options.check) {
    std::string existing, error;
    if (!ReadFile(path, &existing, &error) || existing != bytes) {
      result->messages += path + ": stale or missing\n";
      result->status = std::max(result->status, kExitInputErrors);
    }
    return;
  }
  std::string error;
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (!WriteFileAtomic(path, bytes, &error)) {
    result->messages += "diagc: error: " + error + "\n";
    result->status = kExitIo;
  }
}

bool ToStdout(const Job& job, const BatchOptions& options) {
  return options.output == "-" || (options.output.empty() && job.input == "-");
}

/// Where a job's outputs go: -o FILE, or PlantUML's naming beside the input
/// (or under -o DIR).
std::vector<std::string> JobOutputPaths(const Job& job, const std::vector<Output>& outputs,
                                        const BatchOptions& options) {
  Format format = options.driver.format;
  if (!options.output.empty() && !options.output_is_dir) {
    std::vector<std::string> paths = OutputPaths(options.output, "", outputs, format);
    if (!paths.empty()) paths[0] = options.output;
    return paths;
  }
  std::string stem_source = job.input == "-" ? "diagram" : job.input;
  return OutputPaths(stem_source, OutputDir(job, options), outputs, format);
}

/// DIAGC_TRACE_COMPILES=1 notes every full compile on stderr, so tests can
/// see that --check left up-to-date inputs alone.
void TraceCompile(const std::string& what, JobResult* result) {
  static const bool trace = [] {
    const char* value = std::getenv("DIAGC_TRACE_COMPILES");
    return value != nullptr && std::string_view(value) == "1";
  }();
  if (trace) result->messages += "compile: " + what + "\n";
}

/// --check's cheap path: every output the plan names exists and carries
/// the fingerprint that compiling now would give it, so it is what
/// compiling would write, byte for byte.
bool OutputsUpToDate(const OutputPlan& plan, const std::vector<std::string>& paths, Format format) {
  if (plan.outputs.empty() || paths.size() != plan.outputs.size()) return false;
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string existing, error;
    if (!ReadFile(paths[i], &existing, &error) || !IsUpToDate(format, existing, plan.fingerprints[i])) {
      return false;
    }
  }
  return true;
}

/// Tries the cheap path for one source text; on success records its paths.
bool CheckWithoutCompiling(const std::string& display_name, const std::string& text,
                           std::optional<compiler::Language> language, const BatchOptions& options,
                           const std::function<std::vector<std::string>(const std::vector<Output>&)>& paths_for,
                           JobResult* result) {
  std::optional<OutputPlan> plan = PlanOutputs(display_name, text, options.driver, language);
  if (!plan) return false;
  std::vector<std::string> paths = paths_for(plan->outputs);
  // Up-to-date inputs are not parsed, so their warnings are not repeated.
  if (!OutputsUpToDate(*plan, paths, options.driver.format)) return false;
  result->outputs.insert(result->outputs.end(), paths.begin(), paths.end());
  return true;
}

void EmitOutputs(const Job& job, const CompileResult& compiled, const BatchOptions& options,
                 JobResult* result) {
  if (ToStdout(job, options)) {
    if (options.check || options.syntax_only) return;
    for (const Output& out : compiled.outputs) std::fwrite(out.bytes.data(), 1, out.bytes.size(), stdout);
    return;
  }
  std::vector<std::string> paths = JobOutputPaths(job, compiled.outputs, options);
  for (size_t i = 0; i < paths.size(); ++i) WriteOrCheck(paths[i], compiled.outputs[i].bytes, options, result);
}

void RunMarkdownJob(const Job& job, const std::string& text, const BatchOptions& options,
                    JobResult* result) {
  std::vector<FencedDiagram> blocks = FindFencedDiagrams(text);
  fs::path dir = OutputDir(job, options);
  std::string stem = fs::path(job.input).stem().string();
  std::vector<std::string> images;
  for (size_t i = 0; i < blocks.size(); ++i) {
    std::string numbered = (dir / (stem + "-" + std::to_string(i + 1) + ".md")).string();
    auto paths_for = [&](const std::vector<Output>& outputs) {
      return OutputPaths(numbered, "", outputs, options.driver.format);
    };
    size_t first_output = result->outputs.size();
    if (options.check &&
        CheckWithoutCompiling(job.input, blocks[i].padded_text, blocks[i].language, options, paths_for, result)) {
      images.push_back(fs::path(result->outputs[first_output]).filename().string());
      continue;
    }
    TraceCompile(job.input + " block " + std::to_string(i + 1), result);
    CompileResult compiled =
        CompileText(job.input, blocks[i].padded_text, options.driver, blocks[i].language);
    result->messages += compiled.diagnostics;
    if (compiled.has_errors) {
      result->status = std::max(result->status, kExitInputErrors);
      continue;
    }
    std::vector<std::string> paths = paths_for(compiled.outputs);
    for (size_t k = 0; k < paths.size(); ++k) WriteOrCheck(paths[k], compiled.outputs[k].bytes, options, result);
    images.push_back(paths.empty() ? "" : fs::path(paths[0]).filename().string());
  }
  if (options.rewrite_markdown && result->status == kExitOk && images.size() == blocks.size()) {
    WriteOrCheck((dir / (stem + ".rendered.md")).string(), RewriteMarkdown(text, blocks, images),
                 options, result);
  }
}

JobResult RunJob(const Job& job, const BatchOptions& options) {
  JobResult result;
  std::string text, error;
  if (!ReadInput(job.input, &text, &error)) {
    result.messages = "diagc: error: " + error + "\n";
    result.status = kExitIo;
    return result;
  }
  if (IsMarkdownFile(job.input)) {
    RunMarkdownJob(job, text, options, &result);
    return result;
  }
  std::string display_name = job.input == "-" ? "<stdin>" : job.input;
  auto paths_for = [&](const std::vector<Output>& outputs) { return JobOutputPaths(job, outputs, options); };
  if (options.check && !ToStdout(job, options) &&
      CheckWithoutCompiling(display_name, text, std::nullopt, options, paths_for, &result)) {
    return result;
  }
  TraceCompile(display_name, &result);
  CompileResult compiled = CompileText(display_name, std::move(text), options.driver);
  result.messages += compiled.diagnostics;
  if (compiled.has_errors) {
    result.status = kExitInputErrors;
    return result;
  }
  EmitOutputs(job, compiled, options, &result);
  return result;
}

/// Make/Ninja depfile: "out1 out2: input" per job.
std::string Depfile(const std::vector<Job>& jobs, const std::vector<JobResult>& results) {
  auto escape = [](const std::string& path) {
    std::string out;
    for (char c : path) {
      if (c == ' ' || c == '#' || c == '\\') out += '\\';
      if (c == '$') out += '$';
      out += c;
    }
    return out;
  };
  std::string out;
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (results[i].outputs.empty() || jobs[i].input == "-") continue;
    for (const std::string& o : results[i].outputs) out += escape(o) + " ";
    out.back() = ':';
    out += " " + escape(jobs[i].input) + "\n";
  }
  return out;
}

}  // namespace

int RunBatch(const std::vector<Job>& jobs, const BatchOptions& options) {
  if (options.fail_fast && !options.syntax_only) {
    // PlantUML's -failfast2: check every input first; any error writes nothing.
    BatchOptions check_only = options;
    check_only.syntax_only = true;
    check_only.depfile.clear();
    int status = RunBatch(jobs, check_only);
    if (status != kExitOk) return status;
  }
  std::vector<JobResult> results(jobs.size());
  std::vector<char> done(jobs.size(), 0);
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<size_t> next{0};
  // stdin can only be read once, and by one thread: such batches run serially.
  bool has_stdin = std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.input == "-"; });
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = has_stdin ? 1 : std::min<unsigned>(threads, static_cast<unsigned>(jobs.size()));
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      JobResult r = RunJob(jobs[i], options);
      std::lock_guard<std::mutex> lock(mutex);
      results[i] = std::move(r);
      done[i] = 1;
      finished.notify_all();
    }
  };
  std::vector<std::thread> pool;
  if (threads <= 1) {
    worker();
  } else {
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  }

  int status = kExitOk;
  for (size_t i = 0; i < jobs.size(); ++i) {
    std::unique_lock<std::mutex> lock(mutex);
    finished.wait(lock, [&] { return done[i] != 0; });
    if (options.progress) std::fprintf(stderr, "\r\033[K");
    std::fputs(results[i].messages.c_str(), stderr);
    if (options.progress && i + 1 < jobs.size()) {
      std::fprintf(stderr, "[%zu/%zu] %s", i + 1, jobs.size(), jobs[i].input.c_str());
    }
    status = std::max(status, results[i].status);
  }
  for (std::thread& t : pool) t.join();
  if (options.progress) std::fprintf(stderr, "\r\033[K");

  if (!options.depfile.empty()) {
    std::string error;
    if (!WriteFileAtomic(options.depfile, Depfile(jobs, results), &error)) {
      std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
      status = std::max(status, kExitIo);
    }
  }
  return status;
}

}  // namespace dg::cli
