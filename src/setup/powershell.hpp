// setup/powershell.hpp — a Plan rendered as the runbook's PowerShell scripts (docs/setup.md "The
// scripts"): entra.ps1 (Microsoft Graph PowerShell) and exchange.ps1 (Exchange Online
// PowerShell); for a migration, migrate-1-exchange.ps1, migrate-2-entra.ps1 and
// migrate-3-exchange.ps1. Every script:
//  - sets $ErrorActionPreference = 'Stop' and runs each step in its own try/catch that prints the
//    step, the error and the guide's hint, then exits 1: it stops on the first error;
//  - looks before it creates (Get-… then New-… only when missing), so running it twice is safe;
//  - uses only the cmdlets and parameters listed in docs/powershell-reference.md (checked by
//    setup/cmdlet_table.hpp in the golden tests).
// entra.ps1 writes app-ids.json (tenant ID, Application (client) ID, Enterprise application
// object ID) next to itself; exchange.ps1 reads it, or takes -AppId and -ServicePrincipalObjectId
// for an admin who clicked through the portal. Pure functions; thread-compatible.
#pragma once

#include <string>

#include "setup/plan.hpp"

namespace graphpost::setup {

// The Entra steps of `plan` (phase `phase`, 0 = all) as a Microsoft Graph PowerShell script.
std::string RenderEntraScript(const Plan& plan, int phase = 0);
// The Exchange steps of `plan` (phase `phase`, 0 = all) as an Exchange Online PowerShell script;
// it ends by printing the `graphpost connection add` lines with each mailbox's primary address.
std::string RenderExchangeScript(const Plan& plan, int phase = 0);

// A PowerShell single-quoted string literal ('it''s'). Every character PowerShell takes as a
// single quote is doubled: the ASCII one and the typographic U+2018..U+201B.
std::string PsQuote(std::string_view text);

}  // namespace graphpost::setup
