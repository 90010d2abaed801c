#include "smtp/command.hpp"

#include <gtest/gtest.h>

namespace graphpost::smtp {
namespace {

Command Parse(std::string_view line) {
  auto command = ParseCommand(line);
  EXPECT_TRUE(command) << line << " -> " << command.error().reply.text;
  return command ? *command : Command{};
}

Reply Refusal(std::string_view line) {
  auto command = ParseCommand(line);
  EXPECT_FALSE(command) << line;
  return command ? Reply{} : command.error().reply;
}

TEST(CommandTest, VerbsAreCaseInsensitive) {
  EXPECT_EQ(Parse("ehlo client.example").verb, Verb::kEhlo);
  EXPECT_EQ(Parse("StartTLS").verb, Verb::kStartTls);
  EXPECT_EQ(Parse("rset").verb, Verb::kRset);
  EXPECT_EQ(Parse("EHLO client.example").argument, "client.example");
}

TEST(CommandTest, UnknownVerbIs500) {
  EXPECT_EQ(Refusal("FOO bar"), (Reply{500, "5.5.1", "Unknown command"}));
  EXPECT_EQ(Refusal("MAILFROM:<a@b.c>").code, 500);
  EXPECT_EQ(Refusal(""), (Reply{500, "5.5.2", "Empty command"}));
}

TEST(CommandTest, ControlCharactersAreRefusedWithTheirPosition) {
  EXPECT_EQ(Refusal(std::string("NOOP a\0b", 8)),
            (Reply{500, "5.5.2", "Control character in the command at character 7"}));
}

TEST(CommandTest, MailFromTakesTheAddressWithoutBrackets) {
  const Command c = Parse("MAIL FROM:<pat@example.com>");
  EXPECT_EQ(c.verb, Verb::kMail);
  EXPECT_EQ(c.address, "pat@example.com");
  EXPECT_FALSE(c.mail.size);
}

TEST(CommandTest, MailFromAcceptsTheNullSender) { EXPECT_EQ(Parse("MAIL FROM:<>").address, ""); }

TEST(CommandTest, MailFromToleratesASpaceAfterTheColonAndABareAddress) {
  EXPECT_EQ(Parse("mail from: <pat@example.com>").address, "pat@example.com");
  EXPECT_EQ(Parse("MAIL FROM:pat@example.com SIZE=10").address, "pat@example.com");
}

TEST(CommandTest, SourceRouteIsDropped) {
  EXPECT_EQ(Parse("RCPT TO:<@a.example,@b.example:pat@example.com>").address, "pat@example.com");
}

TEST(CommandTest, QuotedLocalPartKeepsItsQuotes) {
  EXPECT_EQ(Parse("RCPT TO:<\"pat > smith\"@example.com>").address, "\"pat > smith\"@example.com");
}

TEST(CommandTest, AddressLiteralDomainIsAccepted) {
  EXPECT_EQ(Parse("RCPT TO:<pat@[192.0.2.1]>").address, "pat@[192.0.2.1]");
}

TEST(CommandTest, PostmasterWithoutDomainIsARecipient) {
  EXPECT_EQ(Parse("RCPT TO:<Postmaster>").address, "Postmaster");
}

TEST(CommandTest, MailParametersAreParsedAndNormalised) {
  const Command c = Parse(
      "MAIL FROM:<pat@example.com> size=1000 body=8bitmime SMTPUTF8 RET=hdrs ENVID=a+2Bb "
      "AUTH=<>");
  EXPECT_EQ(c.mail.size, 1000u);
  EXPECT_EQ(c.mail.body, "8BITMIME");
  EXPECT_TRUE(c.mail.smtputf8);
  EXPECT_EQ(c.mail.ret, "HDRS");
  EXPECT_EQ(c.mail.envid, "a+b");
  EXPECT_EQ(c.mail.auth, "<>");
}

TEST(CommandTest, RcptDsnParametersAreParsed) {
  const Command c =
      Parse("RCPT TO:<pat@example.com> NOTIFY=success,FAILURE ORCPT=rfc822;pat+40x.com");
  EXPECT_EQ(c.rcpt.notify, (std::vector<std::string>{"SUCCESS", "FAILURE"}));
  EXPECT_EQ(c.rcpt.orcpt, "rfc822;pat@x.com");
}

TEST(CommandTest, BadParametersSayWhichOne) {
  EXPECT_EQ(Refusal("MAIL FROM:<a@b.c> FOO=1"), (Reply{555, "5.5.4", "Unsupported parameter FOO"}));
  EXPECT_EQ(Refusal("MAIL FROM:<a@b.c> SIZE=abc"),
            (Reply{501, "5.5.4", "SIZE= must be a number of bytes"}));
  EXPECT_EQ(Refusal("MAIL FROM:<a@b.c> BODY=9BIT"),
            (Reply{501, "5.5.4", "BODY= must be 7BIT, 8BITMIME or BINARYMIME"}));
  EXPECT_EQ(Refusal("MAIL FROM:<a@b.c> SIZE=1 size=2"),
            (Reply{501, "5.5.4", "SIZE is given twice"}));
  EXPECT_EQ(Refusal("MAIL FROM:<a@b.c> ENVID=a+zz"),
            (Reply{501, "5.5.4", "ENVID= is not valid xtext"}));
  EXPECT_EQ(Refusal("RCPT TO:<a@b.c> NOTIFY=NEVER,DELAY"),
            (Reply{501, "5.5.4", "NOTIFY=NEVER cannot be combined"}));
  EXPECT_EQ(Refusal("RCPT TO:<a@b.c> SIZE=1"), (Reply{555, "5.5.4", "Unsupported parameter SIZE"}));
}

TEST(CommandTest, BadAddressesSayWhatAndWhere) {
  EXPECT_EQ(Refusal("MAIL FROM:<pat@exa mple.com>"),
            (Reply{501, "5.1.7",
                   "Bad sender address: unexpected a space in the domain at "
                   "character 8 of the address"}));
  EXPECT_EQ(Refusal("RCPT TO:<pat.@example.com>"),
            (Reply{501, "5.1.3",
                   "Bad recipient address: the local part ends with a dot at character 4 of the "
                   "address"}));
  EXPECT_EQ(Refusal("RCPT TO:<pat@example.com"),
            (Reply{501, "5.1.3", "Bad recipient address: the address has no closing '>'"}));
  EXPECT_EQ(Refusal("RCPT TO:<>"),
            (Reply{501, "5.1.3", "Bad recipient address: the recipient address is empty"}));
  EXPECT_EQ(Refusal("RCPT TO:<pat>").text,
            "Bad recipient address: expected '@' and a domain after the local part at character "
            "4 of the address");
  EXPECT_EQ(Refusal("RCPT TO:<pat@-example.com>").code, 501);
  EXPECT_EQ(Refusal("RCPT TO:<pat@example..com>").code, 501);
  EXPECT_EQ(Refusal("MAIL TO:<a@b.c>"),
            (Reply{501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]"}));
  EXPECT_EQ(Refusal("MAIL FROM:<a@b.c>X").text,
            "Expected a space or the end of the line after the address");
}

TEST(CommandTest, OverlongLocalPartIsRefused) {
  EXPECT_EQ(Refusal("RCPT TO:<" + std::string(65, 'a') + "@example.com>").text,
            "Bad recipient address: the local part is longer than 64 characters at character 1 of "
            "the address");
}

TEST(CommandTest, Utf8AddressNeedsSmtputf8OnMail) {
  EXPECT_EQ(Refusal("MAIL FROM:<j\xC3\xB6rg@example.com>"),
            (Reply{553, "5.6.7",
                   "The sender address has non-ASCII characters; add SMTPUTF8 to MAIL FROM"}));
  const Command c = Parse(
      "MAIL FROM:<j\xC3\xB6rg@b\xC3\xBC"
      "cher.example> SMTPUTF8");
  EXPECT_TRUE(c.utf8_address);
  EXPECT_TRUE(Parse("RCPT TO:<j\xC3\xB6rg@example.com>").utf8_address);
}

TEST(CommandTest, MalformedUtf8IsRefused) {
  EXPECT_EQ(Refusal("RCPT TO:<j\xC3rg@example.com>").text,
            "Bad recipient address: the address is not valid UTF-8");
  EXPECT_EQ(Refusal("RCPT TO:<j\xC0\xAFrg@example.com>").code, 501);  // overlong encoding
}

TEST(CommandTest, BdatTakesASizeAndLast) {
  const Command c = Parse("BDAT 1000 last");
  EXPECT_EQ(c.chunk_size, 1000u);
  EXPECT_TRUE(c.last_chunk);
  EXPECT_FALSE(Parse("BDAT 0").last_chunk);
  EXPECT_EQ(Refusal("BDAT"), (Reply{501, "5.5.4", "Syntax: BDAT <size> [LAST]"}));
  EXPECT_EQ(Refusal("BDAT 12 FIRST").code, 501);
  EXPECT_EQ(Refusal("BDAT 99999999999999999999999").code, 501);
}

TEST(CommandTest, AuthTakesAMechanismAndAnInitialResponse) {
  const Command c = Parse("auth plain AHBhdABzZWNyZXQ=");
  EXPECT_EQ(c.argument, "PLAIN");
  EXPECT_EQ(c.initial_response, "AHBhdABzZWNyZXQ=");
  EXPECT_FALSE(Parse("AUTH LOGIN").initial_response);
  EXPECT_EQ(Refusal("AUTH").code, 501);
}

TEST(CommandTest, CommandsWithoutArgumentsRefuseThem) {
  EXPECT_EQ(Refusal("DATA now"), (Reply{501, "5.5.4", "DATA takes no arguments"}));
  EXPECT_EQ(Refusal("EHLO"),
            (Reply{501, "5.5.4", "EHLO needs your host name: EHLO client.example.com"}));
  EXPECT_EQ(Refusal("VRFY").code, 501);
  EXPECT_EQ(Parse("NOOP anything").verb, Verb::kNoop);
  EXPECT_EQ(Parse("DATA  ").verb, Verb::kData);  // trailing spaces are not arguments
}

}  // namespace
}  // namespace graphpost::smtp
