// core/common/status_macros.h
//
// Early-return helpers for absl::Status and absl::StatusOr<T>.
//
//   RETURN_IF_ERROR(store->Check());
//   ASSIGN_OR_RETURN(auto key, keys->DataKey(id));
//   ASSIGN_OR_RETURN(const DataKey* key, keys->Find(id));

#ifndef SUIVI_CORE_COMMON_STATUS_MACROS_H_
#define SUIVI_CORE_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SUIVI_STATUS_CONCAT_INNER_(a, b) a##b
#define SUIVI_STATUS_CONCAT_(a, b) SUIVI_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status) and returns it from the enclosing
// function when it is not OK.
// The variable's name holds the line, so a RETURN_IF_ERROR inside a lambda
// passed to another does not shadow it.
#define RETURN_IF_ERROR(expr) \
  SUIVI_RETURN_IF_ERROR_IMPL_(SUIVI_STATUS_CONCAT_(suivi_status_, __LINE__), expr)

#define SUIVI_RETURN_IF_ERROR_IMPL_(status, expr) \
  do {                                            \
    ::absl::Status status = (expr);               \
    if (!status.ok()) return status;              \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status from
// the enclosing function, otherwise moves the value into `lhs`, which may
// be a declaration (`auto x`, `const T& y` is not allowed) or an existing
// variable.
#define ASSIGN_OR_RETURN(lhs, rexpr)                                         \
  SUIVI_ASSIGN_OR_RETURN_IMPL_(                                              \
      SUIVI_STATUS_CONCAT_(suivi_statusor_, __LINE__), lhs, rexpr)

#define SUIVI_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // SUIVI_CORE_COMMON_STATUS_MACROS_H_
