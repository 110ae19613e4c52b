// PEGTL rules for one line of a PlantUML component / deployment diagram.
// Rules only; actions are in puml_component_parse.cpp, messages in
// puml_component_errors.hpp. Each top-level rule matches a whole line.
#pragma once

#include <tao/pegtl.hpp>

namespace dg::grammar::puml::rules {

namespace pegtl = tao::pegtl;
using pegtl::any;
using pegtl::at;
using pegtl::blank;
using pegtl::eof;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::string;
using pegtl::until;

// clang-format off

// ------------------------------------------------------------ lexical
struct ws : star< blank > {};
struct sp : plus< blank > {};
struct name_char : sor< pegtl::alnum, one< '_', '@' >, pegtl::utf8::range< 0x80, 0x10FFFF > > {};
/// A dot inside a name ("Pack.Comp"), never the start of a ".." arrow.
struct name_dot : seq< one< '.' >, at< name_char > > {};
struct ident : seq< name_char, star< sor< name_char, name_dot > > > {};
struct quoted : seq< one< '"' >, until< one< '"' > > > {};
struct bracket_name : seq< one< '[' >, not_at< one< '[' > >, plus< not_one< ']' > >, one< ']' > > {};
struct colon_name : seq< one< ':' >, plus< not_one< ':' > >, one< ':' > > {};
struct paren_name : seq< one< '(' >, plus< not_one< ')', '(' > >, one< ')' > > {};
struct iface_short : seq< string< '(', ')' >, ws, sor< quoted, ident > > {};
template< typename Word >
struct keyword : seq< Word, not_at< name_char > > {};

// ----------------------------------------------------------- elements
struct element_kw : sor<
  keyword< TAO_PEGTL_ISTRING( "collections" ) >, keyword< TAO_PEGTL_ISTRING( "component" ) >,
  keyword< TAO_PEGTL_ISTRING( "rectangle" ) >, keyword< TAO_PEGTL_ISTRING( "interface" ) >,
  keyword< TAO_PEGTL_ISTRING( "boundary" ) >, keyword< TAO_PEGTL_ISTRING( "database" ) >,
  keyword< TAO_PEGTL_ISTRING( "artifact" ) >, keyword< TAO_PEGTL_ISTRING( "hexagon" ) >,
  keyword< TAO_PEGTL_ISTRING( "package" ) >, keyword< TAO_PEGTL_ISTRING( "process" ) >,
  keyword< TAO_PEGTL_ISTRING( "storage" ) >, keyword< TAO_PEGTL_ISTRING( "usecase" ) >,
  keyword< TAO_PEGTL_ISTRING( "control" ) >, keyword< TAO_PEGTL_ISTRING( "portout" ) >,
  keyword< TAO_PEGTL_ISTRING( "portin" ) >, keyword< TAO_PEGTL_ISTRING( "entity" ) >,
  keyword< TAO_PEGTL_ISTRING( "folder" ) >, keyword< TAO_PEGTL_ISTRING( "person" ) >,
  keyword< TAO_PEGTL_ISTRING( "circle" ) >, keyword< TAO_PEGTL_ISTRING( "action" ) >,
  keyword< TAO_PEGTL_ISTRING( "agent" ) >, keyword< TAO_PEGTL_ISTRING( "actor" ) >,
  keyword< TAO_PEGTL_ISTRING( "cloud" ) >, keyword< TAO_PEGTL_ISTRING( "frame" ) >,
  keyword< TAO_PEGTL_ISTRING( "label" ) >, keyword< TAO_PEGTL_ISTRING( "queue" ) >,
  keyword< TAO_PEGTL_ISTRING( "stack" ) >, keyword< TAO_PEGTL_ISTRING( "card" ) >,
  keyword< TAO_PEGTL_ISTRING( "file" ) >, keyword< TAO_PEGTL_ISTRING( "node" ) >,
  keyword< TAO_PEGTL_ISTRING( "port" ) > > {};

struct as_kw : keyword< TAO_PEGTL_ISTRING( "as" ) > {};
struct display : sor< quoted, bracket_name, colon_name, paren_name, ident > {};
struct alias_name : sor< quoted, bracket_name, ident > {};
struct alias_clause : seq< as_kw, ws, alias_name > {};

struct stereotype : seq< string< '<', '<' >, until< string< '>', '>' > > > {};
struct color_spec : seq< one< '#' >, pegtl::alnum, star< sor< pegtl::alnum, one< ';', ':', '.', '/', '|', '\\', '-', '#', '_' > > > > {};
struct url_link : seq< string< '[', '[' >, until< string< ']', ']' > > > {};
struct tag : seq< one< '$' >, plus< name_char > > {};
struct decoration : sor< stereotype, color_spec, url_link, tag, alias_clause > {};
struct decorations : star< ws, decoration > {};

struct empty_block : seq< one< '{' >, ws, one< '}' > > {};
struct block_open : one< '{' > {};
struct long_desc : seq< one< '[' >, star< any > > {};
struct element_tail : seq< decorations, ws, opt< sor< empty_block, block_open, long_desc > >, ws, eof > {};

/// `component "Long name" as c <<api>> #red [[http://x]] {`
struct element_line : seq< element_kw, sp, display, element_tail > {};

/// `cloud {`: a container without a name (PlantUML invents one).
struct anonymous_block : seq< element_kw, ws, block_open, ws, eof > {};

struct short_display : sor< bracket_name, iface_short, colon_name, paren_name > {};
/// `[Web App] as WebApp`, `() "API" as api`, `:User:`, `(Use case)`
struct shorthand_line : seq< short_display, element_tail > {};

// -------------------------------------------------------------- links
struct endpoint : sor< bracket_name, iface_short, colon_name, paren_name, ident > {};
struct from_end : endpoint {};
struct to_end : endpoint {};
struct from_card : quoted {};
struct to_card : quoted {};

struct letter_head : seq< one< 'o', 'x' >, not_at< name_char > > {};
/// Ball and socket ends: `0)--(0`, `-(0)-`, `)--`.
struct lollipop_end : sor< string< '(', '0', ')' >, string< '0', ')' >, string< '(', '0' >,
                           string< '(', ')' > > {};
struct tail_head : sor< string< '<', '|' >, string< '<', '<' >, one< '<' >, lollipop_end,
                        one< '*', '+', '#', '^', '0', '(', ')', '}', '{' >, letter_head > {};
struct head : sor< string< '|', '>' >, string< '>', '>' >, one< '>' >, lollipop_end,
                   one< '*', '+', '#', '^', '0', '(', ')', '{', '}' >, letter_head > {};

struct body_char : one< '-', '.', '=', '~' > {};
struct body_run : plus< body_char > {};  // `A => B` is a bold arrow, as in PlantUML
/// `[#red,dashed]` inside the body; never the `[B]` target of `-->[B]`.
struct inline_style : seq< one< '[' >, until< one< ']' > >, at< sor< body_char, head, pegtl::alpha > > > {};
struct direction : seq< sor< TAO_PEGTL_ISTRING( "right" ), TAO_PEGTL_ISTRING( "left" ),
                             TAO_PEGTL_ISTRING( "down" ), TAO_PEGTL_ISTRING( "up" ),
                             TAO_PEGTL_ISTRING( "ri" ), TAO_PEGTL_ISTRING( "le" ),
                             TAO_PEGTL_ISTRING( "do" ), one< 'u', 'd', 'l', 'r', 'U', 'D', 'L', 'R' > >,
                        at< sor< body_char, one< '[', '0', '(', ')' > > > > {};
struct lollipop : seq< sor< lollipop_end, one< '0', '(', ')' > >, at< body_char > > {};
struct arrow_body : seq< body_run, star< sor< body_run, inline_style, direction, lollipop > > > {};
struct arrow : seq< opt< tail_head >, arrow_body, opt< head > > {};

struct link_label : seq< one< ':' >, star< any > > {};
/// `B <<st>> #red` after a link: the stereotype / colour of the link.
struct link_deco : star< ws, sor< stereotype, color_spec > > {};
/// `A "1" -left[#red]-> "*" B : label`
struct link_line : seq< from_end, ws, opt< from_card, ws >, arrow, ws, opt< to_card, ws >, to_end,
                        link_deco, ws, opt< link_label >, eof > {};

// clang-format on

}  // namespace dg::grammar::puml::rules
