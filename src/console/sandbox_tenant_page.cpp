// The Sandbox tenant page: the tenant's apps (permissions and consent, credential expiries —
// never secret values or hints), Exchange's service principals, management scopes with their
// filters, role assignments, application access policies and mailboxes.
#include <chrono>
#include <initializer_list>

#include <boost/json.hpp>

#include "console/html.hpp"
#include "console/internal/sandbox_view.hpp"
#include "core/ascii.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"

namespace graphpost::console::internal {
namespace {

namespace json = boost::json;

constexpr auto kExpirySoon = std::chrono::hours{24 * 30};

std::string Text(const json::value& object, std::string_view key) {
  const json::object* o = object.if_object();
  const json::value* v = o ? o->if_contains(key) : nullptr;
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_bool()) return v->get_bool() ? "Yes" : "No";
  if (v->is_null()) return "";
  return ToJson(*v);
}

std::string Cell(std::string_view css_class, std::string_view html) {
  return "<td class=\"" + std::string(css_class) + "\">" + std::string(html) + "</td>";
}

// A section with a heading and a data table (or `empty` when there are no rows).
std::string Section(std::string_view id, std::string_view title,
                    std::initializer_list<std::string_view> columns, const std::string& rows,
                    std::string_view empty) {
  std::string out = "<section id=\"" + std::string(id) + "\" aria-labelledby=\"" + std::string(id) +
                    "-title\"><h2 id=\"" + std::string(id) + "-title\">" + Escape(title) + "</h2>";
  if (rows.empty()) return out + "<p class=\"muted\">" + Escape(empty) + "</p></section>";
  out += "<div class=\"table-wrap\"><table class=\"data\"><caption>" + Escape(title) +
         "</caption><thead><tr>";
  for (std::string_view c : columns) out += "<th scope=\"col\">" + Escape(c) + "</th>";
  return out + "</tr></thead><tbody>" + rows + "</tbody></table></div></section>";
}

std::string FailedSection(std::string_view id, std::string_view title, const Error& error) {
  return "<section id=\"" + std::string(id) + "\"><h2>" + Escape(title) +
         "</h2><p class=\"error\">" + Escape(Sentence(error.message)) + "</p></section>";
}

std::string Expiry(const json::value& credential, TimePoint now) {
  auto end = ParseIso8601(JsonString(credential, "endDateTime").value_or(""));
  if (!end) return "<span class=\"muted\">no expiry</span>";
  std::string css = *end <= now                ? "expiry expiry-expired"
                    : *end - now < kExpirySoon ? "expiry expiry-soon"
                                               : "expiry";
  std::string when =
      *end <= now ? "expired " + Relative(*end - now) : "expires " + Relative(*end - now);
  return "<span class=\"" + css + "\">" + TimeTag(*end) + " (" + Escape(when) + ")</span>";
}

std::string Credentials(const json::value& app, TimePoint now) {
  std::string items;
  if (const json::array* secrets = JsonArray(app, "secrets")) {
    for (const json::value& s : *secrets) {
      std::string name = JsonString(s, "displayName").value_or("");
      items += "<li>Client secret" + (name.empty() ? "" : " “" + Escape(name) + "”") + ": " +
               Expiry(s, now) + "</li>";
    }
  }
  if (const json::array* certificates = JsonArray(app, "certificates")) {
    for (const json::value& c : *certificates) {
      items += "<li>Certificate <code>" + Escape(JsonString(c, "thumbprint").value_or("")) +
               "</code>: " + Expiry(c, now) + "</li>";
    }
  }
  if (items.empty()) return "<span class=\"muted\">none</span>";
  return "<ul class=\"credentials\">" + items + "</ul>";
}

std::string Permissions(const json::value& app) {
  std::string items;
  if (const json::array* permissions = JsonArray(app, "permissions")) {
    for (const json::value& p : *permissions) {
      std::string status = JsonString(p, "status").value_or("");
      items += "<li><code>" + Escape(JsonString(p, "value").value_or("")) + "</code> (" +
               Escape(JsonString(p, "type").value_or("")) + "): <span class=\"consent\">" +
               Escape(status) + "</span>";
      if (JsonBool(p, "configured") == false)
        items += " <span class=\"muted\">(not configured)</span>";
      items += "</li>";
    }
  }
  if (items.empty()) return "<span class=\"muted\">none</span>";
  return "<ul class=\"permissions\">" + items + "</ul>";
}

std::string AppRows(const json::value& apps, TimePoint now) {
  std::string rows;
  if (const json::array* list = JsonArray(apps, "applications")) {
    for (const json::value& app : *list) {
      std::string app_id = JsonString(app, "appId").value_or("");
      rows += "<tr data-app=\"" + Escape(app_id) + "\">" +
              Cell("name", Escape(JsonString(app, "displayName").value_or(""))) +
              Cell("app-id", "<code>" + Escape(app_id) + "</code>") +
              Cell("enabled", JsonBool(app, "enabled").value_or(false) ? "Yes" : "No") +
              Cell("permissions", Permissions(app)) + Cell("credentials", Credentials(app, now)) +
              "</tr>";
    }
  }
  return rows;
}

// One row per cmdlet output object: the given columns, each escaped (`code` ones as <code>).
std::string CmdletRows(const json::value& objects, std::string_view row_attribute,
                       std::string_view row_key,
                       std::initializer_list<std::pair<std::string_view, bool>> columns) {
  std::string rows;
  for (const json::value& o : objects.as_array()) {
    rows += "<tr data-" + std::string(row_attribute) + "=\"" + Escape(Text(o, row_key)) + "\">";
    for (const auto& [key, code] : columns) {
      std::string text = Escape(Text(o, key));
      rows += "<td>" + (code && !text.empty() ? "<code>" + text + "</code>" : text) + "</td>";
    }
    rows += "</tr>";
  }
  return rows;
}

std::string MailboxRows(const json::value& objects, std::string_view tenant) {
  std::string rows;
  for (const json::value& o : objects.as_array()) {
    std::string address = Text(o, "PrimarySmtpAddress");
    std::string name = Text(o, "DisplayName");
    rows +=
        "<tr data-mailbox=\"" + Escape(address) + "\">" +
        Cell("name", Link(MailboxUrl(tenant, address, "inbox"), name.empty() ? address : name)) +
        Cell("address", Escape(address)) + Cell("type", Escape(Text(o, "RecipientTypeDetails"))) +
        "</tr>";
  }
  return rows;
}

struct ExchangeSection {
  std::string_view id;
  std::string_view title;
  std::string_view cmdlet;
};

std::string ExchangeSections(const SandboxAdmin& admin, const std::string& tenant) {
  std::string out;
  auto run = [&](const ExchangeSection& s, auto render) {
    auto objects = AdminCmdlet(admin, tenant, s.cmdlet);
    out += objects ? render(*objects) : FailedSection(s.id, s.title, objects.error());
  };
  run({"service-principals", "Service principals (Exchange)", "Get-ServicePrincipal"},
      [](const json::value& o) {
        return Section("service-principals", "Service principals (Exchange)",
                       {"Display name", "App ID", "Object ID"},
                       CmdletRows(o, "app", "AppId",
                                  {{"DisplayName", false}, {"AppId", true}, {"ObjectId", true}}),
                       "No service principals in Exchange.");
      });
  run({"scopes", "Management scopes", "Get-ManagementScope"}, [](const json::value& o) {
    return Section("scopes", "Management scopes",
                   {"Name", "Recipient restriction filter", "Exclusive"},
                   CmdletRows(o, "scope", "Name",
                              {{"Name", false}, {"RecipientFilter", true}, {"Exclusive", false}}),
                   "No management scopes.");
  });
  run({"role-assignments", "Role assignments", "Get-ManagementRoleAssignment"},
      [](const json::value& o) {
        return Section("role-assignments", "Role assignments",
                       {"Name", "Role", "App", "Custom resource scope", "Recipient group scope"},
                       CmdletRows(o, "assignment", "Name",
                                  {{"Name", false},
                                   {"Role", false},
                                   {"RoleAssigneeName", false},
                                   {"CustomResourceScope", false},
                                   {"RecipientGroupScope", false}}),
                       "No role assignments.");
      });
  run({"access-policies", "Application access policies", "Get-ApplicationAccessPolicy"},
      [](const json::value& o) {
        return Section("access-policies", "Application access policies",
                       {"App ID", "Scope", "Access right", "Description"},
                       CmdletRows(o, "policy", "Identity",
                                  {{"AppId", true},
                                   {"ScopeName", false},
                                   {"AccessRight", false},
                                   {"Description", false}}),
                       "No application access policies.");
      });
  run({"mailboxes", "Mailboxes", "Get-Mailbox"}, [&tenant](const json::value& o) {
    return Section("mailboxes", "Mailboxes", {"Name", "Primary address", "Type"},
                   MailboxRows(o, tenant), "No mailboxes.");
  });
  return out;
}

// The tenant named by `key` (id or domain, any case) in the sandbox's list, or kNotFound.
Result<json::value> FindTenant(const SandboxAdmin& admin, std::string_view key) {
  auto listed = AdminGet(admin, "/_sandbox/tenants");
  if (!listed) return Fail(listed.error());
  if (const json::array* tenants = JsonArray(*listed, "tenants")) {
    for (const json::value& t : *tenants) {
      if (AsciiIEquals(JsonString(t, "id").value_or(""), key)) return t;
      if (const json::array* domains = JsonArray(t, "domains")) {
        for (const json::value& d : *domains) {
          if (d.is_string() && AsciiIEquals(d.get_string(), key)) return t;
        }
      }
    }
  }
  return Fail(ErrorCode::kNotFound, "The sandbox has no tenant '" + std::string(key) + "'.");
}

}  // namespace

void TenantPage(const SandboxAdmin& admin, const PageRequest& request, const PageReply& reply) {
  auto tenant = FindTenant(admin, request.path.at(1));
  if (!tenant) return reply(AdminErrorPage(tenant.error()));
  const std::string id = JsonString(*tenant, "id").value_or("");
  PageAnswer page;
  page.section = "sandbox";
  page.title = "Tenant " + JsonString(*tenant, "displayName").value_or(id);
  std::string domains;
  if (const json::array* list = JsonArray(*tenant, "domains")) {
    for (const json::value& d : *list) {
      if (d.is_string()) domains += "<li>" + Escape(d.get_string()) + "</li>";
    }
  }
  page.body = "<dl id=\"tenant-facts\"><dt>Tenant ID</dt><dd><code>" + Escape(id) +
              "</code></dd><dt>Domains</dt><dd><ul class=\"domains\">" + domains +
              "</ul></dd></dl>";
  auto apps = AdminGet(admin, AdminTenantPath(id) + "/apps");
  page.body += apps ? Section("apps", "Apps",
                              {"Name", "App ID", "Enabled", "API permissions", "Credentials"},
                              AppRows(*apps, request.now), "No app registrations.")
                    : FailedSection("apps", "Apps", apps.error());
  page.body += ExchangeSections(admin, id);
  reply(std::move(page));
}

}  // namespace graphpost::console::internal
