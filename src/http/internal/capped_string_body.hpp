// http/internal/capped_string_body.hpp — a Beast request body that stores up to `limit` bytes and
// past that keeps reading but discards, so the server can answer 413 after consuming the whole
// request instead of resetting a connection the client is still writing to. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

namespace graphpost::http::internal {

struct CappedStringBody {
  struct value_type {
    std::string text;
    std::size_t limit = 0;
    bool over_limit = false;
  };

  class reader {
   public:
    template <bool kIsRequest, class Fields>
    reader(boost::beast::http::header<kIsRequest, Fields>& /*header*/, value_type& body)
        : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, boost::system::error_code& ec) {
      ec = {};
      if (!length) return;
      if (*length > body_.limit) {
        body_.over_limit = true;
      } else {
        body_.text.reserve(static_cast<std::size_t>(*length));
      }
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
      ec = {};
      const std::size_t n = boost::asio::buffer_size(buffers);
      if (!body_.over_limit && n > body_.limit - body_.text.size()) {
        body_.over_limit = true;
        std::string().swap(body_.text);
      }
      if (body_.over_limit) return n;
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
