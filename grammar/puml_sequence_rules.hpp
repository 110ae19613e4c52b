// PEGTL rules for sequence-diagram arrows; no actions here (see puml_sequence.cpp).
//
//   arrow := [mark] [left_head] body [right_head] [mark]
//   body  := "-"+ [ "[" style "]" "-"* ]  |  "[" style "]" "-"+
//
// Examples: ->  -->  ->>  -\  -//  ->x  o->o  <->  x<-  <<--  -[#red]->
#pragma once

#include <tao/pegtl.hpp>

namespace dg::grammar::puml::seq_rules {

namespace pegtl = tao::pegtl;

// clang-format off
/// Characters of an unquoted participant name (PlantUML: letters, digits, _ . @).
struct name_char : pegtl::sor< pegtl::alnum, pegtl::one< '_', '.', '@' >, pegtl::utf8::range< 0x80, 0x10FFFF > > {};

struct left_mark : pegtl::one< 'o', 'x', 'X' > {};
struct left_open : pegtl::two< '<' > {};
struct left_filled : pegtl::one< '<' > {};
struct left_open_top : pegtl::two< '/' > {};
struct left_top : pegtl::one< '/' > {};
struct left_open_bottom : pegtl::two< '\\' > {};
struct left_bottom : pegtl::one< '\\' > {};
struct left_head : pegtl::sor< left_open, left_filled, left_open_top, left_top, left_open_bottom, left_bottom > {};

struct dash : pegtl::one< '-' > {};
struct style : pegtl::plus< pegtl::not_one< ']', '\n', '\r' > > {};
struct styled : pegtl::seq< pegtl::one< '[' >, pegtl::opt< style >, pegtl::one< ']' >, pegtl::star< dash > > {};
/// `<[#red]-`: the style may also come first, right after a left head.
struct styled_first : pegtl::seq< pegtl::one< '[' >, pegtl::opt< style >, pegtl::one< ']' >, pegtl::plus< dash > > {};
struct body : pegtl::sor< pegtl::seq< pegtl::plus< dash >, pegtl::opt< styled > >, styled_first > {};

struct right_open : pegtl::two< '>' > {};
struct right_filled : pegtl::one< '>' > {};
struct right_open_top : pegtl::two< '\\' > {};
struct right_top : pegtl::one< '\\' > {};
struct right_open_bottom : pegtl::two< '/' > {};
struct right_bottom : pegtl::one< '/' > {};
struct right_head : pegtl::sor< right_open, right_filled, right_open_top, right_top, right_open_bottom, right_bottom > {};
// A mark after the head must not run into a name: `->xavier` is not `->x avier`.
struct right_mark : pegtl::seq< pegtl::one< 'o', 'x', 'X' >, pegtl::not_at< name_char > > {};

struct arrow : pegtl::seq< pegtl::opt< left_mark >, pegtl::opt< left_head >, body,
                           pegtl::opt< right_head >, pegtl::opt< right_mark > > {};
// clang-format on

}  // namespace dg::grammar::puml::seq_rules
