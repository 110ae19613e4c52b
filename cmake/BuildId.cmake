# Writes DG_OUT, a header defining DG_COMMIT: the git commit diagc is built
# from ("unknown" outside git; "-dirty" when tracked sources differ from it).
# Run at every build (cli/CMakeLists.txt); the file is rewritten only when the
# text changes, so an unchanged commit recompiles nothing.
cmake_minimum_required(VERSION 3.20)
execute_process(COMMAND git -C ${DG_SOURCE_DIR} rev-parse --short=12 HEAD
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE failed ERROR_QUIET)
if(failed OR commit STREQUAL "")
  set(commit "unknown")
else()
  # Rendered examples, docs and tests do not change what diagc draws.
  execute_process(COMMAND git -C ${DG_SOURCE_DIR} diff --quiet HEAD --
                          . ":(exclude)examples" ":(exclude)*.md" ":(exclude)tests" ":(exclude)bench"
                  RESULT_VARIABLE dirty ERROR_QUIET)
  if(dirty)
    string(APPEND commit "-dirty")
  endif()
endif()
file(CONFIGURE OUTPUT ${DG_OUT} CONTENT "#define DG_COMMIT \"${commit}\"\n")
