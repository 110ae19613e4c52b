// PEGTL rules for the pieces of a PlantUML entity diagram line: names and
// the relation arrow with its crow's-foot or UML heads.
#pragma once

#include <tao/pegtl.hpp>

namespace dg::grammar::puml::er::rules {

using namespace tao::pegtl;  // NOLINT: rule definitions read better unqualified

// clang-format off
/// An entity name: letters, digits, `_`, `.`, `$` and any non-ASCII byte.
struct name_char : sor< ranges< 'a', 'z', 'A', 'Z', '0', '9' >, one< '_', '.', '$' >, range< '\x80', '\xff' > > {};
struct word : plus< name_char > {};
struct quoted : seq< one< '"' >, until< one< '"' > > > {};
struct entity_name : sor< quoted, word > {};

/// Heads: crow's foot (`|o || }o }| } o| o{ |{ {`) and UML (`< > <| |> * o + # ^ x`).
struct head_char : one< '<', '>', '|', 'o', '{', '}', '*', '+', '#', '^', 'x' > {};
struct head : star< head_char > {};
struct body_char : one< '-', '.' > {};
struct style_bracket : seq< one< '[' >, until< one< ']' > > > {};
struct direction : sor< istring< 'u', 'p' >, istring< 'd', 'o', 'w', 'n' >, istring< 'l', 'e', 'f', 't' >,
                        istring< 'r', 'i', 'g', 'h', 't' >, istring< 'd', 'o' >, istring< 'l', 'e' >,
                        istring< 'r', 'i' >, one< 'u', 'd', 'l', 'r', 'U', 'D', 'L', 'R' > > {};
struct body : seq< plus< body_char >,
                   opt< sor< seq< direction, opt< style_bracket > >, seq< style_bracket, opt< direction > > >,
                        plus< body_char > > > {};
struct arrow : seq< head, body, head > {};
// clang-format on

}  // namespace dg::grammar::puml::er::rules
