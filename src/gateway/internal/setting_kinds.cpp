#include "gateway/internal/setting_kinds.hpp"

#include <algorithm>
#include <limits>

namespace graphpost::gateway::internal {

using std::chrono::milliseconds;

Status Bad(std::string_view key, std::string_view value, std::string_view expected) {
  return Fail(ErrorCode::kInvalidArgument, std::string(key) + ": expected " +
                                               std::string(expected) + ", got '" +
                                               std::string(value) + "'");
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::optional<std::uint64_t> ParseSize(std::string_view text) {
  static constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
      {"GB", 1ull << 30}, {"MB", 1ull << 20}, {"KB", 1ull << 10}, {"B", 1}};
  std::uint64_t unit = 1;
  for (const auto& [suffix, factor] : kUnits) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      text.remove_suffix(suffix.size());
      unit = factor;
      break;
    }
  }
  auto n = ParseInt<std::uint64_t>(text);
  if (!n || *n > std::numeric_limits<std::uint64_t>::max() / unit) return std::nullopt;
  return *n * unit;
}

Setting DurationSetting(std::string_view key, std::function<milliseconds&(GatewayConfig&)> at) {
  return {key,
          [key, at](GatewayConfig& c, std::string_view v) -> Status {
            auto d = ParseDuration(v);
            if (!d || d->count() <= 0) return Bad(key, v, "a duration such as 500ms, 30s or 5m");
            at(c) = *d;
            return Ok();
          },
          [at](GatewayConfig c) { return Quote(FormatDuration(at(c))); }};
}

Setting SizeSetting(std::string_view key, std::function<std::uint64_t(GatewayConfig&)> get,
                    std::function<void(GatewayConfig&, std::uint64_t)> put, bool zero_ok) {
  return {key,
          [key, put, zero_ok](GatewayConfig& c, std::string_view v) -> Status {
            auto n = ParseSize(v);
            if (!n || (*n == 0 && !zero_ok)) return Bad(key, v, "a size such as 512MB or 2GB");
            put(c, *n);
            return Ok();
          },
          [get](GatewayConfig c) { return std::to_string(get(c)); }};
}

Setting PathSetting(std::string_view key,
                    std::function<std::filesystem::path&(GatewayConfig&)> at) {
  return {key,
          [at](GatewayConfig& c, std::string_view v) -> Status {
            at(c) = std::filesystem::path(std::string(v));
            return Ok();
          },
          [at](GatewayConfig c) { return Quote(at(c).string()); }};
}

Setting BoolSetting(std::string_view key, std::function<bool&(GatewayConfig&)> at) {
  return {key,
          [key, at](GatewayConfig& c, std::string_view v) -> Status {
            if (v != "true" && v != "false") return Bad(key, v, "true or false");
            at(c) = v == "true";
            return Ok();
          },
          [at](GatewayConfig c) { return std::string(at(c) ? "true" : "false"); }};
}

Setting TextSetting(std::string_view key, std::function<std::string&(GatewayConfig&)> at,
                    std::vector<std::string_view> allowed, bool empty_ok) {
  return {key,
          [key, at, allowed, empty_ok](GatewayConfig& c, std::string_view v) -> Status {
            if (allowed.empty()) {
              if (v.empty() && !empty_ok) return Bad(key, v, "a non-empty value");
            } else if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
              std::string expected;
              for (auto a : allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
              return Bad(key, v, "one of " + expected);
            }
            at(c) = std::string(v);
            return Ok();
          },
          [at](GatewayConfig c) { return Quote(at(c)); }};
}

}  // namespace graphpost::gateway::internal
