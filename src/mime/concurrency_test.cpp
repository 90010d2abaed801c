#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "mime/mime_message.hpp"
#include "mime/mime_test_data.hpp"

namespace graphpost::mime {
namespace {

// GMime is initialised on first use from whichever thread gets there; the threads start together
// so that first use is concurrent too.
TEST(MimeConcurrencyTest, ThreadsGetTheSameAnswersAsOneThreadDoes) {
  const std::string mime = testdata::Read("python_mixed.eml");
  constexpr int kThreads = 4;
  std::vector<std::string> drafts(kThreads), subjects(kThreads);

  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 20; ++round) {
          auto split = SplitForDraft(mime, Base64Size(5000));
          auto summary = InspectMime(mime);
          if (!split || !summary || split->attachments.size() != 2) return;
          drafts[static_cast<std::size_t>(t)] = split->draft_mime;
          subjects[static_cast<std::size_t>(t)] = summary->subject;
        }
      });
    }
  }

  const auto expected = SplitForDraft(mime, Base64Size(5000));
  ASSERT_TRUE(expected);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(drafts[static_cast<std::size_t>(t)], expected->draft_mime);
    EXPECT_EQ(subjects[static_cast<std::size_t>(t)], "Quartalsübersicht – Größe und Maße");
  }
}

}  // namespace
}  // namespace graphpost::mime
