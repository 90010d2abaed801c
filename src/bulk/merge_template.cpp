#include "bulk/merge_template.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "core/html_escape.hpp"

namespace graphpost::bulk {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ' ';
}

// `"text"` with \" and \\ escapes; nullopt when it is not exactly one such string.
std::optional<std::string> QuotedString(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size()) {
      out += text[++i];
    } else if (text[i] == '"') {
      return std::nullopt;
    } else {
      out += text[i];
    }
  }
  return out;
}

int LinesIn(std::string_view text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

std::string EscapeHtml(std::string_view text) { return graphpost::EscapeHtml(text); }

Result<MergeTemplate> MergeTemplate::Compile(std::string_view text, TemplateSource source,
                                             Escape escape) {
  MergeTemplate t;
  t.source_ = std::move(source);
  t.escape_ = escape;
  int line = t.source_.first_line;
  auto invalid = [&](int at, const std::string& what) {
    return Fail(ErrorCode::kInvalidArgument,
                t.source_.file + ":" + std::to_string(at) + ": " + what);
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find("{{", pos);
    Part part;
    part.literal =
        std::string(text.substr(pos, open == std::string_view::npos ? text.npos : open - pos));
    line += LinesIn(part.literal);
    if (open == std::string_view::npos) {
      t.parts_.push_back(std::move(part));
      break;
    }
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return invalid(line, "'{{' is never closed by '}}'");
    const std::string_view inside = text.substr(open + 2, close - open - 2);
    part.spelled = "{{" + std::string(inside) + "}}";
    part.line = line;
    const std::size_t bar = inside.find('|');
    const std::string_view name = TrimAscii(inside.substr(0, bar));
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar)) {
      return invalid(line, part.spelled +
                               ": a placeholder is {{ column }} or {{ column | default: "
                               "\"text\" }}");
    }
    part.field = AsciiLower(name);
    if (bar != std::string_view::npos) {
      std::string_view filter = TrimAscii(inside.substr(bar + 1));
      constexpr std::string_view kDefault = "default:";
      auto value = filter.substr(0, kDefault.size()) == kDefault
                       ? QuotedString(TrimAscii(filter.substr(kDefault.size())))
                       : std::nullopt;
      if (!value) return invalid(line, part.spelled + ": the only filter is default: \"text\"");
      part.fallback = std::move(value);
    }
    line += LinesIn(inside);
    t.parts_.push_back(std::move(part));
    pos = close + 2;
  }
  return t;
}

Status MergeTemplate::CheckColumns(const std::vector<std::string>& columns) const {
  for (const auto& part : parts_) {
    if (part.field.empty()) continue;
    if (std::find(columns.begin(), columns.end(), part.field) == columns.end()) {
      return Fail(ErrorCode::kInvalidArgument,
                  source_.file + ":" + std::to_string(part.line) + ": " + part.spelled +
                      ": the recipients file has no column '" + part.field + "'");
    }
  }
  return Ok();
}

Result<std::string> MergeTemplate::Render(const std::map<std::string, std::string>& fields,
                                          std::string_view row_name) const {
  std::string out;
  for (const auto& part : parts_) {
    out += part.literal;
    if (part.field.empty()) continue;
    auto found = fields.find(part.field);
    std::string_view value = found == fields.end() ? std::string_view{} : found->second;
    if (TrimAscii(value).empty()) {
      if (!part.fallback) {
        return Fail(ErrorCode::kInvalidArgument, source_.file + ":" + std::to_string(part.line) +
                                                     ": " + part.spelled + " is empty in " +
                                                     std::string(row_name) + " and has no default");
      }
      value = *part.fallback;
    }
    out += escape_ == Escape::kHtml ? EscapeHtml(value) : std::string(value);
  }
  return out;
}

}  // namespace graphpost::bulk
