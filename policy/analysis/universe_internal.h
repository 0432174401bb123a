// policy/analysis/universe_internal.h
//
// Shared by universe.cc and universe_builder.cc: the ids of the fixed
// world and the helpers that build its entities in Cedar's model.

#ifndef SUIVI_POLICY_ANALYSIS_UNIVERSE_INTERNAL_H_
#define SUIVI_POLICY_ANALYSIS_UNIVERSE_INTERNAL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "policy/analysis/universe.h"
#include "policy/entities.h"
#include "policy/value.h"

namespace suivi::policy::analysis::universe_internal {

using Attributes = std::vector<std::pair<std::string, std::optional<Value>>>;
using Declared = absl::flat_hash_set<std::pair<std::string, std::string>>;

// The caller, their organisation and their role assignment: the entities
// of each request's layer, with the resource.
inline constexpr char kCaller[] = "appelant";
inline constexpr char kCallerOrganisation[] = "organisation-appelant";
inline constexpr char kCallerAssignment[] = "attribution-appelant";
// "Someone else": a user of t1 (and of t2), their organisations.
inline constexpr char kColleagueT1[] = "collegue-t1";
inline constexpr char kColleagueT2[] = "collegue-t2";
inline constexpr char kMairieC1a[] = "mairie-c1a";
inline constexpr char kOrganisationT1[] = "organisation-t1";
inline constexpr char kOrganisationT2[] = "organisation-t2";
// The dates of assignments and protocols, around kToday.
inline constexpr int64_t kLongAgo = kToday - 730;
inline constexpr int64_t kLastYear = kToday - 365;
inline constexpr int64_t kRecently = kToday - 100;
inline constexpr int64_t kYesterday = kToday - 1;
inline constexpr int64_t kTomorrow = kToday + 1;

// The communes of a territory ("t1" → c1a, c1b).
std::vector<std::string> CommunesOf(absl::string_view territory);

Value Ref(absl::string_view type, absl::string_view id);
Value Refs(absl::string_view type, const std::vector<std::string>& ids);

// An entity with the attributes of `attributes` that `declared` lists for
// `type` and that have a value.
Entity MakeEntity(const Declared& declared, absl::string_view type, absl::string_view id,
                  const Attributes& attributes, std::vector<EntityUid> parents = {});

// Sets the attributes `value` gives, over those already in `attributes`.
void Apply(const DimensionValue& value, Attributes* attributes);

// The caller's organisation and, if the variant has one, their assignment.
void AddPrincipalEntities(const Declared& declared, const PrincipalVariant& variant,
                          std::vector<Entity>* layer);

// What the bound enumerates of a resource type: the resource's uid and
// attributes before the dimensions apply (no id: an identity dimension
// chooses the resource), and its dimensions, footprints not yet set.
struct ResourceShape {
  std::optional<std::string> id;
  Attributes defaults;
  std::vector<Dimension> dimensions;
};

// The shape of resources of `type`; false when the bound does not know the
// type. `mesures` and `task_types` are the Mesure and TypeTache values.
bool ShapeOfResource(const std::string& type, const std::vector<std::string>& mesures,
                     const std::vector<std::string>& task_types, ResourceShape* shape);

// The caller's groups, exclusions and signatures (kCaller dimensions).
std::vector<Dimension> CallerDimensions();

// Whether the universe's entities and requests conform to `schema` (the
// universe's schema number `index`), as the Cedar CLI would check them:
// attribute types, enumerated ids, parents, the actions' contexts.
// INVALID_ARGUMENT naming the first request that does not.
absl::Status CheckConformance(const Universe& universe, const Schema& schema, int index);

}  // namespace suivi::policy::analysis::universe_internal

#endif  // SUIVI_POLICY_ANALYSIS_UNIVERSE_INTERNAL_H_
