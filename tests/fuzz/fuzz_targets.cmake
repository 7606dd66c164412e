# libFuzzer targets (clang, RUNNEL_FUZZ=ON). Included from engine/protocol/CMakeLists.txt
# because the `fuzz` preset builds without the test tree (no Qt); run by run-fuzz.sh.
# The preset is a Debug build: at -O0 the clang build stays short enough for the ctest
# budget, at about 3k executions per second.
set(RUNNEL_FUZZ_FLAGS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)

add_executable(fuzz_request_decoder ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_request_decoder.cpp)
target_compile_options(fuzz_request_decoder PRIVATE ${RUNNEL_FUZZ_FLAGS})
target_link_options(fuzz_request_decoder PRIVATE ${RUNNEL_FUZZ_FLAGS})
target_link_libraries(fuzz_request_decoder PRIVATE runnel_protocol runnel_warnings)
set_target_properties(fuzz_request_decoder PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/fuzz)

# Coverage feedback and sanitizer checks inside the codec itself, not just the driver.
target_compile_options(runnel_protocol PRIVATE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
