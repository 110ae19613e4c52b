# `cpack -G DEB` (scripts/package.sh): diagc_<version>_amd64.deb with what
# cmake/Install.cmake installs, under /usr. Depends: come from dpkg-shlibdeps
# on the binaries and libraries, so they name the Debian packages of exactly
# the shared libraries diagc links.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME diagc)
set(CPACK_PACKAGE_VENDOR "the diagc contributors")
set(CPACK_PACKAGE_CONTACT "the diagc contributors <diagc@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "PlantUML, DBML and Mermaid diagrams to SVG, PNG and PDF")
set(CPACK_PACKAGE_DESCRIPTION
    "diagc compiles the diagram text people keep in git (PlantUML component, deployment, ER and sequence
diagrams with the preprocessor and the C4 library, DBML, Mermaid flowcharts, sequence and ER diagrams)
to SVG, PNG and PDF in milliseconds, without a JVM or a browser. Includes the diagc tool, its man page
and shell completions, and libdiagc for embedding (C++ and C APIs, CMake package).")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # diagc_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The Graphviz dot plugin lives outside the linker's path (layout/CMakeLists.txt);
# dpkg-shlibdeps finds its package there.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${DG_GRAPHVIZ_PLUGIN_DIR})
# libdiagc's shlibs file, so packages built against it depend on it.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
include(CPack)
