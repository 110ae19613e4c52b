// diagc command line: parses argv with CLI11 and hands each input to the driver.
// Exit codes (DESIGN.md): 0 ok, 1 an input has errors or --check found stale
// output, 2 usage error, 3 I/O or internal error.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/batch.hpp"
#include "cli/cli_docs.hpp"
#include "cli/driver.hpp"
#include "cli/install_layout.hpp"
#include "cli/languages.hpp"
#include "cli/plantuml_flags.hpp"
#include "cli/project_config.hpp"
#include "cli/settings.hpp"
#include "cli/text_encoding.hpp"
#include "cli/version.hpp"
#include "grammar/text.hpp"
#include "platform/platform.hpp"
#ifdef DIAGC_FULL
#include "render/render.hpp"
#include "server/serve.hpp"
#include "server/url_fetch.hpp"
#include "server/watch.hpp"
#endif

namespace dg::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIo = 3;

/// The command line as given, for handing over to diagc-full.
std::vector<char*> g_argv;

/// HTTP (`serve`, `--watch`) and PNG/PDF (cairo) live in the sibling
/// executable diagc-full, so that an SVG compile never loads the HTTP, TLS,
/// cairo, X11 and fontconfig libraries it does not use: about 3 ms and 1 MB
/// of every run (bench/README.md). diagc hands the whole command line over.
int RunFullBinary() {
  std::filesystem::path self = platform::ExecutablePath();
  std::string full = FindFullBinary(self).string();
  std::vector<char*> args = g_argv;
  args[0] = full.data();
  args.push_back(nullptr);
  execv(full.c_str(), args.data());
  int exec_errno = errno;
  std::string tried;
  for (const std::filesystem::path& path : FullBinaryCandidates(self)) tried += (tried.empty() ? "" : ", ") + path.string();
  std::fprintf(stderr, "diagc: error: cannot run diagc-full (needed for PNG, PDF, serve, --watch and --allow-url-include; looked for %s): %s\n",
               tried.c_str(), std::strerror(exec_errno));
  return kExitIo;
}


[[maybe_unused]] int RunServeViaFullBinary(int, char**) { return RunFullBinary(); }

int UsageError(const std::string& message) {
  std::fprintf(stderr, "diagc: error: %s\n", message.c_str());
  return kExitUsage;
}

struct CommandLine {
  std::vector<std::string> inputs;
  std::string output;
  Settings settings;  ///< only what was given; filled after parsing
  std::string format, language, theme, dark_theme, columns, direction, id_prefix;
  double scale = 0;
  bool lenient = false;
  bool check = false;
  bool list_outputs = false;
  std::string diagnostics_format = "text";
  std::string depfile;
  bool markdown_rewrite = false;
  unsigned jobs = 0;
  std::vector<std::string> defines;      // -D NAME=VALUE
  std::vector<std::string> include_dirs; // -I DIR
  std::vector<std::string> skinparams;   // -S NAME=VALUE
  std::string config;                    // -config FILE
  bool pipe = false;        // PlantUML -pipe
  bool check_only = false;  // PlantUML -checkonly
  bool fail_fast = false;   // PlantUML -failfast2 (and -failfast)
  bool no_metadata = false; // PlantUML -nometadata (diagc embeds no source)
  bool quiet = false;
  bool verbose = false;
  std::string charset = "UTF-8";
  bool watch = false;
  int port = 8123;
  bool preprocess = false;  // -E
  bool allow_url_include = false;
};

void DefineOptions(CLI::App& app, CommandLine& cl) {
  app.add_option("inputs", cl.inputs,
                 "files, directories or globs: PlantUML (.puml …), DBML (.dbml), Mermaid (.mmd), Markdown (.md); "
                 "\"-\" or nothing (with a pipe) = stdin");
  app.add_option("-o,--output", cl.output,
                 "output file (has an extension) or directory; \"-\" = stdout");
  app.add_option("-T,--format,-t", cl.format, "svg, png or pdf (default: from -o, else svg)");
  app.add_option("--language", cl.language, "input language: " + LanguageNameList() +
                                                 " (default: from the extension, else the content)");
  app.add_flag("--check", cl.check, "write nothing; exit 1 if an output is missing or stale");
  app.add_flag("--list-outputs", cl.list_outputs, "print the path of every output the inputs make");
  app.add_option("--diagnostics-format", cl.diagnostics_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--lenient", cl.lenient,
               "DBML: render despite unresolved references (shown dangling)");
  app.add_option("--columns", cl.columns, "ER tables: all, keys or none");
  app.add_option("--direction", cl.direction, "graph direction: TB or LR");
  app.add_option("--theme", cl.theme, "colour theme (also PlantUML's -theme)");
  app.add_option("--dark-theme", cl.dark_theme, "SVG: second theme for prefers-color-scheme: dark");
  app.add_option("--id-prefix", cl.id_prefix, "prefix for every element id in the SVG");
  app.add_option("--scale", cl.scale, "PNG pixels per point (default 2)");
  app.add_option("--depfile", cl.depfile, "write a Make/Ninja depfile listing what each output depends on");
  app.add_flag("--markdown-rewrite", cl.markdown_rewrite,
               "Markdown: also write X.rendered.md with each diagram block replaced by its image");
  app.add_option("-j,--jobs,--nbthread", cl.jobs, "parallel compiles (default: one per core)");
  // One value per -D / -I / -S, so the inputs after them stay inputs.
  app.add_option("-D,--define", cl.defines, "PlantUML: define a preprocessor variable, NAME=VALUE")
      ->allow_extra_args(false);
  app.add_option("-I,--include-dir", cl.include_dirs, "PlantUML: search DIR for !include files")
      ->allow_extra_args(false);
  app.add_option("-S,--skinparam", cl.skinparams, "PlantUML: skinparam NAME=VALUE before every diagram")
      ->allow_extra_args(false);
  app.add_option("--config", cl.config, "PlantUML: read FILE's skinparams before every diagram");
  app.add_flag("--pipe", cl.pipe, "PlantUML -pipe: read stdin, write stdout");
  app.add_flag("--checkonly", cl.check_only, "PlantUML -checkonly: check syntax, write nothing");
  app.add_flag("--failfast2,--failfast", cl.fail_fast,
               "PlantUML -failfast2: check every input first; on any error write nothing");
  app.add_flag("--nometadata", cl.no_metadata,
               "PlantUML -nometadata: accepted; diagc never embeds the source (only a fingerprint)");
  app.add_flag("-q,--quiet", cl.quiet, "print errors only (no warnings)");
  app.add_flag("-v,--verbose", cl.verbose, "name every file written");
  app.add_option("--charset", cl.charset, "input encoding; only UTF-8 is read");
  app.add_flag("--allow-url-include", cl.allow_url_include,
               "PlantUML: fetch !include URLs that no bundled library stands in for (https only, 8 MiB, 20 s)");
  app.add_flag("-E,--preprocess", cl.preprocess, "print the text after PlantUML's preprocessor (as plantuml -preproc)");
  app.add_flag("--watch", cl.watch, "recompile on save; live preview at http://127.0.0.1:PORT/");
  app.add_option("--port", cl.port, "--watch: preview port (0 = any free port)")->check(CLI::Range(0, 65535));
  app.set_version_flag("--version", std::string("diagc ") + Version() + " (commit " + Commit() + ")",
                       "print the version and git commit");
}

/// What the command line set explicitly: the top layer over .diagc.toml.
Settings ExplicitSettings(const CLI::App& app, const CommandLine& cl) {
  Settings s;
  auto given = [&](const char* name) { return app.count(name) > 0; };
  if (given("--format")) s.format = cl.format;
  if (given("--language")) s.language = cl.language;
  if (given("--theme")) s.theme = cl.theme;
  if (given("--dark-theme")) s.dark_theme = cl.dark_theme;
  if (given("--columns")) s.columns = cl.columns;
  if (given("--direction")) s.direction = cl.direction;
  if (given("--id-prefix")) s.id_prefix = cl.id_prefix;
  if (given("--scale")) s.scale = cl.scale;
  if (cl.lenient) s.lenient = true;
  // -o x.png picks the format when -T does not.
  if (!s.format) {
    if (std::optional<Format> by_path = FormatFromPath(cl.output)) s.format = Extension(*by_path) + 1;
  }
  return s;
}

/// Command-line options that are the same for every input.
bool MakeCommonOptions(const CommandLine& cl, DriverOptions* options, std::string* error) {
  std::string charset = cl.charset;
  for (char& c : charset) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (charset != "utf-8" && charset != "utf8") {
    *error = "unsupported charset \"" + cl.charset + "\": diagc reads UTF-8 only";
    return false;
  }
  options->json_diagnostics = cl.diagnostics_format == "json";
  options->quiet = cl.quiet;
  if (!ParseDefines(cl.defines, &options->compile.preprocess.defines, error)) return false;
  options->compile.preprocess.include_dirs = cl.include_dirs;
  if (!SkinparamLines(cl.skinparams, &options->compile.prelude, error)) return false;
  if (!cl.config.empty() && !ReadConfigPrelude(cl.config, &options->compile.prelude, error)) return false;
  return true;
}

/// `-o x.svg -T png` would write PNG bytes into x.svg.
bool CheckOutputFormat(const CommandLine& cl, std::string* error) {
  std::optional<Format> by_path = FormatFromPath(cl.output);
  if (!by_path || cl.format.empty()) return true;
  std::optional<Format> by_flag = FormatFromName(Lower(cl.format));
  if (!by_flag || *by_flag == *by_path) return true;
  *error = "-o " + cl.output + " names a " + (Extension(*by_path) + 1) + " file, but -T asks for " +
           cl.format + "; use a matching extension or leave one of them out";
  return false;
}

/// True when stdin is not a terminal and has at least one byte (which is
/// put back for the reader): `diagc < /dev/null` is still "no input".
bool StdinHasText() {
  if (isatty(STDIN_FILENO)) return false;
  int c = std::fgetc(stdin);
  if (c == EOF) return false;
  std::ungetc(c, stdin);
  return true;
}

/// Options that cannot apply to the chosen format are named, not dropped
/// silently (printed once: after diagc has handed PNG/PDF to diagc-full).
void WarnIgnoredOptions(const std::vector<Job>& jobs) {
  for (const Job& job : jobs) {
    const DriverOptions& o = job.driver;
    if (o.quiet || o.render.dark_theme.empty() || o.format == Format::kSvg) continue;
    const char* format = o.format == Format::kPng ? "PNG" : "PDF";
    std::fprintf(stderr,
                 "diagc: warning: --dark-theme is ignored for %s output: only an SVG can switch "
                 "palettes with the viewer's colour scheme (use --theme %s for a dark %s)\n",
                 format, o.render.dark_theme.c_str(), format);
    return;
  }
}

/// -E: each input's preprocessed text on stdout, diagnostics on stderr.
int RunPreprocessOnly(const std::vector<Job>& jobs) {
  int status = kExitOk;
  for (const Job& job : jobs) {
    std::string text, error;
    if (!ReadInput(job.input, &text, &error)) {
      std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
      status = kExitIo;
      continue;
    }
    CompileResult result = PreprocessOnly(job.input == "-" ? "<stdin>" : job.input, std::move(text), job.driver);
    std::fputs(result.diagnostics.c_str(), stderr);
    for (const Output& out : result.outputs) std::fwrite(out.bytes.data(), 1, out.bytes.size(), stdout);
    if (result.has_errors) status = std::max(status, kExitInputErrors);
  }
  return status;
}

/// A progress line only for people: on a terminal, and never in CI.
bool WantsProgress(size_t job_count, bool quiet) {
  return !quiet && job_count > 1 && isatty(STDERR_FILENO) && std::getenv("CI") == nullptr;
}

void FillBatchOptions(const CommandLine& cl, const DriverOptions& common, size_t job_count, BatchOptions* options) {
  options->check = cl.check;
  options->list_only = cl.list_outputs;
  options->syntax_only = cl.check_only;
  options->fail_fast = cl.fail_fast;
  options->verbose = cl.verbose;
  options->rewrite_markdown = cl.markdown_rewrite;
  options->depfile = cl.depfile;
  options->threads = cl.jobs;
  options->json_reports = common.json_diagnostics;
  options->progress = WantsProgress(job_count, cl.quiet);
}

/// --watch: one input file (its .diagc.toml variants are rewritten too).
int Watch(const CommandLine& cl, const std::vector<Job>& jobs, const BatchOptions& options) {
  bool one_file = !jobs.empty() && jobs[0].input != "-" &&
                  std::all_of(jobs.begin(), jobs.end(), [&](const Job& j) { return j.input == jobs[0].input; });
  if (!one_file) return UsageError("--watch takes exactly one input file");
#ifdef DIAGC_FULL
  WatchOptions watch;
  watch.port = cl.port;
  return RunWatch(jobs, options, watch);
#else
  return RunFullBinary();
#endif
}

int Run(CommandLine cl, const Settings& explicit_settings) {
  std::string error;
  DriverOptions common;
  if (!MakeCommonOptions(cl, &common, &error) || !CheckOutputFormat(cl, &error)) return UsageError(error);
  if (cl.pipe) {
    cl.inputs = {"-"};
    cl.output = "-";
  }
#ifdef DIAGC_FULL
  if (cl.allow_url_include) server::AllowUrlIncludes(&common.compile.preprocess);
#else
  if (cl.allow_url_include) return RunFullBinary();  // libcurl lives in diagc-full; stdin is still unread
#endif
  // Peeking at stdin reads it into this process's buffer: hand PNG and PDF
  // over to diagc-full before that, so it reads stdin whole.
  bool raster = explicit_settings.format && FormatFromName(Lower(*explicit_settings.format)) != Format::kSvg;
  if (cl.inputs.empty() && raster && !HasRasterBackend()) return RunFullBinary();
  // As PlantUML's -pipe: no input and text on a pipe (not a terminal) means stdin.
  if (cl.inputs.empty() && StdinHasText()) cl.inputs = {"-"};
  if (cl.inputs.empty()) return UsageError("no input files (run \"diagc --help\" for usage)");
  std::vector<Job> jobs;
  if (!ExpandInputs(cl.inputs, &jobs, &error)) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return kExitIo;
  }
  BatchOptions options;
  options.output = cl.output;
  if (!DecideOutput(jobs, &options, &error)) return UsageError(error);
  ProjectConfigs configs;
  if (!ResolveJobs(common, explicit_settings, configs, options, &jobs, &error)) return UsageError(error);
  if (cl.preprocess) return RunPreprocessOnly(jobs);
  bool needs_raster = std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.driver.format != Format::kSvg; });
  if (needs_raster && !HasRasterBackend() && !cl.list_outputs) return RunFullBinary();
  WarnIgnoredOptions(jobs);
  FillBatchOptions(cl, common, jobs.size(), &options);
  if (cl.watch) return Watch(cl, jobs, options);
  if (cl.list_outputs) return ListOutputs(jobs, options);
  return RunBatch(jobs, options);
}

/// CLI11 prints its own errors without our prefix; this keeps every message
/// of diagc in one form ("diagc: error: …") and usage errors at exit code 2.
/// Returns -1 when the command should run, else its exit code.
int ParseArguments(CLI::App& app, std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "diagc: error: %s (run \"diagc --help\" for usage)\n", e.what());
    return kExitUsage;
  }
  return -1;
}

struct EncodeLine {
  std::string input = "-";
  bool kroki = false;
};

void DefineEncodeOptions(CLI::App& app, EncodeLine& line) {
  app.description("diagc encode: diagram text to the URL encoding of PlantUML servers or Kroki");
  app.add_option("input", line.input, "file to encode (default: stdin)");
  app.add_flag("--kroki", line.kroki, "Kroki's form (zlib + base64url) instead of PlantUML's");
}

/// `diagc encode [FILE]`: PlantUML (or, with --kroki, Kroki) URL encoding of a diagram.
int RunEncode(int argc, char** argv) {
  CLI::App app;
  EncodeLine line;
  DefineEncodeOptions(app, line);
  if (int parsed = ParseArguments(app, {argv, argv + argc}); parsed >= 0) return parsed;
  const std::string& input = line.input;
  const bool kroki = line.kroki;
  std::string text, error;
  if (!ReadInput(input, &text, &error)) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return kExitIo;
  }
  std::printf("%s\n", (kroki ? EncodeKroki(text) : EncodePlantUml(text)).c_str());
  return kExitOk;
}

/// The encoded text from stdin, without the newline `diagc encode` (or echo) ends it with.
bool ReadEncodedFromStdin(std::string* encoded) {
  std::string error;
  if (!ReadInput("-", encoded, &error)) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return false;
  }
  *encoded = std::string(TrimSpace(*encoded));
  if (encoded->empty()) std::fprintf(stderr, "diagc: error: no encoded text on stdin\n");
  return !encoded->empty();
}

struct DecodeLine {
  std::string encoded = "-";
  bool kroki = false;
};

void DefineDecodeOptions(CLI::App& app, DecodeLine& line) {
  app.description("diagc decode: URL-encoded diagram back to its text");
  app.add_option("encoded", line.encoded, "the encoded text (default: stdin)");
  app.add_flag("--kroki", line.kroki, "Kroki's form (zlib + base64url)");
}

/// `diagc decode [STRING]`: the inverse; accepts PlantUML's form, "~h" hex, or
/// Kroki's; without STRING (or with "-") it reads stdin, so `encode | decode` works.
int RunDecode(int argc, char** argv) {
  CLI::App app;
  DecodeLine line;
  DefineDecodeOptions(app, line);
  if (int parsed = ParseArguments(app, {argv, argv + argc}); parsed >= 0) return parsed;
  std::string encoded = line.encoded;
  const bool kroki = line.kroki;
  if (encoded == "-" && !ReadEncodedFromStdin(&encoded)) return kExitInputErrors;
  auto text = kroki ? DecodeKroki(encoded, kMaxInputBytes) : DecodePlantUml(encoded, kMaxInputBytes);
  if (!text) {
    std::fprintf(stderr, "diagc: error: not a valid %s encoding\n", kroki ? "Kroki" : "PlantUML");
    return kExitInputErrors;
  }
  std::fwrite(text->data(), 1, text->size(), stdout);
  return kExitOk;
}

#ifdef DIAGC_FULL
int RunWriteDocs(int argc, char** argv);
#endif

/// Subcommands, as ninja keeps its tools: a name, what it does, the function.
struct Tool {
  const char* name;
  const char* description;  ///< nullptr: internal, not in --help
  int (*run)(int argc, char** argv);
};
constexpr Tool kTools[] = {
#ifdef DIAGC_FULL
    {"serve", "HTTP server: PlantUML-server and Kroki APIs (diagc serve --help)", server::RunServe},
    {"__worker", nullptr, server::RunWorker},
    {"__docs", nullptr, RunWriteDocs},
#else
    {"serve", "HTTP server: PlantUML-server and Kroki APIs (diagc serve --help)", RunServeViaFullBinary},
#endif
    {"encode", "encode a diagram for PlantUML-server or Kroki URLs", RunEncode},
    {"decode", "decode such a URL part back to diagram text", RunDecode},
};

std::string HelpFooter() {
  std::string footer = "\nCommands:\n";
  for (const Tool& tool : kTools) {
    if (tool.description) footer += "  diagc " + std::string(tool.name) + std::string(10 - std::strlen(tool.name), ' ') + tool.description + "\n";
  }
  footer +=
      "\nExit codes: 0 success, 1 an input has errors or --check found a stale output,\n"
      "            2 usage error, 3 I/O or internal error.\n"
      "Project options: .diagc.toml in an input's folder or above (see README).\n";
  return footer;
}

void DefineCompileApp(CLI::App& app, CommandLine& cl) {
  app.description("diagc: PlantUML, DBML and Mermaid diagrams to SVG, PNG and PDF");
  app.footer(HelpFooter());
  DefineOptions(app, cl);
}

#ifdef DIAGC_FULL
/// What a command says of itself: a tool's line in --help's command list, or
/// the app's description without its "diagc: " prefix.
std::string CommandSummary(const CLI::App& app, const std::string& name) {
  for (const Tool& tool : kTools) {
    if (tool.name == name && tool.description) return tool.description;
  }
  std::string description = app.get_description();
  return description.rfind("diagc: ", 0) == 0 ? description.substr(7) : description;
}

/// `diagc-full __docs DIR` (hidden; run by the build): the man page and the
/// shell completions, from the very apps the commands parse with.
int RunWriteDocs(int argc, char** argv) {
  if (argc != 2) return UsageError("__docs takes one argument: the directory to write into");
  std::vector<CommandDoc> commands;
  auto describe = [&](const CLI::App& app, const std::string& name) {
    commands.push_back(DescribeCommand(app, name, CommandSummary(app, name)));
  };
  CLI::App compile;
  CommandLine cl;
  DefineCompileApp(compile, cl);
  describe(compile, "");
  server::DescribeServe([&](const CLI::App& app) { describe(app, "serve"); });
  CLI::App encode, decode;
  EncodeLine encode_line;
  DecodeLine decode_line;
  DefineEncodeOptions(encode, encode_line);
  DefineDecodeOptions(decode, decode_line);
  describe(encode, "encode");
  describe(decode, "decode");
  std::string error;
  if (!WriteCliDocs(commands, Version(), argv[1], &error)) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return kExitIo;
  }
  return kExitOk;
}
#endif

int RunCompile(int argc, char** argv) {
  CLI::App app;
  CommandLine cl;
  DefineCompileApp(app, cl);
  std::vector<std::string> flag_warnings;
  int parsed = ParseArguments(app, TranslatePlantUmlFlags(argc, argv, &flag_warnings));
  if (parsed >= 0) return parsed;
  for (const std::string& warning : flag_warnings) {
    if (!cl.quiet) std::fprintf(stderr, "diagc: warning: %s\n", warning.c_str());
  }
  return Run(cl, ExplicitSettings(app, cl));
}

int Main(int argc, char** argv) {
  if (argc > 1) {
    for (const Tool& tool : kTools) {
      if (std::string_view(argv[1]) == tool.name) return tool.run(argc - 1, argv + 1);
    }
  }
  return RunCompile(argc, argv);
}

}  // namespace
}  // namespace dg::cli

int main(int argc, char** argv) {
  dg::cli::g_argv.assign(argv, argv + argc);
#ifdef DIAGC_FULL
  dg::cli::SetRasterBackend({dg::render::RenderPng, dg::render::RenderPdf});
#endif
  try {
    int code = dg::cli::Main(argc, argv);
    // CLI11 returns its own codes for parse errors; the contract says 2.
    return code > dg::cli::kExitIo ? dg::cli::kExitUsage : code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "diagc: internal error: %s\n", e.what());
    return dg::cli::kExitIo;
  }
}
