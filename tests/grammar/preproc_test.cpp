// The PlantUML preprocessor: expansions checked against PlantUML 1.2026.8,
// includes and their confinement, limits, and diagnostics through macros.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "grammar/puml_preprocess.hpp"
#include "grammar/stdlib.hpp"

namespace fs = std::filesystem;
using dg::grammar::Diagnostics;
using dg::grammar::FormatText;
using dg::grammar::Severity;
using dg::grammar::SourceFile;
using namespace dg::grammar::puml;

namespace {

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// Preprocesses `text` as file `name`; keeps everything alive for checks.
struct Run {
  SourceFile file;
  Diagnostics diags;
  std::vector<Block> blocks;
  Run(std::string name, std::string text, const PreprocessOptions& options = {})
      : file(std::move(name), std::move(text)), diags(file) {
    blocks = Preprocess(file, diags, options);
  }
  std::vector<std::string> Texts(size_t block = 0) const {
    std::vector<std::string> out;
    for (const Line& l : blocks.at(block).lines) {
      if (!l.text.empty()) out.push_back(l.text);
    }
    return out;
  }
  std::string Errors() const {
    std::string out;
    for (const auto& d : diags.items()) {
      if (d.severity == Severity::kError) out += FormatText(diags.sources(), d);
    }
    return out;
  }
};

using Texts = std::vector<std::string>;

/// A scratch folder, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("dg-preproc-" + std::to_string(std::rand()) + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("preprocessor cases expand as PlantUML 1.2026.8 expands them") {
  // preprocess_cases.expected is PlantUML's own -preproc output of
  // preprocess_cases.puml (tests/grammar/preprocess_cases.sh rewrites it).
  fs::path dir = fs::path(DG_SOURCE_DIR) / "tests/grammar";
  Run run("preprocess_cases.puml", Read(dir / "preprocess_cases.puml"));
  CHECK(run.Errors() == "");
  std::istringstream expected(Read(dir / "preprocess_cases.expected"));
  std::vector<std::vector<std::string>> want(1);
  for (std::string line; std::getline(expected, line);) {
    if (line.rfind("@enduml", 0) == 0) want.emplace_back();
    else if (line.rfind("@startuml", 0) != 0) want.back().push_back(line);
  }
  want.pop_back();
  REQUIRE(run.blocks.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    INFO("case ", run.blocks[i].name);
    CHECK(run.Texts(i) == want[i]);
  }
}

TEST_CASE("every bundled C4 file is there and C4 URLs map to it") {
  CHECK(dg::grammar::stdlib::Find("C4/C4_Container.puml") != nullptr);
  CHECK(dg::grammar::stdlib::Find("C4/themes/puml-theme-C4_united.puml") != nullptr);
  CHECK(dg::grammar::stdlib::MapUrl("https://raw.githubusercontent.com/plantuml-stdlib/C4-PlantUML/master/C4_Container.puml") ==
        "C4/C4_Container.puml");
  CHECK(dg::grammar::stdlib::MapUrl("https://raw.githubusercontent.com/plantuml-stdlib/C4-PlantUML/v2.10.0/C4.puml") ==
        "C4/C4.puml");
  CHECK(dg::grammar::stdlib::MapUrl("https://raw.githubusercontent.com/adrianvlupu/C4-PlantUML/latest/C4_Context.puml") ==
        "C4/C4_Context.puml");
  CHECK(dg::grammar::stdlib::MapUrl("https://example.com/C4_Container.puml") == "");
  CHECK(dg::grammar::stdlib::MapUrl("https://raw.githubusercontent.com/plantuml-stdlib/C4-PlantUML/master/nope.puml") == "");
}

TEST_CASE("C4 includes resolve offline in every form and expand to elements") {
  for (std::string include : {"!include <C4/C4_Container>", "!include <C4/C4_Container.puml>",
                              "!include https://raw.githubusercontent.com/plantuml-stdlib/C4-PlantUML/master/C4_Container.puml"}) {
    INFO(include);
    Run run("a.puml", "@startuml\n" + include + "\nContainer(web, \"Web\", \"Java\", \"Serves\")\n@enduml\n");
    CHECK(run.Errors() == "");
    Texts lines = run.Texts();
    REQUIRE(!lines.empty());
    CHECK(lines.back() == "rectangle \"== Web\\n//<size:12>[Java]</size>//\\n\\nServes\" <<container>> as web");
  }
}

TEST_CASE("includes: relative to the including file, -I folders, once unless !include_many") {
  TempDir tmp;
  Write(tmp.path / "lib/a.iuml", "!$a = \"A\"\n!include b.iuml\n");
  Write(tmp.path / "lib/b.iuml", "from b\n");
  Write(tmp.path / "extra/c.iuml", "from c\n");
  Write(tmp.path / "blocks.puml", "@startuml one\nfirst\n@enduml\n@startuml two\nsecond\n@enduml\n");
  PreprocessOptions options;
  options.include_dirs = {(tmp.path / "extra").string()};
  Run run((tmp.path / "main.puml").string(),
          "@startuml\n!include lib/a.iuml\nX $a\n!include c.iuml\n!include c.iuml\n!include_many c.iuml\n"
          "!include blocks.puml!0\n!include blocks.puml!two\n@enduml\n",
          options);
  CHECK(run.Errors() == "");
  std::string joined;
  for (const std::string& t : run.Texts()) joined += t + "|";
  CHECK(joined == "from b|X A|from c|from c|first|second|");
  Run once((tmp.path / "main.puml").string(), "!include_once lib/b.iuml\n!include_once lib/b.iuml\n");
  CHECK(once.Errors().find("already included") != std::string::npos);
}

TEST_CASE("includes may not leave the allowed folders, by \"..\", absolute paths or symlinks") {
  TempDir tmp;
  Write(tmp.path / "secret.txt", "secret\n");
  Write(tmp.path / "docs/ok.iuml", "ok\n");
  fs::create_symlink(tmp.path / "secret.txt", tmp.path / "docs/link.iuml");
  std::string main = (tmp.path / "docs/main.puml").string();
  for (std::string target : std::vector<std::string>{"../secret.txt", (tmp.path / "secret.txt").string(), "link.iuml"}) {
    INFO(target);
    Run run(main, "!include " + target + "\n");
    CHECK(run.Errors().find("outside the folders includes may read") != std::string::npos);
    CHECK(run.Texts().empty());
  }
  Run allowed(main, "!include ok.iuml\n");
  CHECK(allowed.Texts() == Texts{"ok"});
  PreprocessOptions server;
  server.allow_local_includes = false;
  Run refused(main, "!include ok.iuml\n", server);
  CHECK(refused.Errors().find("local files may not be included here") != std::string::npos);
  Run stdlib(main, "!include <C4/C4_Context>\n", server);
  CHECK(stdlib.Errors() == "");
}

TEST_CASE("URL includes without a bundled stand-in are refused unless allowed, then fetched") {
  Run refused("a.puml", "!include https://example.com/x.puml\n");
  CHECK(refused.Errors().find("URL include \"https://example.com/x.puml\" is not allowed") != std::string::npos);
  PreprocessOptions options;
  options.allow_url_includes = true;
  std::string asked;
  options.fetch_url = [&](const std::string& url, std::string* body, std::string*) {
    asked = url;
    *body = "fetched\n";
    return true;
  };
  Run fetched("a.puml", "!include https://example.com/x.puml\n", options);
  CHECK(asked == "https://example.com/x.puml");
  CHECK(fetched.Texts() == Texts{"fetched"});
  // Only https is fetched; other schemes are never read, allowed or not.
  asked.clear();
  Run http("a.puml", "!include http://example.com/x.puml\n", options);
  CHECK(http.Errors().find("is not fetched: only https URLs are") != std::string::npos);
  for (const char* url : {"file:///etc/passwd", "FILE:///etc/passwd", "ftp://example.com/x.puml"}) {
    INFO(url);
    Run other("a.puml", std::string("!include ") + url + "\n", options);
    CHECK(other.Errors().find("cannot include \"" + std::string(url) + "\": ") != std::string::npos);
    CHECK(other.Errors().find(":// is not read") != std::string::npos);
  }
  CHECK(asked.empty());
  // A C4-PlantUML URL is the bundled copy, with or without the flag.
  Run c4("a.puml", "!include https://raw.githubusercontent.com/plantuml-stdlib/C4-PlantUML/master/C4_Context.puml\n",
         options);
  CHECK(c4.Errors() == "");
  CHECK(asked.empty());
}

TEST_CASE("relative includes in a fetched file are URLs beside it") {
  PreprocessOptions options;
  options.allow_url_includes = true;
  std::vector<std::string> asked;
  options.fetch_url = [&](const std::string& url, std::string* body, std::string*) {
    asked.push_back(url);
    *body = url.ends_with("/main.puml") ? "!include parts.puml\n!include ../top.puml\n!include /abs.puml\n"
                                        : "from " + url.substr(url.rfind('/') + 1) + "\n";
    return true;
  };
  Run run("a.puml", "!include https://example.com/lib/v1/main.puml\n", options);
  CHECK(run.Errors() == "");
  CHECK(asked == std::vector<std::string>{"https://example.com/lib/v1/main.puml",
                                          "https://example.com/lib/v1/parts.puml",
                                          "https://example.com/lib/top.puml", "https://example.com/abs.puml"});
  CHECK(run.Texts() == Texts{"from parts.puml", "from top.puml", "from abs.puml"});
  options.fetch_url = [&](const std::string& url, std::string* body, std::string*) {
    *body = url.ends_with("/x.puml") ? "!include ../../../etc.puml\n" : "";
    return true;
  };
  Run climbing("a.puml", "!include https://example.com/a/x.puml\n", options);
  CHECK(climbing.Errors().find("cannot include \"../../../etc.puml\" from a file fetched from "
                               "\"https://example.com/a\": it climbs above the host") != std::string::npos);
}

TEST_CASE("-D defines variables before the first line") {
  PreprocessOptions options;
  options.defines = {{"ENV", "prod"}, {"$x", "1"}};
  Run run("a.puml", "!ifdef ENV\nE ENV $x\n!endif\n", options);
  CHECK(run.Texts() == Texts{"E prod 1"});
}

TEST_CASE("endless recursion and loops stop with an error, not a hang") {
  Run recursion("a.puml", "!function $f($n)\n!return $f($n + 1)\n!endfunction\nX $f(1)\n");
  CHECK(recursion.Errors().find("calls nested deeper than") != std::string::npos);
  Run loop("a.puml", "!$i = 1\n!while $i > 0\n!$i = $i + 1\n!endwhile\n");
  CHECK(loop.Errors().find("without finishing") != std::string::npos);
  TempDir tmp;
  Write(tmp.path / "self.puml", "!include_many self.puml\n");
  Run self((tmp.path / "self.puml").string(), Read(tmp.path / "self.puml"));
  CHECK(self.Errors().find("includes nested deeper than") != std::string::npos);
}

TEST_CASE("an error in a macro names the call and the line in the macro") {
  Run run("a.puml",
          "@startuml\n!procedure $box($n)\n  !assert $n > 0 : \"need a positive size\"\n  rectangle r$n\n"
          "!endprocedure\n$box(1)\n$box(0)\n@enduml\n");
  CHECK(run.Errors() ==
        "a.puml:7:1: error: assertion failed: need a positive size\n"
        "  7 | $box(0)\n"
        "    | ^~~~~~~\n"
        "a.puml:3:1: note: in expansion of $box(...)\n"
        "  3 |   !assert $n > 0 : \"need a positive size\"\n"
        "    | ^" + std::string(40, '~') + "\n");
}

TEST_CASE("a line a C4 macro produced is reported at the call, with a note in the library") {
  Run run("a.puml", "@startuml\n!include <C4/C4_Container>\nContainer(web, \"Web\")\n@enduml\n");
  const Line& last = run.blocks[0].lines.back();
  CHECK(last.substituted);
  run.diags.Error(last.span, "test", "something wrong here");
  std::string text = FormatText(run.diags.sources(), run.diags.items().back());
  CHECK(text.rfind("a.puml:3:1: error: something wrong here\n", 0) == 0);
  CHECK(text.find("<C4/C4_Container.puml>:") != std::string::npos);
  CHECK(text.find("note: in expansion of Container(...)") != std::string::npos);
}

TEST_CASE("%newline() is a line break inside a label; %breakline() starts a new line") {
  Run run("a.puml", "A -> B : one%newline()two\nX%breakline()Y\n");
  CHECK(run.Texts() == Texts{"A -> B : one\\ntwo", "X", "Y"});
}

TEST_CASE("-E text: blocks with their lines") {
  Run run("a.puml", "@startuml name\n!$x = 1\nA $x\n@enduml\n");
  CHECK(FormatPreprocessed(run.blocks) == "@startuml name\nA 1\n@enduml\n");
}
