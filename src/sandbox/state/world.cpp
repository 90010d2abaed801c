#include "sandbox/state/world.hpp"

#include "core/ascii.hpp"

namespace graphpost::sandbox {

Tenant* World::FindTenant(std::string_view identifier) {
  for (auto& t : tenants) {
    if (AsciiIEquals(t.id, identifier) || t.HasDomain(identifier)) return &t;
  }
  return nullptr;
}

const Tenant* World::FindTenant(std::string_view identifier) const {
  return const_cast<World*>(this)->FindTenant(identifier);
}

}  // namespace graphpost::sandbox
