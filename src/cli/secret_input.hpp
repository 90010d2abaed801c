// cli/secret_input.hpp — reading a client secret from where the user put it (standard input, a
// file, an environment variable; never argv) and refusing values that cannot be a secret. Every
// error names the source (never the value). Not thread-safe (reads std::cin).
#pragma once

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/secret.hpp"

namespace graphpost::cli {

// A client secret is about 40 characters; anything past this is the wrong file.
inline constexpr std::size_t kMaxSecretBytes = 64 * 1024;

// At most kMaxSecretBytes from `in`. kInvalidArgument ("secret from standard input: more than
// 64 KB") when there is more.
[[nodiscard]] Result<std::string> ReadSecretStream(std::istream& in, std::string_view source);

// The whole of `file`, at most kMaxSecretBytes. kInvalidArgument when `file` is a directory or
// larger than that; kNotFound when missing; kPermissionDenied / kUnavailable when unreadable.
// Messages name the file.
[[nodiscard]] Result<std::string> ReadSecretFile(const std::filesystem::path& file);

// `value` with surrounding whitespace (a trailing newline from `echo`, a CRLF file) removed.
// kInvalidArgument when nothing is left, naming `source` ("standard input (--secret-stdin)",
// "the file x (--secret-file)", "the environment variable NAME (--secret-env)").
[[nodiscard]] Result<Secret> CheckSecretValue(std::string value, std::string_view source);

}  // namespace graphpost::cli
