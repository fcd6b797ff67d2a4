# Writes the man page bahth.1 from the built binary's own help text (`bahth --help` and
# `bahth COMMAND --help` for each command it lists), so the page says what --help says.
# Usage: cmake -DBAHTH=path/to/bahth -DOUT=bahth.1 -DVERSION=0.1.0 -P bahth_man.cmake

# roff treats a leading '.' or "'" as a request and '\' as an escape: quote them.
function(roff_escape text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(help_of out)
  execute_process(COMMAND "${BAHTH}" ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${BAHTH} ${ARGN} --help failed (${rc})")
  endif()
  roff_escape("${text}" text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND "${BAHTH}" --help OUTPUT_VARIABLE top RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BAHTH} --help failed (${rc})")
endif()
# The commands: the indented lines after "Subcommands:".
string(REGEX REPLACE ".*\nSubcommands:\n" "" listing "${top}")
string(REGEX MATCHALL "(^|\n)  [a-z]+" names "${listing}")
set(commands)
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  list(APPEND commands "${name}")
endforeach()

roff_escape("${top}" top_text)
set(page ".TH BAHTH 1 \"\" \"bahth ${VERSION}\" \"User Commands\"\n")
string(APPEND page ".SH NAME\nbahth \\- index Arabic news articles and search them by relevance\n")
string(APPEND page ".SH SYNOPSIS\n.B bahth\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n")
string(APPEND page ".SH DESCRIPTION\n.nf\n${top_text}.fi\n.SH COMMANDS\n")
foreach(command IN LISTS commands)
  help_of(text ${command})
  string(APPEND page ".SS bahth ${command}\n.nf\n${text}.fi\n")
endforeach()
string(APPEND page ".SH ENVIRONMENT\n.TP\n.B BAHTH_DB\nIndex location when --db is not given (default ./bahth-index).\n")
string(APPEND page ".TP\n.B BAHTH_BIDI\nDefault for search --bidi.\n.TP\n.B NO_COLOR\nNo bold highlights on a terminal.\n")
string(APPEND page ".SH EXIT STATUS\n0 success (also a search with no results), 1 runtime error (bad index, I/O), 2 usage error.\n")
file(WRITE "${OUT}" "${page}")
