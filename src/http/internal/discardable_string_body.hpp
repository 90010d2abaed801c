// http/internal/discardable_string_body.hpp — a Beast request body that keeps the bytes in a
// string, or (discard) throws them away, and counts what arrived either way, so the session can
// check the body's progress and read a refused request's small body without storing it. The size
// cap is the parser's body_limit, set from the request's admission. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

namespace graphpost::http::internal {

struct DiscardableStringBody {
  struct value_type {
    std::string text;
    bool discard = false;        // set before the body is read
    std::uint64_t received = 0;  // body bytes so far, kept or not
  };

  class reader {
   public:
    template <bool kIsRequest, class Fields>
    reader(boost::beast::http::header<kIsRequest, Fields>& /*header*/, value_type& body)
        : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, boost::system::error_code& ec) {
      ec = {};
      // The parser's body_limit has already bounded a declared length.
      if (length && !body_.discard) body_.text.reserve(static_cast<std::size_t>(*length));
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
      ec = {};
      const std::size_t n = boost::asio::buffer_size(buffers);
      body_.received += n;
      if (body_.discard) return n;
      for (auto b : boost::beast::buffers_range_ref(buffers)) {
        body_.text.append(static_cast<const char*>(b.data()), b.size());
      }
      return n;
    }

    void finish(boost::system::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace graphpost::http::internal
