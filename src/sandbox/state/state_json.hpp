// sandbox/state/state_json.hpp — tenants to and from JSON: the scenario files users write and the
// state the sandbox persists in its state directory (one format for both). Pure functions over
// the data model; thread-compatible.
//
// Scenario conveniences, resolved at load: ids may be omitted (generated); group members and
// send-as trustees may be given by address; a password credential may carry its clear "value"
// (hashed at load, never stored) or "generate": true (a new value is made and returned in
// LoadedState::new_secrets, for the caller to hand over once).
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "core/random.hpp"
#include "core/result.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox {

struct GeneratedSecret {
  std::string tenant_id;
  std::string app_id;
  std::string key_id;
  std::string file_hint;  // the credential's "valueFile" name, if the scenario gave one
  std::string value;      // the clear value, to be shown or written once
};

struct LoadedState {
  std::vector<Tenant> tenants;
  std::vector<GeneratedSecret> new_secrets;
};

// Reads {"tenants":[...]}. kInvalidArgument naming the JSON path of the first bad field
// (e.g. "tenants[0].recipients[2].recipientTypeDetails: unknown type 'Mailbox'").
[[nodiscard]] Result<LoadedState> TenantsFromJson(const boost::json::value& doc, Random& random,
                                                  WallTime now);

// Writes {"tenants":[...]} with every id and hash, loadable by TenantsFromJson.
boost::json::value TenantsToJson(const std::vector<Tenant>& tenants);

// A new Entra-style client secret value: 40 characters, "Q~" at positions 4-5.
std::string NewClientSecretValue(Random& random);

}  // namespace graphpost::sandbox
