// cli/setup_keys.cpp — MakeSetupKeyPair: an RSA key and its self-signed certificate, the key
// written 0600 under <data dir>/setup-keys/ (0700). See setup_keys.hpp.
#include "cli/setup_keys.hpp"

#include <chrono>
#include <cstdio>
#include <system_error>

#include "core/files.hpp"
#include "core/time_format.hpp"
#include "crypto/keys.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;

constexpr fs::perms kOwnerOnlyDir = fs::perms::owner_all;

// A name becomes the start of a file name (a suffix always follows, so "." and ".." cannot name a
// folder): letters, digits, '.', '_' and '-', as in a connection's name.
bool IsSafeFileStem(const std::string& name) {
  if (name.empty() || name.size() > 100) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// `t` plus `months` calendar months, the day clamped to the end of a shorter month (Jan 31 + 1
// month is Feb 28 or 29); the time of day is kept.
WallTime AddMonths(WallTime t, int months) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const auto time_of_day = t - day;
  const year_month_day ymd{day};
  const year_month ym = ymd.year() / ymd.month() + std::chrono::months{months};
  const year_month_day_last end_of_month{ym / std::chrono::last};
  const auto d = ymd.day() > end_of_month.day() ? end_of_month.day() : ymd.day();
  return sys_days{ym / d} + time_of_day;
}

// "yyyymmddHHMMSS" of `t` in UTC.
std::string CompactStamp(WallTime t) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(t - day)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

// <data dir>/setup-keys, created 0700; an existing folder is narrowed to 0700 too.
Result<fs::path> KeyFolder(const fs::path& data_dir) {
  const fs::path folder = data_dir / "setup-keys";
  if (auto made = EnsureDirectory(folder, kOwnerOnlyDir); !made) return Fail(made.error());
  std::error_code ec;
  fs::permissions(folder, kOwnerOnlyDir, fs::perm_options::replace, ec);
  if (ec) {
    return Fail(ErrorCode::kInternal,
                "cannot make " + folder.string() + " private (chmod 700): " + ec.message());
  }
  return folder;
}

}  // namespace

Result<SetupKeyPair> MakeSetupKeyPair(const fs::path& data_dir, const std::string& name,
                                      const std::string& common_name, int months, Clock& clock) {
  if (!IsSafeFileStem(name)) {
    return Fail(ErrorCode::kInvalidArgument,
                "key pair name '" + name + "' must be letters, digits, '.', '_' or '-'");
  }
  if (months < 1 || months > 120) {
    return Fail(ErrorCode::kInvalidArgument,
                "certificate validity must be 1..120 months, not " + std::to_string(months));
  }
  if (common_name.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "certificate common name is empty");
  }
  const WallTime now = std::chrono::floor<std::chrono::seconds>(clock.WallNow());
  auto key = crypto::Key::GenerateRsa(2048);
  if (!key) return Fail(key.error());
  auto certificate = crypto::Certificate::SelfSigned(
      {.common_name = common_name, .not_before = now, .not_after = AddMonths(now, months)}, *key);
  if (!certificate) return Fail(certificate.error());

  auto folder = KeyFolder(data_dir);
  if (!folder) return Fail(folder.error());
  // A second pair in the same second (a rerun) gets "-2", "-3", ...: never an existing file.
  const std::string stem = name + "-" + CompactStamp(now);
  fs::path key_path = *folder / (stem + ".key");
  Status written = CreateFileAtomic(key_path, key->PrivatePem(), kOwnerOnly);
  for (int n = 2; !written && written.error().code == ErrorCode::kAlreadyExists && n <= 20; ++n) {
    key_path = *folder / (stem + "-" + std::to_string(n) + ".key");
    written = CreateFileAtomic(key_path, key->PrivatePem(), kOwnerOnly);
  }
  if (!written) {
    return Fail(ErrorCode::kInternal, "cannot write the private key " + key_path.string() + ": " +
                                          written.error().message);
  }
  return SetupKeyPair{.certificate_pem = certificate->Pem(),
                      .private_key_path = key_path,
                      .thumbprint = certificate->ThumbprintSha1Hex(),
                      .not_after = FormatDate(certificate->NotAfter())};
}

}  // namespace graphpost::cli
