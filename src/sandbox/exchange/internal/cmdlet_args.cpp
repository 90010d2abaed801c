#include "sandbox/exchange/internal/cmdlet_args.hpp"

#include "core/ascii.hpp"

namespace graphpost::sandbox::exchange::internal {
namespace {

// Parameters every cmdlet accepts and the sandbox ignores (PowerShell common parameters).
constexpr std::string_view kCommonParams[] = {"Confirm",     "Verbose",          "Debug",
                                              "ErrorAction", "WarningAction",    "ErrorVariable",
                                              "OutVariable", "InformationAction"};

bool IsCommonParam(std::string_view name) {
  for (std::string_view p : kCommonParams) {
    if (AsciiIEquals(p, name)) return true;
  }
  return false;
}

// Splits on `sep` outside single or double quotes.
std::vector<std::string_view> SplitOutsideQuotes(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == sep) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(text.substr(start));
  return out;
}

std::string_view StripWrapper(std::string_view text, std::string_view open, char close) {
  text = TrimAscii(text);
  if (text.size() >= open.size() + 1 && text.substr(0, open.size()) == open &&
      text.back() == close) {
    return TrimAscii(text.substr(open.size(), text.size() - open.size() - 1));
  }
  return text;
}

Result<const ParamSpec*> MatchParam(const std::vector<ParamSpec>& params, std::string_view name) {
  std::vector<const ParamSpec*> prefixed;
  for (const ParamSpec& p : params) {
    if (AsciiIEquals(p.name, name)) return &p;
    if (AsciiIStartsWith(p.name, name)) prefixed.push_back(&p);
  }
  if (prefixed.size() == 1) return prefixed.front();
  if (prefixed.empty()) {
    return Fail(
        ErrorCode::kInvalidArgument,
        "A parameter cannot be found that matches parameter name '" + std::string(name) + "'.");
  }
  std::string options;
  for (const ParamSpec* p : prefixed) options += " -" + std::string(p->name);
  return Fail(ErrorCode::kInvalidArgument,
              "Parameter cannot be processed because the parameter name '" + std::string(name) +
                  "' is ambiguous. Possible matches include:" + options + ".");
}

}  // namespace

Result<CmdletArgs> CmdletArgs::Bind(const std::vector<ParamSpec>& params,
                                    std::string_view positional, const CmdletCall& call) {
  CmdletArgs args;
  for (const auto& [raw_name, value] : call.params) {
    std::string_view name = raw_name;
    if (!name.empty() && name.front() == '-') name.remove_prefix(1);
    if (!name.empty() && IsCommonParam(name)) continue;
    const ParamSpec* spec = nullptr;
    if (name.empty()) {
      for (const ParamSpec& p : params) {
        if (!positional.empty() && p.name == positional && !args.Has(p.name)) spec = &p;
      }
      if (spec == nullptr) {
        return Fail(
            ErrorCode::kInvalidArgument,
            "A positional parameter cannot be found that accepts argument '" + value + "'.");
      }
    } else {
      auto matched = MatchParam(params, name);
      if (!matched) return Fail(matched.error());
      spec = *matched;
    }
    if (args.Has(spec->name)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "Cannot bind parameter because parameter '" + std::string(spec->name) +
                      "' is specified more than once. To provide multiple values to parameters "
                      "that can accept multiple values, use the array syntax.");
    }
    if (!spec->is_switch && value.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "Cannot bind argument to parameter '" +
                                                   std::string(spec->name) +
                                                   "' because it is an empty string.");
    }
    args.values_.emplace(std::string(spec->name), value);
  }
  std::string missing;
  for (const ParamSpec& p : params) {
    if (p.mandatory && !args.Has(p.name))
      missing += (missing.empty() ? "" : " ") + std::string(p.name);
  }
  if (!missing.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "Cannot process command because of one or more missing mandatory parameters: " +
                    missing + ".");
  }
  return args;
}

bool CmdletArgs::Has(std::string_view name) const { return values_.find(name) != values_.end(); }

std::string CmdletArgs::Get(std::string_view name) const { return Find(name).value_or(""); }

std::optional<std::string> CmdletArgs::Find(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool CmdletArgs::Switch(std::string_view name) const {
  auto value = Find(name);
  if (!value) return false;
  std::string_view v = TrimAscii(*value);
  return !(AsciiIEquals(v, "false") || AsciiIEquals(v, "$false") || v == "0");
}

std::vector<std::string> CmdletArgs::List(std::string_view name) const {
  auto value = Find(name);
  return value ? SplitList(*value) : std::vector<std::string>{};
}

std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> out;
  for (std::string_view item : SplitOutsideQuotes(StripWrapper(value, "@(", ')'), ',')) {
    std::string unquoted = Unquote(item);
    if (!unquoted.empty()) out.push_back(std::move(unquoted));
  }
  return out;
}

std::optional<std::map<std::string, std::vector<std::string>>> ParseHashtable(
    std::string_view value) {
  std::string_view trimmed = TrimAscii(value);
  std::string_view body = StripWrapper(trimmed, "@{", '}');
  if (body.size() == trimmed.size()) return std::nullopt;
  std::map<std::string, std::vector<std::string>> out;
  for (std::string_view entry : SplitOutsideQuotes(body, ';')) {
    if (TrimAscii(entry).empty()) continue;
    std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key = AsciiLower(Unquote(entry.substr(0, eq)));
    auto& items = out[key];
    for (std::string& item : SplitList(entry.substr(eq + 1))) items.push_back(std::move(item));
  }
  return out;
}

std::string Unquote(std::string_view value) {
  value = TrimAscii(value);
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

}  // namespace graphpost::sandbox::exchange::internal
