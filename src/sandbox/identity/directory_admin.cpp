// Tenants, domains and the lifecycle of app registrations. Permissions, credentials, the overview
// and users live in directory_admin_{permissions,credentials,overview,users}.cpp.
#include "sandbox/identity/directory_admin.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "sandbox/identity/internal/directory_lookup.hpp"
#include "sandbox/identity/token_request.hpp"

namespace graphpost::sandbox::identity {
namespace internal {

std::string TenantName(const Tenant& tenant) {
  return tenant.display_name.empty() ? tenant.id : tenant.display_name;
}

Result<Application*> FindApp(Tenant& tenant, std::string_view app_id) {
  for (Application& app : tenant.applications) {
    if (AsciiIEquals(app.app_id, app_id) || AsciiIEquals(app.object_id, app_id)) return &app;
  }
  return Fail(ErrorCode::kNotFound, "no app registration with Application (client) ID '" +
                                        std::string(app_id) + "' in tenant '" + TenantName(tenant) +
                                        "'");
}

Result<const Application*> FindApp(const Tenant& tenant, std::string_view app_id) {
  auto found = FindApp(const_cast<Tenant&>(tenant), app_id);
  if (!found) return Fail(found.error());
  return *found;
}

Result<ServicePrincipal*> FindEnterpriseApp(Tenant& tenant, const Application& app) {
  ServicePrincipal* sp = tenant.FindServicePrincipalByAppId(app.app_id);
  if (sp == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition,
                "app '" + app.display_name + "' (" + app.app_id +
                    ") has no enterprise application in this tenant; register it again");
  }
  return sp;
}

}  // namespace internal

namespace {

bool IsDomainPrefix(std::string_view prefix) {
  return !prefix.empty() && prefix.size() <= 27 &&
         std::all_of(prefix.begin(), prefix.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}

bool DomainTaken(const World& world, std::string_view domain) {
  return std::any_of(world.tenants.begin(), world.tenants.end(),
                     [&](const Tenant& t) { return t.HasDomain(domain); });
}

constexpr std::string_view kOnMicrosoft = ".onmicrosoft.com";

}  // namespace

Result<std::string> CreateTenant(World& world, std::string display_name,
                                 std::string_view initial_domain_prefix, Random& random) {
  if (TrimAscii(display_name).empty()) {
    return Fail(ErrorCode::kInvalidArgument, "a tenant needs an organization (display) name");
  }
  if (!IsDomainPrefix(initial_domain_prefix)) {
    return Fail(ErrorCode::kInvalidArgument,
                "initial domain prefix '" + std::string(initial_domain_prefix) +
                    "' must be 1-27 letters or digits (it becomes <prefix>.onmicrosoft.com)");
  }
  std::string domain = AsciiLower(initial_domain_prefix) + std::string(kOnMicrosoft);
  if (DomainTaken(world, domain)) {
    return Fail(ErrorCode::kAlreadyExists, "the domain " + domain + " is already taken");
  }
  Tenant tenant;
  tenant.id = NewGuid(random);
  tenant.display_name = std::move(display_name);
  tenant.domains.push_back(std::move(domain));
  world.tenants.push_back(std::move(tenant));
  return world.tenants.back().id;
}

Status AddDomain(World& world, Tenant& tenant, std::string_view domain) {
  std::string name = AsciiLower(TrimAscii(domain));
  if (ClassifyTenant(name) != TenantKind::kDomain) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(domain) + "' is not a domain name (e.g. contoso.com)");
  }
  if (name.size() > kOnMicrosoft.size() &&
      AsciiIEquals(std::string_view(name).substr(name.size() - kOnMicrosoft.size()),
                   kOnMicrosoft)) {
    return Fail(ErrorCode::kInvalidArgument,
                "onmicrosoft.com domains cannot be added; a tenant gets one when it is created");
  }
  if (DomainTaken(world, name)) {
    return Fail(ErrorCode::kAlreadyExists, "the domain " + name + " is already in use by a tenant");
  }
  tenant.domains.push_back(std::move(name));
  return Ok();
}

Result<RegisteredApplication> RegisterApplication(Tenant& tenant, std::string display_name,
                                                  Random& random, WallTime now) {
  if (TrimAscii(display_name).empty()) {
    return Fail(ErrorCode::kInvalidArgument, "an app registration needs a name");
  }
  Application app;
  app.app_id = NewGuid(random);
  app.object_id = NewGuid(random);
  app.display_name = display_name;
  app.sign_in_audience = "AzureADMyOrg";  // "Accounts in this organizational directory only"
  app.created = now;
  ServicePrincipal sp;
  sp.object_id = NewGuid(random);
  sp.app_id = app.app_id;
  sp.display_name = std::move(display_name);
  RegisteredApplication out{app.app_id, app.object_id, sp.object_id};
  tenant.applications.push_back(std::move(app));
  tenant.service_principals.push_back(std::move(sp));
  return out;
}

Result<std::string> CreateServicePrincipal(Tenant& tenant, std::string_view app_id,
                                           Random& random) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  if (const ServicePrincipal* sp = tenant.FindServicePrincipalByAppId((*app)->app_id)) {
    return Fail(ErrorCode::kAlreadyExists, "app '" + (*app)->display_name +
                                               "' already has its enterprise application (" +
                                               sp->object_id + ")");
  }
  ServicePrincipal sp;
  sp.object_id = NewGuid(random);
  sp.app_id = (*app)->app_id;
  sp.display_name = (*app)->display_name;
  tenant.service_principals.push_back(sp);
  return sp.object_id;
}

Status SetApplicationEnabled(Tenant& tenant, std::string_view app_id, bool enabled) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  auto sp = internal::FindEnterpriseApp(tenant, **app);
  if (!sp) return Fail(sp.error());
  (*sp)->enabled = enabled;
  return Ok();
}

Status DeleteApplication(Tenant& tenant, std::string_view app_id) {
  auto app = internal::FindApp(tenant, app_id);
  if (!app) return Fail(app.error());
  std::string id = (*app)->app_id;
  std::vector<std::string> object_ids;
  for (const ServicePrincipal& sp : tenant.service_principals) {
    if (AsciiIEquals(sp.app_id, id)) object_ids.push_back(sp.object_id);
  }
  ExchangeConfig& exo = tenant.exchange;
  for (const ExoServicePrincipal& pointer : exo.service_principals) {
    if (AsciiIEquals(pointer.app_id, id)) object_ids.push_back(pointer.object_id);
  }
  auto names_app = [&](std::string_view object_id) {
    return std::any_of(object_ids.begin(), object_ids.end(),
                       [&](const std::string& o) { return AsciiIEquals(o, object_id); });
  };
  std::erase_if(exo.role_assignments,
                [&](const RoleAssignment& a) { return names_app(a.app_object_id); });
  std::erase_if(exo.service_principals, [&](const ExoServicePrincipal& p) {
    return AsciiIEquals(p.app_id, id) || names_app(p.object_id);
  });
  std::erase_if(tenant.service_principals,
                [&](const ServicePrincipal& sp) { return AsciiIEquals(sp.app_id, id); });
  std::erase_if(tenant.applications,
                [&](const Application& a) { return AsciiIEquals(a.app_id, id); });
  return Ok();
}

}  // namespace graphpost::sandbox::identity
