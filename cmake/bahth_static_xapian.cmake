# Xapian and simdjson built from Debian's own source packages, and linked with libstdc++ and zlib
# into the `bahth` executable only (the targets with the property BAHTH_STATIC_DEPS, as ICU and
# libxml2 in cmake/bahth_static_deps.cmake); the tests and benchmarks keep the shared libraries.
#
# Why: a `bahth search` process spent most of its instructions in the dynamic loader (2.7M of
# 6.9M: symbol lookups through libxapian, libstdc++ and libsimdjson, and their relocated pages).
# Linked in, a one-word search of the BBC index went from 1.67x `quest`'s CPU to 1.16x
# (bench/HISTORY.md, issue #30). Debian ships no libxapian.a and no libsimdjson.a, so their sources
# come from Debian's own archive, of exactly the installed -dev package's version (the headers
# every other target compiles against must match the code linked in).
#
# How: at configure time, `apt-get source --download-only` with a private sources list in the
# build tree (a deb-src line for the system's Debian mirror; the system's apt is not touched),
# unless BAHTH_DEB_SOURCES names a folder that already holds the two `.orig.tar.*` files (offline
# builds). xapian-core's own `configure` runs once, for config.h and its generated headers, with
# only the backends bahth opens (glass, remote); its library's sources, as configure chose them,
# are then compiled by this build like any other target (Ninja, ccache, -j). Anything missing
# (no network, no deb-src, no `make`, a version mismatch) gives one message and the shared
# libxapian and libsimdjson, never a failed configure.
#
# Sets bahth_static_xapian_found, and the targets bahth_xapian_link, bahth_simdjson and bahth_zlib,
# which every module links instead of the shared libraries.
set(bahth_static_xapian_default ON)
if(BAHTH_SANITIZERS OR BAHTH_FUZZ OR BAHTH_CLANG_TIDY)
  # The sanitizer and lint builds check the code, not the start: they keep the shared Xapian (and
  # CI does not compile Xapian twice).
  set(bahth_static_xapian_default OFF)
endif()
option(BAHTH_STATIC_XAPIAN
       "Link the bahth executable with Xapian and simdjson built from Debian's source packages"
       ${bahth_static_xapian_default})
set(BAHTH_DEB_SOURCES "" CACHE PATH
    "Folder holding xapian-core_V.orig.tar.xz and simdjson_V.orig.tar.gz (empty: apt-get source)")

set(bahth_static_xapian_found OFF)
set(bahth_deps_dir ${CMAKE_BINARY_DIR}/_deps)

# Explains why, once, and leaves bahth_static_xapian_found OFF.
macro(bahth_static_xapian_fallback why)
  message(WARNING "BAHTH_STATIC_XAPIAN: ${why}: bahth links the shared libxapian and libsimdjson "
                  "(a search process starts slower; see cmake/bahth_static_xapian.cmake)")
  set(bahth_static_xapian_found OFF)
  return()
endmacro()

# The Debian version of an installed package, or "" when dpkg does not know it.
function(bahth_deb_version package out)
  execute_process(COMMAND dpkg-query -W -f=\${Version} ${package}
                  OUTPUT_VARIABLE version ERROR_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    set(version "")
  endif()
  set(${out} "${version}" PARENT_SCOPE)
endfunction()

# The Debian mirror the system's apt uses (deb822 `.sources` or one-line `.list`).
function(bahth_debian_mirror out)
  set(mirror "http://deb.debian.org/debian")
  file(GLOB lists /etc/apt/sources.list /etc/apt/sources.list.d/*.list
       /etc/apt/sources.list.d/*.sources)
  foreach(list IN LISTS lists)
    file(STRINGS ${list} lines REGEX "^(URIs:|deb )")
    foreach(line IN LISTS lines)
      if(line MATCHES "(https?://[^ ]*/debian)/?( |$)")
        set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
        return()
      endif()
    endforeach()
  endforeach()
  set(${out} ${mirror} PARENT_SCOPE)
endfunction()

# Fetches the source packages' files into `dir`, with apt's own signature and hash checks.
function(bahth_fetch_deb_sources dir result)
  find_program(BAHTH_APT_GET apt-get)
  set(keyring /usr/share/keyrings/debian-archive-keyring.gpg)
  if(NOT BAHTH_APT_GET OR NOT EXISTS ${keyring} OR NOT EXISTS /etc/os-release)
    set(${result} "no apt-get or no Debian archive keyring" PARENT_SCOPE)
    return()
  endif()
  file(STRINGS /etc/os-release codename REGEX "^VERSION_CODENAME=")
  string(REPLACE "VERSION_CODENAME=" "" codename "${codename}")
  bahth_debian_mirror(mirror)
  set(apt ${dir}/apt)
  file(MAKE_DIRECTORY ${apt}/lists/partial ${apt}/cache/archives/partial)
  file(WRITE ${apt}/sources.list "deb-src [signed-by=${keyring}] ${mirror} ${codename} main\n")
  set(private -o Dir::Etc::SourceList=${apt}/sources.list -o Dir::Etc::SourceParts=/dev/null
              -o Dir::State::Lists=${apt}/lists -o Dir::Cache=${apt}/cache
              -o APT::Sandbox::User=root -o Acquire::Retries=1 -o Acquire::http::Timeout=20
              -o Acquire::https::Timeout=20)
  string(JOIN " " packages ${ARGN})
  message(STATUS "BAHTH_STATIC_XAPIAN: apt-get source ${packages} from ${mirror} ${codename}")
  execute_process(COMMAND ${BAHTH_APT_GET} ${private} -q update
                  OUTPUT_FILE ${apt}/update.log ERROR_FILE ${apt}/update.log
                  RESULT_VARIABLE rc TIMEOUT 300)
  if(rc EQUAL 0)
    execute_process(COMMAND ${BAHTH_APT_GET} ${private} -q source --download-only ${ARGN}
                    WORKING_DIRECTORY ${dir} OUTPUT_FILE ${apt}/source.log
                    ERROR_FILE ${apt}/source.log RESULT_VARIABLE rc TIMEOUT 600)
  endif()
  if(rc EQUAL 0)
    set(${result} "" PARENT_SCOPE)
  else()
    set(${result} "apt-get source failed (${rc}; see ${apt}/*.log)" PARENT_SCOPE)
  endif()
endfunction()

# The first of bahth's seven changes to Xapian's source (then bahth_patch_xapian_docdata,
# bahth_patch_xapian_deflate, bahth_patch_xapian_spelling, bahth_patch_xapian_postlist,
# bahth_patch_xapian_fragments and bahth_patch_xapian_spelling_libdeflate):
# a value stream asked about documents after the last value of the chunk it holds
# (GlassValueList::check, what the matcher's collapse key reads for every candidate) finds the
# chunk again, reads it (two blocks when it spans them) and decodes
# it from its start, for every such candidate up to the next chunk. bahth's duplicate-group key is
# on 1 article in 28, so candidates fall there often: 65 times in a one-word search of both
# corpora (6% of the process's instructions), 116 in `title:ترامب` (bench/HISTORY.md, p95hunt).
# The change remembers where the next chunk starts and answers "no value" below it. Xapian's
# own source is used unchanged when the text to change is not found (another version).
function(bahth_patch_xapian xsrc)
  set(file ${xsrc}/backends/glass/glass_valuelist.cc)
  file(READ ${file} text)
  set(check_old [=[    } else if (!reader.at_end()) {
	// Check for the requested docid in the current block.
	reader.skip_to(did);
	if (!reader.at_end()) return true;
    }

    // Try moving to the appropriate chunk.
    if (!cursor->find_entry(make_valuechunk_key(slot, did))) {
	// We're in a chunk which might contain the docid.
	if (update_reader()) {
	    reader.skip_to(did);
	    if (!reader.at_end()) return true;
	}
	return false;
    }]=])
  set(check_new [=[    } else if (!reader.at_end()) {
	// Check for the requested docid in the current block.
	reader.skip_to(did);
	if (!reader.at_end()) return true;
    } else if (did < bahth_gap_end) {
	// (bahth) Between the chunk read last and the next: no value.
	return false;
    }

    // Try moving to the appropriate chunk.
    if (!cursor->find_entry(make_valuechunk_key(slot, did))) {
	// We're in a chunk which might contain the docid.
	if (update_reader()) {
	    reader.skip_to(did);
	    if (!reader.at_end()) return true;
	}
	// (bahth) No value from did until the next chunk of this slot, if any.
	Xapian::docid next_did = 0;
	if (cursor->next()) next_did = docid_from_key(slot, cursor->current_key);
	bahth_gap_end = next_did ? next_did : Xapian::docid(-1);
	return false;
    }]=])
  set(reader_old [=[    cursor->read_tag();
    const string & tag = cursor->current_tag;
    reader.assign(tag.data(), tag.size(), first_did);]=])
  set(reader_new [=[    cursor->read_tag();
    const string & tag = cursor->current_tag;
    reader.assign(tag.data(), tag.size(), first_did);
    bahth_gap_end = 0;]=])
  set(header ${xsrc}/backends/glass/glass_valuelist.h)
  file(READ ${header} header_text)
  set(member_old [=[    Glass::ValueChunkReader reader;]=])
  set(member_new [=[    Glass::ValueChunkReader reader;

    /// (bahth) While @a reader is at its end: no value below this docid (0: not known).
    Xapian::docid bahth_gap_end = 0;]=])
  string(FIND "${text}" "${check_old}" at_check)
  string(FIND "${text}" "${reader_old}" at_reader)
  string(FIND "${header_text}" "${member_old}" at_member)
  if(at_check EQUAL -1 OR at_reader EQUAL -1 OR at_member EQUAL -1)
    message(STATUS "BAHTH_STATIC_XAPIAN: glass_valuelist is not the one bahth changes; unchanged")
    return()
  endif()
  string(REPLACE "${check_old}" "${check_new}" text "${text}")
  string(REPLACE "${reader_old}" "${reader_new}" text "${text}")
  string(REPLACE "${member_old}" "${member_new}" header_text "${header_text}")
  file(WRITE ${file} "${text}")
  file(WRITE ${header} "${header_text}")
endfunction()

# bahth's second change to Xapian's code: a glass database it creates does not deflate its document
# data. bahth stores each article zstd-compressed with a trained dictionary (schema/stored_text.h),
# which zlib almost never shrinks, yet glass deflated every record longer than 18 bytes to find that
# out (5 of 30,758 records shrank): 1.07 s of CPU at 30,758 articles, 2% of a first build's
# (bench/HISTORY.md, idxrate2). The threshold is per table and recorded in the database's version
# file (`compress_min`, 0: never compress), so the index stays in Xapian's format: a stock Xapian
# 1.4 reads it (uncompressed tags are the usual case for the postlist and position tables), and
# writes into it without deflating the records too. Only the table of defaults for new databases
# changes; databases made before keep their own threshold. Applied once to the unpacked source; if
# the line is not found (another Xapian), the build goes on with Xapian as it is, with one message.
function(bahth_patch_xapian_docdata xsrc)
  set(file ${xsrc}/backends/glass/glass_version.cc)
  set(original "    COMPRESS_MIN, // DOCDATA\n")
  set(patched "    0, // DOCDATA (bahth: its records are zstd already)\n")
  file(READ ${file} text)
  string(FIND "${text}" "${patched}" at)
  if(at GREATER_EQUAL 0)
    return()
  endif()
  string(FIND "${text}" "${original}" at)
  if(at LESS 0)
    message(WARNING "BAHTH_STATIC_XAPIAN: ${file} has no `COMPRESS_MIN, // DOCDATA` line: the "
                    "document data stays deflated (indexing costs a few percent more CPU)")
    return()
  endif()
  string(REPLACE "${original}" "${patched}" text "${text}")
  file(WRITE ${file} "${text}")
endfunction()

# bahth's third change to Xapian's code: glass deflates its tags with libdeflate when bahth is
# built with it (BAHTH_LIBDEFLATE, libdeflate-dev), not zlib. Each article's term list is deflated
# as it is added (a first build's termlists: 86 MB into 53), 5-6% of a first build's CPU in
# zlib's deflate; libdeflate's level 6 writes the same raw deflate format, which zlib's inflate
# (every Xapian) reads, in half the time and as small (52.656 MB against 52.653 for the
# termlists of both corpora; bench/HISTORY.md, idxrate3). Only tags of 1 KB or more (zlib keeps
# the spelling table's short ones 1-2% smaller) and the default strategy, which glass uses;
# inflate stays zlib's. Applied once to the unpacked source (the change is inert without
# the define); if the text to change is not found (another Xapian), Xapian stays as it is.
function(bahth_patch_xapian_deflate xsrc)
  set(header ${xsrc}/common/compression_stream.h)
  set(source ${xsrc}/common/compression_stream.cc)
  file(READ ${header} h)
  file(READ ${source} c)
  string(FIND "${h}" "bahth_deflate" at)
  if(at GREATER_EQUAL 0)
    return()
  endif()
  set(member_old "    z_stream* inflate_zstream;\n")
  set(member_new "    z_stream* inflate_zstream;\n\n    /// (bahth) libdeflate's compressor, when built with it (BAHTH_LIBDEFLATE).\n    void* bahth_deflate = nullptr;\n")
  set(include_old "#include \"compression_stream.h\"\n")
  set(include_new "#include \"compression_stream.h\"\n\n#ifdef BAHTH_LIBDEFLATE\n#include <libdeflate.h>\n#endif\n")
  set(destructor_old "CompressionStream::~CompressionStream() {\n")
  set(destructor_new [=[CompressionStream::~CompressionStream() {
#ifdef BAHTH_LIBDEFLATE
    if (bahth_deflate)
	libdeflate_free_compressor(static_cast<libdeflate_compressor*>(bahth_deflate));
#endif
]=])
  set(compress_old "CompressionStream::compress(const char* buf, size_t* p_size) {\n    lazy_alloc_deflate_zstream();\n")
  set(compress_new [=[CompressionStream::compress(const char* buf, size_t* p_size) {
#ifdef BAHTH_LIBDEFLATE
    // (bahth) The same raw deflate as zlib's level 6, in about half the CPU; kept only when
    // smaller, as below. Shorter tags (the spelling table's) stay zlib's, which makes them
    // 1-2% smaller.
    if (compress_strategy == Z_DEFAULT_STRATEGY && *p_size >= 1024) {
	size_t size = *p_size;
	if (!out || out_len < size) {
	    out_len = size;
	    delete [] out;
	    out = NULL;
	    out = new char[size];
	}
	if (!bahth_deflate) {
	    bahth_deflate = libdeflate_alloc_compressor(6);
	    if (!bahth_deflate) throw std::bad_alloc();
	}
	size_t got = libdeflate_deflate_compress(
	    static_cast<libdeflate_compressor*>(bahth_deflate), buf, size, out, size - 1);
	if (got == 0) return NULL;
	*p_size = got;
	return out;
    }
#endif
    lazy_alloc_deflate_zstream();
]=])
  string(FIND "${h}" "${member_old}" a1)
  string(FIND "${c}" "${include_old}" a2)
  string(FIND "${c}" "${destructor_old}" a3)
  string(FIND "${c}" "${compress_old}" a4)
  if(a1 LESS 0 OR a2 LESS 0 OR a3 LESS 0 OR a4 LESS 0)
    message(WARNING "BAHTH_STATIC_XAPIAN: compression_stream is not the one bahth changes: "
                    "glass deflates with zlib (indexing costs a few percent more CPU)")
    return()
  endif()
  string(REPLACE "${member_old}" "${member_new}" h "${h}")
  string(REPLACE "${include_old}" "${include_new}" c "${c}")
  string(REPLACE "${destructor_old}" "${destructor_new}" c "${c}")
  string(REPLACE "${compress_old}" "${compress_new}" c "${c}")
  file(WRITE ${header} "${h}")
  file(WRITE ${source} "${c}")
endfunction()

# The fourth change: the spelling table's tags are deflated at zlib's fastest level (1) instead of
# its default (6). Deleting an article of the index takes its words with one other article out of
# the table, and Xapian rewrites each of their trigram fragment lists: at level 6 their deflating
# cost 117M of the 324M instructions of `bahth delete` of an article of a 30,758-article index
# (bench/HISTORY.md, delold). The format is Xapian's (any level inflates the same way); only
# how hard the writer looks for matches changes. Made once; if a line is not found (another
# Xapian), the build goes on with Xapian as it is, with one message.
function(bahth_patch_xapian_spelling xsrc)
  set(stream ${xsrc}/common/compression_stream.cc)
  set(table ${xsrc}/backends/glass/glass_table.cc)
  set(stream_old "    int err = deflateInit2(deflate_zstream, Z_DEFAULT_COMPRESSION, Z_DEFLATED,\n\t\t\t   -15, 9, compress_strategy);\n")
  set(stream_new "    // bahth: a strategy of -1 asks for zlib's fastest level and a smaller hash (the spelling table).\n    const bool bahth_fast = compress_strategy == -1;\n    int err = deflateInit2(deflate_zstream,\n\t\t\t   bahth_fast ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION, Z_DEFLATED,\n\t\t\t   -15, bahth_fast ? 6 : 9, bahth_fast ? Z_DEFAULT_STRATEGY : compress_strategy);\n")
  set(table_old "\t  compress_min(0),\n\t  comp_stream(Z_DEFAULT_STRATEGY),\n\t  lazy(lazy_),\n\t  last_readahead(BLK_UNUSED),\n\t  offset(0)\n")
  set(table_new "\t  compress_min(0),\n\t  // bahth: -1, zlib's fastest level for the spelling table.\n\t  comp_stream(std::strcmp(tablename_, \"spelling\") == 0 ? -1 : Z_DEFAULT_STRATEGY),\n\t  lazy(lazy_),\n\t  last_readahead(BLK_UNUSED),\n\t  offset(0)\n")
  file(READ ${stream} stream_text)
  file(READ ${table} table_text)
  string(FIND "${stream_text}" "${stream_new}" stream_done)
  string(FIND "${table_text}" "${table_new}" table_done)
  if(stream_done GREATER_EQUAL 0 AND table_done GREATER_EQUAL 0)
    return()
  endif()
  string(FIND "${stream_text}" "${stream_old}" stream_at)
  string(FIND "${table_text}" "${table_old}" table_at)
  if(stream_at LESS 0 OR table_at LESS 0)
    message(WARNING "BAHTH_STATIC_XAPIAN: ${stream} or ${table} is not as expected: the spelling "
                    "table stays deflated at zlib's default level (deletes cost more CPU)")
    return()
  endif()
  string(REPLACE "${stream_old}" "${stream_new}" stream_text "${stream_text}")
  string(REPLACE "${table_old}" "${table_new}" table_text "${table_text}")
  file(WRITE ${stream} "${stream_text}")
  file(WRITE ${table} "${table_text}")
endfunction()

# Puts the code of cmake/HELPER_IN before ANCHOR in FILE and replaces OLD by NEW in it, once
# (MARKER, a name the helper defines, found: already done). Where ANCHOR or OLD is not found
# (another Xapian), FILE stays as it is and the build says what that costs (WHY).
function(bahth_splice_xapian_source file marker helper_in anchor old new why)
  file(READ ${file} text)
  string(FIND "${text}" "${marker}" done)
  if(done GREATER_EQUAL 0)
    return()
  endif()
  string(FIND "${text}" "${anchor}" anchor_at)
  string(FIND "${text}" "${old}" old_at)
  if(anchor_at LESS 0 OR old_at LESS 0)
    message(WARNING "BAHTH_STATIC_XAPIAN: ${file} is not as expected: ${why}")
    return()
  endif()
  file(READ ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/${helper_in} helper)
  string(REPLACE "${anchor}" "${helper}${anchor}" text "${text}")
  string(REPLACE "${old}" "${new}" text "${text}")
  file(WRITE ${file} "${text}")
endfunction()

# The fifth change: a posting removed from a posting list (an article deleted or replaced) is
# spliced out of its chunk's bytes (cmake/xapian_remove_posting.cc.in) where glass decodes and
# encodes the whole chunk again: 86M of the 232M instructions of deleting an old article of a
# 30,758-article index went there, for 1,320 chunks (bench/HISTORY.md, delold2). The tags
# written are Xapian's own, byte for byte, and any case the splice does not cover takes
# Xapian's path. Made once; if the text is not found (another Xapian), Xapian stays as it is.
function(bahth_patch_xapian_postlist xsrc)
  set(define_old "void\nGlassPostListTable::merge_changes(const string &term,\n")
  set(call_old [=[    map<Xapian::docid, Xapian::termcount>::const_iterator j;
    j = changes.pl_changes.begin();
    Assert(j != changes.pl_changes.end()); // This case is caught above.
]=])
  set(call_new [=[    map<Xapian::docid, Xapian::termcount>::const_iterator j;
    j = changes.pl_changes.begin();
    Assert(j != changes.pl_changes.end()); // This case is caught above.
    // bahth: removals spliced out of their chunks while they can be (bahth_remove_posting).
    while (j != changes.pl_changes.end() && j->second == Xapian::termcount(-1) &&
	   bahth_remove_posting(this, term, j->first))
	++j;
    if (j == changes.pl_changes.end()) return;
]=])
  bahth_splice_xapian_source(${xsrc}/backends/glass/glass_postlist.cc bahth_remove_posting
    xapian_remove_posting.cc.in "${define_old}" "${call_old}" "${call_new}"
    "a posting list's chunk is decoded and encoded again for each removal (deletes cost more CPU)")
endfunction()

# The sixth change: a trigram fragment's list of words in the spelling table is merged with its
# changes as bytes before the first change and after the last (cmake/xapian_spelling_merge.cc.in),
# where glass decodes and encodes every word of it: a word leaving the table (an article deleted)
# rewrites lists of about a thousand words (bench/HISTORY.md, delold2). The lists are Xapian's,
# byte for byte. Made once; if the text is not found (another Xapian), Xapian stays as it is.
function(bahth_patch_xapian_fragments xsrc)
  set(define_old "void\nGlassSpellingTable::merge_changes()\n")
  set(merge_old [=[	string updated;
	string current;
	PrefixCompressedStringWriter out(updated);
	if (get_exact_entry(key, current)) {
	    PrefixCompressedStringItor in(current);
	    updated.reserve(current.size()); // FIXME plus some?
	    while (!in.at_end() && d != changes.end()) {
		const string & word = *in;
		Assert(d != changes.end());
		int cmp = word.compare(*d);
		if (cmp < 0) {
		    out.append(word);
		    ++in;
		} else if (cmp > 0) {
		    out.append(*d);
		    ++d;
		} else {
		    // If an existing entry is in the changes list, that means
		    // we should remove it.
		    ++in;
		    ++d;
		}
	    }
	    if (!in.at_end()) {
		// FIXME : easy to optimise this to a fix-up and substring copy.
		while (!in.at_end()) {
		    out.append(*in++);
		}
	    }
	}
	while (d != changes.end()) {
	    out.append(*d++);
	}
]=])
  set(merge_new [=[	string updated;
	string current;
	if (get_exact_entry(key, current)) {
	    // bahth: merged as bytes where nothing changes (bahth_merge_fragment).
	    bahth_merge_fragment(current, changes, updated);
	} else {
	    PrefixCompressedStringWriter out(updated);
	    while (d != changes.end()) {
		out.append(*d++);
	    }
	}
]=])
  bahth_splice_xapian_source(${xsrc}/backends/glass/glass_spelling.cc bahth_merge_fragment
    xapian_spelling_merge.cc.in "${define_old}" "${merge_old}" "${merge_new}"
    "the spelling table's fragment lists are decoded and encoded whole (deletes cost more CPU)")
endfunction()

# The seventh change, on top of the third and the fourth: with libdeflate, the spelling table's
# tags (the strategy of -1 the fourth gives them) are deflated by libdeflate's level 1, not zlib's:
# the same raw deflate (any inflate reads it), in about a third of the CPU. A word leaving the
# table rewrites its fragments' lists: their deflating was 43M of the 147M instructions of
# deleting an old article of both corpora after the fifth and sixth changes (bench/HISTORY.md,
# delold2). Made once, after the third; without it (no libdeflate, another Xapian), the spelling
# table stays zlib's level 1.
function(bahth_patch_xapian_spelling_libdeflate xsrc)
  set(file ${xsrc}/common/compression_stream.cc)
  file(READ ${file} text)
  string(FIND "${text}" "bahth_spelling_level" done)
  if(done GREATER_EQUAL 0)
    return()
  endif()
  set(test_old "    if (compress_strategy == Z_DEFAULT_STRATEGY && *p_size >= 1024) {\n")
  set(test_new "    // bahth_spelling_level: the spelling table's tags (strategy -1), at libdeflate's level 1.\n    if ((compress_strategy == Z_DEFAULT_STRATEGY && *p_size >= 1024) || compress_strategy == -1) {\n")
  set(alloc_old "\t    bahth_deflate = libdeflate_alloc_compressor(6);\n")
  set(alloc_new "\t    bahth_deflate = libdeflate_alloc_compressor(compress_strategy == -1 ? 1 : 6);\n")
  string(FIND "${text}" "${test_old}" test_at)
  string(FIND "${text}" "${alloc_old}" alloc_at)
  if(test_at LESS 0 OR alloc_at LESS 0)
    return()  # no libdeflate (the third change said so), or another Xapian
  endif()
  string(REPLACE "${test_old}" "${test_new}" text "${text}")
  string(REPLACE "${alloc_old}" "${alloc_new}" text "${text}")
  file(WRITE ${file} "${text}")
endfunction()

function(bahth_setup_static_xapian)
  if(NOT BAHTH_STATIC_XAPIAN)
    return()
  endif()
  # Pinned to the installed -dev packages: their headers are what bahth compiles against.
  bahth_deb_version(libxapian-dev xapian_deb)
  bahth_deb_version(libsimdjson-dev simdjson_deb)
  if(xapian_deb STREQUAL "" OR simdjson_deb STREQUAL "")
    bahth_static_xapian_fallback("libxapian-dev or libsimdjson-dev is not a Debian package here")
  endif()
  string(REGEX REPLACE "^([0-9]+:)?([^-]+)(-.*)?$" "\\2" xapian_upstream "${xapian_deb}")
  string(REGEX REPLACE "^([0-9]+:)?([^-]+)(-.*)?$" "\\2" simdjson_upstream "${simdjson_deb}")
  file(STRINGS ${XAPIAN_INCLUDE_DIR}/xapian/version.h header_version
       REGEX "^#define XAPIAN_VERSION \"")
  if(NOT header_version MATCHES "\"${xapian_upstream}\"")
    bahth_static_xapian_fallback("the Xapian headers (${header_version}) are not ${xapian_deb}'s")
  endif()

  set(xapian_tar xapian-core_${xapian_upstream}.orig.tar.xz)
  set(simdjson_tar simdjson_${simdjson_upstream}.orig.tar.gz)
  if(BAHTH_DEB_SOURCES)
    set(sources_dir ${BAHTH_DEB_SOURCES})
  else()
    set(sources_dir ${bahth_deps_dir}/debian-sources)
    # A failed fetch is tried once: CMake configures again at every change of a CMakeLists.txt.
    set(failed ${sources_dir}/fetch-failed)
    if(EXISTS ${failed})
      bahth_static_xapian_fallback("fetching failed before (remove ${failed} to try again)")
    endif()
    if(NOT EXISTS ${sources_dir}/${xapian_tar} OR NOT EXISTS ${sources_dir}/${simdjson_tar})
      file(MAKE_DIRECTORY ${sources_dir})
      bahth_fetch_deb_sources(${sources_dir} why xapian-core=${xapian_deb}
                              simdjson=${simdjson_deb})
      if(why)
        file(WRITE ${failed} "${why}\n")
        bahth_static_xapian_fallback("${why}")
      endif()
    endif()
  endif()
  if(NOT EXISTS ${sources_dir}/${xapian_tar} OR NOT EXISTS ${sources_dir}/${simdjson_tar})
    bahth_static_xapian_fallback("${sources_dir} holds no ${xapian_tar} and ${simdjson_tar}")
  endif()

  find_program(BAHTH_MAKE make)
  find_library(BAHTH_UUID_ARCHIVE NAMES libuuid.a)
  find_library(BAHTH_ZLIB_ARCHIVE NAMES libz.a)
  if(NOT BAHTH_MAKE OR NOT BAHTH_UUID_ARCHIVE OR NOT BAHTH_ZLIB_ARCHIVE)
    bahth_static_xapian_fallback("make, libuuid.a (uuid-dev) or libz.a (zlib1g-dev) is missing")
  endif()

  # xapian-core: unpacked and configured once (a stamp names the tarball and the options).
  set(xsrc ${bahth_deps_dir}/xapian-core-${xapian_upstream})
  set(xbuild ${bahth_deps_dir}/xapian-build)
  set(options --disable-shared --enable-static --disable-documentation
              --disable-backend-chert --disable-backend-inmemory)
  # The value-stream change to Debian's source is made at unpacking (bahth_patch_xapian above);
  # its version is in the stamp, so a new one unpacks and configures again. The docdata change
  # (bahth_patch_xapian_docdata) is checked at every configure and made once.
  set(bahth_xapian_patch "valuelist-gap-1")
  set(stamp "${xapian_tar} ${options} ${CMAKE_CXX_COMPILER} ${bahth_xapian_patch}")
  set(stamp_file ${xbuild}/bahth-configured)
  set(old_stamp "")
  if(EXISTS ${stamp_file})
    file(READ ${stamp_file} old_stamp)
  endif()
  if(NOT old_stamp STREQUAL stamp)
    message(STATUS "BAHTH_STATIC_XAPIAN: configuring xapian-core ${xapian_deb} from Debian's source")
    file(REMOVE_RECURSE ${xsrc} ${xbuild})
    file(ARCHIVE_EXTRACT INPUT ${sources_dir}/${xapian_tar} DESTINATION ${bahth_deps_dir})
    bahth_patch_xapian(${xsrc})
    file(MAKE_DIRECTORY ${xbuild})
    execute_process(
      COMMAND ${CMAKE_COMMAND} -E env CXX=${CMAKE_CXX_COMPILER} "CXXFLAGS=-O2"
              ${xsrc}/configure ${options}
      WORKING_DIRECTORY ${xbuild} OUTPUT_FILE ${xbuild}/configure.log
      ERROR_FILE ${xbuild}/configure.log RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      bahth_static_xapian_fallback("xapian-core's configure failed (see ${xbuild}/configure.log)")
    endif()
    file(WRITE ${stamp_file} "${stamp}")
  endif()
  bahth_patch_xapian_docdata(${xsrc})
  bahth_patch_xapian_deflate(${xsrc})
  bahth_patch_xapian_spelling(${xsrc})
  bahth_patch_xapian_postlist(${xsrc})
  bahth_patch_xapian_fragments(${xsrc})
  bahth_patch_xapian_spelling_libdeflate(${xsrc})
  # The library's sources as configure chose them (Makefile conditionals resolved by make).
  file(WRITE ${xbuild}/bahth-sources.mk "bahth-sources: ; @echo $(libxapian_la_SOURCES)\n")
  execute_process(COMMAND ${BAHTH_MAKE} -s -f Makefile -f bahth-sources.mk bahth-sources
                  WORKING_DIRECTORY ${xbuild} OUTPUT_VARIABLE xapian_sources RESULT_VARIABLE rc)
  string(REGEX MATCHALL "[^ \n]+\\.cc" xapian_sources "${xapian_sources}")
  list(LENGTH xapian_sources count)
  if(NOT rc EQUAL 0 OR count LESS 50)
    bahth_static_xapian_fallback("xapian-core's Makefile named no sources")
  endif()
  list(TRANSFORM xapian_sources PREPEND ${xsrc}/)

  add_library(bahth_xapian_static STATIC ${xapian_sources})
  target_include_directories(bahth_xapian_static PRIVATE ${xbuild} ${xsrc} ${xsrc}/common
    ${xsrc}/include ${xbuild}/include ${xsrc}/languages ${xbuild}/languages ${xsrc}/queryparser)
  target_compile_definitions(bahth_xapian_static PRIVATE HAVE_CONFIG_H)
  # Xapian's own flags (-O2 as Debian builds it; its warnings are not ours), not bahth's.
  target_compile_options(bahth_xapian_static PRIVATE -O2 -fno-math-errno -fvisibility=hidden
                         -fvisibility-inlines-hidden -w)
  set_target_properties(bahth_xapian_static PROPERTIES CXX_STANDARD 17 CXX_EXTENSIONS ON
                        CXX_CLANG_TIDY "" EXCLUDE_FROM_ALL ON)
  # Compiled in batches of 8 files (a unity build: each header parsed once a batch), but for the
  # files whose file-local names collide: the Snowball stemmers (generated, each with the same
  # static tables), and two that a batch's earlier files break (a `socket` macro, a name clash).
  set_target_properties(bahth_xapian_static PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  list(FILTER xapian_sources INCLUDE REGEX
       "/(languages/[^/]*|net/replicatetcpclient|backends/multi/multi_valuelist)\\.cc$")
  set_source_files_properties(${xapian_sources} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  target_link_libraries(bahth_xapian_static INTERFACE ${BAHTH_UUID_ARCHIVE} ${BAHTH_ZLIB_ARCHIVE})
  # libdeflate (libdeflate-dev) for glass's deflate when it is there (bahth_patch_xapian_deflate).
  find_library(BAHTH_LIBDEFLATE_ARCHIVE NAMES libdeflate.a)
  find_path(BAHTH_LIBDEFLATE_INCLUDE libdeflate.h)
  if(BAHTH_LIBDEFLATE_ARCHIVE AND BAHTH_LIBDEFLATE_INCLUDE)
    target_compile_definitions(bahth_xapian_static PRIVATE BAHTH_LIBDEFLATE)
    target_include_directories(bahth_xapian_static SYSTEM PRIVATE ${BAHTH_LIBDEFLATE_INCLUDE})
    target_link_libraries(bahth_xapian_static INTERFACE ${BAHTH_LIBDEFLATE_ARCHIVE})
  else()
    message(STATUS "BAHTH_STATIC_XAPIAN: no libdeflate.a (libdeflate-dev): glass deflates with "
                   "zlib (indexing costs a few percent more CPU)")
  endif()

  # simdjson: its one amalgamated source file, with the define Debian's build exports.
  set(ssrc ${bahth_deps_dir}/simdjson-${simdjson_upstream})
  if(NOT EXISTS ${ssrc}/singleheader/simdjson.cpp)
    file(ARCHIVE_EXTRACT INPUT ${sources_dir}/${simdjson_tar} DESTINATION ${bahth_deps_dir}
         PATTERNS "simdjson-${simdjson_upstream}/singleheader/*")
  endif()
  add_library(bahth_simdjson_static STATIC ${ssrc}/singleheader/simdjson.cpp)
  target_compile_definitions(bahth_simdjson_static PUBLIC SIMDJSON_THREADS_ENABLED=1)
  target_compile_options(bahth_simdjson_static PRIVATE -w)
  set_target_properties(bahth_simdjson_static PROPERTIES CXX_CLANG_TIDY "" EXCLUDE_FROM_ALL ON)
  target_link_libraries(bahth_simdjson_static INTERFACE Threads::Threads)

  message(STATUS "BAHTH_STATIC_XAPIAN: xapian-core ${xapian_deb} (${count} sources) and simdjson "
                 "${simdjson_deb} from Debian's source, linked into bahth")
  set(bahth_static_xapian_found ON PARENT_SCOPE)
endfunction()
bahth_setup_static_xapian()

# The wrappers: the shared libraries everywhere, the archives where BAHTH_STATIC_DEPS is set.
set(bahth_xstatic "$<BOOL:$<TARGET_PROPERTY:BAHTH_STATIC_DEPS>>")
set(bahth_xshared "$<NOT:${bahth_xstatic}>")
add_library(bahth_xapian_link INTERFACE)
target_include_directories(bahth_xapian_link SYSTEM INTERFACE ${XAPIAN_INCLUDE_DIR})
add_library(bahth_simdjson INTERFACE)
target_include_directories(bahth_simdjson SYSTEM INTERFACE
                           $<TARGET_PROPERTY:simdjson::simdjson,INTERFACE_INCLUDE_DIRECTORIES>)
target_compile_definitions(bahth_simdjson INTERFACE
                           $<TARGET_PROPERTY:simdjson::simdjson,INTERFACE_COMPILE_DEFINITIONS>)
add_library(bahth_zlib INTERFACE)
target_include_directories(bahth_zlib SYSTEM INTERFACE ${ZLIB_INCLUDE_DIRS})
if(bahth_static_xapian_found)
  target_link_libraries(bahth_xapian_link INTERFACE $<${bahth_xshared}:${XAPIAN_LIBRARIES}>
                        $<${bahth_xstatic}:bahth_xapian_static>)
  target_link_libraries(bahth_simdjson INTERFACE $<${bahth_xshared}:simdjson::simdjson>
                        $<${bahth_xstatic}:bahth_simdjson_static>)
  target_link_libraries(bahth_zlib INTERFACE $<${bahth_xshared}:ZLIB::ZLIB>
                        $<${bahth_xstatic}:${BAHTH_ZLIB_ARCHIVE}>)
else()
  target_link_libraries(bahth_xapian_link INTERFACE ${XAPIAN_LIBRARIES})
  target_link_libraries(bahth_simdjson INTERFACE simdjson::simdjson)
  target_link_libraries(bahth_zlib INTERFACE ZLIB::ZLIB)
endif()
