// sandbox/graph/graph_service.hpp — the sandbox's Microsoft Graph mail service: serves /v1.0/users
// mail endpoints and the attachment upload URLs (protocol.md §2–§5, §7) over the World's tenants,
// with Graph's token checks, mailbox resolution, Exchange authorization, faults, throttling,
// sending pacing and delivery (Inbox copies, NDRs, the internet sink). Owns the mail store. With a
// MailJournal attached, every change to the mail is durable before the request that made it (or
// the delivery that happened during it) is answered. Thread-safe: Handle() runs on many server
// threads. Token checks and JSON work happen outside locks; World::mu is held only to read
// tenants/settings, and the store has its own mutex (never held together with World::mu).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "sandbox/exchange/authorizer.hpp"
#include "sandbox/graph/delivery.hpp"
#include "sandbox/graph/graph_error.hpp"
#include "sandbox/graph/graph_route.hpp"
#include "sandbox/graph/limits.hpp"
#include "sandbox/graph/mail_changes.hpp"
#include "sandbox/graph/mail_journal.hpp"
#include "sandbox/graph/mail_store.hpp"
#include "sandbox/graph/token_verifier.hpp"
#include "sandbox/graph/upload_session.hpp"
#include "sandbox/state/world.hpp"

namespace graphpost::sandbox::graph {

// The mail as of a checkpoint, and the journal generation whose records follow it.
struct MailCheckpoint {
  boost::json::value mail;
  std::uint64_t journal_generation = 0;
};

// One attachment's content for the admin API (GraphService::GetAttachmentContent).
struct AttachmentContent {
  std::string name;
  std::string content_type;
  std::shared_ptr<const std::string> bytes;  // never null
};

class GraphService {
 public:
  // All references must outlive the service. Reads World::settings.limits once (ApplySettings).
  GraphService(World& world, exchange::Authorizer& authorizer, Clock& clock, Random& random);

  // nullopt when `request` is neither a Graph /v1.0 request nor an upload URL. Every Graph
  // response carries request-id/client-request-id and, when known, X-Sandbox-Log-App and
  // X-Sandbox-Log-Mailbox (for the server's request log; it strips them).
  std::optional<http::Response> Handle(const http::Request& request);

  // Admission of a request from its head, before its body is read (the HTTPS server's hook);
  // nullopt when the request is not for Graph. A Graph request without a valid bearer token, or
  // an upload URL that names no live session or carries the wrong authtoken, is refused with the
  // response Handle() would give. Otherwise the body limit: twice maxRequestBytes for Graph (a
  // body a little over the limit still gets Graph's own 413 JSON from Handle), and for an upload
  // chunk its Content-Range length, at least 4 MiB (so Handle's chunk errors still answer) and at
  // most kMaxUploadRequestBytes.
  std::optional<http::Admission> AdmitHead(const http::Request& head);

  // Admin view of one folder (well-known name or id) of a mailbox (id or address) in a tenant
  // (id or domain): {"value":[messages, newest first, with headers and attachment metadata]}.
  // kNotFound naming the tenant, mailbox or folder.
  [[nodiscard]] Result<boost::json::value> ListFolder(std::string_view tenant,
                                                      std::string_view mailbox,
                                                      std::string_view folder);
  // Admin view of one message of that folder: the item as ListFolder lists it (headers, body,
  // attachment metadata, "hasMime"). kNotFound naming the tenant, mailbox, folder or message (a
  // message of another folder of the mailbox is not found). Creates no mailbox.
  [[nodiscard]] Result<boost::json::value> GetFolderMessage(std::string_view tenant,
                                                            std::string_view mailbox,
                                                            std::string_view folder,
                                                            std::string_view message_id);
  // The bytes of one attachment of that message, with its name and content type, shared with
  // the store (immutable). kNotFound as GetFolderMessage, or naming the attachment.
  [[nodiscard]] Result<AttachmentContent> GetAttachmentContent(std::string_view tenant,
                                                               std::string_view mailbox,
                                                               std::string_view folder,
                                                               std::string_view message_id,
                                                               std::string_view attachment_id);
  // Messages sent outside `tenant` (id or domain), oldest first (InternetSink::List).
  boost::json::value InternetSink(std::string_view tenant) const;
  // Copies of each message in Inboxes, Sent Items and the internet sink, by the value of
  // `header` (DeliveryCountsJson, delivery_count.hpp), after delivering what is due.
  boost::json::value CountDeliveries(std::string_view header);
  // Re-reads World::settings.limits into the limiters. Call without holding World::mu.
  void ApplySettings();
  // Mail store, internet sink and pending (paced) deliveries.
  boost::json::value SaveJson();
  // Replaces them; kInvalidArgument naming the bad or unknown field leaves everything unchanged.
  [[nodiscard]] Status LoadJson(const boost::json::value& json);
  // Applies one journal record (after LoadJson, before AttachJournal). kInvalidArgument naming the
  // operation at fault.
  [[nodiscard]] Status Replay(const boost::json::value& record);
  // From now on every change is recorded into `journal` (it must outlive the service) and
  // answered only once durable. Call before serving.
  void AttachJournal(MailJournal& journal);
  // With a journal attached: the mail (as SaveJson) and, atomically with it, the start of the
  // journal's next generation. kUnavailable when the journal cannot rotate.
  [[nodiscard]] Result<MailCheckpoint> Checkpoint();
  // Delivers paced messages whose time has come (also done lazily by Handle()).
  void DeliverDue();

 private:
  struct Call;  // one admitted request (internal/graph_call.hpp)
  using Reply = GraphResult<http::Response>;

  // Pipeline (graph_service.cpp).
  http::Response Serve(const http::Request& request, const Route& route, ResponseContext context);
  [[nodiscard]] GraphStatus Admit(Call& call);
  [[nodiscard]] GraphStatus AcquireLimits(Call& call);
  Reply Dispatch(Call& call);
  void MaybeDeliverDue();

  // Sending (send_routes.cpp).
  Reply SendMail(Call& call);
  Reply SendDraft(Call& call);
  // Where a send's own copy goes: Sent Items (after `delay`, the sentItemsDelayMs setting), with
  // the draft `draft_id` (when sending a draft) leaving Drafts.
  struct SentCopy {
    bool save = true;
    std::string draft_id;
    std::chrono::milliseconds delay{0};
  };
  [[nodiscard]] GraphStatus Submit(Call& call, StoredMessage message, SentCopy sent);
  // Stores the sent message (Sent Items, or moves the draft; later when delayed) and delivers or
  // queues it. Returns the journal ticket to wait for.
  [[nodiscard]] GraphResult<MailJournal::Ticket> CommitSend(StoredMessage message,
                                                            Delivery delivery, const SentCopy& sent,
                                                            WallTime now);
  // With store_mu_ held: queues `delivery` for its deliver_at.
  void QueueDelivery(Delivery delivery);

  // The directory listing, GET /users?$filter=... (users_route.cpp): answered from the tenant's
  // directory, without a mailbox, Exchange authorization, faults or mailbox limits.
  Reply ListUsers(Call& call);

  // Messages and users (message_routes.cpp).
  Reply GetUser(Call& call);
  Reply ListMessages(Call& call);
  Reply GetMessage(Call& call);
  Reply GetMessageMime(Call& call);
  Reply DeleteMessage(Call& call);
  Reply UpdateMessage(Call& call);  // PATCH (message_patch.hpp)
  Reply CreateDraft(Call& call);

  // Attachments and upload sessions (attachment_routes.cpp).
  Reply ListAttachments(Call& call);
  Reply AddAttachment(Call& call);
  Reply GetAttachment(Call& call);
  Reply DeleteAttachment(Call& call);
  Reply CreateUploadSession(Call& call);
  http::Response HandleUpload(const http::Request& request, ResponseContext context);
  GraphResult<http::Response> PutChunk(const http::Request& request, UploadSession& session,
                                       const ResponseContext& context);

  ResponseContext NewContext(const http::Request& request);

  // Admin views (graph_service_admin.cpp): the recipient id of a mailbox of `tenant`, under
  // World::mu; kNotFound naming the tenant or mailbox.
  [[nodiscard]] Result<std::string> MailboxIdOf(std::string_view tenant, std::string_view mailbox);
  // With store_mu_ held: the message `message_id` of `folder` of the mailbox, or kNotFound.
  [[nodiscard]] Result<const StoredMessage*> FindFolderMessageLocked(std::string_view mailbox_id,
                                                                     std::string_view folder,
                                                                     std::string_view message_id);

  // Durability (graph_service_admin.cpp). QueueChanges: with store_mu_ held, hands what was
  // recorded to the journal; 0 when there is nothing to wait for.
  MailJournal::Ticket QueueChanges();
  [[nodiscard]] GraphStatus AwaitDurable(MailJournal::Ticket ticket);
  boost::json::value SaveJsonLocked() const;

  World& world_;
  exchange::Authorizer& authorizer_;
  Clock& clock_;
  Random& random_;
  TokenVerifier tokens_;
  ConcurrencyLimiter concurrency_;  // thread-safe itself
  std::atomic<std::size_t> max_request_bytes_;

  std::mutex limits_mu_;
  SlidingWindowLimiter window_;  // Guarded by limits_mu_.
  SendingPacer pacer_;           // Guarded by limits_mu_.

  mutable std::mutex store_mu_;
  MailChanges changes_;                                     // Guarded by store_mu_.
  MailJournal* journal_ = nullptr;                          // Set before serving.
  MailStore store_;                                         // Guarded by store_mu_.
  graph::InternetSink sink_;                                // Guarded by store_mu_.
  PendingDeliveries pending_;                               // Guarded by store_mu_.
  std::unordered_map<std::string, UploadSession> uploads_;  // Guarded by store_mu_.
  // Earliest pending delivery (ns since epoch), so Handle() checks without locking.
  std::atomic<long long> next_due_ns_;
};

}  // namespace graphpost::sandbox::graph
