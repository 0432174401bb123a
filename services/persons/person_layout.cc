#include "services/persons/person_layout.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace suivi::persons {

std::string PersonEntity(absl::string_view person_id) {
  return absl::StrCat(kPersonPrefix, person_id);
}

std::string PersonIdOf(absl::string_view entity) {
  if (!absl::ConsumePrefix(&entity, kPersonPrefix)) return "";
  if (entity.empty() || absl::StrContains(entity, '/')) return "";
  return std::string(entity);
}

std::string HistoryPrefix(absl::string_view person_id) {
  return absl::StrCat("historique/", person_id, "/");
}

std::string HistoryEntity(absl::string_view person_id, int64_t version) {
  return absl::StrCat(HistoryPrefix(person_id), absl::StrFormat("%08d", version));
}

std::string DoublonPrefix(absl::string_view controller_id, absl::string_view token) {
  return absl::StrCat("doublon/", controller_id, "/", token, "/");
}

std::string DoublonEntity(absl::string_view controller_id, absl::string_view token,
                          absl::string_view person_id) {
  return absl::StrCat(DoublonPrefix(controller_id, token), person_id);
}

}  // namespace suivi::persons
