#include "mime/internal/address_list.hpp"

namespace graphpost::mime::internal {
namespace {

constexpr std::size_t kFoldAt = 78;

std::string Trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// Splits on the top-level separators of an address list. `state` tracks where we are so that
// separators inside quotes, comments, <...> and [...] do not count.
class Splitter {
 public:
  explicit Splitter(std::string_view value) : value_(value) {}

  std::vector<std::string> Run() {
    for (std::size_t i = 0; i < value_.size(); ++i) Step(i);
    Emit(value_.size());
    return std::move(out_);
  }

 private:
  void Step(std::size_t& i) {
    const char c = value_[i];
    if ((in_quote_ || comment_depth_ > 0) && c == '\\') {
      ++i;  // the escaped character is literal
      return;
    }
    if (in_quote_) {
      if (c == '"') in_quote_ = false;
      return;
    }
    if (comment_depth_ > 0) {
      if (c == '(') ++comment_depth_;
      if (c == ')') --comment_depth_;
      return;
    }
    if (c == '(') {
      ++comment_depth_;
    } else if (in_angle_) {
      if (c == '>') in_angle_ = false;
    } else if (in_literal_) {
      if (c == ']') in_literal_ = false;
    } else if (c == '"') {
      in_quote_ = true;
    } else if (c == '<') {
      in_angle_ = true;
    } else if (c == '[') {
      in_literal_ = true;
    } else if (c == ',' || c == ';') {
      Emit(i);
      start_ = i + 1;
    } else if (c == ':') {
      start_ = i + 1;  // what came before was a group's display name
    }
  }

  void Emit(std::size_t end) {
    std::string item = Trim(value_.substr(start_, end - start_));
    if (!item.empty()) out_.push_back(std::move(item));
  }

  std::string_view value_;
  std::size_t start_ = 0;
  bool in_quote_ = false, in_angle_ = false, in_literal_ = false;
  int comment_depth_ = 0;
  std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> SplitMailboxes(std::string_view value) { return Splitter(value).Run(); }

std::string FoldAddressHeader(std::string_view name, const std::vector<std::string>& items,
                              std::string_view eol) {
  // Lay the header out unfolded, then break at whitespace before the line would reach kFoldAt.
  std::string flat = std::string(name) + ":";
  for (std::size_t i = 0; i < items.size(); ++i) {
    flat += ' ';
    flat += items[i];
    if (i + 1 < items.size()) flat += ',';
  }
  std::string out;
  std::size_t line_start = 0;                  // where the current output line starts in `flat`
  std::size_t last_space = std::string::npos;  // the last fold point seen on this line
  const auto fold_before = [&](std::size_t space) {
    out.append(flat, line_start, space - line_start);
    out += eol;
    line_start = space;  // the whitespace stays, starting the continuation line
  };
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if (flat[i] != ' ' && flat[i] != '\t') continue;
    // A fold at the line's own first character would leave an empty line: the end of the header.
    if (i - line_start >= kFoldAt && last_space != std::string::npos && last_space > line_start) {
      fold_before(last_space);
    }
    last_space = i;
  }
  if (flat.size() - line_start >= kFoldAt && last_space != std::string::npos &&
      last_space > line_start) {
    fold_before(last_space);
  }
  out.append(flat, line_start, std::string::npos);
  out += eol;
  return out;
}

}  // namespace graphpost::mime::internal
