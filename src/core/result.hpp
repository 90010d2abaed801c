// core/result.hpp — Result<T>: a value or an Error. The only file that names tl::; switching to
// std::expected later is one edit here.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

#include "core/error.hpp"

namespace graphpost {

template <class T>
using Result = tl::expected<T, Error>;

// Result<void> for operations that return nothing on success.
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::nullopt, {}});
}

// Passes an error up unchanged.
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

inline Status Ok() { return {}; }

// Expected<T, E>: for the few modules whose failures must carry a protocol-specific value
// instead of an Error (e.g. the sandbox's Graph errors: exact HTTP status and code string).
template <class T, class E>
using Expected = tl::expected<T, E>;

template <class E>
tl::unexpected<E> Unexpected(E error) {
  return tl::unexpected<E>(std::move(error));
}

}  // namespace graphpost
