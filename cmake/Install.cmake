# What `cmake --install` (and the .deb, cmake/Package.cmake) puts where, by
# GNUInstallDirs: the tool, its man page and completions, the library with its
# CMake package, and the licences. Fonts and the stdlib are inside the
# binaries, so there are no data files.
include(CMakePackageConfigHelpers)

install(TARGETS diagc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# diagc finds it there (cli/install_layout.cpp).
install(TARGETS diagc-full RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/diagc)

set(DG_CLI_DOCS_DIR ${PROJECT_BINARY_DIR}/docs)
install(FILES ${DG_CLI_DOCS_DIR}/diagc.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${DG_CLI_DOCS_DIR}/diagc.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME diagc)
install(FILES ${DG_CLI_DOCS_DIR}/_diagc DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${DG_CLI_DOCS_DIR}/diagc.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

install(TARGETS diagc_lib diagc_raster EXPORT diagcTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/api/include/diagc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(DG_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/diagc)
install(EXPORT diagcTargets NAMESPACE diagc:: DESTINATION ${DG_CMAKE_PACKAGE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/diagcConfig.cmake.in
    ${PROJECT_BINARY_DIR}/diagcConfig.cmake INSTALL_DESTINATION ${DG_CMAKE_PACKAGE_DIR}
    PATH_VARS CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/diagcConfigVersion.cmake
    COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/diagcConfig.cmake ${PROJECT_BINARY_DIR}/diagcConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Diagc.cmake
        DESTINATION ${DG_CMAKE_PACKAGE_DIR})

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/THIRD-PARTY.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/stdlib/C4/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR}/licenses RENAME C4-PlantUML.txt)
file(GLOB DG_FONT_LICENSES ${PROJECT_SOURCE_DIR}/render/fonts/LICENSE-*.txt)
install(FILES ${DG_FONT_LICENSES} DESTINATION ${CMAKE_INSTALL_DOCDIR}/licenses)
