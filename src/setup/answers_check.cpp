// Checks of the answers (CheckTenant, CheckMailboxAddress, EffectiveDomains, ValidateAnswers).
#include "setup/answers.hpp"
