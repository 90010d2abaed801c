// gateway/smtp_sender.hpp — which delivery lane (connection, sender mailbox) a message that came
// in over SMTP goes to, and whether its principal may use it (docs/smtp.md, "Who may send as
// whom"). Pure over the ConnectionDirectory; thread-safe as it is.
#pragma once

#include <string>
#include <vector>

#include "api/connection_directory.hpp"
#include "core/result.hpp"
#include "outbox/outbox_store.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::gateway {

// The first of `candidates` (empty ones skipped) that the principal may send as; SmtpIntake
// passes one, the sending mailbox (the From address, else the envelope sender):
// - the mailbox of one of its connections (ConnectionsOf(address) ∩ principal.connections,
//   compared without regard to ASCII case; the first by name), or
// - an address in principal.senders ("billing@contoso.com", or "@contoso.com" for a domain),
//   sent through the principal's first connection.
// The sender comes back in lower case. None → the 550 5.7.1 reply, one plain sentence naming the
// refused address and what the principal may use.
[[nodiscard]] Expected<outbox::LaneKey, smtp::Reply> ChooseSmtpLane(
    const std::vector<std::string>& candidates, const smtp::Principal& principal,
    api::ConnectionDirectory& directory);

}  // namespace graphpost::gateway
