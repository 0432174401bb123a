// policy/json_value.cc

#include "policy/json_value.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"

namespace suivi::policy {
namespace {

absl::StatusOr<Value> RecordFromJson(const nlohmann::json& json) {
  RecordFields fields;
  for (const auto& [key, item] : json.items()) {
    ASSIGN_OR_RETURN(Value v, ValueFromJson(item));
    fields.emplace_back(key, std::move(v));
  }
  return Value::Record(std::move(fields));
}

absl::StatusOr<Value> ObjectFromJson(const nlohmann::json& json) {
  if (json.contains("__extn")) {
    return absl::InvalidArgumentError("les valeurs d'extension (__extn) ne font pas partie du sous-ensemble");
  }
  if (json.contains("__expr")) {
    return absl::InvalidArgumentError("la forme __expr n'est pas acceptée");
  }
  if (json.contains("__entity")) {
    ASSIGN_OR_RETURN(EntityUid uid, EntityUidFromJson(json));
    return Value::Entity(std::move(uid));
  }
  return RecordFromJson(json);
}

}  // namespace

absl::StatusOr<Value> ValueFromJson(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::boolean:
      return Value::Bool(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::Long(json.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t n = json.get<uint64_t>();
      if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return absl::InvalidArgumentError(absl::StrCat("entier hors des 64 bits : ", n));
      }
      return Value::Long(static_cast<int64_t>(n));
    }
    case nlohmann::json::value_t::string:
      return Value::String(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      SetElements elements;
      for (const auto& item : json) {
        ASSIGN_OR_RETURN(elements.emplace_back(), ValueFromJson(item));
      }
      return Value::Set(std::move(elements));
    }
    case nlohmann::json::value_t::object:
      return ObjectFromJson(json);
    default:
      return absl::InvalidArgumentError(absl::StrCat("valeur JSON non acceptée : ", json.dump()));
  }
}

absl::StatusOr<EntityUid> EntityUidFromJson(const nlohmann::json& json) {
  if (json.is_object() && json.size() == 1 && json.contains("__entity")) {
    return EntityUidFromJson(json["__entity"]);
  }
  if (!json.is_object() || json.size() != 2 || !json.contains("type") || !json.contains("id") ||
      !json["type"].is_string() || !json["id"].is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("entité attendue ({\"type\": ..., \"id\": ...}) : ", json.dump()));
  }
  return EntityUid{json["type"].get<std::string>(), json["id"].get<std::string>()};
}

}  // namespace suivi::policy
