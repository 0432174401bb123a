#include "core/store/commit_queue.h"

#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::store {
namespace {

using ::testing::ElementsAre;

// Records the groups the writer hands over. The first item of the first
// group can hold the writer until released, so that later submissions
// are known to wait together.
class RecordingQueue {
 public:
  explicit RecordingQueue(size_t max_group_size = 64)
      : queue_(
            [this](std::vector<int>& group) {
              if (group.front() == kHoldItem) release_.WaitForNotification();
              absl::MutexLock lock(&mu_);
              groups_.push_back(group);
            },
            [this](int& item) {
              absl::MutexLock lock(&mu_);
              rejected_.push_back(item);
            },
            max_group_size) {}

  static constexpr int kHoldItem = -1;

  CommitQueue<int>& queue() { return queue_; }
  // Submits the hold item and blocks until the writer has taken it (so it
  // is busy).
  void HoldWriter() {
    queue_.Submit(kHoldItem);
    while (queue_.stats().groups == 0) std::this_thread::yield();
  }
  void Release() { release_.Notify(); }
  // Holds the writer, submits 1 … `n` meanwhile, releases it and stops
  // the queue.
  void SubmitWhileHeld(int n) {
    HoldWriter();
    for (int i = 1; i <= n; ++i) queue_.Submit(i);
    Release();
    queue_.Stop();
  }
  std::vector<std::vector<int>> groups() {
    absl::MutexLock lock(&mu_);
    return groups_;
  }
  std::vector<int> rejected() {
    absl::MutexLock lock(&mu_);
    return rejected_;
  }

 private:
  absl::Notification release_;
  absl::Mutex mu_;
  std::vector<std::vector<int>> groups_ ABSL_GUARDED_BY(mu_);
  std::vector<int> rejected_ ABSL_GUARDED_BY(mu_);
  CommitQueue<int> queue_;  // last: its writer uses the members above
};

TEST(CommitQueue, ItemsWaitingWhileTheWriterIsBusyFormOneGroup) {
  RecordingQueue recording;
  recording.SubmitWhileHeld(5);
  EXPECT_THAT(recording.groups(),
              ElementsAre(ElementsAre(RecordingQueue::kHoldItem),
                          ElementsAre(1, 2, 3, 4, 5)));
  EXPECT_EQ(recording.queue().stats().groups, 2u);
  EXPECT_EQ(recording.queue().stats().items, 6u);
  EXPECT_EQ(recording.queue().stats().largest_group, 5u);
}

TEST(CommitQueue, MaxGroupSizeSplitsALongQueueInOrder) {
  RecordingQueue recording(/*max_group_size=*/2);
  recording.SubmitWhileHeld(5);
  EXPECT_THAT(recording.groups(),
              ElementsAre(ElementsAre(RecordingQueue::kHoldItem),
                          ElementsAre(1, 2), ElementsAre(3, 4), ElementsAre(5)));
}

TEST(CommitQueue, StopHandlesWhatWasSubmittedThenRejectsTheRest) {
  RecordingQueue recording;
  recording.HoldWriter();
  recording.queue().Submit(7);
  std::thread stopper([&] { recording.queue().Stop(); });
  recording.Release();
  stopper.join();
  recording.queue().Submit(8);
  EXPECT_THAT(recording.groups(),
              ElementsAre(ElementsAre(RecordingQueue::kHoldItem), ElementsAre(7)));
  EXPECT_THAT(recording.rejected(), ElementsAre(8));
}

TEST(CommitQueue, EveryItemFromManyThreadsIsHandledExactlyOnce) {
  RecordingQueue recording;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        recording.queue().Submit(t * kPerThread + i);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  recording.queue().Stop();
  std::vector<int> seen;
  for (const std::vector<int>& group : recording.groups()) {
    seen.insert(seen.end(), group.begin(), group.end());
  }
  std::sort(seen.begin(), seen.end());
  ASSERT_EQ(seen.size(), static_cast<size_t>(kThreads * kPerThread));
  for (int i = 0; i < kThreads * kPerThread; ++i) EXPECT_EQ(seen[i], i);
}

}  // namespace
}  // namespace suivi::store
