#include "bulk/recipients_csv.hpp"

#include <set>

#include "core/ascii.hpp"

namespace graphpost::bulk {
namespace {

// A cursor over the text that knows its line and column (1-based, columns in bytes).
class CsvReader {
 public:
  CsvReader(std::string_view text, std::string_view file) : text_(text), file_(file) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // the BOM is not part of the first name
  }

  Result<std::vector<CsvRecord>> ReadAll() {
    std::vector<CsvRecord> records;
    while (pos_ < text_.size()) {
      if (AtLineEnd()) {  // an empty line is no record
        SkipLineEnd();
        continue;
      }
      auto record = ReadRecord();
      if (!record) return Fail(record.error());
      records.push_back(std::move(*record));
    }
    return records;
  }

 private:
  bool AtLineEnd() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }
  void SkipLineEnd() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }
  int Column() const { return static_cast<int>(pos_ - line_start_) + 1; }
  tl::unexpected<Error> Invalid(int line, int column, const std::string& what) const {
    return Fail(ErrorCode::kInvalidArgument, std::string(file_) + ":" + std::to_string(line) + ":" +
                                                 std::to_string(column) + ": " + what);
  }

  Result<CsvRecord> ReadRecord() {
    CsvRecord record{.line = line_, .fields = {}};
    while (true) {
      auto field = ReadField();
      if (!field) return Fail(field.error());
      record.fields.push_back(std::move(*field));
      if (pos_ >= text_.size()) return record;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      SkipLineEnd();
      return record;
    }
  }

  Result<std::string> ReadField() {
    if (pos_ < text_.size() && text_[pos_] == '"') return ReadQuoted();
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd()) {
      if (text_[pos_] == '"') {
        return Invalid(line_, Column(),
                       "a quote inside an unquoted field (quote the whole field and double the "
                       "quote: \"a \"\"b\"\"\")");
      }
      if (text_[pos_] == '\0') return Invalid(line_, Column(), "a NUL byte");
      out += text_[pos_++];
    }
    return out;
  }

  Result<std::string> ReadQuoted() {
    const int open_line = line_, open_column = Column();
    ++pos_;
    std::string out;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          out += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        if (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd()) {
          return Invalid(line_, Column(), "text after the closing quote of a field");
        }
        return out;
      }
      if (c == '\0') return Invalid(line_, Column(), "a NUL byte");
      if (c == '\n' || c == '\r') {
        const std::size_t start = pos_;
        SkipLineEnd();
        out.append(text_.substr(start, pos_ - start));
        continue;
      }
      out += c;
      ++pos_;
    }
    return Invalid(open_line, open_column, "a quoted field that is never closed");
  }

  std::string_view text_;
  std::string_view file_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
};

tl::unexpected<Error> Invalid(std::string_view file, int line, const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument,
              std::string(file) + ":" + std::to_string(line) + ": " + what);
}

struct Header {
  std::vector<std::string> names;
  std::size_t email = 0;
  std::optional<std::size_t> name;
};

Result<Header> ReadHeader(const CsvRecord& record, std::string_view file) {
  Header h;
  std::optional<std::size_t> email;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    std::string name(TrimAscii(record.fields[i]));
    const std::string where = "header, column " + std::to_string(i + 1);
    if (name.empty()) return Invalid(file, record.line, where + ": an empty column name");
    if (!seen.insert(AsciiLower(name)).second) {
      return Invalid(file, record.line, where + ": column '" + name + "' appears twice");
    }
    const std::string lower = AsciiLower(name);
    if (lower == "email" || lower == "to") {
      if (email) {
        return Invalid(file, record.line, where + ": give one of 'email' and 'to', not both");
      }
      email = i;
    }
    if (lower == "name") h.name = i;
    h.names.push_back(std::move(name));
  }
  if (!email) {
    return Invalid(file, record.line, "the header has no 'email' (or 'to') column");
  }
  h.email = *email;
  return h;
}

Result<Recipient> ReadRow(const CsvRecord& record, const Header& h, std::string_view file) {
  if (record.fields.size() != h.names.size()) {
    return Invalid(file, record.line,
                   "this row has " + std::to_string(record.fields.size()) +
                       " field(s), the header " + std::to_string(h.names.size()));
  }
  Recipient r{.line = record.line,
              .email = std::string(TrimAscii(record.fields[h.email])),
              .name = h.name ? std::string(TrimAscii(record.fields[*h.name])) : "",
              .fields = {}};
  if (r.email.empty()) return Invalid(file, record.line, "the " + h.names[h.email] + " is empty");
  for (std::size_t i = 0; i < h.names.size(); ++i) {
    r.fields[AsciiLower(h.names[i])] = record.fields[i];
  }
  r.fields[AsciiLower(h.names[h.email])] = r.email;
  return r;
}

}  // namespace

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, std::string_view file_name) {
  return CsvReader(text, file_name).ReadAll();
}

Result<RecipientTable> ParseRecipients(std::string_view text, std::string_view file_name) {
  auto records = ParseCsv(text, file_name);
  if (!records) return Fail(records.error());
  if (records->empty()) return Invalid(file_name, 1, "the file is empty (it needs a header row)");
  auto header = ReadHeader(records->front(), file_name);
  if (!header) return Fail(header.error());
  RecipientTable table{.columns = header->names, .rows = {}};
  for (std::size_t i = 1; i < records->size(); ++i) {
    auto row = ReadRow((*records)[i], *header, file_name);
    if (!row) return Fail(row.error());
    table.rows.push_back(std::move(*row));
  }
  if (table.rows.empty()) return Invalid(file_name, records->front().line, "no recipient rows");
  return table;
}

}  // namespace graphpost::bulk
