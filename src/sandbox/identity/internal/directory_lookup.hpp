// sandbox/identity/internal/directory_lookup.hpp — lookups shared by the directory_admin*.cpp
// files, failing with the messages the admin API shows. Not thread-safe (callers hold World::mu).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sandbox/state/tenant.hpp"

namespace graphpost::sandbox::identity::internal {

// The tenant's display name, or its id when it has none.
std::string TenantName(const Tenant& tenant);

// The registration with this Application (client) ID or Object ID. kNotFound otherwise.
[[nodiscard]] Result<Application*> FindApp(Tenant& tenant, std::string_view app_id);
[[nodiscard]] Result<const Application*> FindApp(const Tenant& tenant, std::string_view app_id);

// The app's enterprise application. kFailedPrecondition when it has none.
[[nodiscard]] Result<ServicePrincipal*> FindEnterpriseApp(Tenant& tenant, const Application& app);

}  // namespace graphpost::sandbox::identity::internal
