# diagc_add_diagrams(<target> [ALL] FORMAT svg|png|pdf SOURCES a.puml b.dbml ... [OUTPUT_DIR dir]
#                    [DIAGC path/to/diagc] [OPTIONS --theme dark ...])
#
# Adds a custom target that renders each source to <OUTPUT_DIR>/<stem>.<format>
# (default OUTPUT_DIR: the current binary dir). Each image is rebuilt exactly
# when its source (or anything diagc reports in its --depfile) changes.
#
#   include(path/to/diagc/cmake/Diagc.cmake)
#   file(GLOB DOC_DIAGRAMS ${CMAKE_SOURCE_DIR}/docs/*.puml)
#   diagc_add_diagrams(doc-images ALL FORMAT svg SOURCES ${DOC_DIAGRAMS}
#                      OUTPUT_DIR ${CMAKE_SOURCE_DIR}/docs)
function(diagc_add_diagrams target)
  cmake_parse_arguments(ARG "ALL" "FORMAT;OUTPUT_DIR;DIAGC" "SOURCES;OPTIONS" ${ARGN})
  if(NOT ARG_FORMAT)
    set(ARG_FORMAT svg)
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  if(NOT ARG_DIAGC)
    if(TARGET diagc)
      set(ARG_DIAGC $<TARGET_FILE:diagc>)
    else()
      find_program(ARG_DIAGC diagc REQUIRED)
    endif()
  endif()
  set(outputs)
  foreach(source IN LISTS ARG_SOURCES)
    get_filename_component(stem ${source} NAME_WE)
    get_filename_component(abs ${source} ABSOLUTE)
    set(out ${ARG_OUTPUT_DIR}/${stem}.${ARG_FORMAT})
    set(dep ${CMAKE_CURRENT_BINARY_DIR}/diagc-deps/${stem}.${ARG_FORMAT}.d)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${ARG_DIAGC} ${ARG_OPTIONS} -T ${ARG_FORMAT} -o ${out} --depfile ${dep} ${abs}
      DEPENDS ${abs}
      DEPFILE ${dep}
      COMMENT "diagc ${stem}.${ARG_FORMAT}"
      VERBATIM)
    list(APPEND outputs ${out})
  endforeach()
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/diagc-deps)
  if(ARG_ALL)
    add_custom_target(${target} ALL DEPENDS ${outputs})
  else()
    add_custom_target(${target} DEPENDS ${outputs})
  endif()
endfunction()
