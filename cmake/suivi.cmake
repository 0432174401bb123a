# Build helpers: every target of the project goes through one of these, so
# warnings, sanitizers and include paths are set in one place.
#
#   suivi_cc_library(NAME name SRCS a.cc b.h DEPS other_lib ...)
#   suivi_cc_binary(NAME name SRCS main.cc DEPS ...)
#   suivi_cc_test(NAME name SRCS foo_test.cc DEPS ...)   # GoogleTest + gmock
#   suivi_proto_library(NAME name PROTOS a.proto ... [GRPC] DEPS ...)

set(SUIVI_WARNINGS -Wall -Wextra -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  list(APPEND SUIVI_WARNINGS -Wthread-safety)
endif()

# SUIVI_SANITIZE is a CMake list ("address;undefined"): compare it joined.
string(REPLACE ";" "," _suivi_san "${SUIVI_SANITIZE}")
set(_suivi_valid_sanitizers "address,undefined" "undefined,address" "address"
    "undefined" "thread")
if(_suivi_san AND NOT _suivi_san IN_LIST _suivi_valid_sanitizers)
  message(FATAL_ERROR "SUIVI_SANITIZE must be empty, 'address;undefined' or 'thread'")
endif()
if(_suivi_san)
  add_compile_options(-fsanitize=${_suivi_san} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_suivi_san})
endif()

function(_suivi_target_options target)
  target_compile_options(${target} PRIVATE ${SUIVI_WARNINGS})
  if(SUIVI_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

function(suivi_cc_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SRCS})
  _suivi_target_options(${ARG_NAME})
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS})
endfunction()

function(suivi_cc_binary)
  cmake_parse_arguments(ARG "" "NAME;OUTPUT_NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  _suivi_target_options(${ARG_NAME})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS})
  if(ARG_OUTPUT_NAME)
    set_target_properties(${ARG_NAME} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
endfunction()

function(suivi_cc_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  _suivi_target_options(${ARG_NAME})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60
                       PROPERTIES TIMEOUT 300)
endfunction()

# One library per proto package. Generated headers are SYSTEM includes so
# the project's warnings do not apply to generated code.
function(suivi_proto_library)
  cmake_parse_arguments(ARG "GRPC" "NAME" "PROTOS;DEPS" ${ARGN})
  set(gen_dir ${PROJECT_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${gen_dir})
  add_library(${ARG_NAME} STATIC)
  target_sources(${ARG_NAME} PRIVATE ${ARG_PROTOS})
  protobuf_generate(TARGET ${ARG_NAME} LANGUAGE cpp
    IMPORT_DIRS ${PROJECT_SOURCE_DIR}/proto
    PROTOC_OUT_DIR ${gen_dir})
  if(ARG_GRPC)
    protobuf_generate(TARGET ${ARG_NAME} LANGUAGE grpc
      GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
      PLUGIN "protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
      IMPORT_DIRS ${PROJECT_SOURCE_DIR}/proto
      PROTOC_OUT_DIR ${gen_dir})
    target_link_libraries(${ARG_NAME} PUBLIC gRPC::grpc++)
  endif()
  target_include_directories(${ARG_NAME} SYSTEM PUBLIC ${gen_dir})
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
endfunction()
