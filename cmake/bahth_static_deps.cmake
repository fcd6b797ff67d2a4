# ICU, libxml2 and liblzma, linked statically into the `bahth` executable only.
#
# Why: a `bahth search` process is short, and most of its CPU went to the dynamic loader (mapping
# and relocating libicui18n, libicuuc, libxml2, liblzma: about 1,300 symbol bindings and their
# pages copied on write before main). Linked from Debian's own static archives (libicu-dev,
# libxml2-dev, liblzma-dev) only the objects bahth calls come in, resolved at link time; a search
# process of the BBC index fell from 5.0 to 3.9 ms of CPU (bench/HISTORY.md, issue #30).
# ICU's data goes in too (libicudata.a, 30 MB of the binary, mapped and read in place like the
# shared library): the static ICU objects name its data directly, so against libicudata.so the
# linker would copy the whole 30 MB table into the process at every start.
#
# Only targets with the property BAHTH_STATIC_DEPS set link the archives; every other target (the
# tests, the benchmarks) links the shared libraries, so 70 test executables stay small. Each
# module links the targets below instead of ICU::uc, ICU::i18n and LibXml2::LibXml2.
option(BAHTH_STATIC_DEPS "Link the bahth executable with ICU, libxml2 and liblzma statically" ON)

set(bahth_static_archives ICU_UC:icuuc ICU_I18N:icui18n ICU_DATA:icudata LIBXML2:xml2 LZMA:lzma)
set(bahth_static_found ${BAHTH_STATIC_DEPS})
if(BAHTH_STATIC_DEPS)
  foreach(entry IN LISTS bahth_static_archives)
    string(REPLACE ":" ";" entry "${entry}")
    list(GET entry 0 var)
    list(GET entry 1 lib)
    find_library(BAHTH_${var}_ARCHIVE NAMES lib${lib}.a)
    if(NOT BAHTH_${var}_ARCHIVE)
      message(WARNING "lib${lib}.a not found: bahth links the shared libraries (slower start)")
      set(bahth_static_found OFF)
    endif()
  endforeach()
endif()

# `$<TARGET_PROPERTY:BAHTH_STATIC_DEPS>` in a link interface is read on the target being linked.
set(bahth_static "$<BOOL:$<TARGET_PROPERTY:BAHTH_STATIC_DEPS>>")
set(bahth_shared "$<NOT:${bahth_static}>")

add_library(bahth_icu_uc INTERFACE)
add_library(bahth_icu_i18n INTERFACE)
add_library(bahth_libxml2 INTERFACE)
add_library(bahth_lzma INTERFACE)
target_link_libraries(bahth_lzma INTERFACE LibLZMA::LibLZMA)
target_link_libraries(bahth_icu_uc INTERFACE ICU::uc)
target_link_libraries(bahth_icu_i18n INTERFACE ICU::i18n bahth_icu_uc)
target_link_libraries(bahth_libxml2 INTERFACE LibXml2::LibXml2)
if(bahth_static_found)
  # Compile against the same headers; link the archives where the property asks for them. The
  # imported targets stay for include directories, linked only when shared.
  foreach(pair IN ITEMS "bahth_icu_uc=ICU::uc" "bahth_icu_i18n=ICU::i18n"
                        "bahth_libxml2=LibXml2::LibXml2" "bahth_lzma=LibLZMA::LibLZMA")
    string(REPLACE "=" ";" pair "${pair}")
    list(GET pair 0 ours)
    list(GET pair 1 theirs)
    set_target_properties(${ours} PROPERTIES INTERFACE_LINK_LIBRARIES "")
    target_include_directories(${ours} SYSTEM INTERFACE
                               $<TARGET_PROPERTY:${theirs},INTERFACE_INCLUDE_DIRECTORIES>)
    target_link_libraries(${ours} INTERFACE $<${bahth_shared}:${theirs}>)
  endforeach()
  target_link_libraries(bahth_icu_uc INTERFACE
    $<${bahth_static}:${BAHTH_ICU_UC_ARCHIVE}> $<${bahth_static}:${BAHTH_ICU_DATA_ARCHIVE}>
    $<${bahth_static}:${CMAKE_DL_LIBS}> $<${bahth_static}:Threads::Threads> $<${bahth_static}:m>)
  target_link_libraries(bahth_icu_i18n INTERFACE
    $<${bahth_static}:${BAHTH_ICU_I18N_ARCHIVE}> bahth_icu_uc)
  target_link_libraries(bahth_libxml2 INTERFACE
    $<${bahth_static}:${BAHTH_LIBXML2_ARCHIVE}> bahth_icu_uc $<${bahth_static}:${BAHTH_LZMA_ARCHIVE}>
    $<${bahth_static}:bahth_zlib> $<${bahth_static}:m>)
  # The readers' xz input (decompress.cc).
  target_link_libraries(bahth_lzma INTERFACE $<${bahth_static}:${BAHTH_LZMA_ARCHIVE}>)
endif()
