// mime/internal/address_list.hpp — splits an address-list header value into its mailboxes as
// written (display name and encoded-words untouched), so a rewrite can keep the ones it keeps
// byte for byte. Groups are flattened: their names and ':' ';' are dropped. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace graphpost::mime::internal {

// The mailboxes of an unfolded address-list value, each trimmed; commas, quoted strings,
// comments (nested), angle brackets (route colons inside them) and domain literals are honoured.
// Empty items (",,") are dropped.
std::vector<std::string> SplitMailboxes(std::string_view value);

// Folds `name: item1, item2, ...` into lines shorter than 78 characters where whitespace allows
// (RFC 5322 §2.2.3), each line ending in `eol`. An item longer than a line is folded at its own
// whitespace, never inside a word.
std::string FoldAddressHeader(std::string_view name, const std::vector<std::string>& items,
                              std::string_view eol);

}  // namespace graphpost::mime::internal
