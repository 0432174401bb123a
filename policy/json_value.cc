// policy/json_value.cc

#include "policy/json_value.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"

namespace suivi::policy {
namespace {

// What a JSON value is, for messages: they never repeat a value, which may
// be personal data.
const char* JsonKindName(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::number_float:
      return "un nombre non entier";
    case nlohmann::json::value_t::object:
      return "un objet";
    case nlohmann::json::value_t::array:
      return "une liste";
    case nlohmann::json::value_t::string:
      return "une chaîne";
    case nlohmann::json::value_t::boolean:
      return "un booléen";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "un entier";
    default:
      return "une valeur d'un autre type";
  }
}

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

absl::StatusOr<nlohmann::json> ParseJsonText(absl::string_view text) {
  std::vector<std::vector<std::string>> open_objects;  // keys seen, per open object
  std::string duplicate;
  auto check_keys = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) open_objects.emplace_back();
    if (event == Event::object_end) open_objects.pop_back();
    if (event == Event::key && duplicate.empty()) {
      std::vector<std::string>& keys = open_objects.back();
      const std::string& key = parsed.get_ref<const std::string&>();
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) duplicate = key;
      keys.push_back(key);
    }
    return true;
  };
  nlohmann::json json = nlohmann::json::parse(text.begin(), text.end(), check_keys,
                                              /*allow_exceptions=*/false);
  if (json.is_discarded()) return absl::InvalidArgumentError("JSON mal formé");
  if (!duplicate.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("clé « ", duplicate, " » en double dans un objet JSON"));
  }
  return json;
}

absl::StatusOr<Value> ValueFromJson(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::boolean:
      return Value::Bool(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::Long(json.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t n = json.get<uint64_t>();
      if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return absl::InvalidArgumentError("entier hors des 64 bits");
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
      return absl::InvalidArgumentError(absl::StrCat("valeur JSON non acceptée : ", JsonKindName(json)));
  }
}

absl::StatusOr<EntityUid> EntityUidFromJson(const nlohmann::json& json) {
  if (json.is_object() && json.size() == 1 && json.contains("__entity")) {
    return EntityUidFromJson(json["__entity"]);
  }
  if (!json.is_object() || json.size() != 2 || !json.contains("type") || !json.contains("id") ||
      !json["type"].is_string() || !json["id"].is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("entité attendue ({\"type\": ..., \"id\": ...}), reçu : ", JsonKindName(json)));
  }
  return EntityUid{json["type"].get<std::string>(), json["id"].get<std::string>()};
}

}  // namespace suivi::policy
