#include "mime/internal/gmime_glue.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include <gmime/gmime.h>

namespace graphpost::mime::internal {
namespace {

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(gpointer memory) const { g_free(memory); }
};
using GString = std::unique_ptr<char, GFree>;

void EnsureGMimeInitialised() {
  static std::once_flag once;
  // g_mime_init is not idempotent across threads; after it, GMime's shared tables are read-only
  // or locked internally.
  std::call_once(once, [] { g_mime_init(); });
}

// GMime takes NUL-terminated strings; an embedded NUL ends the value there, as it would in C.
std::string CString(std::string_view value) { return std::string(value.data(), value.size()); }

std::string Lower(const char* text) {
  std::string out = text == nullptr ? "" : text;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string OrEmpty(const char* text) { return text == nullptr ? std::string() : text; }

void AppendMailboxes(InternetAddressList* list, int depth, std::vector<HeaderAddress>& out) {
  if (list == nullptr || depth > 1) return;  // groups do not nest (RFC 5322 §3.4)
  const int count = internet_address_list_length(list);
  for (int i = 0; i < count; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      AppendMailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)),
                      depth + 1, out);
    } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
      out.push_back(HeaderAddress{.name = OrEmpty(internet_address_get_name(address)),
                                  .address = OrEmpty(internet_address_mailbox_get_addr(
                                      INTERNET_ADDRESS_MAILBOX(address)))});
    }
  }
}

}  // namespace

std::vector<HeaderAddress> ParseAddresses(std::string_view value) {
  EnsureGMimeInitialised();
  const std::string text = CString(value);
  GPtr<InternetAddressList> list(internet_address_list_parse(nullptr, text.c_str()));
  std::vector<HeaderAddress> out;
  AppendMailboxes(list.get(), 0, out);
  return out;
}

std::string DecodeHeaderText(std::string_view value) {
  EnsureGMimeInitialised();
  const std::string text = CString(value);
  GString decoded(g_mime_utils_header_decode_text(nullptr, text.c_str()));
  return OrEmpty(decoded.get());
}

ContentType ParseContentType(std::string_view value) {
  EnsureGMimeInitialised();
  const std::string text = CString(value);
  GPtr<GMimeContentType> parsed(g_mime_content_type_parse(nullptr, text.c_str()));
  ContentType out;
  if (!parsed) return out;
  out.type = Lower(g_mime_content_type_get_media_type(parsed.get()));
  out.subtype = Lower(g_mime_content_type_get_media_subtype(parsed.get()));
  out.boundary = OrEmpty(g_mime_content_type_get_parameter(parsed.get(), "boundary"));
  out.name = OrEmpty(g_mime_content_type_get_parameter(parsed.get(), "name"));
  return out;
}

ContentDisposition ParseContentDisposition(std::string_view value) {
  EnsureGMimeInitialised();
  const std::string text = CString(value);
  GPtr<GMimeContentDisposition> parsed(g_mime_content_disposition_parse(nullptr, text.c_str()));
  ContentDisposition out;
  if (!parsed) return out;
  out.disposition = Lower(g_mime_content_disposition_get_disposition(parsed.get()));
  out.filename = OrEmpty(g_mime_content_disposition_get_parameter(parsed.get(), "filename"));
  return out;
}

std::string DecodeTransferEncoding(std::string_view encoding, std::string_view body) {
  EnsureGMimeInitialised();
  const std::string name = CString(encoding);
  const GMimeContentEncoding kind = g_mime_content_encoding_from_string(name.c_str());
  if (kind != GMIME_CONTENT_ENCODING_BASE64 && kind != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
    return std::string(body);
  }
  GMimeEncoding state;
  g_mime_encoding_init_decode(&state, kind);
  std::string out(g_mime_encoding_outlen(&state, body.size()), '\0');
  const std::size_t written = g_mime_encoding_flush(&state, body.data(), body.size(), out.data());
  out.resize(std::min(written, out.size()));
  return out;
}

}  // namespace graphpost::mime::internal
