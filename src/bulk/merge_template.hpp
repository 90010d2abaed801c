// bulk/merge_template.hpp — one field of a mail merge's message (subject, text, html, a header
// value) with `{{ column }}` placeholders, and `{{ column | default: "text" }}` for a value to use
// when the row's is empty. Column names match the CSV header without regard to case. Compiled once,
// rendered per recipient. Pure; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::bulk {

// Where a template's text came from, for errors: "message.toml" and the line its text starts on.
struct TemplateSource {
  std::string file;
  int first_line = 1;
};

class MergeTemplate {
 public:
  enum class Escape { kNone, kHtml };  // kHtml escapes & < > " ' in values (not in the template)

  // kInvalidArgument "<file>:<line>: ..." for an unclosed `{{`, an empty or malformed
  // placeholder, or a default that is not a double-quoted string.
  [[nodiscard]] static Result<MergeTemplate> Compile(std::string_view text, TemplateSource source,
                                                     Escape escape = Escape::kNone);

  // kInvalidArgument naming the template line for the first placeholder whose column is not in
  // `columns` (lower-case names), before any row is rendered.
  [[nodiscard]] Status CheckColumns(const std::vector<std::string>& columns) const;

  // The text for one row (`fields` by lower-case column). kInvalidArgument "<file>:<line>:
  // {{ x }} is empty in <row_name> and has no default" when a value is empty without a default.
  [[nodiscard]] Result<std::string> Render(const std::map<std::string, std::string>& fields,
                                           std::string_view row_name) const;

  bool empty() const { return parts_.empty(); }

 private:
  struct Part {
    std::string literal;                  // text before the placeholder (or all of it)
    std::string field;                    // lower-case column; empty = literal only
    std::optional<std::string> fallback;  // `| default: "..."`
    int line = 0;
    std::string spelled;  // "{{ name }}" as written, for errors
  };

  std::vector<Part> parts_;
  TemplateSource source_;
  Escape escape_ = Escape::kNone;
};

// `text` with & < > " ' replaced by their HTML character references.
std::string EscapeHtml(std::string_view text);

}  // namespace graphpost::bulk
