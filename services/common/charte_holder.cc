// services/common/charte_holder.cc

#include "services/common/charte_holder.h"

#include <utility>

#include "core/common/status_macros.h"
#include "policy/enforcement/charte.h"

namespace suivi::services {

absl::StatusOr<std::unique_ptr<CharteHolder>> CharteHolder::Load(
    std::string folder, absl::flat_hash_set<std::string> obligations) {
  std::unique_ptr<CharteHolder> holder(new CharteHolder(std::move(folder), std::move(obligations)));
  ASSIGN_OR_RETURN(std::shared_ptr<const policy::Enforcer> enforcer, holder->LoadSource());
  absl::MutexLock lock(&holder->mu_);
  holder->current_ = std::move(enforcer);
  return holder;
}

std::shared_ptr<const policy::Enforcer> CharteHolder::current() const {
  absl::MutexLock lock(&mu_);
  return current_;
}

absl::StatusOr<std::shared_ptr<const policy::Enforcer>> CharteHolder::Reload(Acceptance accept) {
  absl::MutexLock reload_lock(&reload_mu_);
  ASSIGN_OR_RETURN(std::shared_ptr<const policy::Enforcer> enforcer, LoadSource());
  RETURN_IF_ERROR(accept(enforcer->charte()));
  absl::MutexLock lock(&mu_);
  current_ = enforcer;
  return enforcer;
}

std::string CharteHolder::source() const { return folder_.empty() ? "intégrée" : folder_; }

absl::StatusOr<std::shared_ptr<const policy::Enforcer>> CharteHolder::LoadSource() const {
  policy::CharteFiles files;
  if (folder_.empty()) {
    files = policy::EmbeddedCharteFiles();
  } else {
    ASSIGN_OR_RETURN(files, policy::ReadCharteFiles(folder_));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const policy::Charte> charte,
                   policy::Charte::Load(std::move(files)));
  return std::make_shared<const policy::Enforcer>(std::move(charte), obligations_);
}

}  // namespace suivi::services
