// policy/analysis/universe_test.cc: the bound is the one DESIGN.md §5 and
// docs/formats/policy-subset.md describe, dimension by dimension.

#include "policy/analysis/universe.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/analysis/inputs.h"
#include "policy/analysis/role_catalogue.h"

namespace suivi::policy::analysis {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kSource = SUIVI_SOURCE_DIR;

struct Charte {
  std::shared_ptr<const Schema> schema;
  std::vector<CatalogueRole> roles;
};

const Charte& RealCharte() {
  static const Charte* charte = [] {
    auto* c = new Charte;
    c->schema = *LoadSchema(kSource + "/policy/charte/schema.cedarschema");
    c->roles = *LoadRoles(kSource + "/services/directory/data/roles.textproto", {c->schema.get()});
    return c;
  }();
  return *charte;
}

std::unique_ptr<const Universe> Build(Bound bound) {
  absl::StatusOr<std::unique_ptr<const Universe>> u =
      Universe::Build({RealCharte().schema.get()}, RealCharte().roles, bound);
  EXPECT_THAT(u, IsOk());
  return std::move(u).value();
}

const CatalogueRole* FindRole(const std::string& id) {
  for (const CatalogueRole& role : RealCharte().roles) {
    if (role.id == id) return &role;
  }
  return nullptr;
}

std::vector<std::string> EnumOf(const std::string& type) {
  return RealCharte().schema->FindEntityType(type)->enum_ids;
}

bool CommuneBound(const std::string& type) {
  return type == "mairie" || type == "police_municipale" || type == "etablissement_scolaire";
}

// The size of the caller's dimension, counted from the catalogue on its own.
size_t ExpectedPrincipals(int kinds_of_dates) {
  size_t count = 0;
  for (const std::string& type : EnumOf("TypeOrganisation")) {
    size_t per_commune = 1;  // no assignment
    for (const CatalogueRole& role : RealCharte().roles) {
      const auto& types = role.organisation_types;
      if (std::find(types.begin(), types.end(), type) == types.end()) continue;
      per_commune += 2 * (role.commune_scoped ? 2 : 1) * kinds_of_dates * (role.requires_basis ? 2 : 1);
    }
    count += per_commune * (CommuneBound(type) ? 2 : 1);
  }
  return count;
}

TEST(Universe, CallersAreEveryValidOrganisationRolePairWithEveryAssignment) {
  auto u = Build(Bound::kComplete);
  EXPECT_EQ(u->principals().size(), ExpectedPrincipals(4));
  std::set<std::string> roles;
  for (const PrincipalVariant& v : u->principals()) {
    EXPECT_EQ(!v.organisation_commune.empty(), CommuneBound(v.organisation_type)) << v.organisation_type;
    if (v.role.empty()) continue;
    roles.insert(v.role);
    const CatalogueRole* role = FindRole(v.role);
    ASSERT_NE(role, nullptr);
    const auto& types = role->organisation_types;
    EXPECT_NE(std::find(types.begin(), types.end(), v.organisation_type), types.end())
        << v.role << " tenu par " << v.organisation_type;
    EXPECT_EQ(v.commune.empty(), !role->commune_scoped) << v.role;
    EXPECT_TRUE(!v.basis || role->requires_basis) << v.role;
  }
  std::vector<std::string> all = EnumOf("Role");
  EXPECT_EQ(roles, std::set<std::string>(all.begin(), all.end()));
}

TEST(Universe, EveryFinaliteAndClasseIsAContext) {
  auto u = Build(Bound::kComplete);
  EXPECT_EQ(u->finalites(), EnumOf("Finalite"));
  EXPECT_EQ(u->classes(), EnumOf("Classe"));
  EXPECT_EQ(u->context_count(), 6 * 9);
  EXPECT_EQ(u->ContextMask(0), (uint64_t{1} << 54) - 1);
}

std::map<std::string, int> Sizes(const Slice& slice) {
  std::map<std::string, int> sizes;
  for (const Dimension& d : slice.dimensions) sizes[d.name] = d.size();
  return sizes;
}

const Slice* FindSlice(const Universe& u, const std::string& action, const std::string& type) {
  for (const Slice& slice : u.slices()) {
    if (slice.action.id == action && slice.resource_type == type) return &slice;
  }
  return nullptr;
}

TEST(Universe, DimensionsPerResourceTypeAreTheBound) {
  auto u = Build(Bound::kComplete);
  const Slice* dossier = FindSlice(*u, "dossier:lire", "Dossier");
  ASSERT_NE(dossier, nullptr);
  EXPECT_EQ(Sizes(*dossier),
            (std::map<std::string, int>{{"appelant et attribution", static_cast<int>(ExpectedPrincipals(4))},
                                        {"groupes de l'appelant", 3}, {"exclusions", 2},
                                        {"chartes signées", 3}, {"contrôleur", 2}, {"mesure", 9},
                                        {"organisation détentrice", 2}, {"intervenants", 2},
                                        {"cercle du secret partagé", 3}, {"groupe", 3},
                                        {"protocole avec le parquet", 4}, {"archivage", 2}}));
  const Slice* personne = FindSlice(*u, "personne:lire", "Personne");
  ASSERT_NE(personne, nullptr);
  EXPECT_EQ(Sizes(*personne).at("contrôleur"), 3);
  EXPECT_EQ(Sizes(*personne).at("groupes"), 2);
  const Slice* tache = FindSlice(*u, "tache:lire", "Tache");
  ASSERT_NE(tache, nullptr);
  EXPECT_EQ(Sizes(*tache).at("type de tâche"), 5);
  EXPECT_EQ(Sizes(*tache).at("destinataire"), 3);
  EXPECT_EQ(Sizes(*FindSlice(*u, "statistiques:lire", "Statistiques")).at("portée"), 4);
  EXPECT_EQ(Sizes(*FindSlice(*u, "session:qui_suis_je", "Utilisateur")).at("ressource"), 3);
  EXPECT_EQ(Sizes(*FindSlice(*u, "annuaire:lire_groupe", "Groupe")).at("ressource"), 2);
}

TEST(Universe, OneSlicePerActionAndResourceTypeOfTheSchema) {
  auto u = Build(Bound::kComplete);
  size_t expected = 0;
  for (const ActionDef& action : RealCharte().schema->actions()) expected += action.resource_types.size();
  EXPECT_EQ(u->slices().size(), expected);
  uint64_t total = 0;
  for (const Slice& slice : u->slices()) total += slice.Size() * 54;
  EXPECT_EQ(u->RequestCount(), total);
}

TEST(Universe, ReducedBoundHoldsEachRoleOnceWithTwoKindsOfDates) {
  auto u = Build(Bound::kReduced);
  std::map<std::string, std::set<std::string>> types_of_role;
  std::set<PrincipalVariant::Dates> dates;
  for (const PrincipalVariant& v : u->principals()) {
    if (v.role.empty()) continue;
    types_of_role[v.role].insert(v.organisation_type);
    dates.insert(v.dates);
  }
  EXPECT_EQ(types_of_role.size(), EnumOf("Role").size());
  for (const auto& [role, types] : types_of_role) {
    EXPECT_THAT(types, ElementsAre(FindRole(role)->organisation_types.front())) << role;
  }
  EXPECT_EQ(dates, (std::set<PrincipalVariant::Dates>{PrincipalVariant::Dates::kInForce,
                                                      PrincipalVariant::Dates::kEnded}));
  EXPECT_LT(u->RequestCount() * 4, Build(Bound::kComplete)->RequestCount());
}

TEST(Universe, RequestsRealizeTheirDimensions) {
  auto u = Build(Bound::kComplete);
  const Slice* slice = FindSlice(*u, "dossier:lire", "Dossier");
  std::vector<int> values(slice->dimensions.size(), 0);
  for (size_t d = 0; d < slice->dimensions.size(); ++d) {
    if (slice->dimensions[d].name == "protocole avec le parquet") values[d] = 1;
    if (slice->dimensions[d].name == "appelant et attribution") {
      while (u->principals()[values[d]].role.empty()) ++values[d];
    }
  }
  absl::StatusOr<Entities> store = u->Store(*slice, values, 0);
  ASSERT_THAT(store, IsOk());
  const Entity* dossier = store->Find(EntityUid{"Dossier", "dossier"});
  ASSERT_NE(dossier, nullptr);
  EXPECT_EQ(dossier->attrs.FindField("protocole")->entity_value().id, "protocole-appelant");
  EXPECT_EQ(dossier->attrs.FindField("groupe"), nullptr);
  Request request = u->MakeRequest(*slice, values, 0);
  EXPECT_NE(request.context.FindField("attribution"), nullptr);
  EXPECT_TRUE(store->IsIn(EntityUid{"Action", "dossier:lire"}, EntityUid{"Action", "lecture_nominative"}));
  EXPECT_THAT(u->Describe(*slice, values, 0),
              HasSubstr("protocole en vigueur qui le désigne coordonnateur"));
}

TEST(Universe, RefusesASchemaWhoseRequiredAttributeItCannotGive) {
  absl::StatusOr<std::shared_ptr<const Schema>> schema = ParseSchema(R"(
    entity Finalite enum ["f"]; entity Classe enum ["c"]; entity Role enum ["maire"];
    entity TypeOrganisation enum ["mairie"];
    entity Dossier { territoire: String, couleur: String };
    action lire appliesTo { principal: Dossier, resource: Dossier };)");
  ASSERT_THAT(schema, IsOk());
  CatalogueRole maire{"maire", true, false, {"mairie"}};
  EXPECT_THAT(Universe::Build({schema->get()}, {maire}, Bound::kComplete),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("couleur")));
}

TEST(RoleCatalogue, MustNameTheSchemasRoles) {
  std::string text = R"(roles { id: "maire" scope: ROLE_SCOPE_COMMUNE }
                        roles { id: "intrus" scope: ROLE_SCOPE_TERRITORY })";
  EXPECT_THAT(ParseRoleCatalogue(text, {"maire", "dpo"}, {"mairie"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("absents du schéma : « intrus » ; absents du catalogue : « dpo »")));
}

TEST(RoleCatalogue, ReadsTypesAndGivesEveryTypeToARoleThatListsNone) {
  std::string text = R"(roles { id: "maire" scope: ROLE_SCOPE_COMMUNE requires_basis: true
                                organisation_types: [ORGANISATION_TYPE_MAIRIE] }
                        roles { id: "dpo" scope: ROLE_SCOPE_TERRITORY })";
  absl::StatusOr<std::vector<CatalogueRole>> roles =
      ParseRoleCatalogue(text, {"maire", "dpo"}, {"mairie", "ccas"});
  ASSERT_THAT(roles, IsOk());
  EXPECT_TRUE((*roles)[0].commune_scoped && (*roles)[0].requires_basis);
  EXPECT_THAT((*roles)[0].organisation_types, ElementsAre("mairie"));
  EXPECT_THAT((*roles)[1].organisation_types, ElementsAre("mairie", "ccas"));
  EXPECT_THAT(ParseRoleCatalogue(text, {"maire", "dpo"}, {"ccas"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("« mairie »")));
  EXPECT_THAT(ParseRoleCatalogue("roles { id: ", {}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ligne 1")));
}

}  // namespace
}  // namespace suivi::policy::analysis
