# One way to compile a data file into the program: its bytes, as they are, in read-only data,
# seen by C++ as `extern const std::string_view NAMESPACE::NAME`.
#
#   bahth_embed_file(TARGET target FILE path NAMESPACE ns NAME kName)
#
# The assembler includes the file (.incbin): no escaping, no length limit (a string literal of
# several megabytes is more than C++ promises, -Woverlength-strings), no parsing at run time.
# The file may be generated during the build. The generated source carries the file's SHA-256,
# so that a compiler cache, which never reads the .incbin'd file, sees a new source when the data
# changes.
#
# Script mode, run by the build: cmake -DINPUT=... -DOUTPUT=... -DNAMESPACE=... -DNAME=...
#   -DTEMPLATE=... -P bahth_embed.cmake

if(CMAKE_SCRIPT_MODE_FILE)
  file(SHA256 "${INPUT}" BAHTH_EMBED_SHA256)
  string(REPLACE "::" "_" BAHTH_EMBED_SYMBOL "bahth_embed_${NAMESPACE}_${NAME}")
  set(BAHTH_EMBED_INPUT "${INPUT}")
  set(BAHTH_EMBED_NAMESPACE "${NAMESPACE}")
  set(BAHTH_EMBED_NAME "${NAME}")
  configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
  return()
endif()

set(BAHTH_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_FILE})
set(BAHTH_EMBED_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/embedded_file.cc.in)

function(bahth_embed_file)
  cmake_parse_arguments(ARG "" "TARGET;FILE;NAMESPACE;NAME" "" ${ARGN})
  foreach(required TARGET FILE NAMESPACE NAME)
    if(NOT ARG_${required})
      message(FATAL_ERROR "bahth_embed_file: ${required} is missing")
    endif()
  endforeach()
  set(source ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ARG_NAME}.cc)
  add_custom_command(
    OUTPUT ${source}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${ARG_FILE} -DOUTPUT=${source} -DNAMESPACE=${ARG_NAMESPACE}
            -DNAME=${ARG_NAME} -DTEMPLATE=${BAHTH_EMBED_TEMPLATE} -P ${BAHTH_EMBED_SCRIPT}
    DEPENDS ${ARG_FILE} ${BAHTH_EMBED_SCRIPT} ${BAHTH_EMBED_TEMPLATE}
    COMMENT "Embedding ${ARG_FILE}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${source})
  # The object holds the file's bytes: rebuild it when they change, whatever the source says.
  set_source_files_properties(${source} TARGET_DIRECTORY ${ARG_TARGET} PROPERTIES OBJECT_DEPENDS
                              ${ARG_FILE})
endfunction()
