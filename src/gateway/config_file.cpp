// The TOML file as a list of (dotted key, value text) pairs fed to the settings table, so the file
// takes exactly the keys the environment and --set take.
#include "gateway/config_file.hpp"

#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace graphpost::gateway {
namespace {

Status Invalid(const std::string& name, const toml::source_region& where, std::string what) {
  return Fail(ErrorCode::kInvalidArgument,
              name + ":" + std::to_string(where.begin.line) + ": " + std::move(what));
}

// The value as the settings table reads it; nullopt for tables, arrays, dates and non-integral
// floats.
std::optional<std::string> ValueText(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return std::string(b->get() ? "true" : "false");
  return std::nullopt;
}

Status ApplyTable(GatewayConfig& config, const toml::table& table, const std::string& prefix,
                  const std::string& name) {
  for (const auto& [raw_key, node] : table) {
    const std::string key = prefix + std::string(raw_key.str());
    if (const auto* sub = node.as_table()) {
      if (auto applied = ApplyTable(config, *sub, key + ".", name); !applied) return applied;
      continue;
    }
    auto text = ValueText(node);
    if (!text) {
      return Invalid(name, node.source(),
                     "'" + key + "' must be a string, a whole number or a boolean");
    }
    if (auto set = SetSetting(config, key, *text); !set) {
      return Invalid(name, node.source(), set.error().message);
    }
  }
  return Ok();
}

}  // namespace

Status ApplyConfigText(GatewayConfig& config, std::string_view text, const std::string& name) {
  try {
    toml::table table = toml::parse(text, name);
    return ApplyTable(config, table, "", name);
  } catch (const toml::parse_error& e) {
    return Invalid(name, e.source(), std::string(e.description()));
  }
}

Status ApplyConfigFile(GatewayConfig& config, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "config file " + path.string() + " cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return ApplyConfigText(config, text.str(), path.string());
}

}  // namespace graphpost::gateway
