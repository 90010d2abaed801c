#include "sandbox/graph/mail_store.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "core/base64.hpp"
#include "core/json.hpp"
#include "sandbox/graph/mail_changes.hpp"

namespace graphpost::sandbox::graph {
namespace {

struct FolderSpec {
  WellKnownFolder folder;
  std::string_view well_known_name;
  std::string_view display_name;
};
constexpr FolderSpec kFolders[] = {
    {WellKnownFolder::kRoot, "msgfolderroot", "Top of Information Store"},
    {WellKnownFolder::kInbox, "inbox", "Inbox"},
    {WellKnownFolder::kDrafts, "drafts", "Drafts"},
    {WellKnownFolder::kSentItems, "sentitems", "Sent Items"},
    {WellKnownFolder::kDeletedItems, "deleteditems", "Deleted Items"},
    {WellKnownFolder::kOutbox, "outbox", "Outbox"},
    {WellKnownFolder::kJunkEmail, "junkemail", "Junk Email"},
    {WellKnownFolder::kArchive, "archive", "Archive"},
};

json::value SaveAttachment(const StoredAttachment& a) {
  return json::object{{"id", a.id},
                      {"name", a.name},
                      {"contentType", a.content_type},
                      {"contentId", a.content_id},
                      {"isInline", a.is_inline},
                      {"lastModifiedDateTime", FormatIso8601(a.last_modified)},
                      {"contentBytes", a.bytes ? Base64Encode(*a.bytes) : std::string()},
                      {"afterMime", a.after_mime}};
}

Result<StoredAttachment> LoadAttachment(const json::value& v, const std::string& where) {
  if (auto s = CheckKnownKeys(v,
                              {"id", "name", "contentType", "contentId", "isInline",
                               "lastModifiedDateTime", "contentBytes", "afterMime"},
                              where);
      !s) {
    return Fail(s.error());
  }
  auto bytes = JsonString(v, "contentBytes");
  std::optional<std::string> decoded = bytes ? Base64Decode(*bytes) : std::nullopt;
  auto id = JsonString(v, "id");
  if (!id || !decoded) return Fail(ErrorCode::kInvalidArgument, where + ": bad attachment");
  StoredAttachment a;
  a.id = *id;
  a.name = JsonString(v, "name").value_or("");
  a.content_type = JsonString(v, "contentType").value_or("application/octet-stream");
  a.content_id = JsonString(v, "contentId").value_or("");
  a.is_inline = JsonBool(v, "isInline").value_or(false);
  a.after_mime = JsonBool(v, "afterMime").value_or(false);  // absent in older state files
  a.last_modified =
      ParseIso8601(JsonString(v, "lastModifiedDateTime").value_or("")).value_or(WallTime{});
  a.bytes = std::make_shared<const std::string>(std::move(*decoded));
  return a;
}

}  // namespace

Status CheckKnownKeys(const json::value& v, std::initializer_list<std::string_view> known,
                      const std::string& where) {
  if (auto key = UnknownKey(v, known)) {
    return Fail(ErrorCode::kInvalidArgument,
                where + (where.empty() ? "" : ".") + *key + ": unknown key");
  }
  return Ok();
}

json::value SaveStoredMessage(const StoredMessage& m) {
  json::array attachments;
  for (const auto& a : m.attachments) attachments.push_back(SaveAttachment(a));
  json::object out{{"graph", m.graph}, {"attachments", std::move(attachments)}};
  if (m.sequence != 0) out["sequence"] = m.sequence;
  if (m.mime) out["mime"] = Base64Encode(*m.mime);
  return out;
}

Result<StoredMessage> LoadStoredMessage(const json::value& v, const std::string& where) {
  if (auto s = CheckKnownKeys(v, {"graph", "attachments", "mime", "sequence"}, where); !s) {
    return Fail(s.error());
  }
  const json::object* graph = JsonObject(v, "graph");
  const json::value* id = graph == nullptr ? nullptr : graph->if_contains("id");
  if (id == nullptr || !id->is_string()) {
    return Fail(ErrorCode::kInvalidArgument, where + ".graph: missing or without id");
  }
  StoredMessage m;
  m.graph = *graph;
  m.sequence = static_cast<std::uint64_t>(std::max(0LL, JsonInt(v, "sequence").value_or(0)));
  if (const json::array* list = JsonArray(v, "attachments")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto a = LoadAttachment((*list)[i], where + ".attachments[" + std::to_string(i) + "]");
      if (!a) return Fail(a.error());
      m.attachments.push_back(std::move(*a));
    }
  }
  if (auto mime = JsonString(v, "mime")) {
    auto raw = Base64Decode(*mime);
    if (!raw) return Fail(ErrorCode::kInvalidArgument, where + ".mime: bad base64");
    m.mime = std::make_shared<const std::string>(std::move(*raw));
  }
  return m;
}

Mailbox::Mailbox(std::string id, Random& random) : id_(std::move(id)) {
  for (const auto& spec : kFolders) {
    folders_.push_back(Folder{
        NewItemId(random), std::string(spec.well_known_name), std::string(spec.display_name), {}});
  }
}

Folder* Mailbox::FindFolder(std::string_view name_or_id) {
  for (auto& f : folders_) {
    if (f.id == name_or_id || AsciiIEquals(f.well_known_name, name_or_id)) return &f;
  }
  return nullptr;
}

Folder& Mailbox::WellKnown(WellKnownFolder folder) {
  return folders_[static_cast<std::size_t>(folder)];  // kFolders is in enum order
}

StoredMessage* Mailbox::FindMessage(std::string_view message_id) {
  auto it = messages_.find(std::string(message_id));
  return it == messages_.end() ? nullptr : &it->second;
}

StoredMessage& Mailbox::Insert(StoredMessage message, Folder& folder) {
  if (folder.messages.size() >= kMaxMessagesPerFolder) {
    if (changes_ != nullptr) changes_->MessageRemoved(id_, folder.messages.begin()->second);
    messages_.erase(folder.messages.begin()->second);
    folder.messages.erase(folder.messages.begin());
  }
  message.sequence = next_sequence_++;
  message.graph["parentFolderId"] = folder.id;
  std::string id = message.Id();
  folder.messages.emplace(message.sequence, id);
  auto [it, inserted] = messages_.insert_or_assign(std::move(id), std::move(message));
  Changed(it->second);
  return it->second;
}

Folder* Mailbox::FolderOf(const StoredMessage& message) {
  const json::value* parent = message.graph.if_contains("parentFolderId");
  return parent != nullptr && parent->is_string() ? FindFolder(parent->get_string()) : nullptr;
}

void Mailbox::Move(StoredMessage& message, Folder& to) {
  if (Folder* from = FolderOf(message)) from->messages.erase(message.sequence);
  message.sequence = next_sequence_++;
  message.graph["parentFolderId"] = to.id;
  to.messages.emplace(message.sequence, message.Id());
  Changed(message);
}

bool Mailbox::Remove(std::string_view message_id) {
  if (FindMessage(message_id) == nullptr) return false;
  if (changes_ != nullptr) changes_->MessageRemoved(id_, message_id);
  Erase(message_id);
  return true;
}

void Mailbox::Erase(std::string_view message_id) {
  StoredMessage* message = FindMessage(message_id);
  if (message == nullptr) return;
  if (Folder* folder = FolderOf(*message)) folder->messages.erase(message->sequence);
  messages_.erase(std::string(message_id));
}

void Mailbox::Changed(const StoredMessage& message) {
  if (changes_ != nullptr) changes_->MessageStored(id_, message);
}

Status Mailbox::Restore(StoredMessage message) {
  Erase(message.Id());
  Folder* folder = FolderOf(message);
  if (folder == nullptr) return Fail(ErrorCode::kInvalidArgument, "unknown parentFolderId");
  if (message.sequence == 0) message.sequence = next_sequence_;
  next_sequence_ = std::max(next_sequence_, message.sequence + 1);
  folder->messages.emplace(message.sequence, message.Id());
  std::string id = message.Id();
  messages_.insert_or_assign(std::move(id), std::move(message));
  return Ok();
}

std::vector<const StoredMessage*> Mailbox::List(const Folder* folder) const {
  std::vector<const StoredMessage*> out;
  if (folder != nullptr) {
    out.reserve(folder->messages.size());
    for (auto it = folder->messages.rbegin(); it != folder->messages.rend(); ++it) {
      if (auto m = messages_.find(it->second); m != messages_.end()) out.push_back(&m->second);
    }
    return out;
  }
  out.reserve(messages_.size());
  for (const auto& [id, message] : messages_) out.push_back(&message);
  std::sort(out.begin(), out.end(), [](const StoredMessage* a, const StoredMessage* b) {
    return a->sequence > b->sequence;
  });
  return out;
}

json::value Mailbox::SaveJson() const {
  json::array folders;
  for (const auto& f : folders_) {
    folders.push_back(json::object{
        {"id", f.id}, {"wellKnownName", f.well_known_name}, {"displayName", f.display_name}});
  }
  json::array messages;
  std::vector<const StoredMessage*> ordered = List(nullptr);
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it)
    messages.push_back(SaveStoredMessage(**it));
  return json::object{
      {"id", id_}, {"folders", std::move(folders)}, {"messages", std::move(messages)}};
}

Status Mailbox::LoadFolders(const json::value& v) {
  const json::array* folders = JsonArray(v, "folders");
  for (std::size_t i = 0; folders != nullptr && i < folders->size(); ++i) {
    const json::value& f = (*folders)[i];
    std::string where = "folders[" + std::to_string(i) + "]";
    if (auto s = CheckKnownKeys(f, {"id", "wellKnownName", "displayName"}, where); !s) return s;
    std::string name = JsonString(f, "wellKnownName").value_or("");
    Folder* folder = FindFolder(name);
    if (folder == nullptr || folder->well_known_name != AsciiLower(name)) {
      return Fail(ErrorCode::kInvalidArgument,
                  where + ".wellKnownName: unknown folder '" + name + "'");
    }
    folder->id = JsonString(f, "id").value_or(folder->id);
  }
  return Ok();
}

Result<Mailbox> Mailbox::LoadJson(const json::value& v, Random& random) {
  if (auto s = CheckKnownKeys(v, {"id", "folders", "messages"}, {}); !s) return Fail(s.error());
  auto id = JsonString(v, "id");
  if (!id) return Fail(ErrorCode::kInvalidArgument, "id: missing");
  Mailbox mailbox(*id, random);
  if (auto s = mailbox.LoadFolders(v); !s) return Fail(s.error());
  const json::array* messages = JsonArray(v, "messages");
  for (std::size_t i = 0; messages != nullptr && i < messages->size(); ++i) {
    std::string where = "messages[" + std::to_string(i) + "]";
    auto message = LoadStoredMessage((*messages)[i], where);
    if (!message) return Fail(message.error());
    // Files written before sequences were saved keep their order through Restore's fallback.
    if (auto s = mailbox.Restore(std::move(*message)); !s) {
      return Fail(ErrorCode::kInvalidArgument, where + ": " + s.error().message);
    }
  }
  return mailbox;
}

Mailbox& MailStore::Open(std::string_view mailbox_id) {
  std::string key = AsciiLower(mailbox_id);
  auto it = mailboxes_.find(key);
  if (it == mailboxes_.end()) {
    it = mailboxes_.emplace(key, Mailbox(key, *random_)).first;
    it->second.set_changes(changes_);
    if (changes_ != nullptr) changes_->MailboxCreated(it->second);
  }
  return it->second;
}

Status MailStore::Adopt(Mailbox mailbox) {
  std::string key = AsciiLower(mailbox.id());
  if (mailboxes_.contains(key)) {
    return Fail(ErrorCode::kInvalidArgument, "mailbox '" + key + "' exists already");
  }
  mailbox.set_changes(changes_);
  mailboxes_.emplace(std::move(key), std::move(mailbox));
  return Ok();
}

Mailbox* MailStore::Find(std::string_view mailbox_id) {
  auto it = mailboxes_.find(AsciiLower(mailbox_id));
  return it == mailboxes_.end() ? nullptr : &it->second;
}

json::value MailStore::SaveJson() const {
  std::vector<const Mailbox*> ordered;
  for (const auto& [id, mailbox] : mailboxes_) ordered.push_back(&mailbox);
  std::sort(ordered.begin(), ordered.end(),
            [](const Mailbox* a, const Mailbox* b) { return a->id() < b->id(); });
  json::array list;
  for (const Mailbox* m : ordered) list.push_back(m->SaveJson());
  return json::object{{"mailboxes", std::move(list)}};
}

Status MailStore::LoadJson(const json::value& v) {
  if (auto s = CheckKnownKeys(v, {"mailboxes"}, {}); !s) return s;
  const json::array* list = JsonArray(v, "mailboxes");
  if (list == nullptr) return Fail(ErrorCode::kInvalidArgument, "mailboxes: missing");
  std::unordered_map<std::string, Mailbox> loaded;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto mailbox = Mailbox::LoadJson((*list)[i], *random_);
    if (!mailbox) {
      return Fail(ErrorCode::kInvalidArgument,
                  "mailboxes[" + std::to_string(i) + "]." + mailbox.error().message);
    }
    std::string key = AsciiLower(mailbox->id());
    mailbox->set_changes(changes_);
    loaded.insert_or_assign(std::move(key), std::move(*mailbox));
  }
  mailboxes_ = std::move(loaded);
  return Ok();
}

}  // namespace graphpost::sandbox::graph
