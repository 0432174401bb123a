// core/common/clock.h
//
// Clock is the only source of the current time in Suivi, so that tests and
// the workflow engine's deadlines can run on a FakeClock.
//
// Thread-safe: every implementation may be called from any thread.

#ifndef SUIVI_CORE_COMMON_CLOCK_H_
#define SUIVI_CORE_COMMON_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace suivi {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;

  // The process-wide wall clock. Never null, never destroyed.
  static Clock* Real();
};

// A clock that moves only when told to. Starts at `start`.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}

  absl::Time Now() const override;
  void Set(absl::Time now);
  void Advance(absl::Duration delta);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_CLOCK_H_
