// policy/analysis/universe.h
//
// The bounded universe that `suivi-policy check` and `suivi-policy diff`
// enumerate (DESIGN.md §5, docs/formats/policy-subset.md "Invariants, check
// and diff"): every request of a fixed world — territories t1 and t2, four
// communes, three groups — made by a caller of every valid organisation–role
// pair of the role catalogue, under one role assignment or none, on
// resources related to the caller in every way the bound lists, for every
// finalité and field class.
//
// The universe is a list of slices, one per (action, resource type) the
// schemas allow. A slice's requests are the product of its dimensions (the
// caller and their assignment; their groups, exclusions and signatures; the
// resource's relations to them) and of the contexts (finalité × classe).
//
// The contract the enumerator's reductions rest on: a dimension changes
// only the attributes its footprint names (or, for an identity dimension,
// which entity is the resource). It never changes an entity's uid or
// parents, and every store of a slice holds the same uids. So a rule that
// reads none of a dimension's attributes takes the same value, or fails
// the same way, whatever the dimension's value.
//
// Entities are built in Cedar's model directly (policy/entities.h): a base
// store per schema (the fixed world and the schema's actions with their
// groups) and, per request, a small layer holding the caller, their
// organisation, their assignment and the resource. An attribute is given
// only when one of the schemas declares it.
//
// Thread-safe: immutable once built.

#ifndef SUIVI_POLICY_ANALYSIS_UNIVERSE_H_
#define SUIVI_POLICY_ANALYSIS_UNIVERSE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "policy/analysis/role_catalogue.h"
#include "policy/entities.h"
#include "policy/request.h"
#include "policy/schema.h"
#include "policy/value.h"

namespace suivi::policy::analysis {

// The day every request is made on (2026-11-24), and the dates around it.
inline constexpr int64_t kToday = 20781;

enum class Bound {
  kComplete,  // the default: the bound of DESIGN.md §5
  kReduced,   // for sanitizer builds: each role once, two kinds of dates
};

// What a dimension changes.
struct Footprint {
  // (entity type, attribute), or ("context", field).
  std::vector<std::pair<std::string, std::string>> attributes;
  // The dimension chooses which entity is the resource.
  bool resource_identity = false;
};

enum class DimensionKind : uint8_t {
  kPrincipal,  // the caller's organisation, role and assignment (or none)
  kCaller,     // an attribute of the caller (groupes, exclu_de, chartes_signees)
  kResource,   // attributes of the resource
  kIdentity,   // which entity is the resource
};

// A value of a kCaller or kResource dimension: the attributes it gives
// (nullopt: the attribute is absent). Of a kIdentity dimension: the resource.
struct DimensionValue {
  std::string label;  // French, e.g. "contrôleur : commune c1a"
  std::vector<std::pair<std::string, std::optional<Value>>> attributes;
  Value resource;
};

struct Dimension {
  DimensionKind kind = DimensionKind::kResource;
  std::string name;  // French, for the bound's description
  std::vector<DimensionValue> values;  // kPrincipal: labels only
  Footprint footprint;

  int size() const { return static_cast<int>(values.size()); }
};

// A caller: an organisation of a type (and commune, for the types bound to
// one), and a role assignment, or none.
struct PrincipalVariant {
  enum class Dates : uint8_t { kInForce, kInForceUntilToday, kEnded, kNotStarted };
  std::string organisation_type;
  std::string organisation_commune;  // empty: none
  std::string role;                  // empty: no assignment
  std::string territory;             // of the assignment
  std::string commune;               // of the assignment; empty when territory-wide
  Dates dates = Dates::kInForce;
  bool basis = false;                // the assignment cites its basis
};

struct Slice {
  EntityUid action;
  Value action_value;
  std::string resource_type;
  // The caller first (kPrincipal, then the caller's attributes), then the
  // resource's dimensions.
  std::vector<Dimension> dimensions;
  // For each schema: whether it declares the action for a Utilisateur on
  // this resource type. A version whose schema does not denies it all.
  std::vector<bool> in_schema;
  // The resource's uid and attributes before the dimensions apply; the
  // resource is then in each request's layer. Unused (nullopt id) when an
  // identity dimension chooses the resource among the world's entities.
  std::optional<std::string> resource_id;
  Value resource_value;  // the entity resource_id names
  std::vector<std::pair<std::string, std::optional<Value>>> resource_defaults;

  // Requests of the slice per context: the product of the dimensions' sizes.
  uint64_t Size() const;
};

// The bound in words, for --help: the dimensions and what `reduite`
// leaves out.
const char* BoundHelp();

class Universe {
 public:
  // The universe of `schemas` (one for check; the old and the new for a
  // diff, which enumerates the union of their actions and enum values).
  // INVALID_ARGUMENT when a schema lacks what the bound needs (the enums
  // Finalite, Classe, Role, TypeOrganisation; a required attribute the
  // bound cannot give; a resource type it does not know), or when there
  // are more than 64 finalité × classe pairs.
  static absl::StatusOr<std::unique_ptr<const Universe>> Build(
      const std::vector<const Schema*>& schemas, const std::vector<CatalogueRole>& roles,
      Bound bound);

  Universe(const Universe&) = delete;
  Universe& operator=(const Universe&) = delete;

  Bound bound() const { return bound_; }
  const std::vector<Slice>& slices() const { return slices_; }
  const std::vector<PrincipalVariant>& principals() const { return principals_; }
  const std::vector<std::string>& finalites() const { return finalites_; }
  const std::vector<std::string>& classes() const { return classes_; }

  // Contexts are numbered finalite_index * classes().size() + classe_index.
  int context_count() const { return static_cast<int>(finalites_.size() * classes_.size()); }
  int FinaliteOf(int context) const { return context / static_cast<int>(classes_.size()); }
  int ClasseOf(int context) const { return context % static_cast<int>(classes_.size()); }
  // The contexts whose finalité and classe schema `schema` declares (bit c
  // for context c); the other schema's version denies the rest.
  uint64_t ContextMask(int schema) const { return context_masks_[schema]; }

  // The fixed world's entities, without the schemas' actions.
  const std::vector<Entity>& world() const { return world_; }
  // The entities of the request `values` (one index per dimension of
  // `slice`) that are not the world's: the caller, their organisation and
  // assignment, and the resource when the dimensions give its attributes.
  std::vector<Entity> Layer(const Slice& slice, absl::Span<const int> values) const;

  // The store of the request `values` as schema `schema` sees it (the world,
  // its actions and their groups, and the layer).
  absl::StatusOr<Entities> Store(const Slice& slice, absl::Span<const int> values,
                                 int schema) const;
  Request MakeRequest(const Slice& slice, absl::Span<const int> values, int context) const;

  // The request in words (French, no personal data).
  std::string Describe(const Slice& slice, absl::Span<const int> values, int context) const;
  // The caller's role in the request, or "sans attribution".
  std::string RoleLabel(const Slice& slice, absl::Span<const int> values) const;

  // Every request of the bound.
  uint64_t RequestCount() const;
  // The bound, dimension by dimension, in French (several lines).
  std::string Description() const;

 private:
  Universe() = default;
  friend class UniverseBuilder;  // universe.cc

  Bound bound_ = Bound::kComplete;
  std::vector<Slice> slices_;
  std::vector<PrincipalVariant> principals_;
  std::vector<std::string> finalites_;
  std::vector<std::string> classes_;
  std::vector<uint64_t> context_masks_;
  std::vector<Entity> world_;
  // Per schema: the fixed world and the schema's actions.
  std::vector<std::shared_ptr<const Entities>> bases_;
  // (entity type, attribute) declared by one of the schemas.
  absl::flat_hash_set<std::pair<std::string, std::string>> declared_;
  // Context records, [with an assignment][context].
  std::vector<Value> contexts_[2];
  Value caller_;
  std::vector<std::pair<std::string, std::optional<Value>>> caller_defaults_;
};

}  // namespace suivi::policy::analysis

#endif  // SUIVI_POLICY_ANALYSIS_UNIVERSE_H_
