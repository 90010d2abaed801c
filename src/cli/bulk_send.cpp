// `graphpost send --bulk`, second half: the batches submitted through the gateway, delivery
// followed, progress shown (a bar on a terminal, a line every few seconds otherwise, nothing with
// --json) and the results file written.
#include <iostream>
#include <thread>

#include <boost/json.hpp>

#include "bulk/progress.hpp"
#include "cli/bulk_run.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/form.hpp"
#include "core/json.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int kBarWidth = 30;
constexpr std::size_t kPollWindow = 50;  // messages looked at per poll, oldest first

// Progress on stderr: redrawn in place on a terminal, else a plain line at most every 5 s (and
// always the last one), nothing with --json.
class ProgressPrinter {
 public:
  ProgressPrinter(const ClientGlobal& g, const BulkSendOptions& o)
      : json_(g.json), bar_(o.progress_bar) {}

  void Show(const bulk::ProgressView& view, bool last) {
    if (json_) return;
    if (bar_) {
      std::cerr << "\r\033[K" << bulk::ProgressText(view, kBarWidth) << (last ? "\n" : "")
                << std::flush;
      return;
    }
    const auto now = clock_.MonotonicNow();
    if (!last && printed_ && now - last_line_ < 5s) return;
    printed_ = true;
    last_line_ = now;
    std::cerr << bulk::ProgressText(view, 0) << "\n";
  }

 private:
  bool json_, bar_;
  bool printed_ = false;
  SystemClock clock_;
  std::chrono::steady_clock::time_point last_line_{};
};

// Applies a batch answer (202: one result per item, in order) to the chunk's rows.
void ApplyAnswer(BulkRun& run, const bulk::Chunk& chunk, const json::value& answer) {
  const auto* results = JsonArray(answer, "results");
  for (std::size_t i = 0; i < chunk.count; ++i) {
    RowResult& row = run.results[chunk.first + i];
    const json::value* item = results && i < results->size() ? &(*results)[i] : nullptr;
    const auto id = item ? JsonString(*item, "id") : std::nullopt;
    if (id) {
      row = {.status = "queued", .id = *id, .problem = ""};
      continue;
    }
    const auto* problem = item ? JsonObject(*item, "problem") : nullptr;
    std::string text = problem ? JsonString(*problem, "detail").value_or("") : "no answer";
    if (const auto* errors = problem ? JsonArray(*problem, "errors") : nullptr) {
      for (const auto& e : *errors) {
        text +=
            "; " + JsonString(e, "path").value_or("") + ": " + JsonString(e, "detail").value_or("");
      }
    }
    row = {.status = "rejected", .id = "", .problem = text};
  }
}

void RejectChunk(BulkRun& run, const bulk::Chunk& chunk, const std::string& problem) {
  for (std::size_t i = 0; i < chunk.count; ++i) {
    run.results[chunk.first + i] = {.status = "rejected", .id = "", .problem = problem};
  }
}

Result<std::string> ChunkBody(const BulkRun& run, const bulk::Chunk& chunk) {
  std::vector<std::string> messages;
  for (std::size_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
    auto m = run.merge->Render(run.table.rows[i], run.csv_name);
    if (!m) return Fail(m.error());  // the files changed since they were checked
    messages.push_back(std::move(*m));
  }
  return bulk::BatchBody(messages);
}

std::size_t CountStatus(const BulkRun& run, std::initializer_list<std::string_view> statuses) {
  std::size_t n = 0;
  for (const auto& r : run.results) {
    for (auto s : statuses) n += r.status == s ? 1 : 0;
  }
  return n;
}

bool IsFinal(std::string_view status) {
  return status == "delivered" || status == "failed" || status == "expired" ||
         status == "cancelled";
}

Status WriteResults(const BulkRun& run, const std::filesystem::path& file) {
  return WriteFileAtomic(file, RenderResults(run, file.extension() == ".json"), kOwnerOnly);
}

std::filesystem::path ResultsFile(const BulkSendOptions& o) {
  if (!o.results_file.empty()) return o.results_file;
  auto file = o.recipients_file;
  return file.replace_extension(".results.csv");
}

void PrintDryRun(const ClientGlobal& g, const BulkRun& run) {
  auto first = run.merge->Render(run.table.rows.front(), run.csv_name);
  auto doc = ParseJson(first ? *first : "{}");
  if (g.json) {
    std::cout << ToJson(json::object{{"dryRun", true},
                                     {"recipients", run.table.rows.size()},
                                     {"batches", run.chunks.size()},
                                     {"first", doc ? *doc : json::value()}})
              << "\n";
    return;
  }
  std::cout << "dry run: " << run.table.rows.size() << " message(s) in " << run.chunks.size()
            << " batch(es); nothing queued. The first (" << run.csv_name << " line "
            << run.table.rows.front().line << "):\n"
            << (first ? *first : "") << "\n";
}

void PrintSummary(const ClientGlobal& g, const BulkRun& run, const std::filesystem::path& results,
                  bool waited) {
  const std::size_t total = run.results.size(), rejected = CountStatus(run, {"rejected"});
  if (g.json) {
    json::object out{{"recipients", total},
                     {"queued", total - rejected},
                     {"rejected", rejected},
                     {"batches", run.chunks.size()},
                     {"results", results.string()}};
    if (waited) {
      out["delivered"] = CountStatus(run, {"delivered"});
      out["failed"] = CountStatus(run, {"failed", "expired", "cancelled"});
    }
    std::cout << ToJson(out) << "\n";
    return;
  }
  std::cout << "queued " << total - rejected << " of " << total << " message(s) in "
            << run.chunks.size() << " batch(es)";
  if (rejected) std::cout << ", " << rejected << " rejected";
  if (waited) {
    std::cout << "; delivered " << CountStatus(run, {"delivered"}) << ", failed "
              << CountStatus(run, {"failed", "expired", "cancelled"});
  }
  std::cout << "; results in " << results.string() << "\n";
}

}  // namespace

Status SubmitBulkRun(BulkRun& run, GatewayClient& gateway, const ClientGlobal& g,
                     const BulkSendOptions& o) {
  ProgressPrinter progress(g, o);
  const std::size_t total = run.table.rows.size();
  std::size_t done = 0;
  for (std::size_t n = 0; n < run.chunks.size(); ++n) {
    const auto& chunk = run.chunks[n];
    auto body = ChunkBody(run, chunk);
    if (!body) return Fail(body.error());
    auto answer =
        gateway.CallJsonText("POST", "/v1/messages/batch", std::move(*body),
                             bulk::ChunkIdempotencyKey(run.content_hash, n + 1, run.chunks.size()));
    if (answer) {
      ApplyAnswer(run, chunk, *answer);
    } else if (answer.error().code == ErrorCode::kInvalidArgument ||
               answer.error().code == ErrorCode::kPermissionDenied) {
      RejectChunk(run, chunk, answer.error().message);  // every item refused; nothing stored
    } else if (answer.error().code == ErrorCode::kFailedPrecondition) {
      return Fail(answer.error().code, "batch " + std::to_string(n + 1) +
                                           ": the gateway holds a different batch under "
                                           "this Idempotency-Key: " +
                                           answer.error().message);
    } else {
      return Fail(answer.error().code, "batch " + std::to_string(n + 1) + " of " +
                                           std::to_string(run.chunks.size()) + ": " +
                                           answer.error().message +
                                           " (run the same command again to continue: batches "
                                           "already queued are not queued twice)");
    }
    done += chunk.count;
    progress.Show(
        {.label = "queued", .done = done, .total = total, .failed = CountStatus(run, {"rejected"})},
        n + 1 == run.chunks.size());
  }
  return Ok();
}

Status WaitBulkRun(BulkRun& run, GatewayClient& gateway, const ClientGlobal& g,
                   const BulkSendOptions& o) {
  ProgressPrinter progress(g, o);
  const int rate = o.messages_per_minute > 0
                       ? o.messages_per_minute
                       : gateway.MessagesPerMinute(run.connection).value_or(0);
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    if (!run.results[i].id.empty() && !IsFinal(run.results[i].status)) pending.push_back(i);
  }
  const std::size_t total = pending.size();
  while (true) {
    std::vector<std::size_t> still;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      RowResult& row = run.results[pending[k]];
      if (k < kPollWindow) {
        auto got = gateway.Call("GET", "/v1/messages/" + PercentEncode(row.id));
        if (!got) return Fail(got.error());
        row.status = JsonString(*got, "status").value_or(row.status);
        if (IsFinal(row.status)) row.problem = JsonString(*got, "cause").value_or("");
      }
      if (!IsFinal(row.status)) still.push_back(pending[k]);
    }
    pending = std::move(still);
    const std::size_t failed = CountStatus(run, {"failed", "expired", "cancelled"});
    progress.Show({.label = "delivered",
                   .done = total - pending.size() - failed,
                   .total = total,
                   .failed = failed,
                   .eta = bulk::PacedEta(pending.size(), rate),
                   .messages_per_minute = rate},
                  pending.empty());
    if (pending.empty()) return Ok();
    std::this_thread::sleep_for(o.poll_interval);  // the CLI's edge: nothing to wait on but time
  }
}

Status RunBulkSend(const ClientGlobal& g, const BulkSendOptions& o) {
  auto run = LoadBulkRun(o);
  if (!run) return Fail(run.error());
  if (o.dry_run) {
    PrintDryRun(g, *run);
    return Ok();
  }
  auto gateway = GatewayClient::Connect(g.data_dir, o.api_key_file);
  if (!gateway) return Fail(gateway.error());
  const auto results = ResultsFile(o);
  auto submitted = SubmitBulkRun(*run, **gateway, g, o);
  if (auto w = WriteResults(*run, results); !w) return Fail(w.error());
  if (!submitted) return submitted;
  if (o.wait) {
    auto waited = WaitBulkRun(*run, **gateway, g, o);
    if (auto w = WriteResults(*run, results); !w) return Fail(w.error());
    if (!waited) return waited;
  }
  PrintSummary(g, *run, results, o.wait);
  if (const auto rejected = CountStatus(*run, {"rejected"})) {
    return Fail(ErrorCode::kInvalidArgument,
                std::to_string(rejected) + " message(s) were rejected; see " + results.string());
  }
  if (const auto failed = CountStatus(*run, {"failed", "expired", "cancelled"}); failed && o.wait) {
    return Fail(ErrorCode::kInternal,
                std::to_string(failed) + " message(s) were not delivered; see " + results.string());
  }
  return Ok();
}

}  // namespace graphpost::cli
