// PEGTL rules for DBML tokens. The lexer (dbml_parse.cpp) matches one token
// at a time with these; the tree above tokens is hand-written recursive
// descent, because DBML's element grammar is generic and error recovery
// must resume per line and per bracket.
#pragma once

#include <tao/pegtl.hpp>

namespace dg::grammar::dbml::rules {

namespace pegtl = tao::pegtl;
using namespace pegtl;  // NOLINT: rule definitions read better unqualified

// clang-format off
/// Identifier characters; bytes of multi-byte UTF-8 count as letters.
struct ident_first : sor< ranges< 'a', 'z', 'A', 'Z', '_' >, range< '\x80', '\xff' > > {};
struct ident_other : sor< ranges< 'a', 'z', 'A', 'Z', '0', '9', '_' >, range< '\x80', '\xff' > > {};
struct identifier : seq< ident_first, star< ident_other > > {};

/// `12`, `3.5`; a digit-led word with a letter (`2fa`) is an identifier.
struct integer : plus< digit > {};
struct number : seq< integer, opt< one< '.' >, integer >, not_at< ident_other >, not_at< one< '.' > > > {};
struct digit_identifier : seq< integer, plus< ident_other > > {};
struct bad_number : seq< integer, one< '.' >, star< sor< ident_other, one< '.' > > > > {};

struct line_comment : seq< two< '/' >, until< at< eolf > > > {};
struct block_comment_open : string< '/', '*' > {};
struct block_comment_close : string< '*', '/' > {};
struct blank : plus< one< ' ', '\t', '\r', '\f', '\v' > > {};
struct newline : one< '\n' > {};

struct escape : seq< one< '\\' >, any > {};
/// Body of a '…' or "…" string: stops before the quote, a newline or EOF.
template< char Q > struct line_chars : star< sor< escape, not_one< Q, '\n', '\\' > > > {};
struct triple_quote : string< '\'', '\'', '\'' > {};
struct multi_chars : star< not_at< triple_quote >, sor< escape, any > > {};
struct function_chars : star< not_one< '`' > > {};
struct color : seq< one< '#' >, star< ident_other > > {};

/// Operators; two-character forms first.
struct op : sor< string< '<', '>' >, string< '<', '=' >, string< '>', '=' >, string< '=', '=' >,
                 string< '!', '=' >, one< '<', '>', '=', '!', '-', '+', '*', '/', '%', '.', '&', '|',
                                      '^', '?', '@', '$' > > {};
// clang-format on

}  // namespace dg::grammar::dbml::rules
