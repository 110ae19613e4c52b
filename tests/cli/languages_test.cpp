#include <doctest/doctest.h>

#include "cli/languages.hpp"
#include "compiler/compile.hpp"

using namespace dg;
using namespace dg::cli;

TEST_CASE("kLanguages: one table for --language, extensions and help") {
  CHECK(LanguageFromName("puml") == compiler::Language::kPlantUml);
  CHECK(LanguageFromName("plantuml") == compiler::Language::kPlantUml);
  CHECK(LanguageFromName("dbml") == compiler::Language::kDbml);
  CHECK_FALSE(LanguageFromName("pum"));
  CHECK_FALSE(LanguageFromName(""));
  CHECK(LanguageFromPath("docs/a.PUML") == compiler::Language::kPlantUml);
  CHECK(LanguageFromPath("a.wsd") == compiler::Language::kPlantUml);
  CHECK(LanguageFromPath("schema.dbml") == compiler::Language::kDbml);
  CHECK_FALSE(LanguageFromPath("notes.md"));
  CHECK_FALSE(LanguageFromPath("dbml"));
  CHECK(LanguageNameList() == "puml, plantuml, dbml");
}

namespace {
compiler::Language Detect(const char* text) {
  return compiler::DetectLanguage(grammar::SourceFile("<stdin>", text));
}
}  // namespace

TEST_CASE("DetectLanguage: DBML only when a line is unmistakably DBML") {
  CHECK(Detect("Table users {\n  id int\n}\n") == compiler::Language::kDbml);
  CHECK(Detect("// schema\nProject shop {\n  database_type: 'PostgreSQL'\n}\n") == compiler::Language::kDbml);
  CHECK(Detect("Enum s {\n  a\n}\nTable t {\n  s s\n}\n") == compiler::Language::kDbml);
  CHECK(Detect("Ref: a.id < b.a_id\n") == compiler::Language::kDbml);
  CHECK(Detect("Ref fk_1: a.id < b.a_id\n") == compiler::Language::kDbml);
  CHECK(Detect("TableGroup g {\n  a\n}\n") == compiler::Language::kDbml);
  // PlantUML: a @start line wins; PlantUML statements that merely start with a DBML word stay PlantUML.
  CHECK(Detect("@startuml\nTable t {\n}\n@enduml\n") == compiler::Language::kPlantUml);
  CHECK(Detect("Table -> Chair : hello\n") == compiler::Language::kPlantUml);
  CHECK(Detect("enum Color {\n  RED\n}\n") == compiler::Language::kPlantUml);
  CHECK(Detect("Ref -> Table : x {\n") == compiler::Language::kPlantUml);
  CHECK(Detect("[A] --> [B]\n") == compiler::Language::kPlantUml);
  CHECK(Detect("") == compiler::Language::kPlantUml);
  CHECK(compiler::DetectLanguage(grammar::SourceFile("x.dbml", "[A] --> [B]")) == compiler::Language::kDbml);
}
