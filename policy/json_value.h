// policy/json_value.h
//
// Cedar's JSON value format (entities' attributes, request contexts),
// without a schema: true/false, integers (64-bit), strings, arrays (sets),
// objects (records), {"__entity": {"type": T, "id": I}} for an entity uid.
// Extension values ({"__extn": ...}) are outside the subset.

#ifndef SUIVI_POLICY_JSON_VALUE_H_
#define SUIVI_POLICY_JSON_VALUE_H_

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/value.h"

namespace suivi::policy {

// Parses JSON text, refusing an object with the same key twice (as Cedar's
// JSON reader does) rather than keeping one of the values silently.
// INVALID_ARGUMENT on malformed JSON or a duplicate key.
absl::StatusOr<nlohmann::json> ParseJsonText(absl::string_view text);

// INVALID_ARGUMENT on a value outside the format (float, null, __extn...).
absl::StatusOr<Value> ValueFromJson(const nlohmann::json& json);

// {"type": T, "id": I} or {"__entity": {"type": T, "id": I}}.
absl::StatusOr<EntityUid> EntityUidFromJson(const nlohmann::json& json);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_JSON_VALUE_H_
