// What a component-diagram line was expected to be, by how far the parse got.
// Messages are lower-case; the parser prefixes `unexpected "<token>", `.
#pragma once

namespace dg::grammar::puml::errors {

/// Nothing on the line was understood.
inline constexpr const char* kStatement = "expected an element declaration or a link";
/// A link's first end was read, then no arrow followed; %s = that end.
inline constexpr const char* kArrowAfter = "expected an arrow (\"-->\", \"..>\", \"-[#red]->\") after \"";
/// The arrow was read, then no target followed.
inline constexpr const char* kTargetAfter = "expected the target of the link after \"";
/// An element keyword was read, then the rest did not fit.
inline constexpr const char* kElementRest =
    "expected a name, \"as alias\", <<stereotype>>, #color, [[link]], \"{\" or \"[\" after \"";

}  // namespace dg::grammar::puml::errors
