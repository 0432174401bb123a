// services/common/charte_holder.h
//
// The charte in force in the server (DESIGN.md §5): loaded at start from a
// folder (policy/charte/'s layout) or from the copy built into the binary,
// and reloaded on request. A charte that fails to load is never used: at
// start the server does not start; on reload the last good charte stays in
// force and the error is reported.
//
// Thread-safe.

#ifndef SUIVI_SERVICES_COMMON_CHARTE_HOLDER_H_
#define SUIVI_SERVICES_COMMON_CHARTE_HOLDER_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "policy/enforcement/enforcer.h"

namespace suivi::services {

class CharteHolder {
 public:
  // `folder` empty: the built-in charte. `obligations`: those the server
  // can discharge. INVALID_ARGUMENT (the charte's refusal, in French) or
  // NOT_FOUND (a file that cannot be read).
  static absl::StatusOr<std::unique_ptr<CharteHolder>> Load(
      std::string folder, absl::flat_hash_set<std::string> obligations);

  CharteHolder(const CharteHolder&) = delete;
  CharteHolder& operator=(const CharteHolder&) = delete;

  // Never null.
  std::shared_ptr<const policy::Enforcer> current() const;

  // Loads the source again and, if `accept` agrees (e.g. every action the
  // server's methods declare is in the schema), puts it in force. On
  // error, the charte in force stays and the error is returned.
  using Acceptance = absl::FunctionRef<absl::Status(const policy::Charte&)>;
  absl::StatusOr<std::shared_ptr<const policy::Enforcer>> Reload(Acceptance accept);

  // Where the charte comes from, for messages: the folder or "intégrée".
  std::string source() const;

 private:
  CharteHolder(std::string folder, absl::flat_hash_set<std::string> obligations)
      : folder_(std::move(folder)), obligations_(std::move(obligations)) {}
  absl::StatusOr<std::shared_ptr<const policy::Enforcer>> LoadSource() const;

  const std::string folder_;
  const absl::flat_hash_set<std::string> obligations_;
  absl::Mutex reload_mu_;  // one reload at a time
  mutable absl::Mutex mu_;
  std::shared_ptr<const policy::Enforcer> current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_CHARTE_HOLDER_H_
