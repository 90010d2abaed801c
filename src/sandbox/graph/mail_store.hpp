// sandbox/graph/mail_store.hpp — the sandbox's Exchange mailboxes: one per mailbox recipient (by
// Recipient id), each with its well-known folders and the messages in them (message_model.hpp),
// plus JSON persistence. Lookups by message id are O(1); a folder keeps its messages in insertion
// order and holds at most kMaxMessagesPerFolder (the oldest are dropped, which bounds memory under
// load tests). Not thread-safe: GraphService guards the store with its own mutex.
#pragma once

#include <cstddef>
#include <cstdint>
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

inline constexpr std::size_t kMaxMessagesPerFolder = 10000;

// One message as persisted (Graph JSON, attachments with base64 bytes, MIME). LoadStoredMessage
// fails with kInvalidArgument naming `where` and the bad field.
boost::json::value SaveStoredMessage(const StoredMessage& message);
[[nodiscard]] Result<StoredMessage> LoadStoredMessage(const boost::json::value& json,
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
  // Messages of `folder` (every folder when null), newest first by insertion.
  std::vector<const StoredMessage*> List(const Folder* folder) const;
  std::size_t message_count() const { return messages_.size(); }

  // Persistence of one mailbox. LoadJson fails with kInvalidArgument naming the bad field.
  boost::json::value SaveJson() const;
  [[nodiscard]] static Result<Mailbox> LoadJson(const boost::json::value& json, Random& random);

 private:
  Folder* FolderOf(const StoredMessage& message);

  std::string id_;
  std::vector<Folder> folders_;
  std::unordered_map<std::string, StoredMessage> messages_;  // by message id
  std::uint64_t next_sequence_ = 1;
};

class MailStore {
 public:
  explicit MailStore(Random& random) : random_(&random) {}

  // The mailbox of recipient `mailbox_id`, created (with its folders) on first use.
  Mailbox& Open(std::string_view mailbox_id);
  Mailbox* Find(std::string_view mailbox_id);

  // {"mailboxes":[...]} with message bodies, attachments (base64) and MIME.
  boost::json::value SaveJson() const;
  // Replaces the whole store. kInvalidArgument naming the bad field; the store is unchanged then.
  [[nodiscard]] Status LoadJson(const boost::json::value& json);

 private:
  Random* random_;  // never null; a pointer so stores can be move-assigned
  std::unordered_map<std::string, Mailbox> mailboxes_;  // by lower-case recipient id
};

}  // namespace graphpost::sandbox::graph
