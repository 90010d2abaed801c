// smtp/internal/esmtp_params.hpp — the ESMTP parameters after a MAIL FROM / RCPT TO path
// (RFC 5321 §4.1.2 esmtp-param): SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH on MAIL; NOTIFY and
// ORCPT on RCPT. Names are case-insensitive; a name given twice or unknown is refused. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "smtp/command.hpp"
#include "smtp/smtp_ports.hpp"

namespace graphpost::smtp::internal {

// `text` is what follows the path (leading spaces allowed). Errors: 501 5.5.4 a malformed
// parameter or value, 555 5.5.4 an unknown one.
[[nodiscard]] Expected<MailParameters, Reply> ParseMailParameters(std::string_view text);
[[nodiscard]] Expected<RcptParameters, Reply> ParseRcptParameters(std::string_view text);

// xtext (RFC 3461 §4): printable ASCII but '+' and '=', and "+XX" hex escapes. nullopt if bad.
std::optional<std::string> DecodeXtext(std::string_view text);

}  // namespace graphpost::smtp::internal
