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

// An array of strings as the settings table's comma-separated text ("smtp.auth_without_tls");
// nullopt when an element is not a string or holds a comma.
std::optional<std::string> ListText(const toml::array& array) {
  std::string out;
  for (const auto& item : array) {
    const auto* s = item.as_string();
    if (s == nullptr || s->get().find_first_of(",;=") != std::string::npos) return std::nullopt;
    out += (out.empty() ? "" : ",") + s->get();
  }
  return out;
}

// [[smtp.relay]] from = "CIDR", connections = [...], senders = [...]: the text form
// "CIDR=conn,...,sender;..." that smtp.relay takes everywhere else.
Result<std::string> RelayText(const toml::array& array, const std::string& name) {
  std::string out;
  for (const auto& item : array) {
    const auto* range = item.as_table();
    const auto* from = range ? range->get_as<std::string>("from") : nullptr;
    if (from == nullptr) {
      return Fail(Invalid(name, item.source(),
                          "each [[smtp.relay]] needs from = \"CIDR\" and connections = [...]")
                      .error());
    }
    std::string entry = from->get() + "=";
    std::string items;
    for (const char* list : {"connections", "senders"}) {
      const auto* values = range->get_as<toml::array>(list);
      if (values == nullptr) continue;
      auto text = ListText(*values);
      if (!text) {
        return Fail(Invalid(name, values->source(),
                            std::string("smtp.relay ") + list + " must be an array of strings")
                        .error());
      }
      if (!text->empty()) items += (items.empty() ? "" : ",") + *text;
    }
    for (const auto& [key, _] : *range) {
      if (key != "from" && key != "connections" && key != "senders") {
        return Fail(Invalid(name, item.source(),
                            "unknown key '" + std::string(key.str()) +
                                "' in [[smtp.relay]] (from, connections, senders)")
                        .error());
      }
    }
    out += (out.empty() ? "" : ";") + entry + items;
  }
  return out;
}

Status ApplyArray(GatewayConfig& config, const std::string& key, const toml::array& array,
                  const std::string& name) {
  Result<std::string> text;
  if (key == "smtp.relay") {
    text = RelayText(array, name);
  } else if (auto list = ListText(array)) {
    text = std::move(*list);
  } else {
    return Invalid(name, array.source(), "'" + key + "' must be an array of strings");
  }
  if (!text) return Fail(text.error());
  if (auto set = SetSetting(config, key, *text); !set) {
    return Invalid(name, array.source(), set.error().message);
  }
  return Ok();
}

Status ApplyTable(GatewayConfig& config, const toml::table& table, const std::string& prefix,
                  const std::string& name) {
  for (const auto& [raw_key, node] : table) {
    const std::string key = prefix + std::string(raw_key.str());
    if (const auto* array = node.as_array()) {
      if (auto applied = ApplyArray(config, key, *array, name); !applied) return applied;
      continue;
    }
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
