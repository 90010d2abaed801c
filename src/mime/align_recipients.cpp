// AlignRecipients: make the To/Cc/Bcc headers name exactly the SMTP envelope's recipients, by
// rewriting only those header fields and splicing the rest of the original bytes around them.
#include <map>
#include <optional>
#include <set>

#include "mime/internal/address_list.hpp"
#include "mime/internal/gmime_glue.hpp"
#include "mime/internal/header_block.hpp"
#include "mime/mime_message.hpp"

namespace graphpost::mime {
namespace {

using internal::EqualsIgnoreCase;
using internal::HeaderBlock;
using internal::HeaderField;

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// An envelope address as RCPT TO gave it, without surrounding whitespace or <>.
std::string BareEnvelopeAddress(std::string_view address) {
  const std::size_t first = address.find_first_not_of(" \t<");
  if (first == std::string_view::npos) return {};
  const std::size_t last = address.find_last_not_of(" \t>");
  return std::string(address.substr(first, last - first + 1));
}

bool IsRecipientField(const HeaderField& field) {
  return EqualsIgnoreCase(field.name, "To") || EqualsIgnoreCase(field.name, "Cc") ||
         EqualsIgnoreCase(field.name, "Bcc");
}

std::string_view FieldEol(std::string_view mime, const HeaderField& field,
                          std::string_view fallback) {
  const std::string_view bytes = mime.substr(field.begin, field.end - field.begin);
  if (bytes.ends_with("\r\n")) return "\r\n";
  if (bytes.ends_with("\n")) return "\n";
  return fallback;
}

// One To or Cc field filtered to the envelope: the mailboxes kept as written, and whether any
// was dropped.
struct FilteredField {
  std::vector<std::string> kept;
  bool dropped = false;
};

FilteredField FilterField(const HeaderField& field, const std::set<std::string>& envelope,
                          std::set<std::string>& shown) {
  FilteredField out;
  for (std::string& item : internal::SplitMailboxes(internal::Unfold(field.raw_value))) {
    const std::vector<HeaderAddress> parsed = internal::ParseAddresses(item);
    if (parsed.size() == 1 && envelope.contains(AsciiLower(parsed[0].address))) {
      shown.insert(AsciiLower(parsed[0].address));
      out.kept.push_back(std::move(item));
      continue;
    }
    // Several mailboxes in one item (a missing comma): keep the envelope's, as bare addresses.
    for (const HeaderAddress& address : parsed) {
      if (!envelope.contains(AsciiLower(address.address))) continue;
      shown.insert(AsciiLower(address.address));
      out.kept.push_back("<" + address.address + ">");
    }
    out.dropped = true;
  }
  return out;
}

// The envelope's addresses, deduplicated case-insensitively, in RCPT order and as a lower-case set.
struct Envelope {
  std::vector<std::string> order;
  std::set<std::string> set;
};

Envelope ReadEnvelope(const std::vector<std::string>& envelope) {
  Envelope out;
  for (const std::string& raw : envelope) {
    std::string address = BareEnvelopeAddress(raw);
    if (!address.empty() && out.set.insert(AsciiLower(address)).second) {
      out.order.push_back(std::move(address));
    }
  }
  return out;
}

std::set<std::string> HeaderRecipients(const HeaderBlock& block) {
  std::set<std::string> out;
  for (const HeaderField& field : block.fields) {
    if (!IsRecipientField(field)) continue;
    for (const HeaderAddress& a : internal::ParseAddresses(internal::Unfold(field.raw_value))) {
      out.insert(AsciiLower(a.address));
    }
  }
  return out;
}

// The new header fields, by index into the block: a replaced field's new text ("" removes it).
struct Rewrite {
  std::vector<std::optional<std::string>> fields;
  std::string appended_bcc;  // added after the last field when the message had no Bcc
};

// The Bcc field for the envelope addresses nobody is shown, with the display names an original
// Bcc field gave them; "" when there are none.
std::string BccField(std::string_view name, const Envelope& envelope,
                     const std::set<std::string>& shown,
                     const std::map<std::string, std::string>& as_written, std::string_view eol) {
  std::vector<std::string> items;
  for (const std::string& address : envelope.order) {
    const std::string key = AsciiLower(address);
    if (shown.contains(key)) continue;
    const auto written = as_written.find(key);
    items.push_back(written == as_written.end() ? address : written->second);
  }
  return items.empty() ? std::string() : internal::FoldAddressHeader(name, items, eol);
}

Rewrite PlanRewrite(std::string_view mime, const HeaderBlock& block, const Envelope& envelope) {
  Rewrite plan;
  plan.fields.resize(block.fields.size());
  std::set<std::string> shown;
  std::map<std::string, std::string> bcc_as_written;  // lower-case address -> first item naming it
  std::optional<std::size_t> first_bcc;
  for (std::size_t i = 0; i < block.fields.size(); ++i) {
    const HeaderField& field = block.fields[i];
    if (EqualsIgnoreCase(field.name, "Bcc")) {
      if (!first_bcc) first_bcc = i;
      plan.fields[i] = "";
      for (std::string& item : internal::SplitMailboxes(internal::Unfold(field.raw_value))) {
        const std::vector<HeaderAddress> parsed = internal::ParseAddresses(item);
        if (parsed.size() == 1) bcc_as_written.emplace(AsciiLower(parsed[0].address), item);
      }
      continue;
    }
    if (!EqualsIgnoreCase(field.name, "To") && !EqualsIgnoreCase(field.name, "Cc")) continue;
    FilteredField filtered = FilterField(field, envelope.set, shown);
    if (!filtered.dropped) continue;
    if (filtered.kept.empty()) filtered.kept.push_back("undisclosed-recipients:;");
    plan.fields[i] =
        internal::FoldAddressHeader(field.name, filtered.kept, FieldEol(mime, field, block.eol));
  }
  if (first_bcc) {
    const HeaderField& field = block.fields[*first_bcc];
    plan.fields[*first_bcc] =
        BccField(field.name, envelope, shown, bcc_as_written, FieldEol(mime, field, block.eol));
  } else {
    plan.appended_bcc = BccField("Bcc", envelope, shown, bcc_as_written, block.eol);
  }
  return plan;
}

// The original bytes with the planned fields in place of the old ones.
std::string Apply(std::string_view mime, const HeaderBlock& block, const Rewrite& plan) {
  std::string out;
  out.reserve(mime.size() + plan.appended_bcc.size() + 256);
  for (std::size_t i = 0; i < block.fields.size(); ++i) {
    const HeaderField& field = block.fields[i];
    if (plan.fields[i]) {
      out += *plan.fields[i];
    } else {
      out.append(mime.substr(field.begin, field.end - field.begin));
    }
  }
  if (!plan.appended_bcc.empty()) {
    if (!out.empty() && out.back() != '\n') out += block.eol;
    out += plan.appended_bcc;
  }
  out.append(mime.substr(block.fields.empty() ? 0 : block.fields.back().end));
  return out;
}

}  // namespace

Result<AlignedMime> AlignRecipients(std::string_view mime,
                                    const std::vector<std::string>& envelope) {
  auto block = internal::ScanMessageHeader(mime);
  if (!block) return Fail(block.error());
  const Envelope wanted = ReadEnvelope(envelope);
  if (HeaderRecipients(*block) == wanted.set) {
    return AlignedMime{.mime = std::string(mime), .changed = false};
  }
  return AlignedMime{.mime = Apply(mime, *block, PlanRewrite(mime, *block, wanted)),
                     .changed = true};
}

}  // namespace graphpost::mime
