// `graphpost setup`: answers → plan → (certificate mode: key pair) → runbook folder, and with
// --rehearse the runbook's dress rehearsal on an embedded sandbox (cli/setup_rehearsal.hpp).
#include "cli/setup_commands.hpp"

#include <iostream>
#include <optional>
#include <system_error>

#include <boost/json.hpp>

#include "cli/setup_keys.hpp"
#include "cli/setup_rehearsal.hpp"
#include "core/clock.hpp"
#include "core/json.hpp"
#include "setup/plan.hpp"
#include "setup/runbook.hpp"

namespace graphpost::cli {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// "graphpost mail sender" -> "graphpost-mail-sender": lower-case letters and digits, one '-'
// for each run of anything else, none at the ends.
std::string Slug(const std::string& name) {
  std::string slug;
  for (char ch : name) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ch >= 'A' && ch <= 'Z') {
      slug += static_cast<char>(ch - 'A' + 'a');
    } else if (keep) {
      slug += ch;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "app" : slug;
}

fs::path OutDir(const SetupOptions& options, const setup::Answers& answers) {
  if (!options.out_dir.empty()) return options.out_dir;
  return fs::current_path() / ("graphpost-setup-" + Slug(answers.app_name));
}

// An earlier runbook's rehearsal (sandbox state, connections) is graphpost's own: it goes before
// the runbook is written again, so the folder holds only runbook files. A folder without
// answers.toml is not an earlier runbook, and its `rehearsal` (if any) is left to WriteRunbook to
// refuse.
void ForgetEarlierRehearsal(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "answers.toml", ec)) fs::remove_all(dir / "rehearsal", ec);
}

}  // namespace

Status WriteRunbookFiles(const fs::path& dir, const std::vector<setup::RunbookFile>& files,
                         bool force) {
  // Not a folder: --force cannot help (it failed later with "cannot create a temporary file").
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return Fail(ErrorCode::kAlreadyExists,
                "runbook: " + dir.string() + " is a file, not a folder; choose another --out");
  }
  ForgetEarlierRehearsal(dir);
  auto written = setup::WriteRunbook(dir, files);
  if (written || written.error().code != ErrorCode::kAlreadyExists) return written;
  if (!force) {
    return Fail(ErrorCode::kAlreadyExists,
                written.error().message + " (or give --force to write the runbook into it anyway)");
  }
  return setup::WriteRunbook(dir, files, setup::OtherFiles::kKeep);
}

namespace {

Result<std::optional<SetupKeyPair>> MakeKeyPairIfNeeded(const ClientGlobal& g,
                                                        const setup::Answers& answers) {
  if (answers.credential != setup::CredentialKind::kCertificate) {
    return std::optional<SetupKeyPair>{};
  }
  SystemClock clock;
  auto pair = MakeSetupKeyPair(g.data_dir, Slug(answers.app_name), answers.app_name,
                               answers.credential_months, clock);
  if (!pair) return Fail(pair.error());
  return std::optional<SetupKeyPair>(std::move(*pair));
}

std::vector<std::string> NextSteps(const fs::path& dir) {
  return {"Read " + (dir / "README.md").string() +
              " (it has the portal click path for every step you prefer to click).",
          "Run entra.ps1 in Microsoft Graph PowerShell, then exchange.ps1 in Exchange Online "
          "PowerShell; both stop at the first error with the guide's hint.",
          "Run connections.sh to add the connections and test each with the doctor."};
}

json::object Summary(const fs::path& dir, const setup::Plan& plan,
                     const std::vector<setup::RunbookFile>& files,
                     const std::optional<SetupKeyPair>& key_pair) {
  json::array names, connections, next;
  for (const auto& f : files) names.emplace_back(f.name);
  for (const auto& m : plan.answers.mailboxes) connections.emplace_back(setup::ConnectionName(m));
  for (const auto& line : NextSteps(dir)) next.emplace_back(line);
  json::object out{{"runbook", dir.string()},
                   {"files", std::move(names)},
                   {"mode", setup::ModeName(plan.answers.mode)},
                   {"credential", setup::CredentialKindName(plan.answers.credential)},
                   {"steps", plan.steps.size()},
                   {"connections", std::move(connections)},
                   {"next", std::move(next)}};
  if (key_pair) {
    out["certificate"] = {{"file", "app-cert.pem"},
                          {"thumbprint", key_pair->thumbprint},
                          {"notAfter", key_pair->not_after},
                          {"privateKey", key_pair->private_key_path.string()}};
  }
  return out;
}

void PrintSummary(std::ostream& out, const json::object& summary) {
  out << "Runbook written to " << summary.at("runbook").as_string().c_str() << ":\n";
  for (const auto& f : summary.at("files").as_array()) out << "  " << f.as_string().c_str() << "\n";
  if (const auto* cert = summary.if_contains("certificate")) {
    const auto& c = cert->as_object();
    out << "Certificate " << c.at("thumbprint").as_string().c_str() << " (valid until "
        << c.at("notAfter").as_string().c_str() << ") is app-cert.pem; its private key stays in "
        << c.at("privateKey").as_string().c_str() << " (0600, never in the runbook).\n";
  }
  out << "Next:\n";
  int n = 1;
  for (const auto& line : summary.at("next").as_array()) {
    out << "  " << n++ << ". " << line.as_string().c_str() << "\n";
  }
}

struct Written {
  fs::path dir;
  setup::Plan plan;
  std::optional<SetupKeyPair> key_pair;
  json::object summary;
};

Result<Written> WriteSetupRunbook(const ClientGlobal& g, const SetupOptions& options,
                                  std::istream& in, std::ostream& out) {
  // With --json, stdout carries one JSON document: the questions go to stderr.
  auto answers = GatherSetupAnswers(options, in, g.json ? std::cerr : out);
  if (!answers) return Fail(answers.error());
  auto plan = setup::BuildSetupPlan(*answers);
  if (!plan) return Fail(plan.error());
  fs::path dir = OutDir(options, *answers);
  auto key_pair = MakeKeyPairIfNeeded(g, *answers);
  if (!key_pair) return Fail(key_pair.error());
  setup::ConnectionLineInputs inputs;
  std::string certificate_pem;
  if (*key_pair) {
    inputs.private_key_file = fs::absolute((*key_pair)->private_key_path).string();
    certificate_pem = (*key_pair)->certificate_pem;
  }
  auto files = setup::SetupRunbook(*plan, inputs, certificate_pem);
  if (auto s = WriteRunbookFiles(dir, files, options.force); !s) {
    std::error_code ec;  // a key whose certificate no runbook holds is of no use to anyone
    if (*key_pair) fs::remove((*key_pair)->private_key_path, ec);
    return Fail(s.error());
  }
  json::object summary = Summary(dir, *plan, files, *key_pair);
  return Written{std::move(dir), std::move(*plan), std::move(*key_pair), std::move(summary)};
}

}  // namespace

Status RunSetup(const ClientGlobal& g, const SetupOptions& options, std::istream& in,
                std::ostream& out) {
  auto written = WriteSetupRunbook(g, options, in, out);
  if (!written) return Fail(written.error());
  if (!g.json) PrintSummary(out, written->summary);
  if (!options.rehearse) {
    if (g.json) out << ToJson(written->summary) << "\n";
    return Ok();
  }
  if (!g.json) out << "\nRehearsing the runbook on an embedded blank sandbox...\n";
  RehearsalInputs inputs{.dir = written->dir / "rehearsal",
                         .env = g.env,
                         .key_pair = written->key_pair ? &*written->key_pair : nullptr};
  auto report = RunRehearsal(written->plan, inputs, g.json ? nullptr : &out);
  if (!report) return Fail(report.error());
  Status verdict = RehearsalVerdict(written->plan.answers.mode, *report);
  if (g.json) {
    written->summary["rehearsal"] = RehearsalToJson(*report);
    written->summary["rehearsal"].as_object()["passed"] = verdict.has_value();
    out << ToJson(written->summary) << "\n";
  } else if (verdict) {
    out << "Rehearsal passed: every step ran and every connection passed the doctor"
        << (written->plan.answers.mode == setup::Mode::kAsTheGuide
                ? " (the permissions warning is what the guide leaves behind; see `graphpost "
                  "setup migrate`).\n"
                : ".\n");
  }
  return verdict;
}

}  // namespace graphpost::cli
