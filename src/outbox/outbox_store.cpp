// The outbox port's small pure functions; see outbox_store.hpp.
#include "outbox/outbox_store.hpp"

#include <array>
#include <utility>

namespace graphpost::outbox {
namespace {

constexpr std::array<std::pair<MessageState, std::string_view>, 6> kStateNames{{
    {MessageState::kQueued, "queued"},
    {MessageState::kSending, "sending"},
    {MessageState::kDelivered, "delivered"},
    {MessageState::kFailed, "failed"},
    {MessageState::kExpired, "expired"},
    {MessageState::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view MessageStateName(MessageState s) {
  for (const auto& [state, name] : kStateNames) {
    if (state == s) return name;
  }
  return "unknown";
}

std::optional<MessageState> ParseMessageState(std::string_view name) {
  for (const auto& [state, state_name] : kStateNames) {
    if (state_name == name) return state;
  }
  return std::nullopt;
}

bool IsFinal(MessageState s) {
  return s == MessageState::kDelivered || s == MessageState::kFailed ||
         s == MessageState::kExpired || s == MessageState::kCancelled;
}

std::string_view GuaranteeName(Guarantee g) {
  return g == Guarantee::kExactlyOnce ? "exactly-once" : "at-least-once";
}

}  // namespace graphpost::outbox

namespace graphpost::outbox {
namespace {

Error NoSmtpAccounts() {
  Error e;
  e.code = ErrorCode::kFailedPrecondition;
  e.message = "this outbox store keeps no SMTP accounts";
  return e;
}

}  // namespace

void OutboxStore::PutSmtpAccount(SmtpAccountRecord, Callback<void> done) {
  done(Fail(NoSmtpAccounts()));
}

void OutboxStore::RemoveSmtpAccount(std::string, Callback<void> done) {
  done(Fail(NoSmtpAccounts()));
}

Result<std::optional<SmtpAccountRecord>> OutboxStore::FindSmtpAccount(const std::string&) {
  return Fail(NoSmtpAccounts());
}

Result<std::vector<SmtpAccountRecord>> OutboxStore::ListSmtpAccounts() {
  return Fail(NoSmtpAccounts());
}

Result<std::vector<MinuteActivity>> OutboxStore::Activity(TimePoint) {
  return Fail(ErrorCode::kFailedPrecondition, "this outbox store keeps no activity counters");
}

}  // namespace graphpost::outbox
