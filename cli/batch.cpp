#include "cli/batch.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <filesystem>
#include <mutex>
#include <thread>

#include "cli/fingerprint.hpp"
#include "cli/languages.hpp"
#include "cli/markdown.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/text.hpp"

namespace dg::cli {
namespace fs = std::filesystem;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitIo = 3;

Job MakeJob(std::string input, std::string relative) {
  Job job;
  job.input = std::move(input);
  job.relative = std::move(relative);
  return job;
}

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
    if (GlobMatch(rel_pattern, rel)) jobs->push_back(MakeJob(p.string(), rel));
  }
  return jobs->size() > before;
}

}  // namespace

bool IsDiagramFile(const std::string& path) { return LanguageFromPath(path).has_value(); }

bool IsMarkdownFile(const std::string& path) {
  std::string ext = Lower(fs::path(path).extension().string());
  return ext == ".md" || ext == ".markdown";
}

bool IsRenderedMarkdown(const std::string& path) {
  std::string name = Lower(fs::path(path).filename().string());
  return name.size() > 12 && name.compare(name.size() - 12, 12, ".rendered.md") == 0;
}

namespace {

/// What a directory walk picks up: diagram files, and Markdown files with
/// at least one diagram block (not those diagc itself wrote).
bool WantedInDirectory(const fs::path& path) {
  if (IsDiagramFile(path)) return true;
  if (!IsMarkdownFile(path) || IsRenderedMarkdown(path)) return false;
  std::string text, error;
  return ReadFile(path.string(), &text, &error) && !FindFencedDiagrams(text).empty();
}

}  // namespace

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
      jobs->push_back(MakeJob(arg, "diagram"));
    } else if (fs::is_directory(arg, ec)) {
      for (const fs::path& p : Walk(arg, WantedInDirectory)) {
        jobs->push_back(MakeJob(p.string(), p.lexically_relative(arg).string()));
      }
    } else if (!fs::exists(arg, ec) && HasGlobChars(arg)) {
      if (!ExpandGlob(arg, jobs)) {
        *error = "no file matches \"" + arg + "\"";
        return false;
      }
    } else {
      jobs->push_back(MakeJob(arg, fs::path(arg).filename().string()));
    }
  }
  return true;
}

namespace {

struct JobResult {
  int status = kExitOk;
  std::string messages;  ///< for stderr
  std::vector<std::string> outputs;  ///< paths this job writes (or would write)
  std::vector<std::string> dependencies;  ///< files the input included
};

bool ToStdout(const Job& job, const BatchOptions& options) {
  return options.output == "-" || (options.output.empty() && job.input == "-");
}

/// -o names one file (not "-", not a directory).
bool OutputIsFile(const BatchOptions& options) {
  return !options.output.empty() && options.output != "-" && !options.output_is_dir;
}

/// The directory a job's outputs go to (before PlantUML's naming).
std::string OutputDir(const Job& job, const BatchOptions& options) {
  if (options.output_is_dir) return (fs::path(options.output) / fs::path(job.relative).parent_path()).string();
  if (!job.output_dir.empty()) return job.output_dir;
  return fs::path(job.input).parent_path().string();
}

/// Where a job's outputs go: -o FILE, or PlantUML's naming beside the input
/// (or under -o DIR, or the project's output folder).
std::vector<std::string> JobOutputPaths(const Job& job, const std::vector<Output>& outputs,
                                        const BatchOptions& options) {
  Format format = job.driver.format;
  if (OutputIsFile(options)) {
    std::vector<std::string> paths = OutputPaths(options.output, "", outputs, format, job.suffix);
    fs::path first(options.output);
    if (!paths.empty()) {
      paths[0] = job.suffix.empty() ? options.output
                                    : (first.parent_path() / (first.stem().string() + job.suffix +
                                                              first.extension().string())).string();
    }
    return paths;
  }
  std::string stem_source = job.input == "-" ? "diagram" : job.input;
  return OutputPaths(stem_source, OutputDir(job, options), outputs, format, job.suffix);
}

void Fail(int status, const std::string& message, JobResult* result) {
  result->messages += message;
  result->status = std::max(result->status, status);
}

/// Why an existing output is not what compiling now gives (`fresh`); empty
/// when it is up to date. Compares pictures, not fingerprints: an output
/// drawn by another diagc build, or with options that do not change it, is
/// still up to date when its bytes are what this build draws.
struct StaleReason {
  std::string code;  ///< missing source-changed options-changed other-build edited-by-hand no-fingerprint differs
  std::string message;  ///< for people
};

std::optional<StaleReason> WhyStale(const std::string& path, const std::string& fresh, Format format) {
  std::string existing, error;
  if (!ReadFile(path, &existing, &error)) return StaleReason{"missing", "missing"};
  if (existing == fresh) return std::nullopt;
  std::optional<Unstamped> old = Unstamp(format, existing);
  std::optional<Unstamped> now = Unstamp(format, fresh);
  if (!old) {
    return StaleReason{"no-fingerprint",
                       "has no diagc fingerprint this diagc can read (edited by hand, or made by an older "
                       "diagc or another tool)"};
  }
  if (!old->intact) {
    return StaleReason{"edited-by-hand", "edited by hand (its bytes no longer match its diagc fingerprint)"};
  }
  if (!now) return StaleReason{"differs", "differs from what diagc draws now"};
  if (old->rendered == now->rendered) return std::nullopt;
  if (old->source.text != now->source.text) return StaleReason{"source-changed", "source changed"};
  if (old->build != now->build) {
    return StaleReason{"other-build", "drawn by diagc " + old->build + "; this diagc (" + now->build +
                                          ") draws it differently"};
  }
  if (old->source.options != now->source.options) return StaleReason{"options-changed", "options changed"};
  return StaleReason{"differs", "differs from what diagc draws now"};
}

std::string CheckReport(const std::string& path, const StaleReason& reason, bool json) {
  if (!json) return path + ": " + reason.message + "\n";
  return "{\"file\":\"" + grammar::JsonEscape(path) + "\",\"severity\":\"error\",\"code\":\"" + reason.code +
         "\",\"message\":\"" + grammar::JsonEscape(reason.message) + "\"}\n";
}

/// True when `path` already holds this picture from the same source, and
/// only its stamp would change (another diagc build, or an option that does
/// not change the picture): it is left alone, so upgrading diagc does not
/// rewrite every image in a repository.
bool SamePictureOnDisk(const std::string& path, const std::string& fresh, Format format) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;  // never read a device or pipe back
  std::string existing, error;
  if (!ReadFile(path, &existing, &error)) return false;
  if (existing == fresh) return true;
  std::optional<Unstamped> old = Unstamp(format, existing);
  std::optional<Unstamped> now = Unstamp(format, fresh);
  return old && now && old->intact && old->rendered == now->rendered && old->source.text == now->source.text;
}

void WriteOrCheck(const std::string& path, const std::string& bytes, Format format, const BatchOptions& options,
                  JobResult* result) {
  result->outputs.push_back(path);
  if (options.syntax_only || options.list_only) return;
  if (options.check) {
    if (std::optional<StaleReason> reason = WhyStale(path, bytes, format)) {
      Fail(kExitInputErrors, CheckReport(path, *reason, options.json_reports), result);
    }
    return;
  }
  if (SamePictureOnDisk(path, bytes, format)) {
    if (options.verbose) result->messages += "diagc: unchanged " + path + "\n";
    return;
  }
  std::string error;
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (!WriteFileAtomic(path, bytes, &error)) {
    Fail(kExitIo, "diagc: error: " + error + "\n", result);
  } else if (options.verbose) {
    result->messages += "diagc: wrote " + path + "\n";
  }
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

using PathsFor = std::function<std::vector<std::string>(const std::vector<Output>&)>;

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
                           std::optional<compiler::Language> language, const DriverOptions& driver,
                           const PathsFor& paths_for, JobResult* result) {
  std::optional<OutputPlan> plan = PlanOutputs(display_name, text, driver, language);
  if (!plan) return false;
  std::vector<std::string> paths = paths_for(plan->outputs);
  // Up-to-date inputs are not parsed, so their warnings are not repeated.
  if (!OutputsUpToDate(*plan, paths, driver.format)) return false;
  result->outputs.insert(result->outputs.end(), paths.begin(), paths.end());
  result->dependencies.insert(result->dependencies.end(), plan->dependencies.begin(), plan->dependencies.end());
  return true;
}

/// --list-outputs of a source with errors: the outputs it would have, as
/// far as the preprocessor tells (at least the first).
void ListPlannedOutputs(const std::string& display_name, const std::string& text,
                        std::optional<compiler::Language> language, const DriverOptions& driver,
                        const PathsFor& paths_for, JobResult* result) {
  std::optional<OutputPlan> plan = PlanOutputs(display_name, text, driver, language);
  std::vector<Output> outputs = plan && !plan->outputs.empty() ? plan->outputs : std::vector<Output>(1);
  for (const std::string& path : paths_for(outputs)) result->outputs.push_back(path);
}

/// Compiles one source (a file, or a Markdown block) and writes, checks or
/// lists its outputs. Returns the paths of its outputs.
std::vector<std::string> CompileSource(const std::string& display_name, const std::string& text,
                                       std::optional<compiler::Language> language, const DriverOptions& driver,
                                       const BatchOptions& options, const PathsFor& paths_for, JobResult* result) {
  size_t first = result->outputs.size();
  if ((options.check || options.list_only) &&
      CheckWithoutCompiling(display_name, text, language, driver, paths_for, result)) {
    return {result->outputs.begin() + first, result->outputs.end()};
  }
  TraceCompile(display_name, result);
  CompileResult compiled = CompileText(display_name, text, driver, language);
  result->dependencies.insert(result->dependencies.end(), compiled.dependencies.begin(), compiled.dependencies.end());
  if (options.list_only) {
    if (compiled.has_errors) ListPlannedOutputs(display_name, text, language, driver, paths_for, result);
  } else {
    result->messages += compiled.diagnostics;
    if (compiled.has_errors) Fail(kExitInputErrors, "", result);
  }
  if (compiled.has_errors) return {result->outputs.begin() + first, result->outputs.end()};
  std::vector<std::string> paths = paths_for(compiled.outputs);
  for (size_t i = 0; i < paths.size(); ++i) {
    WriteOrCheck(paths[i], compiled.outputs[i].bytes, driver.format, options, result);
  }
  return paths;
}

/// Writes every output to stdout; a full disk or closed pipe is an I/O error.
void WriteToStdout(const std::string& display_name, const std::string& text, const Job& job,
                   const BatchOptions& options, JobResult* result) {
  TraceCompile(display_name, result);
  CompileResult compiled = CompileText(display_name, text, job.driver);
  result->messages += compiled.diagnostics;
  if (compiled.has_errors) return Fail(kExitInputErrors, "", result);
  if (options.check || options.syntax_only || options.list_only) return;
  for (const Output& out : compiled.outputs) std::fwrite(out.bytes.data(), 1, out.bytes.size(), stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    Fail(kExitIo, std::string("diagc: error: cannot write to standard output: ") + std::strerror(errno) + "\n",
         result);
  }
}

/// Where a Markdown file's images and rewritten copy go: beside it (or under
/// -o DIR), or, for -o FILE.md, beside FILE.md and named after it.
struct MarkdownTarget {
  fs::path dir;
  std::string stem;
  std::string rendered;  ///< the rewritten Markdown's path
  bool rewrite = false;
};

MarkdownTarget MarkdownTargetFor(const Job& job, const BatchOptions& options) {
  MarkdownTarget target;
  if (OutputIsFile(options)) {
    fs::path out(options.output);
    target.dir = out.parent_path();
    target.stem = out.stem().string();
    target.rendered = options.output;
    target.rewrite = true;  // -o README.md names the Markdown to write
    return target;
  }
  target.dir = OutputDir(job, options);
  target.stem = fs::path(job.input).stem().string() + job.suffix;
  target.rendered = (target.dir / (target.stem + ".rendered.md")).string();
  target.rewrite = options.rewrite_markdown;
  return target;
}

/// The rewritten Markdown has no fingerprint: it is compared as text.
void CheckRewrittenMarkdown(const std::string& path, const std::string& rewritten, const Job& job,
                            const BatchOptions& options, JobResult* result) {
  result->outputs.push_back(path);
  std::string existing, error;
  if (!ReadFile(path, &existing, &error)) {
    Fail(kExitInputErrors, CheckReport(path, {"missing", "missing"}, options.json_reports), result);
  } else if (existing != rewritten) {
    StaleReason reason{"differs", "differs from what diagc writes for " + job.input};
    Fail(kExitInputErrors, CheckReport(path, reason, options.json_reports), result);
  }
}

void RunMarkdownJob(const Job& job, const std::string& text, const BatchOptions& options, JobResult* result) {
  std::vector<FencedDiagram> blocks = FindFencedDiagrams(text);
  MarkdownTarget target = MarkdownTargetFor(job, options);
  std::vector<std::string> images;
  for (size_t i = 0; i < blocks.size(); ++i) {
    std::string numbered = (target.dir / (target.stem + "-" + std::to_string(i + 1) + ".md")).string();
    PathsFor paths_for = [&](const std::vector<Output>& outputs) {
      return OutputPaths(numbered, "", outputs, job.driver.format);
    };
    std::vector<std::string> paths = CompileSource(job.input, blocks[i].padded_text, blocks[i].language, job.driver,
                                                   options, paths_for, result);
    if (!paths.empty()) images.push_back(fs::path(paths[0]).filename().string());
  }
  if (!target.rewrite || result->status != kExitOk || images.size() != blocks.size()) return;
  std::string rewritten = RewriteMarkdown(text, blocks, images);
  if (options.check) return CheckRewrittenMarkdown(target.rendered, rewritten, job, options, result);
  WriteOrCheck(target.rendered, rewritten, job.driver.format, options, result);
}

JobResult RunJob(const Job& job, const BatchOptions& options) {
  JobResult result;
  std::string text, error;
  if (!ReadInput(job.input, &text, &error)) {
    result.messages = "diagc: error: " + error + "\n";
    result.status = kExitIo;
    return result;
  }
  if (job.input != "-" && IsMarkdownFile(job.input)) {
    RunMarkdownJob(job, text, options, &result);
    return result;
  }
  std::string display_name = job.input == "-" ? "<stdin>" : job.input;
  if (ToStdout(job, options)) {
    WriteToStdout(display_name, text, job, options, &result);
    return result;
  }
  PathsFor paths_for = [&](const std::vector<Output>& outputs) { return JobOutputPaths(job, outputs, options); };
  CompileSource(display_name, text, std::nullopt, job.driver, options, paths_for, &result);
  return result;
}

/// Make/Ninja depfile: "out1 out2: input included…" per job.
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
    out += " " + escape(jobs[i].input);
    for (const std::string& dependency : results[i].dependencies) out += " " + escape(dependency);
    out += "\n";
  }
  return out;
}

/// Runs the jobs on a pool of threads; `report(i, result)` is called for each
/// in input order, as soon as it and all before it are done.
void RunJobs(const std::vector<Job>& jobs, const BatchOptions& options,
             const std::function<void(size_t, const JobResult&)>& report) {
  std::vector<JobResult> results(jobs.size());
  std::vector<char> done(jobs.size(), 0);
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<size_t> next{0};
  // stdin can only be read once, and stdout must keep input order: serially.
  bool serial = options.output == "-" ||
                std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.input == "-"; });
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = serial ? 1 : std::min<unsigned>(threads, static_cast<unsigned>(jobs.size()));
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
  for (size_t i = 0; i < jobs.size(); ++i) {
    std::unique_lock<std::mutex> lock(mutex);
    finished.wait(lock, [&] { return done[i] != 0; });
    report(i, results[i]);
  }
  for (std::thread& t : pool) t.join();
}

}  // namespace

bool DecideOutput(const std::vector<Job>& jobs, BatchOptions* options, std::string* error) {
  const std::string& out = options->output;
  options->output_is_dir = false;
  if (out.empty() || out == "-") return true;
  std::error_code ec;
  bool exists = fs::exists(out, ec);
  options->output_is_dir = fs::is_directory(out, ec) || out.back() == '/' ||
                           (!exists && fs::path(out).extension().empty());
  if (options->output_is_dir) return true;
  if (jobs.size() > 1) {
    *error = "-o " + out + " names one file, but there are " + std::to_string(jobs.size()) +
             " inputs; name a directory (e.g. \"" + out + "/\") for several";
    return false;
  }
  bool markdown = !jobs.empty() && jobs[0].input != "-" && IsMarkdownFile(jobs[0].input);
  if (markdown && exists == false && !IsMarkdownFile(out)) {
    *error = "-o " + out + ": a Markdown input makes images and a Markdown file; name a .md file or a directory";
    return false;
  }
  return true;
}

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
  int status = kExitOk;
  RunJobs(jobs, options, [&](size_t i, const JobResult& result) {
    if (options.progress) std::fprintf(stderr, "\r\033[K");
    std::fputs(result.messages.c_str(), stderr);
    if (options.progress && i + 1 < jobs.size()) {
      std::fprintf(stderr, "[%zu/%zu] %s", i + 1, jobs.size(), jobs[i].input.c_str());
    }
    status = std::max(status, result.status);
    results[i] = result;
  });
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

int ListOutputs(const std::vector<Job>& jobs, const BatchOptions& options) {
  BatchOptions listing = options;
  listing.list_only = true;
  listing.check = false;
  int status = kExitOk;
  RunJobs(jobs, listing, [&](size_t, const JobResult& result) {
    // Only unreadable inputs fail a listing; compile errors are the build's to report.
    if (result.status == kExitIo) {
      std::fputs(result.messages.c_str(), stderr);
      status = kExitIo;
    }
    for (const std::string& path : result.outputs) std::printf("%s\n", path.c_str());
  });
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "diagc: error: cannot write to standard output: %s\n", std::strerror(errno));
    return kExitIo;
  }
  return status;
}

}  // namespace dg::cli
