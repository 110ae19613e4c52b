#include <doctest/doctest.h>

#include "compiler/sprites.hpp"

using dg::compiler::DecodeSprites;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using dg::grammar::puml::SpriteDecl;

namespace {

struct Decoded {
  SourceFile file{"t.puml", ""};
  Diagnostics diags{file};
  dg::ir::SpriteTable table;
  explicit Decoded(std::vector<SpriteDecl> sprites) { table = DecodeSprites(sprites, diags); }
  std::vector<uint8_t> Pixels(const std::string& name) { return table.at(name)->pixels; }
};

SpriteDecl Sprite(std::string name, int w, int h, int levels, bool z, std::vector<std::string> rows) {
  SpriteDecl d;
  d.name = std::move(name);
  d.width = w, d.height = h, d.levels = levels, d.compressed = z;
  d.rows = std::move(rows);
  return d;
}

}  // namespace

TEST_CASE("DecodeSprites: hex rows, sized by the rows when no size is given") {
  Decoded d({Sprite("a", 3, 2, 16, false, {"0F0", "f1"}), Sprite("b", 0, 0, 16, false, {"12", "3"})});
  CHECK(d.Pixels("a") == std::vector<uint8_t>{0, 15, 0, 15, 1, 0});
  CHECK(d.table.at("b")->width == 2);
  CHECK(d.table.at("b")->height == 2);
  CHECK(d.Pixels("b") == std::vector<uint8_t>{1, 2, 3, 0});
  CHECK(d.diags.items().empty());
}

TEST_CASE("DecodeSprites: 8 and 4 grey levels pack a column's pixels in one character") {
  // PlantUML's base64: 'A' = 10 = 1*8 + 2 (8 levels: two rows); 'z' = 61 = 3*16 + 3*4 + 1.
  Decoded d({Sprite("e", 1, 2, 8, false, {"A"}), Sprite("f", 1, 3, 4, false, {"z"})});
  CHECK(d.Pixels("e") == std::vector<uint8_t>{1, 2});
  CHECK(d.Pixels("f") == std::vector<uint8_t>{3, 3, 1});
}

TEST_CASE("DecodeSprites: the z forms are raw deflate in PlantUML's base64") {
  // Made with zlib (raw deflate, level 9) from the bytes 0 3 7 15 15 7 3 0.
  Decoded d({Sprite("z", 4, 2, 16, true, {"Os1cv-TdPsO00000"})});
  CHECK(d.Pixels("z") == std::vector<uint8_t>{0, 3, 7, 15, 15, 7, 3, 0});
}

TEST_CASE("DecodeSprites: a malformed sprite is a warning and is left out") {
  Decoded d({Sprite("x", 2, 1, 16, false, {"0G"}), Sprite("y", 4, 2, 16, true, {"!!"}),
             Sprite("big", 300, 1, 16, false, {"0"}), Sprite("ok", 1, 1, 16, false, {"F"})});
  CHECK(d.table.size() == 1);
  CHECK(d.table.count("ok") == 1);
  REQUIRE(d.diags.items().size() == 3);
  CHECK(d.diags.items()[0].message ==
        "sprite \"$x\" cannot be decoded (expected one hex digit per pixel, at most 256 pixels a "
        "side); it is left out");
  CHECK(d.diags.items()[1].message.find("deflate data in PlantUML's base64") != std::string::npos);
  CHECK_FALSE(d.diags.HasErrors());
}
