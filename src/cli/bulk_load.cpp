// `graphpost send --bulk`, first half: the files read and every row checked before anything is
// queued; and the results file.
#include <boost/json.hpp>

#include "cli/bulk_run.hpp"
#include "cli/client_commands.hpp"
#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/files.hpp"
#include "core/json.hpp"

namespace graphpost::cli {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxBatchBytes = 90 * 1024 * 1024;  // under the gateway's 100 MB default
constexpr std::size_t kProblemsShown = 10;

std::filesystem::path Beside(const std::filesystem::path& toml, const std::string& path) {
  std::filesystem::path p(path);
  return p.is_absolute() ? p : toml.parent_path() / p;
}

Result<std::optional<bulk::TemplateText>> BodyFile(const std::filesystem::path& toml,
                                                   const std::string& path) {
  if (path.empty()) return std::optional<bulk::TemplateText>{};
  const auto file = Beside(toml, path);
  auto text = ReadFileText(file);
  if (!text) return Fail(text.error().code, toml.string() + ": " + text.error().message);
  return bulk::TemplateText{.text = std::move(*text), .source = {file.string(), 1}};
}

// The files named by the template, with every byte that goes into the content hash.
Result<bulk::MergeFiles> ReadMergeFiles(const bulk::MessageTemplate& spec,
                                        const std::filesystem::path& toml,
                                        std::vector<std::string>& hashed) {
  bulk::MergeFiles files;
  auto text = BodyFile(toml, spec.text_file);
  if (!text) return Fail(text.error());
  auto html = BodyFile(toml, spec.html_file);
  if (!html) return Fail(html.error());
  files.text_file = std::move(*text);
  files.html_file = std::move(*html);
  for (const auto* body : {&files.text_file, &files.html_file}) {
    if (*body) hashed.push_back((*body)->text);
  }
  for (const auto& a : spec.attachments) {
    const auto file = Beside(toml, a.path);
    auto bytes = ReadFileText(file);
    if (!bytes) return Fail(bytes.error().code, toml.string() + ": " + bytes.error().message);
    files.attachments.push_back(
        {.name = file.filename().string(),
         .content_type = a.content_type.empty() ? ContentTypeFor(file) : a.content_type,
         .content_base64 = Base64Encode(*bytes),
         .content_id = a.content_id,
         .is_inline = a.is_inline});
    hashed.push_back(std::move(*bytes));
  }
  return files;
}

std::vector<std::string> LowerColumns(const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (const auto& c : columns) out.push_back(AsciiLower(c));
  return out;
}

// Renders every row once, for the problems and the batch plan (messages are rendered again when
// their batch is sent, so a large merge never holds every message in memory).
Status CheckRows(BulkRun& run, std::size_t batch_size) {
  std::vector<std::size_t> sizes;
  std::string problems;
  std::size_t count = 0;
  for (const auto& row : run.table.rows) {
    auto message = run.merge->Render(row, run.csv_name);
    if (message) {
      sizes.push_back(message->size());
      continue;
    }
    if (++count <= kProblemsShown) problems += "\n  " + message.error().message;
  }
  if (count > 0) {
    return Fail(ErrorCode::kInvalidArgument,
                std::to_string(count) + " of " + std::to_string(run.table.rows.size()) +
                    " row(s) cannot be sent; nothing was queued:" + problems +
                    (count > kProblemsShown ? "\n  ..." : ""));
  }
  run.chunks = bulk::PlanChunks(sizes, batch_size, kMaxBatchBytes);
  run.results.assign(run.table.rows.size(), RowResult{});
  return Ok();
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Result<BulkRun> LoadBulkRun(const BulkSendOptions& o) {
  auto csv = ReadFileText(o.recipients_file);
  if (!csv) return Fail(csv.error());
  auto toml = ReadFileText(o.template_file);
  if (!toml) return Fail(toml.error());
  BulkRun run;
  run.csv_name = o.recipients_file.string();
  auto table = bulk::ParseRecipients(*csv, run.csv_name);
  if (!table) return Fail(table.error());
  run.table = std::move(*table);
  auto spec = bulk::ParseMessageTemplate(*toml, o.template_file.string());
  if (!spec) return Fail(spec.error());
  std::vector<std::string> hashed{*csv, *toml};
  auto files = ReadMergeFiles(*spec, o.template_file, hashed);
  if (!files) return Fail(files.error());
  auto merge = bulk::MailMerge::Build(*spec, std::move(*files), LowerColumns(run.table.columns));
  if (!merge) return Fail(merge.error());
  run.merge = std::move(*merge);
  run.connection = spec->connection;
  run.content_hash = bulk::ContentHash(std::vector<std::string_view>(hashed.begin(), hashed.end()));
  if (auto s = CheckRows(run, o.batch_size); !s) return Fail(s.error());
  return run;
}

std::string RenderResults(const BulkRun& run, bool as_json) {
  if (as_json) {
    json::array rows;
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const auto& r = run.results[i];
      json::object o{{"line", run.table.rows[i].line},
                     {"email", run.table.rows[i].email},
                     {"status", r.status}};
      if (!r.id.empty()) o["id"] = r.id;
      if (!r.problem.empty()) o["problem"] = r.problem;
      rows.push_back(std::move(o));
    }
    return ToJson(rows) + "\n";
  }
  std::string out = "line,email,status,id,problem\r\n";
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const auto& r = run.results[i];
    out += std::to_string(run.table.rows[i].line) + "," + CsvField(run.table.rows[i].email) + "," +
           CsvField(r.status) + "," + CsvField(r.id) + "," + CsvField(r.problem) + "\r\n";
  }
  return out;
}

}  // namespace graphpost::cli
