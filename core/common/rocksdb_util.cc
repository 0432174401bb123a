#include "core/common/rocksdb_util.h"

#include "absl/strings/str_cat.h"

namespace suivi {

absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, " : ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsIOError() || status.IsBusy() || status.IsTimedOut() ||
      status.IsTryAgain() || status.IsIncomplete() || status.IsAborted() ||
      status.IsShutdownInProgress() || status.IsNoSpace() ||
      status.IsColumnFamilyDropped()) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

}  // namespace suivi
