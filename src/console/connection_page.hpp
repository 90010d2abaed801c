// console/connection_page.hpp — one connection's page (/ui/connections/<name>) and its
// rotate-secret form's POST, for connections_page.cpp's routes (docs/console.md). Run on a server
// thread; they read the connection store and the engine's stats, both quick.
#pragma once

#include <string>
#include <string_view>

#include "console/page.hpp"

namespace graphpost::console {

// GET connections/<name>: the facts in dl#connection-facts, its lanes, the Test button (when
// deps.run_doctor is set) and the rotate form (client-secret connections). `error` (plain text),
// when set, is shown above the body with `status`. 404 for an unknown connection. A `rotated`
// query value (connection names, comma-separated) becomes the rotate notice.
PageAnswer ConnectionPage(ConsoleDeps& deps, const PageRequest& request, std::string_view name,
                          std::string_view error = "", int status = 200);

// POST connections/<name>/secret: the form's `secret` (and optional `expires`, YYYY-MM-DD) →
// ConnectionStore::RotateSecret. A 303 to the connection page with the notice on success; the
// connection page with the error otherwise: 400 (empty secret, bad date), 409 (certificate
// connection), 404 (unknown). With deps.check_secret, the secret is verified first and a refused
// one answers 400 with Entra ID's error, nothing saved; `reply` is then called from the checker's
// callback. The secret is never put into the answer.
void RotateSecret(ConsoleDeps& deps, PageRequest request, PageReply reply);

}  // namespace graphpost::console
