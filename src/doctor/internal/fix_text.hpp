// doctor/internal/fix_text.hpp — the setup guide's steps and PowerShell commands, filled in with a
// connection's values, as the doctor's checks quote them. Never include a secret or key. Pure
// functions; thread-safe.
#pragma once

#include <string>

#include "connections/connection.hpp"

namespace graphpost::doctor::internal {

// "Microsoft Entra ID > App registrations > the app whose Application (client) ID is <id>".
std::string AppRegistrationPath(const connections::Connection& c);

// Step 3: create a new client secret, copy its Value, store it with rotate-secret.
std::string NewSecretFix(const connections::Connection& c);

// `graphpost connection rotate-secret <name>`.
std::string RotateSecretCommand(const connections::Connection& c);

// Step 7 from the start: service principal, scope on the group's DN, role assignment, test.
std::string Step7Commands(const connections::Connection& c);

// The fixes for "out of the app's Exchange scope": direct group membership, the scope filter on
// the group's DN, Test-ServicePrincipalAuthorization, and the 30 min – 2 h propagation.
std::string ScopeFix(const connections::Connection& c);

// Test-ApplicationAccessPolicy and adding the mailbox to the policy's group (legacy AAP).
std::string AccessPolicyFix(const connections::Connection& c);

// Get-Mailbox <user id> | Format-List PrimarySmtpAddress.
std::string PrimarySmtpCommand(const connections::Connection& c);

// The login and Graph URLs the connection uses, for "check the cloud" hints.
std::string CloudHint(const connections::Connection& c);

}  // namespace graphpost::doctor::internal
