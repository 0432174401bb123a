// core/store/commit_queue.h
//
// CommitQueue is the single writer of a store (DESIGN.md §7). Callers
// submit work items from any thread; one writer thread takes every item
// waiting at that moment — a group — and hands the whole group to the
// group handler, which applies the items, makes them durable with one
// synced write and completes each one (group commit). Items are handled in
// submission order, one group at a time, so a handler never races another.
//
// The queue knows nothing of what an item does: EncryptedStore gives it
// commands and a handler that runs them against the store.
//
// Thread-safe: Submit() may be called from any thread, including from a
// completion. Blocking on the queue from inside the handler (a command
// waiting for another command) deadlocks.

#ifndef SUIVI_CORE_STORE_COMMIT_QUEUE_H_
#define SUIVI_CORE_STORE_COMMIT_QUEUE_H_

#include <cstdint>
#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace suivi::store {

// Counters of a queue, for benchmarks and monitoring.
struct CommitQueueStats {
  uint64_t groups = 0;
  uint64_t items = 0;
  uint64_t largest_group = 0;
};

template <typename Item>
class CommitQueue {
 public:
  // Called on the writer thread with a non-empty group, in order.
  using GroupHandler = absl::AnyInvocable<void(std::vector<Item>& group)>;
  // Called, on the submitting thread, for an item submitted after Stop().
  using Rejecter = absl::AnyInvocable<void(Item& item)>;

  // Starts the writer thread. `max_group_size` bounds the items of one
  // group (at least 1).
  CommitQueue(GroupHandler handler, Rejecter rejecter, size_t max_group_size)
      : handler_(std::move(handler)),
        rejecter_(std::move(rejecter)),
        max_group_size_(max_group_size == 0 ? 1 : max_group_size),
        writer_([this] { Run(); }) {}

  // Stops the queue (see Stop()).
  ~CommitQueue() { Stop(); }

  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  void Submit(Item item) {
    {
      absl::MutexLock lock(&mu_);
      if (!stopping_) {
        pending_.push_back(std::move(item));
        return;
      }
    }
    rejecter_(item);
  }

  // Handles every item already submitted, then stops the writer thread;
  // later submissions are rejected. Idempotent.
  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    if (writer_.joinable()) writer_.join();
  }

  CommitQueueStats stats() const {
    absl::MutexLock lock(&mu_);
    return stats_;
  }

 private:
  void Run() {
    std::vector<Item> group;
    while (TakeGroup(&group)) {
      handler_(group);
      group.clear();
    }
  }

  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !pending_.empty();
  }

  // Waits for items and moves up to max_group_size_ of them into `group`.
  // Returns false when stopping and nothing is left.
  bool TakeGroup(std::vector<Item>* group) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(this, &CommitQueue::HasWorkOrStopping));
    if (pending_.empty()) return false;
    while (!pending_.empty() && group->size() < max_group_size_) {
      group->push_back(std::move(pending_.front()));
      pending_.pop_front();
    }
    ++stats_.groups;
    stats_.items += group->size();
    if (group->size() > stats_.largest_group) stats_.largest_group = group->size();
    return true;
  }

  GroupHandler handler_;
  Rejecter rejecter_;
  const size_t max_group_size_;

  mutable absl::Mutex mu_;
  std::deque<Item> pending_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  CommitQueueStats stats_ ABSL_GUARDED_BY(mu_);

  std::thread writer_;  // last: starts once everything above is built
};

}  // namespace suivi::store

#endif  // SUIVI_CORE_STORE_COMMIT_QUEUE_H_
