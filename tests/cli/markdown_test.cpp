#include <doctest/doctest.h>

#include "cli/markdown.hpp"

using namespace dg::cli;

constexpr const char* kDoc =
    "# Title\n"
    "```plantuml\n"
    "@startuml\n"
    "[A] --> [B]\n"
    "@enduml\n"
    "```\n"
    "text\n"
    "```js\n"
    "```plantuml inside another fence is not a block\n"
    "```\n"
    "~~~dbml\n"
    "Table t { id int }\n"
    "~~~\n";

TEST_CASE("FindFencedDiagrams finds plantuml and dbml blocks, keeping Markdown line numbers") {
  auto blocks = FindFencedDiagrams(kDoc);
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].language == dg::compiler::Language::kPlantUml);
  CHECK(blocks[0].open_line == 1);
  CHECK(blocks[0].close_line == 5);
  // Line 3 (1-based) of the Markdown is the block's "@startuml".
  CHECK(blocks[0].padded_text == "\n\n@startuml\n[A] --> [B]\n@enduml\n");
  CHECK(blocks[1].language == dg::compiler::Language::kDbml);
  CHECK(blocks[1].open_line == 10);
}

TEST_CASE("RewriteMarkdown replaces exactly the diagram blocks by image references") {
  auto blocks = FindFencedDiagrams(kDoc);
  std::string out = RewriteMarkdown(kDoc, blocks, {"doc-1.svg", "doc-2.svg"});
  CHECK(out ==
        "# Title\n![diagram](doc-1.svg)\ntext\n```js\n```plantuml inside another fence is not a "
        "block\n```\n![diagram](doc-2.svg)\n");
}
