# diagc_add_diagrams(<target> [ALL] SOURCES a.puml b.dbml doc.md ...
#                    [FORMAT svg|png|pdf] [OUTPUT_DIR dir] [BASE_DIR dir]
#                    [DIAGC path/to/diagc] [OPTIONS --theme dark ...])
#
# Adds a custom target that renders each source. A source's outputs go to
# OUTPUT_DIR (default: the current binary dir) under the source's folder
# relative to BASE_DIR (default: the current source dir), so the same file
# name in two folders never collides. Every output of a source is declared
# (a file with several @startuml blocks or newpages makes several; a .md
# makes one per diagram block): `diagc --list-outputs` names them at
# configure time, and editing a source re-runs configure so the list stays
# right. Each image is rebuilt exactly when its source (or anything diagc
# reports in its --depfile) changes, or when one of its outputs is deleted.
#
#   include(path/to/diagc/cmake/Diagc.cmake)
#   file(GLOB DOC_DIAGRAMS ${CMAKE_SOURCE_DIR}/docs/*.puml)
#   diagc_add_diagrams(doc-images ALL SOURCES ${DOC_DIAGRAMS}
#                      BASE_DIR ${CMAKE_SOURCE_DIR}/docs OUTPUT_DIR ${CMAKE_SOURCE_DIR}/docs)
function(diagc_add_diagrams target)
  cmake_parse_arguments(ARG "ALL" "FORMAT;OUTPUT_DIR;BASE_DIR;DIAGC" "SOURCES;OPTIONS" ${ARGN})
  if(NOT ARG_FORMAT)
    set(ARG_FORMAT svg)
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  if(NOT ARG_BASE_DIR)
    set(ARG_BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  if(NOT ARG_DIAGC)
    # Outputs are listed at configure time, so diagc must already exist.
    find_program(DIAGC_EXECUTABLE diagc)
    if(NOT DIAGC_EXECUTABLE)
      message(FATAL_ERROR "diagc_add_diagrams: diagc not found on PATH; pass DIAGC path/to/diagc")
    endif()
    set(ARG_DIAGC ${DIAGC_EXECUTABLE})
  endif()
  set(all_outputs)
  foreach(source IN LISTS ARG_SOURCES)
    get_filename_component(abs ${source} ABSOLUTE)
    get_filename_component(abs_dir ${abs} DIRECTORY)
    get_filename_component(name ${abs} NAME)
    file(RELATIVE_PATH rel_dir ${ARG_BASE_DIR} ${abs_dir})
    if(rel_dir MATCHES "^\\.\\.")
      message(FATAL_ERROR "diagc_add_diagrams: ${abs} is outside BASE_DIR ${ARG_BASE_DIR}")
    endif()
    set(out_dir ${ARG_OUTPUT_DIR})
    if(rel_dir)
      string(APPEND out_dir /${rel_dir})
    endif()
    set(dep ${CMAKE_CURRENT_BINARY_DIR}/diagc-deps/${target}/${rel_dir}/${name}.d)
    set(command ${ARG_DIAGC} ${ARG_OPTIONS} -T ${ARG_FORMAT} -o ${out_dir}/)
    execute_process(COMMAND ${command} --list-outputs ${abs}
                    OUTPUT_VARIABLE listed RESULT_VARIABLE failed ERROR_VARIABLE error)
    if(failed)
      message(FATAL_ERROR "diagc_add_diagrams: cannot list the outputs of ${abs}:\n${error}")
    endif()
    string(STRIP "${listed}" listed)
    string(REPLACE "\n" ";" outputs "${listed}")
    foreach(output IN LISTS outputs)
      if(output IN_LIST all_outputs)
        message(FATAL_ERROR "diagc_add_diagrams: two sources make ${output}")
      endif()
    endforeach()
    get_filename_component(dep_dir ${dep} DIRECTORY)
    file(MAKE_DIRECTORY ${dep_dir})
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND ${command} --depfile ${dep} ${abs}
      DEPENDS ${abs}
      DEPFILE ${dep}
      COMMENT "diagc ${rel_dir}/${name}"
      VERBATIM)
    # A new @startuml block or newpage changes the outputs: list them again.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${abs})
    list(APPEND all_outputs ${outputs})
  endforeach()
  if(ARG_ALL)
    add_custom_target(${target} ALL DEPENDS ${all_outputs})
  else()
    add_custom_target(${target} DEPENDS ${all_outputs})
  endif()
endfunction()
