// cli/setup_keys.hpp — the key pairs graphpost makes for a certificate credential (`setup` in
// certificate mode, `connection rotate-certificate`): an RSA 2048 key and a self-signed
// certificate made locally, so only the public part ever leaves the machine. The private key is
// kept 0600 under <data dir>/setup-keys/ (the folder 0700), never in a runbook, argv or a log.
// Not thread-safe (writes files).
#pragma once

#include <filesystem>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace graphpost::cli {

struct SetupKeyPair {
  std::string certificate_pem;             // the part to upload to Entra
  std::filesystem::path private_key_path;  // <data dir>/setup-keys/<name>-<yyyymmddHHMMSS>.key
                                           // (-2, -3, ... before .key for a rerun in that second)
  std::string thumbprint;                  // SHA-1, upper-case hex, as the portal shows it
  std::string not_after;                   // ISO 8601 date the certificate expires
};

// Makes a key pair whose certificate (CN=`common_name`) is valid `months` from clock.Now(), and
// writes the private key (PEM, 0600). kInternal naming the file when it cannot be written.
[[nodiscard]] Result<SetupKeyPair> MakeSetupKeyPair(const std::filesystem::path& data_dir,
                                                    const std::string& name,
                                                    const std::string& common_name, int months,
                                                    Clock& clock);

}  // namespace graphpost::cli
