// GET /v1.0/users: the directory listing, served from the tenant's users and mailboxes so an
// alias can be resolved to its user with $filter=proxyAddresses/any(x:x eq 'smtp:…') as in Graph.
// Directory permissions come from the token's roles (Entra), not from Exchange.
#include <algorithm>

#include <boost/json.hpp>

#include "core/ascii.hpp"
#include "core/form.hpp"
#include "sandbox/graph/internal/graph_call.hpp"
#include "sandbox/graph/users_filter.hpp"

namespace graphpost::sandbox::graph {
namespace {

namespace json = boost::json;

enum class DirectoryAccess { kNone, kBasic, kFull };

// Application permissions that may list users, from least to most privileged (Graph's "List
// users" page); User.ReadBasic.All sees only the basic profile (no proxyAddresses).
DirectoryAccess AccessOf(const std::vector<std::string>& roles) {
  DirectoryAccess access = DirectoryAccess::kNone;
  for (const std::string& r : roles) {
    for (std::string_view full :
         {"User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"}) {
      if (AsciiIEquals(r, full)) return DirectoryAccess::kFull;
    }
    if (AsciiIEquals(r, "User.ReadBasic.All")) access = DirectoryAccess::kBasic;
  }
  return access;
}

GraphError InsufficientPrivileges() {
  return GraphError{403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.",
                    {},
                    {}};
}

GraphError UnsupportedQuery(std::string message) {
  return GraphError{400, "Request_UnsupportedQuery", std::move(message), {}, {}};
}

// Users as the directory lists them: user objects, with or without a mailbox (a shared mailbox is
// a user object too); groups and contacts are other collections.
bool IsDirectoryUser(const Recipient& r) {
  return HasMailbox(r.type) || r.type == RecipientType::kUser;
}

UserAddresses AddressesOf(const Recipient& r) {
  UserAddresses out{r.id, r.primary_smtp_address, r.user_principal_name, {}};
  if (!r.primary_smtp_address.empty()) {
    out.proxy_addresses.push_back("SMTP:" + r.primary_smtp_address);
    for (const std::string& a : r.secondary_smtp_addresses)
      out.proxy_addresses.push_back("smtp:" + a);
  }
  return out;
}

// The default property set of a listed user (no proxyAddresses: "returned only on $select").
constexpr std::string_view kDefaultProperties[] = {
    "businessPhones", "displayName",       "givenName", "jobTitle",          "mail", "mobilePhone",
    "officeLocation", "preferredLanguage", "surname",   "userPrincipalName", "id"};
constexpr std::string_view kBasicProperties[] = {"displayName", "givenName", "id",
                                                 "mail",        "surname",   "userPrincipalName"};

json::value Property(const Recipient& r, std::string_view name) {
  auto text_or_null = [](const std::string& s) {
    return s.empty() ? json::value(nullptr) : json::value(s);
  };
  if (name == "businessPhones") return json::array{};
  if (name == "displayName") return json::value(r.display_name);
  if (name == "mail") return text_or_null(r.primary_smtp_address);
  if (name == "userPrincipalName") return json::value(r.user_principal_name);
  if (name == "id") return json::value(r.id);
  if (name == "proxyAddresses") {
    json::array out;
    for (const std::string& a : AddressesOf(r).proxy_addresses) out.emplace_back(a);
    return out;
  }
  return nullptr;  // givenName, jobTitle, ...: the sandbox keeps none
}

struct UsersQuery {
  std::optional<UsersFilter> filter;
  std::vector<std::string> select;  // canonical names, in request order
  int top = 100;
  bool count = false;
};

std::optional<std::string_view> CanonicalProperty(std::string_view name) {
  for (std::string_view p : kDefaultProperties) {
    if (AsciiIEquals(p, name)) return p;
  }
  if (AsciiIEquals(name, "proxyAddresses")) return "proxyAddresses";
  return std::nullopt;
}

GraphResult<UsersQuery> ParseUsersQuery(const http::Request& request, bool eventual) {
  auto fields = ParseForm(request.query);
  if (!fields) return GraphFail(errors::BadRequest(fields.error().message));
  UsersQuery q;
  for (const auto& [raw_key, value] : *fields) {
    std::string_view key = raw_key;
    if (key.starts_with('$')) key.remove_prefix(1);
    if (AsciiIEquals(key, "filter")) {
      auto filter = ParseUsersFilter(value);
      if (!filter) return GraphFail(filter.error());
      q.filter = std::move(*filter);
    } else if (AsciiIEquals(key, "select")) {
      for (std::string_view name : Split(value, ',')) {
        auto canonical = CanonicalProperty(TrimAscii(name));
        if (!canonical) {
          return GraphFail(errors::BadRequest("Could not find a property named '" +
                                              std::string(TrimAscii(name)) +
                                              "' on type 'microsoft.graph.user'."));
        }
        q.select.emplace_back(*canonical);
      }
    } else if (AsciiIEquals(key, "top")) {
      int top = std::atoi(value.c_str());
      if (top < 1 || top > 999 || std::to_string(top) != value) {
        return GraphFail(errors::BadRequest("Invalid page size specified: '" + value +
                                            "'. Must be between 1 and 999 inclusive."));
      }
      q.top = top;
    } else if (AsciiIEquals(key, "count")) {
      q.count = AsciiIEquals(value, "true");
    }
  }
  // Directory queries that need the index store work only with ConsistencyLevel: eventual and
  // $count=true; without them $count alone is ignored (docs/sandbox.md).
  if (q.filter && q.filter->NeedsAdvancedQuery() && !(eventual && q.count)) {
    return GraphFail(UnsupportedQuery(
        "Operator 'endsWith' is not supported because the required parameters might be missing. "
        "Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to "
        "https://aka.ms/graph-docs/advanced-queries for more information"));
  }
  if (!eventual) q.count = false;
  return q;
}

json::object UserObject(const Recipient& r, const UsersQuery& q, DirectoryAccess access) {
  json::object o;
  auto readable = [&](std::string_view p) {
    return access == DirectoryAccess::kFull ||
           std::find(std::begin(kBasicProperties), std::end(kBasicProperties), p) !=
               std::end(kBasicProperties);
  };
  if (q.select.empty()) {
    for (std::string_view p : kDefaultProperties) {
      if (readable(p)) o[p] = Property(r, p);
    }
    return o;
  }
  for (const std::string& p : q.select) {
    if (readable(p)) o[p] = Property(r, p);
  }
  if (!o.contains("id")) o["id"] = r.id;  // Graph always returns the id
  return o;
}

}  // namespace

GraphService::Reply GraphService::ListUsers(Call& call) {
  auto consistency = call.request.headers.Get("ConsistencyLevel");
  auto query = ParseUsersQuery(call.request, consistency && AsciiIEquals(*consistency, "eventual"));
  if (!query) return GraphFail(query.error());
  DirectoryAccess access = AccessOf(call.claims.roles);
  if (access == DirectoryAccess::kNone) return GraphFail(InsufficientPrivileges());
  json::array users;
  std::size_t matched = 0;
  std::string base_url;
  {
    std::lock_guard lock(world_.mu);
    const Tenant* tenant = world_.FindTenant(call.claims.tenant_id);
    if (tenant == nullptr || tenant->FindServicePrincipalByAppId(call.claims.app_id) == nullptr) {
      return GraphFail(errors::TokenInvalid("Access token validation failure."));
    }
    base_url = world_.settings.base_url;
    for (const Recipient& r : tenant->recipients) {
      if (!IsDirectoryUser(r)) continue;
      if (query->filter &&
          !MatchesUsersFilter(*query->filter, AddressesOf(r), access == DirectoryAccess::kFull)) {
        continue;
      }
      ++matched;
      if (users.size() < static_cast<std::size_t>(query->top)) {
        users.push_back(UserObject(r, *query, access));
      }
    }
  }
  std::string context = base_url + "/v1.0/$metadata#users";
  if (!query->select.empty()) {
    std::string joined;
    for (const std::string& p : query->select) joined += (joined.empty() ? "" : ",") + p;
    context += "(" + joined + ")";
  }
  json::object body{{"@odata.context", context}};
  if (query->count) body["@odata.count"] = matched;
  body["value"] = std::move(users);
  return GraphJson(200, body, call.context);
}

}  // namespace graphpost::sandbox::graph
