// The request pipeline: token → route errors → mailbox resolution, faults and authorization
// (under World::mu) → throttling → the endpoint. Endpoints live in *_routes.cpp.
#include "sandbox/graph/graph_service.hpp"

#include "core/ascii.hpp"
#include "core/ids.hpp"
#include "sandbox/exchange/recipients.hpp"
#include "sandbox/graph/internal/graph_call.hpp"

namespace graphpost::sandbox::graph {
namespace {

constexpr long long kNothingDue = std::numeric_limits<long long>::max();

const Recipient* FindDirectoryUser(const Tenant& tenant, std::string_view identifier) {
  for (const auto& r : tenant.recipients) {
    bool user_like = HasMailbox(r.type) || r.type == RecipientType::kUser;
    if (user_like &&
        (AsciiIEquals(r.id, identifier) ||
         (!r.user_principal_name.empty() && AsciiIEquals(r.user_principal_name, identifier)))) {
      return &r;
    }
  }
  return nullptr;
}

GraphResult<const Recipient*> ResolveTarget(const Tenant& tenant, const Route& route) {
  if (route.kind == RouteKind::kUser) {
    const Recipient* user = FindDirectoryUser(tenant, route.user);
    if (user == nullptr) return GraphFail(errors::UserNotFound(route.user));
    return user;
  }
  const Recipient* r = tenant.ResolveRecipient(route.user);
  if (r == nullptr || IsGroup(r->type) || r->type == RecipientType::kMailContact) {
    return GraphFail(errors::InvalidUser(route.user));
  }
  if (!HasMailbox(r->type) || !exchange::IsMailboxEnabled(*r)) {
    return GraphFail(errors::MailboxNotEnabled());
  }
  return r;
}

GraphError DenialError(exchange::Denial denial) {
  switch (denial) {
    case exchange::Denial::kNoPermissionsInToken:
      return errors::NoPermissionsInToken();
    case exchange::Denial::kAccessPolicy:
      return errors::AccessPolicyDenied();
    default:
      return errors::AccessDenied();
  }
}

boost::json::object UserJson(const Recipient& r, const std::string& base_url) {
  auto text_or_null = [](const std::string& s) {
    return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
  };
  return boost::json::object{{"@odata.context", base_url + "/v1.0/$metadata#users/$entity"},
                             {"businessPhones", boost::json::array{}},
                             {"displayName", r.display_name},
                             {"givenName", nullptr},
                             {"jobTitle", nullptr},
                             {"mail", text_or_null(r.primary_smtp_address)},
                             {"mobilePhone", nullptr},
                             {"officeLocation", nullptr},
                             {"preferredLanguage", nullptr},
                             {"surname", nullptr},
                             {"userPrincipalName", r.user_principal_name},
                             {"id", r.id}};
}

}  // namespace

GraphService::GraphService(World& world, exchange::Authorizer& authorizer, Clock& clock,
                           Random& random)
    : world_(world),
      authorizer_(authorizer),
      clock_(clock),
      random_(random),
      tokens_(world.signing_key),
      concurrency_(LimitSettings{}.concurrent_requests_per_app_mailbox),
      max_request_bytes_(LimitSettings{}.max_request_bytes),
      window_(LimitSettings{}.requests_per_window, LimitSettings{}.request_window),
      pacer_(LimitSettings{}.messages_per_minute_per_mailbox,
             LimitSettings{}.recipients_per_day_per_mailbox),
      store_(random, &changes_),
      sink_(&changes_),
      next_due_ns_(kNothingDue) {
  ApplySettings();
}

std::optional<http::Response> GraphService::Handle(const http::Request& request) {
  bool upload = request.path.starts_with("/upload/");
  std::optional<Route> route;
  if (!upload) {
    route = ParseGraphRoute(request.method, request.path);
    if (!route) return std::nullopt;
  }
  MaybeDeliverDue();
  ResponseContext context = NewContext(request);
  if (upload) return HandleUpload(request, std::move(context));
  return Serve(request, *route, std::move(context));
}

ResponseContext GraphService::NewContext(const http::Request& request) {
  return NewResponseContext(request, clock_, random_);
}

http::Response GraphService::Serve(const http::Request& request, const Route& route,
                                   ResponseContext context) {
  Call call{request, route, std::move(context)};
  Reply reply = [&]() -> Reply {
    if (request.body.size() > max_request_bytes_.load()) {
      return GraphFail(errors::RequestTooLarge(max_request_bytes_.load()));
    }
    auto claims = tokens_.Verify(request.headers.Get("Authorization"), call.context.now);
    if (!claims) return GraphFail(claims.error());
    call.claims = std::move(*claims);
    if (route.kind == RouteKind::kMe) return GraphFail(errors::MeRequest());
    if (route.kind == RouteKind::kUnknown)
      return GraphFail(errors::SegmentNotFound(route.bad_segment));
    if (!route.method_allowed) return GraphFail(errors::MethodNotAllowed());
    if (route.kind == RouteKind::kUsers) return ListUsers(call);
    if (auto s = Admit(call); !s) return GraphFail(s.error());
    if (call.faults.drop_connection) {
      http::Response dropped;
      dropped.drop_connection = true;
      return dropped;
    }
    if (call.faults.error_status)
      return GraphFail(errors::InjectedFault(*call.faults.error_status));
    if (auto s = AcquireLimits(call); !s) return GraphFail(s.error());
    Reply dispatched = Dispatch(call);
    if (auto s = AwaitDurable(call.ticket); !s) return GraphFail(s.error());
    return dispatched;
  }();
  http::Response response =
      reply ? std::move(*reply) : RenderGraphError(reply.error(), call.context);
  if (!call.claims.app_id.empty()) response.headers.Set("X-Sandbox-Log-App", call.claims.app_id);
  if (!call.mailbox_address.empty()) {
    response.headers.Set("X-Sandbox-Log-Mailbox", call.mailbox_address);
  }
  response.delay = call.faults.latency;
  if (!call.limiter_key.empty()) {
    response.on_complete = [this, key = call.limiter_key] { concurrency_.Leave(key); };
  }
  return response;
}

GraphStatus GraphService::Admit(Call& call) {
  std::lock_guard lock(world_.mu);
  const Tenant* tenant = world_.FindTenant(call.claims.tenant_id);
  if (tenant == nullptr) {
    return GraphFail(errors::TokenInvalid("Access token validation failure."));
  }
  // A token whose app has no service principal here (deleted, or never of this tenant) is refused
  // as Graph's front door refuses a token it cannot attribute.
  if (tenant->FindServicePrincipalByAppId(call.claims.app_id) == nullptr) {
    return GraphFail(errors::TokenInvalid("Access token validation failure."));
  }
  call.tenant_id = tenant->id;
  call.base_url = world_.settings.base_url;
  call.limits = world_.settings.limits;
  call.sent_items_delay = world_.settings.sent_items_delay;
  auto target = ResolveTarget(*tenant, call.route);
  if (!target) return GraphFail(target.error());
  const Recipient& r = **target;
  call.mailbox_id = r.id;
  call.mailbox_address =
      r.primary_smtp_address.empty() ? r.user_principal_name : r.primary_smtp_address;
  call.faults = DrawFaults(world_.faults, *tenant, r, random_);
  if (call.faults.error_status || call.faults.drop_connection) return {};
  exchange::AccessRequest access{call.claims.roles, call.claims.app_id, r.id,
                                 std::string(RequiredPermission(call.route, call.request.method))};
  auto decision =
      authorizer_.Authorize(*tenant, call.context.now, world_.settings.propagation_delay, access);
  if (!decision.allowed()) return GraphFail(DenialError(decision.denial));
  if (call.route.kind == RouteKind::kUser) call.user = UserJson(r, call.base_url);
  return {};
}

GraphStatus GraphService::AcquireLimits(Call& call) {
  std::string key = AsciiLower(call.claims.app_id) + "|" + AsciiLower(call.mailbox_id);
  if (!concurrency_.TryEnter(key))
    return GraphFail(errors::ApplicationThrottled(std::chrono::seconds{1}));
  std::chrono::seconds retry_after{0};
  {
    std::lock_guard lock(limits_mu_);
    auto now = clock_.MonotonicNow();
    if (!window_.TryAcquire(key, now)) retry_after = window_.RetryAfter(key, now);
  }
  if (retry_after.count() > 0) {
    concurrency_.Leave(key);
    return GraphFail(errors::ApplicationThrottled(retry_after));
  }
  call.limiter_key = std::move(key);
  return {};
}

GraphService::Reply GraphService::Dispatch(Call& call) {
  bool get = call.request.method == "GET";
  switch (call.route.kind) {
    case RouteKind::kUser:
      return GetUser(call);
    case RouteKind::kSendMail:
      return SendMail(call);
    case RouteKind::kSendDraft:
      return SendDraft(call);
    case RouteKind::kMessages:
      return get ? ListMessages(call) : CreateDraft(call);
    case RouteKind::kMessage:
      if (call.request.method == "PATCH") return UpdateMessage(call);
      return get ? GetMessage(call) : DeleteMessage(call);
    case RouteKind::kMessageValue:
      return GetMessageMime(call);
    case RouteKind::kAttachments:
      return get ? ListAttachments(call) : AddAttachment(call);
    case RouteKind::kAttachment:
      return get ? GetAttachment(call) : DeleteAttachment(call);
    case RouteKind::kCreateUploadSession:
      return CreateUploadSession(call);
    default:
      return GraphFail(errors::SegmentNotFound(call.route.bad_segment));
  }
}

void GraphService::MaybeDeliverDue() {
  long long now = clock_.WallNow().time_since_epoch().count();
  if (now >= next_due_ns_.load(std::memory_order_relaxed)) DeliverDue();
}

void GraphService::DeliverDue() {
  WallTime now = clock_.WallNow();
  MailJournal::Ticket ticket = 0;
  {
    std::lock_guard lock(store_mu_);
    while (!pending_.empty() && pending_.begin()->first <= now) {
      auto node = pending_.extract(pending_.begin());
      changes_.DeliveryDone(node.mapped());
      Deliver(node.mapped(), node.key(), store_, sink_, random_);
    }
    next_due_ns_ =
        pending_.empty() ? kNothingDue : pending_.begin()->first.time_since_epoch().count();
    ticket = QueueChanges();
  }
  // A failure was logged by the journal; the delivery stays in memory and is retried from the
  // queue after a restart, so nothing is lost or delivered twice.
  (void)AwaitDurable(ticket);
}

void GraphService::ApplySettings() {
  LimitSettings limits;
  {
    std::lock_guard lock(world_.mu);
    limits = world_.settings.limits;
  }
  concurrency_.SetLimit(limits.concurrent_requests_per_app_mailbox);
  max_request_bytes_ = limits.max_request_bytes;
  std::lock_guard lock(limits_mu_);
  window_.SetLimit(limits.requests_per_window, limits.request_window);
  pacer_.SetLimits(limits.messages_per_minute_per_mailbox, limits.recipients_per_day_per_mailbox);
}

}  // namespace graphpost::sandbox::graph
