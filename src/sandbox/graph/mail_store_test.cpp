#include "sandbox/graph/mail_store.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "testing/fake_clock.hpp"
#include "testing/fake_random.hpp"

namespace graphpost::sandbox::graph {
namespace {

StoredMessage Message(Random& random, std::string subject, WallTime now) {
  MessageInput input;
  input.fields["subject"] = subject;
  input.attachments.push_back(
      StoredAttachment{.id = {},
                       .name = "a.bin",
                       .content_type = "x/y",
                       .content_id = {},
                       .is_inline = false,
                       .last_modified = {},
                       .bytes = std::make_shared<const std::string>("\x01\x02"),
                       .after_mime = true});
  input.mime = std::make_shared<const std::string>("Subject: x\r\n\r\n");
  return NewStoredMessage(std::move(input), {.now = now, .folder_id = {}}, random);
}

TEST(MailStoreTest, CreatesWellKnownFoldersOnFirstUse) {
  testing::FakeRandom random;
  MailStore store(random);

  Mailbox& mailbox = store.Open("ABC");

  EXPECT_EQ(&mailbox, store.Find("abc"));
  EXPECT_NE(mailbox.FindFolder("Inbox"), nullptr);
  EXPECT_EQ(mailbox.FindFolder("SentItems"), &mailbox.WellKnown(WellKnownFolder::kSentItems));
  EXPECT_EQ(mailbox.FindFolder(mailbox.WellKnown(WellKnownFolder::kDrafts).id)->display_name,
            "Drafts");
  EXPECT_EQ(mailbox.FindFolder("nosuchfolder"), nullptr);
}

TEST(MailStoreTest, InsertMoveRemoveAndList) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  MailStore store(random);
  Mailbox& mailbox = store.Open("m1");
  Folder& drafts = mailbox.WellKnown(WellKnownFolder::kDrafts);
  Folder& sent = mailbox.WellKnown(WellKnownFolder::kSentItems);

  StoredMessage& first = mailbox.Insert(Message(random, "one", clock.WallNow()), drafts);
  std::string first_id = first.Id();
  mailbox.Insert(Message(random, "two", clock.WallNow()), drafts);
  mailbox.Move(*mailbox.FindMessage(first_id), sent);

  EXPECT_EQ(mailbox.List(&drafts).size(), 1u);
  ASSERT_EQ(mailbox.List(&sent).size(), 1u);
  EXPECT_EQ(mailbox.FindMessage(first_id)->graph.at("parentFolderId"), json::value(sent.id));
  EXPECT_EQ(mailbox.List(nullptr).front()->Id(), first_id);  // moved last = newest
  EXPECT_TRUE(mailbox.Remove(first_id));
  EXPECT_FALSE(mailbox.Remove(first_id));
  EXPECT_TRUE(mailbox.List(&sent).empty());
}

TEST(MailStoreTest, SaveLoadRoundTripKeepsMessagesFoldersAndBytes) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  MailStore store(random);
  Mailbox& mailbox = store.Open("m1");
  std::string inbox_id = mailbox.WellKnown(WellKnownFolder::kInbox).id;
  std::string id = mailbox
                       .Insert(Message(random, "kept", clock.WallNow()),
                               mailbox.WellKnown(WellKnownFolder::kInbox))
                       .Id();

  json::value saved = store.SaveJson();
  MailStore loaded(random);
  ASSERT_TRUE(loaded.LoadJson(*ParseJson(ToJson(saved))));

  Mailbox* m = loaded.Find("m1");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->WellKnown(WellKnownFolder::kInbox).id, inbox_id);
  StoredMessage* message = m->FindMessage(id);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->graph.at("subject"), "kept");
  ASSERT_EQ(message->attachments.size(), 1u);
  EXPECT_EQ(*message->attachments[0].bytes, "\x01\x02");
  EXPECT_TRUE(message->attachments[0].after_mime);
  EXPECT_EQ(*message->mime, "Subject: x\r\n\r\n");
  EXPECT_EQ(ToJson(loaded.SaveJson()), ToJson(saved));
}

TEST(MailStoreTest, LoadRejectsBadInputAndKeepsState) {
  testing::FakeRandom random;
  MailStore store(random);
  store.Open("keep");

  auto s = store.LoadJson(*ParseJson(R"({"mailboxes":[{"id":"x","messages":[{"graph":{}}]}]})"));

  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "mailboxes[0].messages[0].graph: missing or without id");
  EXPECT_NE(store.Find("keep"), nullptr);
}

TEST(MailStoreTest, LoadRefusesAnUnknownKeyNamingWhereItIs) {
  testing::FakeRandom random;
  MailStore store(random);

  auto s = store.LoadJson(
      *ParseJson(R"({"mailboxes":[{"id":"x","messages":[{"graph":{"id":"m"},"flagged":true}]}]})"));

  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "mailboxes[0].messages[0].flagged: unknown key");
}

TEST(MailStoreTest, LoadRefusesAnUnknownFolder) {
  testing::FakeRandom random;
  MailStore store(random);

  auto s = store.LoadJson(
      *ParseJson(R"({"mailboxes":[{"id":"x","folders":[{"id":"f","wellKnownName":"clutter"}]}]})"));

  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "mailboxes[0].folders[0].wellKnownName: unknown folder 'clutter'");
}

TEST(MailStoreTest, SequencesSurviveSaveAndLoadSoLaterChangesKeepTheirOrder) {
  testing::FakeRandom random;
  testing::FakeClock clock;
  MailStore store(random);
  Mailbox& mailbox = store.Open("m1");
  Folder& inbox = mailbox.WellKnown(WellKnownFolder::kInbox);
  mailbox.Insert(Message(random, "one", clock.WallNow()), inbox);
  std::string gone = mailbox.Insert(Message(random, "two", clock.WallNow()), inbox).Id();
  mailbox.Insert(Message(random, "three", clock.WallNow()), inbox);
  mailbox.Remove(gone);

  MailStore loaded(random);
  ASSERT_TRUE(loaded.LoadJson(*ParseJson(ToJson(store.SaveJson()))));

  std::vector<const StoredMessage*> listed = loaded.Find("m1")->List(nullptr);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]->sequence, 3u);
  EXPECT_EQ(listed[1]->sequence, 1u);
}

}  // namespace
}  // namespace graphpost::sandbox::graph
