# graphpost_library(NAME SRCS ... DEPS ...): one static library per module folder.
function(graphpost_library name)
  cmake_parse_arguments(A "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${A_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${A_DEPS})
endfunction()

# graphpost_test(NAME SRCS ... DEPS ...): a GoogleTest binary registered with ctest.
function(graphpost_test name)
  if(NOT GRAPHPOST_TESTS)
    return()
  endif()
  cmake_parse_arguments(A "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${A_SRCS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${A_DEPS} GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE GRAPHPOST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES ENVIRONMENT "GRAPHPOST_BINARY=$<TARGET_FILE:graphpost>;GRAPHPOST_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# graphpost_fuzz(NAME SRCS ... DEPS ...): a libFuzzer target, built only with GRAPHPOST_FUZZ=ON.
function(graphpost_fuzz name)
  if(NOT GRAPHPOST_FUZZ)
    return()
  endif()
  cmake_parse_arguments(A "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${A_SRCS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE ${A_DEPS})
endfunction()
