// gateway/internal/setting_kinds.hpp — the kinds of entries in the settings table (gateway_config,
// smtp_config): each key with its parser (from the text form the file, the environment and
// --set all use) and its printer (a TOML value). Internal to the gateway module. Pure functions.
#pragma once

#include <charconv>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "gateway/gateway_config.hpp"

namespace graphpost::gateway::internal {

struct Setting {
  std::string_view key;
  std::function<Status(GatewayConfig&, std::string_view)> set;
  std::function<std::string(const GatewayConfig&)> show;  // as a TOML value
};

// kInvalidArgument "<key>: expected <expected>, got '<value>'".
Status Bad(std::string_view key, std::string_view value, std::string_view expected);

// A TOML basic string.
std::string Quote(std::string_view s);

// "512MB", "2GB", "64KB", "100" (bytes); nullopt when malformed or too large.
std::optional<std::uint64_t> ParseSize(std::string_view text);

template <class Int>
std::optional<Int> ParseInt(std::string_view text) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A whole number within [min, max], reached through `at` (nested fields too).
template <class Int>
Setting IntSetting(std::string_view key, std::function<Int&(GatewayConfig&)> at, Int min,
                   Int max) {
  return {key,
          [key, at, min, max](GatewayConfig& c, std::string_view v) -> Status {
            auto n = ParseInt<Int>(v);
            if (!n || *n < min || *n > max) {
              return Bad(
                  key, v,
                  "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
            }
            at(c) = *n;
            return Ok();
          },
          [at](GatewayConfig c) { return std::to_string(at(c)); }};
}

Setting DurationSetting(std::string_view key,
                        std::function<std::chrono::milliseconds&(GatewayConfig&)> at);
Setting SizeSetting(std::string_view key, std::function<std::uint64_t(GatewayConfig&)> get,
                    std::function<void(GatewayConfig&, std::uint64_t)> put, bool zero_ok);
Setting PathSetting(std::string_view key,
                    std::function<std::filesystem::path&(GatewayConfig&)> at);
Setting BoolSetting(std::string_view key, std::function<bool&(GatewayConfig&)> at);
// Any non-empty text (`allowed` empty), or one of `allowed`.
Setting TextSetting(std::string_view key, std::function<std::string&(GatewayConfig&)> at,
                    std::vector<std::string_view> allowed, bool empty_ok = false);

// The "smtp." settings (smtp_config.cpp), in documentation order.
std::vector<Setting> SmtpSettings();

}  // namespace graphpost::gateway::internal
