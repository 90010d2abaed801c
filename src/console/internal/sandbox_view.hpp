// console/internal/sandbox_view.hpp — what the Sandbox page files share (sandbox_pages.cpp,
// sandbox_tenant_page.cpp, sandbox_mail_page.cpp, sandbox_mail_raw.cpp): calls of the embedded
// sandbox's admin API through ConsoleDeps::sandbox (docs/sandbox.md, "Looking into mailboxes"),
// the console URLs of the pages, and the page handlers RegisterSandboxRoutes installs.
// Pure functions over the SandboxAdmin port; thread-safe as the port is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "console/page.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace graphpost::console::internal {

// Admin API paths, each segment percent-encoded: "/_sandbox/tenants/<t>", its mailbox folder
// "/_sandbox/tenants/<t>/mailboxes/<m>/folders/<f>" and a message of it ".../messages/<id>".
std::string AdminTenantPath(std::string_view tenant);
std::string AdminFolderPath(std::string_view tenant, std::string_view mailbox,
                            std::string_view folder);
std::string AdminMessagePath(std::string_view tenant, std::string_view mailbox,
                             std::string_view folder, std::string_view message_id);

// GET `path` of the admin API and its JSON answer. kNotFound when the sandbox answers 404,
// kInvalidArgument for another 4xx, kUnavailable for anything else that is not a 200 with JSON;
// the message is the sandbox's own.
[[nodiscard]] Result<boost::json::value> AdminGet(const SandboxAdmin& admin, std::string path);
// GET `path` answered as bytes (an attachment's $value); errors as AdminGet.
[[nodiscard]] Result<std::string> AdminGetBytes(const SandboxAdmin& admin, std::string path);
// Runs an Exchange cmdlet without parameters in `tenant` (POST .../exchange) and returns its
// output objects (a JSON array); errors as AdminGet.
[[nodiscard]] Result<boost::json::value> AdminCmdlet(const SandboxAdmin& admin,
                                                     std::string_view tenant,
                                                     std::string_view cmdlet);

// Console URLs: /ui/sandbox/<t>, /ui/sandbox/<t>/mailboxes/<m>?folder=<f>, and a message
// /ui/sandbox/<t>/mailboxes/<m>/messages/<id> (+ `suffix`, e.g. "/body") ?folder=<f>.
std::string TenantUrl(std::string_view tenant);
std::string MailboxUrl(std::string_view tenant, std::string_view mailbox, std::string_view folder);
std::string MessageUrl(std::string_view tenant, std::string_view mailbox, std::string_view folder,
                       std::string_view message_id, std::string_view suffix = "");

// The folder a page shows: ?folder=inbox (the default) or sentitems; nullopt for anything else.
std::optional<std::string> FolderOf(const PageRequest& request);
// "Inbox" or "Sent Items".
std::string_view FolderTitle(std::string_view folder);

// The page for a failed admin call: 404 for kNotFound, 400 for kInvalidArgument, 502 otherwise.
PageAnswer AdminErrorPage(const Error& error);

// "Name <address>" of a Graph recipient JSON ({"emailAddress":{"name","address"}}), or the
// address alone; plain text (callers escape).
std::string RecipientText(const boost::json::value& recipient);
// The recipients of `list` (a Graph recipient array member of `message`), joined by ", ".
std::string RecipientsText(const boost::json::value& message, std::string_view list);
// A Graph date-time member as a <time> element (TimeTag), its text escaped when it is not one;
// empty when missing.
std::string DateCell(const boost::json::value& object, std::string_view key);

// Content-Disposition for a download named `name` (RFC 6266): `attachment; filename="<ASCII
// fallback>"; filename*=UTF-8''<percent-encoded name>`. The fallback replaces every byte outside
// printable ASCII and each of " \ / : * ? < > | % ; with '_' and a leading '.' too; path
// separators and control characters are replaced in the UTF-8 name as well. An empty name is
// "attachment".
std::string AttachmentDisposition(std::string_view name);

// The page handlers (the routes are registered in sandbox_pages.cpp).
void TenantsPage(const SandboxAdmin& admin, const PageRequest& request, const PageReply& reply);
void TenantPage(const SandboxAdmin& admin, const PageRequest& request, const PageReply& reply);
void MailboxPage(const SandboxAdmin& admin, int refresh_seconds, const PageRequest& request,
                 const PageReply& reply);
void MessagePage(const SandboxAdmin& admin, const PageRequest& request, const PageReply& reply);
// Raw answers: the message body for the sandboxed iframe, an attachment's download.
void MessageBody(const SandboxAdmin& admin, const PageRequest& request, const PageReply& reply);
void AttachmentDownload(const SandboxAdmin& admin, const PageRequest& request,
                        const PageReply& reply);

}  // namespace graphpost::console::internal
