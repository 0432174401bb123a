// policy/schema_test.cc
//
// Schemas in Cedar's schema format: what they declare once names are
// resolved, and what is refused, with the line and column. Every verdict
// here was checked against cedar-wasm 4.13.0 (checkParseSchema), except the
// refusals of what is outside the subset (extension types, entity tags),
// which Cedar accepts.

#include "policy/schema.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace suivi::policy {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> EntityTypeNames(const Schema& schema) {
  std::vector<std::string> names;
  for (const EntityTypeDef& def : schema.entity_types()) names.push_back(def.name);
  return names;
}

std::vector<std::string> Uids(const std::vector<EntityUid>& uids) {
  std::vector<std::string> out;
  for (const EntityUid& uid : uids) out.push_back(uid.ToString());
  return out;
}

constexpr char kSuiviSchema[] = R"(
// The shape of Suivi's charte, in small.
@doc("Suivi")
namespace Suivi {
  type Adresse = { commune: String, "code postal"?: String };

  entity Role enum ["cpip", "policier_municipal"];
  entity Service;
  entity User in [Role, Service] = {
    nom: String,
    age?: Long,
    actif: Bool,
    roles: Set<Role>,
    adresse: Adresse,
    chef?: User,
  };
  entity Dossier, Convocation in Service {
    @doc("jour") deadline: __cedar::Long,
    suivi: { par: User, depuis: Long },
  };

  action "lire";
  action "convocation:lire", voir in ["lire"]
    appliesTo { principal: User, resource: [Convocation, Dossier], context: { today: Long } };
  action "rien" in Action::"voir";
}
)";

TEST(Schema, RefusesTypesNestedBeyondTheLimit) {
  auto nested = [](int levels) {
    std::string type = "Long";
    for (int i = 0; i < levels; ++i) type = absl::StrCat("Set<", type, ">");
    return absl::StrCat("entity U { a: ", type, " };");
  };
  EXPECT_OK(ParseSchema(nested(60)));
  EXPECT_THAT(ParseSchema(nested(100000)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plus de 64 niveaux")));
}

TEST(Schema, DeclaresEntityTypesInTextOrderWithResolvedNames) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(kSuiviSchema));
  EXPECT_THAT(EntityTypeNames(*schema),
              ElementsAre("Suivi::Role", "Suivi::Service", "Suivi::User", "Suivi::Dossier",
                          "Suivi::Convocation"));
  const EntityTypeDef* user = schema->FindEntityType("Suivi::User");
  ASSERT_NE(user, nullptr);
  EXPECT_THAT(user->member_of_types, ElementsAre("Suivi::Role", "Suivi::Service"));
  EXPECT_THAT(user->enum_ids, IsEmpty());
  EXPECT_EQ(user->shape.ToString(),
            "{actif: Bool, adresse: {code postal?: String, commune: String}, age?: Long, "
            "chef?: Suivi::User, nom: String, roles: Set<Suivi::Role>}");
  EXPECT_EQ(schema->FindEntityType("Suivi::Convocation")->shape.ToString(),
            "{deadline: Long, suivi: {depuis: Long, par: Suivi::User}}");
  EXPECT_THAT(schema->FindEntityType("Suivi::Convocation")->member_of_types,
              ElementsAre("Suivi::Service"));
  EXPECT_EQ(schema->FindEntityType("User"), nullptr);  // names are fully qualified
}

TEST(Schema, EnumeratedEntityTypeKeepsItsIds) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(kSuiviSchema));
  const EntityTypeDef* role = schema->FindEntityType("Suivi::Role");
  ASSERT_NE(role, nullptr);
  EXPECT_THAT(role->enum_ids, ElementsAre("cpip", "policier_municipal"));
  EXPECT_EQ(role->shape.ToString(), "{}");
  EXPECT_THAT(role->member_of_types, IsEmpty());
}

TEST(Schema, DeclaresActionsWithGroupsAndAppliesTo) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(kSuiviSchema));
  ASSERT_EQ(schema->actions().size(), 4u);
  EXPECT_EQ(schema->actions()[1].uid.ToString(), "Suivi::Action::\"convocation:lire\"");
  const ActionDef* voir = schema->FindAction({"Suivi::Action", "voir"});
  ASSERT_NE(voir, nullptr);
  EXPECT_THAT(Uids(voir->member_of), ElementsAre("Suivi::Action::\"lire\""));
  EXPECT_THAT(voir->principal_types, ElementsAre("Suivi::User"));
  EXPECT_THAT(voir->resource_types, ElementsAre("Suivi::Convocation", "Suivi::Dossier"));
  EXPECT_EQ(voir->context.ToString(), "{today: Long}");
  // No appliesTo: applies to no request; the context is the empty record.
  const ActionDef* lire = schema->FindAction({"Suivi::Action", "lire"});
  ASSERT_NE(lire, nullptr);
  EXPECT_THAT(lire->principal_types, IsEmpty());
  EXPECT_THAT(lire->resource_types, IsEmpty());
  EXPECT_EQ(lire->context.ToString(), "{}");
  EXPECT_EQ(schema->FindAction({"Action", "lire"}), nullptr);
}

TEST(Schema, ActionAncestorsAreTransitive) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(kSuiviSchema));
  EXPECT_THAT(Uids(schema->ActionAncestors({"Suivi::Action", "rien"})),
              UnorderedElementsAre("Suivi::Action::\"voir\"", "Suivi::Action::\"lire\""));
  EXPECT_THAT(schema->ActionAncestors({"Suivi::Action", "lire"}), IsEmpty());
  EXPECT_THAT(schema->ActionAncestors({"Suivi::Action", "absente"}), IsEmpty());
}

TEST(Schema, ActionTypesAreThoseOfNamespacesWithActions) {
  ASSERT_OK_AND_ASSIGN(auto schema,
                       ParseSchema("namespace A { action a; } namespace B { entity U; } action c;"));
  EXPECT_TRUE(schema->IsActionType("A::Action"));
  EXPECT_TRUE(schema->IsActionType("Action"));
  EXPECT_FALSE(schema->IsActionType("B::Action"));
  EXPECT_FALSE(schema->IsActionType("B::U"));
  ASSERT_OK_AND_ASSIGN(auto without, ParseSchema("entity U;"));
  EXPECT_FALSE(without->IsActionType("Action"));
}

TEST(Schema, MayBeDescendantFollowsParentTypesTransitively) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(R"(
    entity User in [Team]; entity Team in [Service]; entity Service;
    entity Cycle in [Loop]; entity Loop in [Cycle];
    entity Doc;)"));
  EXPECT_TRUE(schema->MayBeDescendant("User", "Team"));
  EXPECT_TRUE(schema->MayBeDescendant("User", "Service"));
  EXPECT_TRUE(schema->MayBeDescendant("Team", "Service"));
  EXPECT_FALSE(schema->MayBeDescendant("Service", "User"));
  EXPECT_FALSE(schema->MayBeDescendant("User", "User"));  // not reflexive
  EXPECT_FALSE(schema->MayBeDescendant("Doc", "Service"));
  EXPECT_FALSE(schema->MayBeDescendant("Absent", "Service"));
  // Cedar allows cycles among entity types: then a type may be its own ancestor.
  EXPECT_TRUE(schema->MayBeDescendant("Cycle", "Cycle"));
  EXPECT_TRUE(schema->MayBeDescendant("Loop", "Cycle"));
}

TEST(Schema, FindAttributeOnRecords) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema("entity U { b?: Long, a: String };"));
  const SchemaType& shape = schema->FindEntityType("U")->shape;
  ASSERT_NE(shape.FindAttribute("b"), nullptr);
  EXPECT_FALSE(shape.FindAttribute("b")->required);
  EXPECT_TRUE(shape.FindAttribute("a")->required);
  EXPECT_EQ(shape.FindAttribute("c"), nullptr);
}

// How an attribute's type resolves: entity `E`, attribute `a`.
struct ResolutionCase {
  const char* what;
  const char* schema;
  const char* entity_type;
  const char* expected;  // SchemaType::ToString() of attribute `a`
};

void PrintTo(const ResolutionCase& c, std::ostream* os) { *os << c.what; }

class SchemaResolutionTest : public ::testing::TestWithParam<ResolutionCase> {};

TEST_P(SchemaResolutionTest, ResolvesAsCedar) {
  const ResolutionCase& c = GetParam();
  absl::StatusOr<std::shared_ptr<const Schema>> schema = ParseSchema(c.schema);
  ASSERT_THAT(schema, IsOk()) << c.schema;
  const EntityTypeDef* def = (*schema)->FindEntityType(c.entity_type);
  ASSERT_NE(def, nullptr) << c.entity_type;
  const SchemaAttribute* a = def->shape.FindAttribute("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->type.ToString(), c.expected) << c.schema;
}

constexpr ResolutionCase kResolutions[] = {
    {"primitives", "entity E { a: Set<Bool> };", "E", "Set<Bool>"},
    {"primitives under __cedar", "entity E { a: {x: __cedar::Long, y: __cedar::String} };", "E",
     "{x: Long, y: String}"},
    {"an unqualified name looks in the current namespace",
     "namespace N { entity U; entity E { a: U }; }", "N::E", "N::U"},
    {"then in the empty namespace", "entity V; namespace N { entity E { a: V }; }", "N::E", "V"},
    {"a qualified name means itself", "namespace M { entity U; } namespace N { entity E { a: M::U }; }",
     "N::E", "M::U"},
    {"a common type shadows an entity type of the same name",
     "namespace N { entity T; type T = Long; entity E { a: T }; }", "N::E", "Long"},
    {"common types are inlined, through other common types",
     "type A = Set<B>; type B = { x?: Long }; entity E { a: A };", "E", "Set<{x?: Long}>"},
    {"a common type resolves names in its own namespace",
     "namespace M { entity U; type T = U; } namespace N { entity U; entity E { a: M::T }; }", "N::E",
     "M::U"},
    {"an entity type named Long in the empty namespace hides the primitive",
     "entity Long; entity E { a: Long };", "E", "Long"},
    {"... not under __cedar", "entity Long; entity E { a: __cedar::Long };", "E", "Long"},
    {"... nor from a named namespace", "namespace N { entity String; } entity E { a: String };", "E",
     "String"},
    {"an entity type named String in a namespace wins there",
     "namespace N { entity String; entity E { a: String }; }", "N::E", "N::String"},
    {"an entity type named like an extension type is an entity type",
     "namespace N { entity ipaddr; entity E { a: ipaddr }; }", "N::E", "N::ipaddr"},
    {"the action type of a namespace with actions", "namespace N { action r; entity E { a: Action }; }",
     "N::E", "N::Action"},
    {"an attribute declared twice keeps its last declaration",
     "entity E { a: Unknown, a?: Set<Long> };", "E", "Set<Long>"},
    {"attribute names may be strings, even reserved words", "entity E { a: { \"if\": Long, \"x y\": Bool } };",
     "E", "{if: Long, x y: Bool}"},
    {"keywords of the schema format are ordinary names",
     "entity entity; entity E { a: { type: entity, tags: Long, context: Bool } };", "E",
     "{context: Bool, tags: Long, type: entity}"},
    {"an optional attribute", "entity E { a ?: Long };", "E", "Long"},
    {"an enumerated entity type", "entity E { a: Set<R> }; entity R enum [\"x\"];", "E", "Set<R>"},
};

INSTANTIATE_TEST_SUITE_P(Cases, SchemaResolutionTest, ::testing::ValuesIn(kResolutions));

TEST(Schema, ActionGroupsResolveInTheNamespaceThenTheEmptyOne) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(R"(
    action "top";
    namespace M { action "m"; }
    namespace N {
      action "n";
      action "a" in ["n", top, Action::"n", M::Action::"m"];
      action "b" in Action::"top";
    })"));
  EXPECT_THAT(Uids(schema->FindAction({"N::Action", "a"})->member_of),
              ElementsAre("N::Action::\"n\"", "Action::\"top\"", "M::Action::\"m\""));
  EXPECT_THAT(Uids(schema->FindAction({"N::Action", "b"})->member_of), ElementsAre("Action::\"top\""));
}

TEST(Schema, ContextMayBeACommonType) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(R"(
    namespace N { type Ctx = { today: Long, motif?: String }; }
    entity U;
    action a appliesTo { context: N::Ctx, principal: [U, U], resource: U, };)"));
  const ActionDef* a = schema->FindAction({"Action", "a"});
  EXPECT_EQ(a->context.ToString(), "{motif?: String, today: Long}");
  EXPECT_THAT(a->principal_types, ElementsAre("U"));
}

TEST(Schema, AcceptsWhatCedarsGrammarAllows) {
  for (const char* text : {
           "",
           "// nothing but a comment",
           "namespace N {}",
           "namespace A::B::C { entity U; }",
           "entity A in [];",
           "entity U = {};",
           "entity U { a: Long, };",
           "@a @b(\"x\") namespace N { @c entity U { @d(\"\\u{e9}\") a: Long }; }",
           "@if @in(\"x\") entity U;",  // annotation names may be reserved words
           "entity E enum [\"\", \"a\", \"a\"];",
           "entity U; action a, \"b c\" appliesTo { principal: U, resource: U } attributes {};",
           "entity A in A;",
           "entity U { __cedar: Long };",
           "type ipaddr = { a: Long }; entity U; action a appliesTo { principal: U, resource: U, context: ipaddr };",
       }) {
    EXPECT_THAT(ParseSchema(text), IsOk()) << text;
  }
}

struct RefusalCase {
  const char* text;
  const char* message;  // a substring of the error, with the line and column
};

void PrintTo(const RefusalCase& c, std::ostream* os) { *os << c.text; }

class SchemaRefusalTest : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(SchemaRefusalTest, RefusesWithLineAndColumn) {
  EXPECT_THAT(ParseSchema(GetParam().text),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(GetParam().message)))
      << GetParam().text;
}

constexpr RefusalCase kOutsideTheSubset[] = {
    {"entity U { a: ipaddr };",
     "ligne 1, colonne 15 : le type d'extension « ipaddr » ne fait pas partie du sous-ensemble"},
    {"entity U { a: Set<decimal> };", "colonne 19 : le type d'extension « decimal »"},
    {"entity U { a: __cedar::datetime };", "colonne 15 : le type d'extension « __cedar::datetime »"},
    {"type D = duration;", "colonne 10 : le type d'extension « duration »"},
    {"namespace N { entity U { a: decimal }; }", "colonne 29 : le type d'extension « decimal »"},
    {"entity U; action a appliesTo { principal: U, resource: U, context: { ip: ipaddr } };",
     "colonne 74 : le type d'extension « ipaddr »"},
    {"entity U tags String;",
     "ligne 1, colonne 10 : les étiquettes d'entité (tags) ne font pas partie du sous-ensemble"},
    {"entity U { a: Long }\n  tags Set<String>;", "ligne 2, colonne 3 : les étiquettes d'entité (tags)"},
};

constexpr RefusalCase kSyntax[] = {
    {";", "ligne 1, colonne 1 : « ; » inattendu : « entity », « action », « type » ou « namespace » attendu"},
    {"entity U;;", "colonne 10 : « ; » inattendu"},
    {"entity U", "colonne 9 : fin du texte inattendue : « ; » attendu"},
    {"entity A::B;", "colonne 9 : « :: » inattendu : « ; » attendu"},
    {"entity U = ;", "colonne 12 : « ; » inattendu : « { » attendu"},
    {"entity U {,};", "colonne 11 : « , » inattendu : nom (identifiant ou chaîne) attendu"},
    {"entity U { a: Long; };", "colonne 19 : « ; » inattendu : « } » attendu"},
    {"entity U { a: \"Long\" };", "colonne 15 : chaîne inattendue : type attendu"},
    {"entity U { a: Set<> };", "colonne 19 : « > » inattendu : type attendu"},
    {"entity U { a: Set<Long,> };", "colonne 23 : « , » inattendu : « > » attendu"},
    {"entity E enum [];", "colonne 16 : « ] » inattendu : chaîne attendue"},
    {"entity E in [U] enum [\"a\"];", "colonne 17 : « enum » inattendu : « ; » attendu"},
    {"entity E enum [\"a\"] { };", "colonne 21 : « { » inattendu : « ; » attendu"},
    {"entity U; type T = {}; entity V = T;", "colonne 35 : « T » inattendu : « { » attendu"},
    {"action a in [];", "colonne 14 : « ] » inattendu : identifiant attendu"},
    {"action a in [A::B];", "colonne 18 : « ] » inattendu : « :: » suivi de l'identifiant"},
    {"entity U; action a appliesTo {};",
     "colonne 31 : « } » inattendu : « principal », « resource » ou « context » attendu"},
    {"entity U; action a appliesTo { principal: U, resource: [U,] };", "colonne 59 : « ] » inattendu"},
    {"entity U; action a attributes { a: Long };", "colonne 33 : « a » inattendu : « } » attendu"},
    {"namespace N { namespace M {} }", "colonne 15 : « namespace » inattendu : « entity », « action », « type » ou « } » attendu"},
    {"namespace N { entity U;", "colonne 24 : fin du texte inattendue"},
    {"entity U { a?? : Long };", "colonne 14 : « ? » inattendu : « : » attendu"},
    {"entity U { a: Long } # x", "colonne 22 : caractère inattendu"},
    {"entity E enum [\"\\q\"];", "colonne 16 : échappement inconnu \\q"},
    {"@a(\"x\" entity U;", "colonne 8 : « entity » inattendu : « ) » attendu"},
    {"@a @a entity U;", "colonne 5 : annotation « a » en double"},
    {"entity U { @a(\"x\") @a x: Long };", "colonne 21 : annotation « a » en double"},
    {"entity if;", "colonne 8 : « if » est un identifiant réservé"},
    {"entity U { in: Long };", "colonne 12 : « in » est un identifiant réservé"},
    {"entity U { a: if::B };", "colonne 15 : « if » est un identifiant réservé"},
    {"namespace A::then {}", "colonne 14 : « then » est un identifiant réservé"},
    {"action has;", "colonne 8 : « has » est un identifiant réservé"},
    {"entity U; action a appliesTo { principal: [], resource: U };",
     "colonne 32 : « principal » ne peut être la liste vide pour l'action « a »"},
    {"entity U; action a appliesTo { principal: U, resource: [] };",
     "colonne 46 : « resource » ne peut être la liste vide"},
    {"entity U; action a appliesTo { resource: U };",
     "colonne 18 : « principal » manque dans « appliesTo » pour l'action « a »"},
    {"entity U; action \"a\", b appliesTo { principal: U, context: {} };",
     "colonne 18 : « resource » manque dans « appliesTo » pour l'action « a »"},
    {"entity U; action a appliesTo { principal: U, principal: U, resource: U };",
     "colonne 46 : « principal » déclaré deux fois pour l'action « a »"},
    {"entity U; action a appliesTo { principal: U, resource: U, context: {}, context: {} };",
     "colonne 72 : « context » déclaré deux fois"},
};

constexpr RefusalCase kDeclarations[] = {
    {"entity U;\nentity U;", "ligne 2, colonne 8 : le type d'entité « U » est déclaré deux fois"},
    {"entity U, U;", "colonne 11 : le type d'entité « U » est déclaré deux fois"},
    {"namespace N { entity U; entity V, U; }", "colonne 35 : le type d'entité « N::U » est déclaré deux fois"},
    {"type T = Long; type T = String;", "colonne 21 : le type commun « T » est déclaré deux fois"},
    {"action a; action \"a\";", "colonne 18 : l'action Action::\"a\" est déclarée deux fois"},
    {"namespace A {} namespace A {}", "colonne 26 : l'espace de noms « A » est déclaré deux fois"},
    {"entity Action;", "colonne 8 : « Action » ne peut être déclaré comme type d'entité"},
    {"namespace N { entity Action; }", "colonne 22 : « Action » ne peut être déclaré comme type d'entité"},
    {"entity __cedar;", "colonne 8 : le nom « __cedar » est réservé"},
    {"type __cedar = Long;", "colonne 6 : le nom « __cedar » est réservé"},
    {"namespace __cedar { entity U; }", "colonne 11 : l'espace de noms « __cedar » est réservé"},
    {"namespace A::__cedar::B {}", "colonne 11 : l'espace de noms « __cedar » est réservé"},
    {"type Long = String;", "colonne 6 : « Long » est un mot réservé"},
    {"namespace N { type Set = Long; }", "colonne 20 : « Set » est un mot réservé"},
    {"type Record = {};", "colonne 6 : « Record » est un mot réservé"},
    {"type Entity = Long;", "colonne 6 : « Entity » est un mot réservé"},
    {"type Extension = Long;", "colonne 6 : « Extension » est un mot réservé"},
    {"type Boolean = Bool;", "colonne 6 : « Boolean » est un mot réservé"},
    // RFC 70: the empty namespace's names may not be shadowed.
    {"entity User;\nnamespace NS { entity User; }",
     "ligne 2, colonne 23 : « NS::User » masque « User », déclaré hors de tout espace de noms"},
    {"entity User; namespace A::B { type User = Long; }", "colonne 31 : « A::B::User » masque « User »"},
    {"type User = Long; namespace NS { entity User; }", "colonne 41 : « NS::User » masque « User »"},
    {"action read; namespace NS { action read; }",
     "colonne 36 : « NS::Action::\"read\" » masque « Action::\"read\" »"},
};

constexpr RefusalCase kResolution[] = {
    {"entity U { a: Unknown };", "colonne 15 : le type « Unknown » n'est pas déclaré"},
    {"entity U { a: Set };", "colonne 15 : le type « Set » n'est pas déclaré"},
    {"entity U { a: __cedar };", "colonne 15 : le type « __cedar » n'est pas déclaré"},
    {"entity U { a: __cedar::U };", "colonne 15 : le type « __cedar::U » n'est pas déclaré"},
    {"type Unused = { a: Missing };", "colonne 20 : le type « Missing » n'est pas déclaré"},
    {"namespace N { entity U; } namespace M { entity V { a: U }; }",
     "colonne 55 : le type « U » n'est pas déclaré"},
    {"namespace N { entity A; } entity B { a: A };", "colonne 41 : le type « A » n'est pas déclaré"},
    {"namespace N { entity U { a: N::String }; }", "colonne 29 : le type « N::String » n'est pas déclaré"},
    {"entity U { a: Action };", "colonne 15 : le type « Action » n'est pas déclaré"},
    {"entity U in [G];", "colonne 14 : le type d'entité « G » n'est pas déclaré"},
    {"entity U; type G = U; entity X in G;", "colonne 35 : le type d'entité « G » n'est pas déclaré"},
    {"action a; entity U in [Action];", "colonne 24 : le type d'entité « Action » n'est pas déclaré"},
    {"entity U; action a appliesTo { principal: V, resource: U };",
     "colonne 43 : le type d'entité « V » n'est pas déclaré"},
    {"action a; action b appliesTo { principal: Action, resource: Action };",
     "colonne 43 : le type d'entité « Action » n'est pas déclaré"},
    {"entity U; type G = U; action a appliesTo { principal: G, resource: U };",
     "colonne 55 : le type d'entité « G » n'est pas déclaré"},
    {"entity U; action a appliesTo { principal: U, resource: U, context: U };",
     "colonne 68 : le type commun « U » n'est pas déclaré"},
    {"entity U; type C = Set<Long>; action a appliesTo { principal: U, resource: U, context: C };",
     "colonne 88 : le contexte de l'action Action::\"a\" doit être un enregistrement"},
    {"entity U; action a appliesTo { principal: U, resource: U, context: __cedar::Long };",
     "colonne 68 : le contexte de l'action Action::\"a\" doit être un enregistrement"},
    {"action a in b;", "colonne 13 : l'action Action::\"b\" n'est pas déclarée"},
    {"namespace N { action x; } action a in Action::\"x\";",
     "colonne 39 : l'action Action::\"x\" n'est pas déclarée"},
    {"action b; namespace N { action a in [Foo::\"b\"]; }",
     "colonne 38 : l'action Foo::\"b\" n'est pas déclarée"},
    {"type A = B;\ntype B = A;", "ligne 1, colonne 1 : le type commun « A » se contient lui-même (cycle)"},
    {"type A = Set<A>;", "colonne 1 : le type commun « A » se contient lui-même"},
    {"type A = Long; type R = { a: { b: R } };", "colonne 16 : le type commun « R » se contient lui-même"},
    {"action a in a;", "colonne 8 : cycle dans la hiérarchie des actions : Action::\"a\" est son propre ancêtre"},
    {"action z; action a in b; action b in [z, c]; action c in a;",
     "colonne 18 : cycle dans la hiérarchie des actions : Action::\"a\""},
};

INSTANTIATE_TEST_SUITE_P(OutsideTheSubset, SchemaRefusalTest, ::testing::ValuesIn(kOutsideTheSubset));
INSTANTIATE_TEST_SUITE_P(Syntax, SchemaRefusalTest, ::testing::ValuesIn(kSyntax));
INSTANTIATE_TEST_SUITE_P(Declarations, SchemaRefusalTest, ::testing::ValuesIn(kDeclarations));
INSTANTIATE_TEST_SUITE_P(Resolution, SchemaRefusalTest, ::testing::ValuesIn(kResolution));

TEST(Schema, ColumnsCountCharactersNotBytes) {
  EXPECT_THAT(ParseSchema("entity É;"), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 HasSubstr("ligne 1, colonne 8 : caractère inattendu")));
  EXPECT_THAT(ParseSchema("@doc(\"é\") entity U { a: X };"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ligne 1, colonne 25 :")));
}

}  // namespace
}  // namespace suivi::policy
