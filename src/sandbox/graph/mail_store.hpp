// sandbox/graph/mail_store.hpp — the sandbox's Exchange mailboxes: one per mailbox recipient (by
// Recipient id), each with its well-known folders and the messages in them (message_model.hpp),
// plus JSON persistence. Lookups by message id are O(1); a folder keeps its messages in insertion
// order and holds at most kMaxMessagesPerFolder (the oldest are dropped, which bounds memory under
// load tests). Given a MailChanges, the store records every change it makes (mailbox created,
// message stored or removed) for the journal. Not thread-safe: GraphService guards the store with
// its own mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "core/random.hpp"
#include "core/result.hpp"
#include "sandbox/graph/message_model.hpp"

namespace graphpost::sandbox::graph {

class MailChanges;

inline constexpr std::size_t kMaxMessagesPerFolder = 10000;

// One message as persisted (Graph JSON, attachments with base64 bytes, MIME, its sequence in the
// mailbox). LoadStoredMessage fails with kInvalidArgument naming `where` and the bad or unknown
// field.
boost::json::value SaveStoredMessage(const StoredMessage& message);
[[nodiscard]] Result<StoredMessage> LoadStoredMessage(const boost::json::value& json,
                                                      const std::string& where);

// kInvalidArgument "<where>.<key>: unknown key" for the first key of `json` not in `known`: the
// persisted forms refuse what they would otherwise drop silently.
[[nodiscard]] Status CheckKnownKeys(const boost::json::value& json,
                                    std::initializer_list<std::string_view> known,
                                    const std::string& where);

enum class WellKnownFolder {
  kRoot,
  kInbox,
  kDrafts,
  kSentItems,
  kDeletedItems,
  kOutbox,
  kJunkEmail,
  kArchive,
};

struct Folder {
  std::string id;
  std::string well_known_name;                    // "inbox"
  std::string display_name;                       // "Inbox"
  std::map<std::uint64_t, std::string> messages;  // sequence → message id (insertion order)
};

class Mailbox {
 public:
  // A mailbox with fresh ids for every well-known folder.
  Mailbox(std::string id, Random& random);

  const std::string& id() const { return id_; }
  // By well-known name (any case) or folder id; nullptr when unknown.
  Folder* FindFolder(std::string_view name_or_id);
  Folder& WellKnown(WellKnownFolder folder);
  const std::vector<Folder>& folders() const { return folders_; }

  StoredMessage* FindMessage(std::string_view message_id);
  // Stores `message` in `folder` (sets parentFolderId and the sequence). Drops the folder's
  // oldest message when it is full. Returns the stored message.
  StoredMessage& Insert(StoredMessage message, Folder& folder);
  void Move(StoredMessage& message, Folder& to);
  // False when no such message.
  bool Remove(std::string_view message_id);
  // Records that `message` (of this mailbox) was edited in place.
  void Changed(const StoredMessage& message);
  // Puts `message` back as it was recorded: its folder (parentFolderId) and sequence, replacing a
  // message with the same id. kInvalidArgument when the folder is unknown. Records nothing.
  [[nodiscard]] Status Restore(StoredMessage message);
  // Messages of `folder` (every folder when null), newest first by insertion.
  std::vector<const StoredMessage*> List(const Folder* folder) const;
  std::size_t message_count() const { return messages_.size(); }

  // Persistence of one mailbox. LoadJson fails with kInvalidArgument naming the bad field.
  boost::json::value SaveJson() const;
  [[nodiscard]] static Result<Mailbox> LoadJson(const boost::json::value& json, Random& random);

  // Where changes are recorded (null: nowhere). Must outlive the mailbox.
  void set_changes(MailChanges* changes) { changes_ = changes; }

 private:
  Folder* FolderOf(const StoredMessage& message);
  void Erase(std::string_view message_id);
  [[nodiscard]] Status LoadFolders(const boost::json::value& json);

  std::string id_;
  std::vector<Folder> folders_;
  std::unordered_map<std::string, StoredMessage> messages_;  // by message id
  std::uint64_t next_sequence_ = 1;
  MailChanges* changes_ = nullptr;
};

class MailStore {
 public:
  // `changes` (may be null) must outlive the store and is handed to every mailbox.
  explicit MailStore(Random& random, MailChanges* changes = nullptr)
      : random_(&random), changes_(changes) {}

  // The mailbox of recipient `mailbox_id`, created (with its folders) on first use.
  Mailbox& Open(std::string_view mailbox_id);
  Mailbox* Find(std::string_view mailbox_id);
  // Adds a mailbox as it was recorded (journal replay). kInvalidArgument when it exists already.
  [[nodiscard]] Status Adopt(Mailbox mailbox);
  // Calls f(const Mailbox&) for every mailbox, in no particular order.
  template <class F>
  void ForEachMailbox(F&& f) const {
    for (const auto& [id, mailbox] : mailboxes_) f(mailbox);
  }

  // {"mailboxes":[...]} with message bodies, attachments (base64) and MIME.
  boost::json::value SaveJson() const;
  // Replaces the whole store. kInvalidArgument naming the bad field; the store is unchanged then.
  [[nodiscard]] Status LoadJson(const boost::json::value& json);

 private:
  Random* random_;  // never null; a pointer so stores can be move-assigned
  MailChanges* changes_;
  std::unordered_map<std::string, Mailbox> mailboxes_;  // by lower-case recipient id
};

}  // namespace graphpost::sandbox::graph
