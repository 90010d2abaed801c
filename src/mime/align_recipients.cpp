// AlignRecipients: make the To/Cc/Bcc headers name exactly the SMTP envelope's recipients, by
// rewriting only those header fields and splicing the rest of the original bytes around them.
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

}  // namespace

Result<AlignedMime> AlignRecipients(std::string_view mime,
                                    const std::vector<std::string>& envelope) {
  auto block = internal::ScanMessageHeader(mime);
  if (!block) return Fail(block.error());

  std::vector<std::string> envelope_order;  // as given, without duplicates
  std::set<std::string> envelope_set;
  for (const std::string& raw : envelope) {
    std::string address = BareEnvelopeAddress(raw);
    if (!address.empty() && envelope_set.insert(AsciiLower(address)).second) {
      envelope_order.push_back(std::move(address));
    }
  }
  std::set<std::string> header_set;
  for (const HeaderField& field : block->fields) {
    if (!IsRecipientField(field)) continue;
    for (const HeaderAddress& a : internal::ParseAddresses(internal::Unfold(field.raw_value))) {
      header_set.insert(AsciiLower(a.address));
    }
  }
  if (header_set == envelope_set) return AlignedMime{.mime = std::string(mime), .changed = false};

  // To and Cc first, so the Bcc knows who is shown; Bcc items keep their display names.
  std::set<std::string> shown;
  std::vector<std::string> replacement(block->fields.size());
  std::vector<bool> replaced(block->fields.size(), false);
  std::vector<std::pair<std::string, std::string>> bcc_as_written;  // lower address, item
  std::size_t first_bcc = block->fields.size();
  for (std::size_t i = 0; i < block->fields.size(); ++i) {
    const HeaderField& field = block->fields[i];
    if (EqualsIgnoreCase(field.name, "Bcc")) {
      if (first_bcc == block->fields.size()) first_bcc = i;
      replaced[i] = true;
      for (std::string& item : internal::SplitMailboxes(internal::Unfold(field.raw_value))) {
        const std::vector<HeaderAddress> parsed = internal::ParseAddresses(item);
        if (parsed.size() == 1) bcc_as_written.emplace_back(AsciiLower(parsed[0].address), item);
      }
      continue;
    }
    if (!EqualsIgnoreCase(field.name, "To") && !EqualsIgnoreCase(field.name, "Cc")) continue;
    FilteredField filtered = FilterField(field, envelope_set, shown);
    if (!filtered.dropped) continue;
    if (filtered.kept.empty()) filtered.kept.push_back("undisclosed-recipients:;");
    replaced[i] = true;
    replacement[i] = internal::FoldAddressHeader(field.name, filtered.kept,
                                                 FieldEol(mime, field, block->eol));
  }

  std::vector<std::string> bcc_items;
  for (const std::string& address : envelope_order) {
    const std::string key = AsciiLower(address);
    if (shown.contains(key)) continue;
    std::string item = address;
    for (const auto& [written_key, written] : bcc_as_written) {
      if (written_key == key) item = written;
    }
    bcc_items.push_back(std::move(item));
  }
  std::string bcc_field;
  if (!bcc_items.empty()) {
    const std::string_view name =
        first_bcc < block->fields.size() ? block->fields[first_bcc].name : "Bcc";
    const std::string_view eol = first_bcc < block->fields.size()
                                     ? FieldEol(mime, block->fields[first_bcc], block->eol)
                                     : block->eol;
    bcc_field = internal::FoldAddressHeader(name, bcc_items, eol);
  }
  if (first_bcc < block->fields.size()) replacement[first_bcc] = std::move(bcc_field);

  std::string out;
  out.reserve(mime.size() + bcc_field.size() + 256);
  for (std::size_t i = 0; i < block->fields.size(); ++i) {
    const HeaderField& field = block->fields[i];
    if (replaced[i]) {
      out += replacement[i];
    } else {
      out.append(mime.substr(field.begin, field.end - field.begin));
    }
  }
  if (first_bcc == block->fields.size() && !bcc_field.empty()) {
    if (!out.empty() && out.back() != '\n') out += block->eol;
    out += bcc_field;
  }
  out.append(mime.substr(block->fields.empty() ? 0 : block->fields.back().end));
  return AlignedMime{.mime = std::move(out), .changed = true};
}

}  // namespace graphpost::mime
