// `graphpost smtp-account ...` through the running gateway's operator routes; see
// smtp_account_commands.hpp.
#include "cli/smtp_account_commands.hpp"

#include <iostream>

#include <boost/json.hpp>

#include "cli/gateway_client.hpp"
#include "cli/secret_input.hpp"
#include "cli/table.hpp"
#include "core/form.hpp"
#include "core/json.hpp"
#include "crypto/password_hash.hpp"

namespace graphpost::cli {
namespace {

constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::size_t kGeneratedLength = 24;
constexpr std::size_t kMinPasswordLength = 12;
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::string_view kPath = "/v1/admin/smtp-accounts";

const std::vector<std::string> kColumns = {"name", "connections", "senders", "createdAt",
                                           "passwordChangedAt"};

json::array Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

struct NewPassword {
  Secret password;
  bool generated = false;
};

Result<NewPassword> ChoosePassword(bool from_stdin, std::istream& in) {
  if (!from_stdin) {
    SystemRandom random;
    return NewPassword{GeneratePassword(random), true};
  }
  auto read = ReadPassword(in);
  if (!read) return Fail(read.error());
  return NewPassword{std::move(*read), false};
}

// The hash to send; the password stays in this process.
Result<std::string> HashForGateway(const Secret& password) {
  return crypto::HashPassword(password, crypto::PasswordHashLimits::Interactive());
}

// What add and set-password print: the account, and a generated password once.
void PrintPassword(const ClientGlobal& g, json::value account, const NewPassword& chosen,
                   std::string_view what) {
  if (g.json) {
    if (chosen.generated) account.as_object()["password"] = chosen.password.Reveal();
    std::cout << ToJson(account) << "\n";
    return;
  }
  std::cout << "SMTP account " << JsonString(account, "name").value_or("") << " " << what << "\n";
  if (!chosen.generated) return;
  std::cout << "Password: " << chosen.password.Reveal() << "\n"
            << "This is the only time the password is shown: set it on the device or app now.\n";
}

}  // namespace

Secret GeneratePassword(Random& random) {
  // 15 bytes are 120 bits: 24 base32 characters of 5 bits each, no padding.
  const std::string bytes = random.Bytes(kGeneratedLength * 5 / 8);
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  return Secret(std::move(out));
}

Result<Secret> ReadPassword(std::istream& in) {
  auto text = ReadSecretStream(in, "standard input (--password-stdin)");
  if (!text) return Fail(text.error());
  auto password = CheckSecretValue(std::move(*text), "standard input (--password-stdin)");
  if (!password) return Fail(password.error());
  if (password->Reveal().size() < kMinPasswordLength) {
    return Fail(ErrorCode::kInvalidArgument,
                "the password from standard input is shorter than 12 characters");
  }
  if (password->Reveal().size() > kMaxPasswordBytes) {
    return Fail(ErrorCode::kInvalidArgument,
                "the password from standard input is longer than 1024 bytes");
  }
  return password;
}

Status RunSmtpAccountAdd(const ClientGlobal& g, const SmtpAccountOptions& o, std::istream& in) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  auto chosen = ChoosePassword(o.password_stdin, in);
  if (!chosen) return Fail(chosen.error());
  auto hash = HashForGateway(chosen->password);
  if (!hash) return Fail(hash.error());
  auto created = (*client)->Call("POST", std::string(kPath),
                                 json::object{{"name", o.name},
                                              {"passwordHash", *hash},
                                              {"connections", Strings(o.connections)},
                                              {"senders", Strings(o.senders)}});
  if (!created) return Fail(created.error());
  PrintPassword(g, std::move(*created), *chosen, "added");
  return Ok();
}

Status RunSmtpAccountList(const ClientGlobal& g) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  auto listed = (*client)->Call("GET", std::string(kPath));
  if (!listed) return Fail(listed.error());
  if (g.json) {
    std::cout << ToJson(*listed) << "\n";
    return Ok();
  }
  const auto* accounts = JsonArray(*listed, "smtpAccounts");
  std::cout << RenderTable(kColumns, accounts ? *accounts : json::array{});
  return Ok();
}

Status RunSmtpAccountRemove(const ClientGlobal& g, const std::string& name) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  auto removed = (*client)->Call("DELETE", std::string(kPath) + "/" + PercentEncode(name));
  if (!removed) return Fail(removed.error());
  if (g.json) {
    std::cout << ToJson(*removed) << "\n";
  } else {
    std::cout << "SMTP account " << name << " removed\n";
  }
  return Ok();
}

Status RunSmtpAccountSetPassword(const ClientGlobal& g, const SmtpAccountOptions& o,
                                 std::istream& in) {
  auto client = GatewayClient::Connect(g.data_dir);
  if (!client) return Fail(client.error());
  auto chosen = ChoosePassword(o.password_stdin, in);
  if (!chosen) return Fail(chosen.error());
  auto hash = HashForGateway(chosen->password);
  if (!hash) return Fail(hash.error());
  auto changed =
      (*client)->Call("PUT", std::string(kPath) + "/" + PercentEncode(o.name) + "/password",
                      json::object{{"passwordHash", *hash}});
  if (!changed) return Fail(changed.error());
  PrintPassword(g, std::move(*changed), *chosen, "has a new password");
  return Ok();
}

}  // namespace graphpost::cli
