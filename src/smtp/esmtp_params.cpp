#include "smtp/internal/esmtp_params.hpp"

#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.hpp"

namespace graphpost::smtp::internal {
namespace {

struct Param {
  std::string name;  // upper-case
  std::optional<std::string_view> value;
};

tl::unexpected<Reply> Bad(std::string text) {
  return tl::unexpected<Reply>(Reply{501, "5.5.4", std::move(text)});
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || c != '-')) return false;
  }
  return true;
}

// esmtp-value: any byte from 33 to 126 but '=', and UTF-8 (RFC 6531).
bool ValidValue(std::string_view value) {
  if (value.empty()) return false;
  for (unsigned char c : value) {
    if (c < 33 || c == '=' || c == 127) return false;
  }
  return true;
}

Expected<std::vector<Param>, Reply> Tokenize(std::string_view text) {
  std::vector<Param> out;
  std::set<std::string> seen;
  for (std::string_view token : Split(text, ' ')) {
    if (token.empty()) continue;
    const std::size_t eq = token.find('=');
    Param param{Upper(token.substr(0, eq)), std::nullopt};
    if (!ValidName(param.name))
      return Bad("Bad parameter \"" + std::string(token.substr(0, eq)) + "\"");
    if (eq != std::string_view::npos) {
      param.value = token.substr(eq + 1);
      if (!ValidValue(*param.value)) return Bad("Bad value for " + param.name + "=");
    }
    if (!seen.insert(param.name).second) return Bad(param.name + " is given twice");
    out.push_back(param);
  }
  return out;
}

tl::unexpected<Reply> Unknown(const Param& p) {
  return tl::unexpected<Reply>(Reply{555, "5.5.4", "Unsupported parameter " + p.name});
}

std::optional<std::string> OneOf(std::string_view value,
                                 std::initializer_list<std::string_view> allowed) {
  const std::string upper = Upper(value);
  for (std::string_view a : allowed) {
    if (upper == a) return upper;
  }
  return std::nullopt;
}

// Applies one MAIL parameter; the error is the reply text.
std::optional<std::string> ApplyMail(const Param& p, MailParameters& out) {
  if (p.name == "SMTPUTF8") {
    if (p.value) return "SMTPUTF8 takes no value";
    out.smtputf8 = true;
    return std::nullopt;
  }
  if (!p.value) return p.name + " needs a value";
  const std::string_view v = *p.value;
  if (p.name == "SIZE") {
    std::uint64_t size = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), size);
    if (ec != std::errc() || end != v.data() + v.size()) return "SIZE= must be a number of bytes";
    out.size = size;
  } else if (p.name == "BODY") {
    auto body = OneOf(v, {"7BIT", "8BITMIME", "BINARYMIME"});
    if (!body) return "BODY= must be 7BIT, 8BITMIME or BINARYMIME";
    out.body = *body;
  } else if (p.name == "RET") {
    auto ret = OneOf(v, {"FULL", "HDRS"});
    if (!ret) return "RET= must be FULL or HDRS";
    out.ret = *ret;
  } else {  // ENVID or AUTH
    auto decoded = DecodeXtext(v);
    if (!decoded) return p.name + "= is not valid xtext";
    if (p.name == "ENVID" && decoded->size() > 100) return "ENVID= is longer than 100 characters";
    (p.name == "ENVID" ? out.envid : out.auth) = std::move(*decoded);
  }
  return std::nullopt;
}

std::optional<std::string> ApplyRcpt(const Param& p, RcptParameters& out) {
  if (!p.value) return p.name + " needs a value";
  if (p.name == "ORCPT") {
    auto decoded = DecodeXtext(*p.value);
    if (!decoded || decoded->find(';') == std::string::npos) {
      return "ORCPT= must be addr-type;xtext (rfc822;pat@example.com)";
    }
    out.orcpt = std::move(*decoded);
    return std::nullopt;
  }
  for (std::string_view item : Split(*p.value, ',')) {
    auto notify = OneOf(item, {"NEVER", "SUCCESS", "FAILURE", "DELAY"});
    if (!notify) return "NOTIFY= must be NEVER, or a list of SUCCESS, FAILURE and DELAY";
    out.notify.push_back(*notify);
  }
  for (const std::string& n : out.notify) {
    if (n == "NEVER" && out.notify.size() > 1) return "NOTIFY=NEVER cannot be combined";
  }
  return std::nullopt;
}

}  // namespace

Expected<MailParameters, Reply> ParseMailParameters(std::string_view text) {
  auto params = Tokenize(text);
  if (!params) return tl::unexpected<Reply>(params.error());
  MailParameters out;
  for (const Param& p : *params) {
    static const std::set<std::string> kKnown{"SIZE", "BODY", "SMTPUTF8", "RET", "ENVID", "AUTH"};
    if (!kKnown.count(p.name)) return Unknown(p);
    if (auto bad = ApplyMail(p, out)) return Bad(*bad);
  }
  return out;
}

Expected<RcptParameters, Reply> ParseRcptParameters(std::string_view text) {
  auto params = Tokenize(text);
  if (!params) return tl::unexpected<Reply>(params.error());
  RcptParameters out;
  for (const Param& p : *params) {
    if (p.name != "NOTIFY" && p.name != "ORCPT") return Unknown(p);
    if (auto bad = ApplyRcpt(p, out)) return Bad(*bad);
  }
  return out;
}

std::optional<std::string> DecodeXtext(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '+') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c < 33 || c > 126 || c == '=') {
      return std::nullopt;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace graphpost::smtp::internal
