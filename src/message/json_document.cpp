// ParseJsonDocument: Boost.JSON builds the value (keeping the last of two equal keys), then a
// second, handler-only pass over the same text finds members given twice, with their paths.
#include "message/json_document.hpp"

#include <string>
#include <unordered_set>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parser.hpp>

namespace graphpost::message {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxDepth = 64;

json::parse_options Options() {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  return options;
}

// A boost::json::basic_parser handler that keeps the path of the value being parsed and reports
// every member name an object repeats. Not thread-safe; one per document.
class DuplicateFinder {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::vector<FieldError> TakeErrors() { return std::move(errors_); }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return Open(/*object=*/true); }
  bool on_object_end(std::size_t, json::error_code&) { return Close(); }
  bool on_array_begin(json::error_code&) { return Open(/*object=*/false); }
  bool on_array_end(std::size_t, json::error_code&) { return Close(); }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    key_.append(s.data(), s.size());
    Key();
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, json::error_code&) {
    return Part(in_string_);
  }
  bool on_string(json::string_view, std::size_t, json::error_code&) { return End(in_string_); }
  bool on_number_part(json::string_view, json::error_code&) { return Part(in_number_); }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return End(in_number_); }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return End(in_number_); }
  bool on_double(double, json::string_view, json::error_code&) { return End(in_number_); }
  bool on_bool(bool, json::error_code&) { return Value(); }
  bool on_null(json::error_code&) { return Value(); }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    bool object = false;
    std::string path;
    std::size_t next_index = 0;                // arrays: the index of the next element
    std::string key;                           // objects: the member being parsed
    std::unordered_set<std::string> keys;      // objects: every member seen so far
    std::unordered_set<std::string> reported;  // objects: members already reported
  };

  // A value starts: in an array it takes the next index.
  bool Value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().next_index;
    return true;
  }
  bool Part(bool& in_progress) {
    if (!in_progress) Value();
    in_progress = true;
    return true;
  }
  bool End(bool& in_progress) {
    if (!in_progress) Value();
    in_progress = false;
    return true;
  }

  bool Open(bool object) {
    Value();
    std::string path = "$";
    if (!frames_.empty()) {
      const Frame& parent = frames_.back();
      path = parent.object ? MemberPath(parent.path, parent.key)
                           : IndexPath(parent.path, parent.next_index - 1);
    }
    frames_.push_back(Frame{.object = object, .path = std::move(path)});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }

  void Key() {
    Frame& frame = frames_.back();
    if (!frame.keys.insert(key_).second && frame.reported.insert(key_).second) {
      errors_.push_back(FieldError{MemberPath(frame.path, key_), "is given twice"});
    }
    frame.key = std::move(key_);
    key_.clear();
  }

  std::vector<Frame> frames_;
  std::string key_;  // the key being read, across on_key_part calls
  bool in_string_ = false;
  bool in_number_ = false;
  std::vector<FieldError> errors_;
};

std::vector<FieldError> DuplicateMembers(std::string_view text) {
  json::basic_parser<DuplicateFinder> parser(Options());
  json::error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);
  return parser.handler().TakeErrors();  // `text` parsed once already: ec stays clear
}

// Number of bytes of the UTF-8 sequence that starts with `lead`, and its smallest second byte and
// largest second byte (which rule out overlong forms, surrogates and code points over U+10FFFF).
struct Utf8Lead {
  std::size_t length;
  unsigned char min_second, max_second;
};

std::optional<Utf8Lead> LeadOf(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return Utf8Lead{2, 0x80, 0xBF};
  if (c == 0xE0) return Utf8Lead{3, 0xA0, 0xBF};
  if (c == 0xED) return Utf8Lead{3, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF) return Utf8Lead{3, 0x80, 0xBF};
  if (c == 0xF0) return Utf8Lead{4, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return Utf8Lead{4, 0x80, 0xBF};
  if (c == 0xF4) return Utf8Lead{4, 0x80, 0x8F};
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> FirstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::optional<Utf8Lead> lead = LeadOf(c);
    if (!lead || i + lead->length > text.size()) return i;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < lead->min_second || second > lead->max_second) return i;
    for (std::size_t k = 2; k < lead->length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    }
    i += lead->length;
  }
  return std::nullopt;
}

Expected<json::value, JsonDocumentError> ParseJsonDocument(std::string_view text) {
  json::parser parser({}, Options());
  json::error_code ec;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec) {
    // Boost.JSON calls bad UTF-8 a syntax error; say what it is when it is what stopped the parse.
    const std::optional<std::size_t> bad = FirstInvalidUtf8(text);
    std::string detail =
        bad && *bad <= consumed
            ? "invalid UTF-8 at byte " + std::to_string(*bad)
            : "malformed JSON at byte " + std::to_string(consumed) + ": " + ec.message();
    return Unexpected(JsonDocumentError{JsonDocumentError::Kind::kMalformed,
                                        {FieldError{"$", std::move(detail)}}});
  }
  std::vector<FieldError> duplicates = DuplicateMembers(text);
  if (!duplicates.empty()) {
    return Unexpected(
        JsonDocumentError{JsonDocumentError::Kind::kDuplicateMember, std::move(duplicates)});
  }
  return parser.release();
}

}  // namespace graphpost::message
