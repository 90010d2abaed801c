// The Sandbox pages (docs/console.md): the embedded sandbox's tenants, one tenant (apps,
// service principals, Exchange scopes, role assignments, access policies, mailboxes), a
// mailbox's folders and messages, a message with its sandboxed body and attachments. Everything
// comes from the sandbox's admin API through ConsoleDeps::sandbox; without it no route exists.
#include <boost/json.hpp>

#include "console/html.hpp"
#include "console/internal/sandbox_view.hpp"
#include "console/page.hpp"
#include "core/json.hpp"

namespace graphpost::console {
namespace internal {
namespace {

namespace json = boost::json;

std::string DomainsText(const json::value& tenant) {
  std::string out;
  if (const json::array* domains = JsonArray(tenant, "domains")) {
    for (const json::value& d : *domains) {
      if (!d.is_string()) continue;
      if (!out.empty()) out += ", ";
      out += std::string(d.get_string());
    }
  }
  return out;
}

std::string TenantRow(const json::value& tenant) {
  const std::string id = JsonString(tenant, "id").value_or("");
  std::string name = JsonString(tenant, "displayName").value_or("");
  if (name.empty()) name = id;
  return "<tr data-tenant=\"" + Escape(id) + "\"><td class=\"name\">" + Link(TenantUrl(id), name) +
         "</td><td class=\"domains\">" + Escape(DomainsText(tenant)) +
         "</td><td class=\"tenant-id\"><code>" + Escape(id) + "</code></td></tr>";
}

}  // namespace

void TenantsPage(const SandboxAdmin& admin, const PageRequest&, const PageReply& reply) {
  auto listed = AdminGet(admin, "/_sandbox/tenants");
  if (!listed) return reply(AdminErrorPage(listed.error()));
  const json::array* tenants = JsonArray(*listed, "tenants");
  PageAnswer page;
  page.title = "Sandbox";
  page.section = "sandbox";
  page.body =
      "<p>The embedded sandbox: an offline Microsoft 365 tenant that graphpost sends through in "
      "the demo. Open a tenant for its apps, Exchange setup and mailboxes.</p>";
  if (tenants == nullptr || tenants->empty()) {
    page.body += "<p class=\"muted\">The sandbox has no tenants.</p>";
    return reply(std::move(page));
  }
  page.body +=
      "<div class=\"table-wrap\"><table id=\"tenants\" class=\"data\"><caption>Tenants</caption>"
      "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Domains</th>"
      "<th scope=\"col\">Tenant ID</th></tr></thead><tbody>";
  for (const json::value& tenant : *tenants) page.body += TenantRow(tenant);
  page.body += "</tbody></table></div>";
  reply(std::move(page));
}

}  // namespace internal

void RegisterSandboxRoutes(RouteTable& routes, ConsoleDeps& deps) {
  if (!deps.sandbox) return;  // no embedded sandbox: no pages (the shell hides the nav entry)
  const ConsoleDeps* d = &deps;
  auto page = [d](auto handler) {
    return
        [d, handler](PageRequest request, PageReply reply) { handler(d->sandbox, request, reply); };
  };
  routes.Add("GET", "sandbox", page(internal::TenantsPage));
  routes.Add("GET", "sandbox/*", page(internal::TenantPage));
  routes.Add("GET", "sandbox/*/mailboxes/*", [d](PageRequest request, PageReply reply) {
    internal::MailboxPage(d->sandbox, static_cast<int>(d->options.live_refresh.count()), request,
                          reply);
  });
  routes.Add("GET", "sandbox/*/mailboxes/*/messages/*", page(internal::MessagePage));
  routes.Add("GET", "sandbox/*/mailboxes/*/messages/*/body", page(internal::MessageBody));
  routes.Add("GET", "sandbox/*/mailboxes/*/messages/*/attachments/*",
             page(internal::AttachmentDownload));
}

}  // namespace graphpost::console
