// cli/bulk_run.hpp — the steps of `graphpost send --bulk` (cli/gateway_commands.hpp), private to
// cli/: load and check the files, submit the batches, follow delivery, write the results file.
// Not thread-safe; one BulkRun per command run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bulk/mail_merge.hpp"
#include "bulk/recipients_csv.hpp"
#include "cli/gateway_client.hpp"
#include "cli/gateway_commands.hpp"
#include "core/result.hpp"

namespace graphpost::cli {

// What became of one recipient row.
struct RowResult {
  std::string status;  // "queued" (then the final status with --wait) or "rejected"
  std::string id;      // the message id when queued
  std::string problem;
};

struct BulkRun {
  std::string csv_name;  // the recipients file as given, for messages
  bulk::RecipientTable table;
  std::optional<bulk::MailMerge> merge;
  std::string connection;    // the template's, for the lane's rate
  std::string content_hash;  // of every input file
  std::vector<bulk::Chunk> chunks;
  std::vector<RowResult> results;  // by row
};

// Reads the files (body files and attachments relative to the template's folder), renders and
// checks every row, and plans the batches. kInvalidArgument naming file and line (at most the
// first 10 problems, and how many there were); file errors as ReadFileText gives them.
[[nodiscard]] Result<BulkRun> LoadBulkRun(const BulkSendOptions& options);

// Submits every batch not yet submitted, printing progress (not with --json). Rows the gateway
// refused are marked rejected; an error that says nothing was stored for a batch (gateway down,
// key refused, 409) stops the run: a re-run continues where it stopped.
[[nodiscard]] Status SubmitBulkRun(BulkRun& run, GatewayClient& gateway, const ClientGlobal& g,
                                   const BulkSendOptions& options);

// Polls the queued messages until each is final, printing progress with the paced ETA.
[[nodiscard]] Status WaitBulkRun(BulkRun& run, GatewayClient& gateway, const ClientGlobal& g,
                                 const BulkSendOptions& options);

// The results as CSV (line,email,status,id,problem) or, for a *.json path, a JSON array.
std::string RenderResults(const BulkRun& run, bool as_json);

}  // namespace graphpost::cli
