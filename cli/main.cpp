// diagc command line: parses argv with CLI11 and hands each input to the driver.
// Exit codes (DESIGN.md): 0 ok, 1 an input has errors or --check found stale
// output, 2 usage error, 3 I/O or internal error.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/batch.hpp"
#include "cli/driver.hpp"
#include "cli/text_encoding.hpp"
#include "render/theme.hpp"
#ifdef DIAGC_FULL
#include "render/render.hpp"
#include "server/serve.hpp"
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
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::string full = (self.parent_path() / "diagc-full").string();
  std::vector<char*> args = g_argv;
  args[0] = full.data();
  args.push_back(nullptr);
  execv(full.c_str(), args.data());
  std::fprintf(stderr, "diagc: error: cannot run \"%s\" (needed for PNG, PDF, serve and --watch): %s\n",
               full.c_str(), std::strerror(errno));
  return kExitIo;
}

int RunServeViaFullBinary(int, char**) { return RunFullBinary(); }

struct CommandLine {
  std::vector<std::string> inputs;
  std::string output;
  std::string format;
  bool check = false;
  std::string diagnostics_format = "text";
  std::string columns = "all";
  std::string direction;
  bool lenient = false;
  std::string theme = "default";
  std::string dark_theme;
  std::string id_prefix;
  double scale = render::RenderOptions{}.scale;
  std::string depfile;
  bool markdown_rewrite = false;
  unsigned jobs = 0;
  bool pipe = false;        // PlantUML -pipe
  bool check_only = false;  // PlantUML -checkonly
  bool fail_fast = false;   // PlantUML -failfast2 (and -failfast)
  std::string charset = "UTF-8";
  std::string language;
  bool theme_given = false;
  bool watch = false;
  int port = 8123;
};

void DefineOptions(CLI::App& app, CommandLine& cl) {
  app.add_option("inputs", cl.inputs,
                 "files, directories or globs: PlantUML (.puml …), DBML (.dbml), Mermaid (.mmd), Markdown (.md); "
                 "\"-\" = stdin");
  app.add_option("-o,--output", cl.output,
                 "output file (one input) or directory (several); \"-\" = stdout");
  app.add_option("-T,--format,-t", cl.format, "svg, png or pdf (default: from -o, else svg)");
  app.add_flag("--check", cl.check, "write nothing; exit 1 if an output is missing or stale");
  app.add_option("--diagnostics-format", cl.diagnostics_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--lenient", cl.lenient,
               "DBML: render despite unresolved references (shown dangling)");
  app.add_option("--columns", cl.columns, "ER tables: all, keys or none")
      ->check(CLI::IsMember({"all", "keys", "none"}));
  app.add_option("--direction", cl.direction, "graph direction: TB or LR")
      ->check(CLI::IsMember({"TB", "LR", "tb", "lr"}));
  app.add_option("--theme", cl.theme, "colour theme");
  app.add_option("--dark-theme", cl.dark_theme, "SVG: second theme for prefers-color-scheme: dark");
  app.add_option("--id-prefix", cl.id_prefix, "prefix for every element id in the SVG");
  app.add_option("--scale", cl.scale, "PNG pixels per point")->check(CLI::Range(0.1, 8.0));
  app.add_option("--depfile", cl.depfile, "write a Make/Ninja depfile listing what each output depends on");
  app.add_flag("--markdown-rewrite", cl.markdown_rewrite,
               "Markdown: also write X.rendered.md with each diagram block replaced by its image");
  app.add_option("-j,--jobs", cl.jobs, "parallel compiles (default: one per core)");
  app.add_flag("--pipe", cl.pipe, "PlantUML -pipe: read stdin, write stdout");
  app.add_flag("--checkonly", cl.check_only, "PlantUML -checkonly: check syntax, write nothing");
  app.add_flag("--failfast2,--failfast", cl.fail_fast,
               "PlantUML -failfast2: check every input first; on any error write nothing");
  app.add_option("--charset", cl.charset, "input encoding; only UTF-8 is read");
  app.add_option("--language", cl.language, "puml, dbml or mermaid: for stdin, or instead of the extension");
  app.add_flag("--watch", cl.watch, "recompile on save; live preview at http://127.0.0.1:PORT/");
  app.add_option("--port", cl.port, "--watch: preview port (0 = any free port)")->check(CLI::Range(0, 65535));
}

std::optional<DriverOptions> MakeOptions(const CommandLine& cl, std::string* error) {
  DriverOptions options;
  if (!cl.format.empty()) {
    auto format = FormatFromName(cl.format);
    if (!format) {
      *error = "unknown format \"" + cl.format + "\", expected svg, png or pdf";
      return std::nullopt;
    }
    options.format = *format;
  } else if (auto format = FormatFromPath(cl.output)) {
    options.format = *format;
  }
  std::string charset = cl.charset;
  for (char& c : charset) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (charset != "utf-8" && charset != "utf8") {
    *error = "unsupported charset \"" + cl.charset + "\": diagc reads UTF-8 only";
    return std::nullopt;
  }
  for (const std::string& theme : {cl.theme, cl.dark_theme}) {
    if (theme.empty() || render::FindTheme(theme)) continue;
    *error = "unknown theme \"" + theme + "\", expected one of: ";
    for (const std::string& name : render::ThemeNames()) error->append(name).append(", ");
    error->resize(error->size() - 2);
    return std::nullopt;
  }
  if (!cl.language.empty()) {
    options.language = compiler::LanguageFromName(cl.language);
    if (!options.language) {
      *error = "unknown language \"" + cl.language + "\", expected puml, dbml or mermaid";
      return std::nullopt;
    }
  }
  options.json_diagnostics = cl.diagnostics_format == "json";
  options.compile.lenient = cl.lenient;
  options.compile.columns = cl.columns == "keys"   ? ir::ErGraph::Columns::kKeys
                            : cl.columns == "none" ? ir::ErGraph::Columns::kNone
                                                   : ir::ErGraph::Columns::kAll;
  if (!cl.direction.empty()) {
    options.compile.direction = (cl.direction == "LR" || cl.direction == "lr") ? 2 : 1;
  }
  options.layout.id_prefix = cl.id_prefix;
  options.render.theme = cl.theme;
  options.theme_given = cl.theme_given;
  options.render.dark_theme = cl.dark_theme;
  options.render.scale = cl.scale;
  return options;
}

/// A progress line only for people: on a terminal, and never in CI.
bool WantsProgress(size_t job_count) {
  return job_count > 1 && isatty(STDERR_FILENO) && std::getenv("CI") == nullptr;
}

int Run(CommandLine cl) {
  std::string error;
  std::optional<DriverOptions> driver = MakeOptions(cl, &error);
  if (!driver) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return kExitUsage;
  }
  if (driver->format != Format::kSvg && !HasRasterBackend()) return RunFullBinary();
  if (cl.pipe) {
    cl.inputs = {"-"};
    cl.output = "-";
  }
  if (cl.inputs.empty()) {
    std::fprintf(stderr, "diagc: error: no input files (use \"-\" for standard input)\n");
    return kExitUsage;
  }
  std::vector<Job> jobs;
  if (!ExpandInputs(cl.inputs, &jobs, &error)) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return kExitIo;
  }
  BatchOptions options;
  options.driver = *driver;
  options.output = cl.output;
  std::error_code ec;
  options.output_is_dir = !cl.output.empty() && cl.output != "-" &&
                          (std::filesystem::is_directory(cl.output, ec) || jobs.size() > 1 ||
                           !FormatFromPath(cl.output) ||
                           std::any_of(jobs.begin(), jobs.end(),
                                       [](const Job& j) { return IsMarkdownFile(j.input); }));
  options.check = cl.check;
  options.syntax_only = cl.check_only;
  options.fail_fast = cl.fail_fast;
  options.rewrite_markdown = cl.markdown_rewrite;
  options.depfile = cl.depfile;
  options.threads = cl.jobs;
  options.progress = WantsProgress(jobs.size());
  if (cl.watch) {
    if (jobs.size() != 1 || jobs[0].input == "-") {
      std::fprintf(stderr, "diagc: error: --watch takes exactly one input file\n");
      return kExitUsage;
    }
#ifdef DIAGC_FULL
    WatchOptions watch;
    watch.port = cl.port;
    return RunWatch(jobs[0], options, watch);
#else
    return RunFullBinary();
#endif
  }
  return RunBatch(jobs, options);
}

/// PlantUML spells long options with one dash (-tsvg, -pipe, -checkonly …);
/// CLI11 reads "-pipe" as -p -i -p -e, so those words get a second dash.
std::vector<std::string> TranslatePlantUmlFlags(int argc, char** argv) {
  static const std::set<std::string> kSingleDashLong = {"-pipe", "-checkonly", "-failfast",
                                                        "-failfast2", "-charset"};
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    args.push_back(kSingleDashLong.count(arg) ? "-" + arg : arg);
  }
  return args;
}

/// `diagc encode [FILE]`: PlantUML (or, with --kroki, Kroki) URL encoding of a diagram.
int RunEncode(int argc, char** argv) {
  CLI::App app{"diagc encode: diagram text to the URL encoding of PlantUML servers or Kroki"};
  std::string input = "-";
  bool kroki = false;
  app.add_option("input", input, "file to encode (default: stdin)");
  app.add_flag("--kroki", kroki, "Kroki's form (zlib + base64url) instead of PlantUML's");
  CLI11_PARSE(app, argc, argv);
  std::string text, error;
  if (!ReadInput(input, &text, &error)) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return kExitIo;
  }
  std::printf("%s\n", (kroki ? EncodeKroki(text) : EncodePlantUml(text)).c_str());
  return kExitOk;
}

/// `diagc decode STRING`: the inverse; accepts PlantUML's form, "~h" hex, or Kroki's.
int RunDecode(int argc, char** argv) {
  CLI::App app{"diagc decode: URL-encoded diagram back to its text"};
  std::string encoded;
  bool kroki = false;
  app.add_option("encoded", encoded, "the encoded text")->required();
  app.add_flag("--kroki", kroki, "Kroki's form (zlib + base64url)");
  CLI11_PARSE(app, argc, argv);
  auto text = kroki ? DecodeKroki(encoded, kMaxInputBytes) : DecodePlantUml(encoded, kMaxInputBytes);
  if (!text) {
    std::fprintf(stderr, "diagc: error: not a valid %s encoding\n", kroki ? "Kroki" : "PlantUML");
    return kExitInputErrors;
  }
  std::fwrite(text->data(), 1, text->size(), stdout);
  return kExitOk;
}

int RunCompile(int argc, char** argv) {
  CLI::App app{"diagc: PlantUML, DBML and Mermaid to SVG, PNG and PDF"};
  CommandLine cl;
  DefineOptions(app, cl);
  std::vector<std::string> args = TranslatePlantUmlFlags(argc, argv);
  std::vector<char*> argv2;
  for (std::string& a : args) argv2.push_back(a.data());
  CLI11_PARSE(app, static_cast<int>(argv2.size()), argv2.data());
  cl.theme_given = app.count("--theme") > 0;
  return Run(cl);
}

/// Subcommands, as ninja keeps its tools: a name, what it does, the function.
struct Tool {
  const char* name;
  const char* description;
  int (*run)(int argc, char** argv);
};
constexpr Tool kTools[] = {
    {"encode", "encode a diagram for PlantUML-server or Kroki URLs", RunEncode},
    {"decode", "decode such a URL part back to diagram text", RunDecode},
#ifdef DIAGC_FULL
    {"serve", "HTTP server: PlantUML-server and Kroki APIs", server::RunServe},
    {"__worker", "internal: a `serve` worker process", server::RunWorker},
#else
    {"serve", "HTTP server: PlantUML-server and Kroki APIs", RunServeViaFullBinary},
#endif
};

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
