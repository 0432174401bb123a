// core/common/rocksdb_util.h
//
// Glue between RocksDB and Abseil types, for the two RocksDB databases of
// Suivi (the data store and the key store).

#ifndef SUIVI_CORE_COMMON_ROCKSDB_UTIL_H_
#define SUIVI_CORE_COMMON_ROCKSDB_UTIL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace suivi {

// NotFound → NOT_FOUND; Corruption → DATA_LOSS; InvalidArgument →
// INVALID_ARGUMENT; IO errors, busy, time-outs and a store gone read-only
// after an error → UNAVAILABLE (Suivi fails closed); anything else →
// INTERNAL. `what` says which operation failed ("lecture", "écriture", …);
// RocksDB's own text follows it (it names files, never personal data,
// since no key or value holds personal data in clear).
absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view what);

// Debian's Abseil has its own string_view, distinct from std::string_view.
inline rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}
inline absl::string_view ToStringView(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_ROCKSDB_UTIL_H_
