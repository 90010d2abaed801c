// console/message_page.hpp — the Message page (GET /ui/messages/<id>) and its actions (POST
// .../retry, .../cancel), registered by RegisterMessagesRoutes (messages_page.cpp) beside the list.
// Handlers read the outbox synchronously and write through its callbacks; `deps` outlives them.
#pragma once

#include <string>
#include <string_view>

#include "console/page.hpp"

namespace graphpost::console {

void RegisterMessageRoutes(RouteTable& routes, ConsoleDeps& deps);

// A state badge: <span class="badge state-<name>"><name></span>.
std::string StateBadge(outbox::MessageState state);

}  // namespace graphpost::console
