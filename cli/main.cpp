// diagc command line: parses argv with CLI11 and hands each input to the driver.
// Exit codes (DESIGN.md): 0 ok, 1 an input has errors or --check found stale
// output, 2 usage error, 3 I/O or internal error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/driver.hpp"
#include "cli/text_encoding.hpp"

namespace dg::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIo = 3;

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
  double scale = 1.5;
};

void DefineOptions(CLI::App& app, CommandLine& cl) {
  app.add_option("inputs", cl.inputs, "PlantUML (.puml …) or DBML (.dbml) files; \"-\" = stdin");
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
  options.render.dark_theme = cl.dark_theme;
  options.render.scale = cl.scale;
  return options;
}

bool ReadInput(const std::string& input, std::string* text, std::string* error) {
  if (input != "-") return ReadFile(input, text, error);
  text->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  if (text->size() > kMaxInputBytes) {
    *error = "standard input is larger than the largest input diagc reads";
    return false;
  }
  return true;
}

/// Where one input's outputs go: "-" (stdout), an explicit file, or a directory.
struct Destination {
  bool to_stdout = false;
  std::string file;  ///< set when -o names one file
  std::string dir;   ///< set when -o names a directory
};

Destination DestinationFor(const CommandLine& cl, const std::string& input) {
  Destination dest;
  if (cl.output == "-" || (cl.output.empty() && input == "-")) {
    dest.to_stdout = true;
  } else if (!cl.output.empty()) {
    std::error_code ec;
    bool is_dir = std::filesystem::is_directory(cl.output, ec) || cl.inputs.size() > 1 ||
                  !FormatFromPath(cl.output);
    (is_dir ? dest.dir : dest.file) = cl.output;
  }
  return dest;
}

/// True when `path` exists and holds exactly `bytes`.
bool IsUpToDate(const std::string& path, const std::string& bytes) {
  std::string existing, error;
  return ReadFile(path, &existing, &error) && existing == bytes;
}

int Emit(const CommandLine& cl, const std::string& input, const CompileResult& result,
         const DriverOptions& options) {
  Destination dest = DestinationFor(cl, input);
  if (dest.to_stdout) {
    if (cl.check) return kExitOk;
    for (const Output& out : result.outputs) std::fwrite(out.bytes.data(), 1, out.bytes.size(), stdout);
    return kExitOk;
  }
  std::vector<std::string> paths;
  if (!dest.file.empty()) {
    paths = OutputPaths(dest.file, "", result.outputs, options.format);
    if (!paths.empty()) paths[0] = dest.file;
  } else {
    std::string stem_source = input == "-" ? "diagram" : input;
    paths = OutputPaths(stem_source, dest.dir, result.outputs, options.format);
  }
  int status = kExitOk;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (cl.check) {
      if (!IsUpToDate(paths[i], result.outputs[i].bytes)) {
        std::fprintf(stderr, "%s: stale or missing (from %s)\n", paths[i].c_str(), input.c_str());
        status = kExitInputErrors;
      }
      continue;
    }
    std::string error;
    if (!WriteFileAtomic(paths[i], result.outputs[i].bytes, &error)) {
      std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
      status = kExitIo;
    }
  }
  return status;
}

int Run(const CommandLine& cl) {
  std::string error;
  std::optional<DriverOptions> options = MakeOptions(cl, &error);
  if (!options) {
    std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
    return kExitUsage;
  }
  if (cl.inputs.empty()) {
    std::fprintf(stderr, "diagc: error: no input files (use \"-\" for standard input)\n");
    return kExitUsage;
  }
  int status = kExitOk;
  for (const std::string& input : cl.inputs) {
    std::string text;
    if (!ReadInput(input, &text, &error)) {
      std::fprintf(stderr, "diagc: error: %s\n", error.c_str());
      status = std::max(status, kExitIo);
      continue;
    }
    CompileResult result = CompileText(input == "-" ? "<stdin>" : input, std::move(text), *options);
    std::fputs(result.diagnostics.c_str(), stderr);
    if (result.has_errors) {
      status = std::max(status, kExitInputErrors);
      continue;
    }
    status = std::max(status, Emit(cl, input, result, *options));
  }
  return status;
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
  CLI::App app{"diagc: PlantUML and DBML to SVG, PNG and PDF"};
  CommandLine cl;
  DefineOptions(app, cl);
  CLI11_PARSE(app, argc, argv);
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
  try {
    int code = dg::cli::Main(argc, argv);
    // CLI11 returns its own codes for parse errors; the contract says 2.
    return code > dg::cli::kExitIo ? dg::cli::kExitUsage : code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "diagc: internal error: %s\n", e.what());
    return dg::cli::kExitIo;
  }
}
