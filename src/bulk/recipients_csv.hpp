// bulk/recipients_csv.hpp — the recipients file of a mail merge (`graphpost send --bulk`): RFC 4180
// CSV (quoted fields with embedded commas, quotes and line breaks; CRLF or LF; a UTF-8 BOM is
// skipped) with a header row. An `email` (or `to`) column is required, `name` is optional, every
// other column is a merge field. Errors name the file, line and column ("list.csv:7:12: ...").
// Pure functions over the file's text; thread-compatible.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace graphpost::bulk {

// One CSV record: its fields and the line it starts on (1-based; a quoted field may span lines).
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// Every record of `text`, the header included. Entirely empty lines are skipped. kInvalidArgument
// "<file_name>:<line>:<column>: ..." for a quote inside an unquoted field, text after a closing
// quote, an unterminated quoted field (named where it opened) or a NUL byte.
[[nodiscard]] Result<std::vector<CsvRecord>> ParseCsv(std::string_view text,
                                                      std::string_view file_name);

struct Recipient {
  int line = 0;       // where the row starts in the file
  std::string email;  // the `email` (or `to`) column, trimmed
  std::string name;   // the `name` column, trimmed; may be empty
  // Every column (email and name too) by its header name in lower case.
  std::map<std::string, std::string> fields;
};

struct RecipientTable {
  std::vector<std::string> columns;  // header names, trimmed, as written
  std::vector<Recipient> rows;
};

// The recipients of `text`. Header names are matched without regard to case for `email`, `to`
// and `name`. kInvalidArgument naming file, line and column for: CSV syntax (ParseCsv), no header,
// an empty or duplicate header name, no email/to column (or both), a row with a different number
// of fields than the header, an empty email, and a file with no recipient rows.
[[nodiscard]] Result<RecipientTable> ParseRecipients(std::string_view text,
                                                     std::string_view file_name);

}  // namespace graphpost::bulk
