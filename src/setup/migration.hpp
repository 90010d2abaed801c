// setup/migration.hpp — `graphpost setup migrate CONNECTION`: how an app that has the tenant-wide
// Entra grant (the doctor's `permissions` warning) or a legacy Application Access Policy moves to
// Exchange RBAC for Applications only, without an interruption (docs/setup.md "Migrating").
// What the migration starts from is found out here; the plan is setup/plan.hpp's
// BuildMigrationPlan; the CLI runs the phases and the checks between them.
#pragma once

#include <string>
#include <vector>

#include "connections/connection.hpp"
#include "core/result.hpp"
#include "setup/plan.hpp"
#include "setup/sandbox_runner.hpp"

namespace graphpost::setup {

// The migration's answers from the saved connections: `target` and every other connection with
// the same tenant and client ID (they share the app, so they all move together; their mailboxes
// all go into the group). `group_name` empty: "<app name> Senders" with app_name "graphpost app
// <first 8 characters of the client ID>" unless given.
[[nodiscard]] Result<Answers> MigrationAnswers(const connections::Connection& target,
                                               const std::vector<connections::Connection>& all,
                                               const std::string& app_name,
                                               const std::string& group_name);

// On the sandbox: the app's granted mail roles (Mail.Send, Mail.ReadWrite, Mail.Read…) and whether
// an Application Access Policy names it, read through the admin API.
[[nodiscard]] Result<MigrationInput> InspectOnSandbox(Answers answers, const std::string& app_id,
                                                      AdminPort& admin,
                                                      const std::string& tenant_id);

}  // namespace graphpost::setup
