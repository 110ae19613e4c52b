#include <doctest/doctest.h>

#include "cli/text_encoding.hpp"

using namespace dg::cli;

constexpr size_t kLimit = 1 << 20;

TEST_CASE("PlantUML encoding decodes the reference encoder's output and round-trips") {
  // The text as plantuml-encoder (npm, the VS Code extension's encoder) encodes it.
  std::string text = "@startuml\nBob -> Alice : hello\n@enduml";
  CHECK(DecodePlantUml("SoWkIImgAStDuNBAJrBGjLDmpCbCJbMmKiX8pSd9vt98pKifpSq10000", kLimit) == text);
  // zlib's deflate stream differs from pako's, but decodes to the same text.
  std::string encoded = EncodePlantUml(text);
  CHECK(encoded == "SoWkIImgAStDuNBAJrBGjLDmpCbCJbMmKiX8pSd9vt98pKi1IW80");
  CHECK(DecodePlantUml(encoded, kLimit) == text);
}

TEST_CASE("PlantUML ~h hex form and the ~1 prefix decode") {
  CHECK(DecodePlantUml("~h407374617274756d6c", kLimit) == "@startuml");
  std::string text = "A -> B";
  CHECK(DecodePlantUml("~1" + EncodePlantUml(text), kLimit) == text);
}

TEST_CASE("Kroki encoding round-trips and matches Kroki's documented example") {
  std::string text = "digraph G {Hello->World}";
  CHECK(EncodeKroki(text) == "eNpLyUwvSizIUHBXqPZIzcnJ17ULzy_KSakFAGxACMY");
  CHECK(DecodeKroki("eNpLyUwvSizIUHBXqPZIzcnJ17ULzy_KSakFAGxACMY", kLimit) == text);
}

TEST_CASE("malformed and oversized encodings are refused, not crashed on") {
  CHECK_FALSE(DecodePlantUml("!!!", kLimit));
  CHECK_FALSE(DecodePlantUml("~hzz", kLimit));
  CHECK_FALSE(DecodePlantUml("SoWkIImgAStDuNBAJrBG", kLimit));  // truncated stream
  CHECK_FALSE(DecodeKroki("eNpLyUwvSizIUHBXqPZIzcnJ17", kLimit));
  std::string big(100000, 'a');
  CHECK_FALSE(DecodePlantUml(EncodePlantUml(big), 1000));  // inflation is bounded
  CHECK(DecodePlantUml(EncodePlantUml(big), 200000) == big);
}
