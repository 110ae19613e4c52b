// PlantUML's command-line habits: single-dash long flags (-tsvg, -pipe,
// -theme …), -DNAME=VALUE, -SNAME=VALUE and -config FILE.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dg::cli {

/// argv with PlantUML's single-dash long flags given a second dash (CLI11
/// would read "-pipe" as -p -i -p -e, and "-theme" as -t heme), and
/// "-nbthread auto" dropped (auto is diagc's default), and "-theme NAME" of a
/// theme diagc does not have dropped with a warning (PlantUML's own themes).
std::vector<std::string> TranslatePlantUmlFlags(int argc, char** argv, std::vector<std::string>* warnings);

/// "-D NAME=VALUE" (or "NAME", an empty value) → (NAME, VALUE) pairs.
bool ParseDefines(const std::vector<std::string>& args,
                  std::vector<std::pair<std::string, std::string>>* defines, std::string* error);

/// "-S NAME=VALUE" → "skinparam NAME VALUE" lines.
bool SkinparamLines(const std::vector<std::string>& args, std::vector<std::string>* lines,
                    std::string* error);

/// -config FILE: its lines, comments removed, for CompileOptions::prelude.
/// Only statements every diagram accepts (skinparam, title, hide …) are
/// allowed; anything else is an error naming FILE:line:col.
bool ReadConfigPrelude(const std::string& path, std::vector<std::string>* lines, std::string* error);

}  // namespace dg::cli
