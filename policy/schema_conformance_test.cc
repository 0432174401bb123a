// policy/schema_conformance_test.cc
//
// Entities and requests read with a schema. Every verdict here was checked
// against cedar-wasm 4.13.0 (isAuthorized with the schema and
// validateRequest: true). One verdict differs from cedar-wasm's on purpose:
// a key twice in one JSON object, which cedar-wasm never sees (JavaScript
// keeps the last) and Cedar's JSON reader refuses, as Suivi does.

#include "policy/schema_conformance.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/authorizer.h"
#include "policy/policy_set.h"

namespace suivi::policy {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSchema[] = R"(
  type Adresse = { commune: String, "code postal"?: String };
  entity Service in [Territoire];
  entity Territoire;
  entity Role enum ["cpip", "juge"];
  entity User in [Service, Role] {
    nom: String,
    age?: Long,
    chef?: User,
    roles: Set<Role>,
    adresse?: Adresse,
    droits?: Set<Action>,
  };
  entity Dossier in [Service];
  action lire appliesTo {
    principal: [User, Role],
    resource: [Dossier, Role],
    context: { purpose: String, today?: Long, temoin?: User, codes?: Set<Long>, lieu?: { commune: String } },
  };
  action tout;
  action consulter in [tout];
  action modifier in [consulter] appliesTo { principal: User, resource: Dossier };
  action nulle_part;
)";

std::shared_ptr<const Schema> TestSchema() {
  absl::StatusOr<std::shared_ptr<const Schema>> schema = ParseSchema(kSchema);
  EXPECT_THAT(schema, IsOk());
  return *schema;
}

constexpr char kAlice[] = R"({"uid": {"type": "User", "id": "alice"},
  "attrs": {"nom": "Alice", "roles": []}, "parents": []})";

std::string EntitiesWith(const std::string& entity) { return absl::StrCat("[", kAlice, ", ", entity, "]"); }

TEST(SchemaConformance, AnEntityAttributeMayOmitTheEntityEscape) {
  auto schema = TestSchema();
  ASSERT_OK_AND_ASSIGN(auto entities, ParseEntitiesJson(EntitiesWith(R"(
    {"uid": {"type": "User", "id": "bob"},
     "attrs": {"nom": "Bob", "roles": [{"type": "Role", "id": "cpip"}],
               "chef": {"type": "User", "id": "alice"},
               "adresse": {"commune": "Amilly"},
               "droits": [{"__entity": {"type": "Action", "id": "lire"}}]},
     "parents": [{"type": "Service", "id": "spip45"}, {"type": "Role", "id": "juge"}]})"),
                                                       *schema));
  const Entity* bob = entities->Find({"User", "bob"});
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->attrs.ToString(),
            "{\"adresse\": {\"commune\": \"Amilly\"}, \"chef\": User::\"alice\", "
            "\"droits\": [Action::\"lire\"], \"nom\": \"Bob\", \"roles\": [Role::\"cpip\"]}");
  EXPECT_TRUE(entities->IsIn({"User", "bob"}, {"Role", "juge"}));
}

TEST(SchemaConformance, TheStoreHoldsTheSchemaActionsAndTheirGroups) {
  auto schema = TestSchema();
  ASSERT_OK_AND_ASSIGN(auto entities, ParseEntitiesJson("[]", *schema));
  EXPECT_NE(entities->Find({"Action", "lire"}), nullptr);
  EXPECT_TRUE(entities->IsIn({"Action", "modifier"}, {"Action", "tout"}));
  EXPECT_FALSE(entities->IsIn({"Action", "lire"}, {"Action", "tout"}));
}

TEST(SchemaConformance, ActionGroupsFromTheSchemaDecideActionScopes) {
  auto schema = TestSchema();
  ASSERT_OK_AND_ASSIGN(auto entities, ParseEntitiesJson(
      R"([{"uid": {"type": "User", "id": "alice"}, "attrs": {"nom": "A", "roles": []},
           "parents": [{"type": "Service", "id": "spip45"}]}])", *schema));
  ASSERT_OK_AND_ASSIGN(Request request, ParseRequestJson(R"(
    {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "modifier"},
     "resource": {"type": "Dossier", "id": "d1"}, "context": {}})", *schema));
  ASSERT_OK_AND_ASSIGN(auto policies, ParsePolicies(
      "permit(principal in Service::\"spip45\", action in Action::\"tout\", resource);"));
  EXPECT_EQ(Authorize(*policies, *entities, request).decision, Decision::kAllow);
}

TEST(SchemaConformance, EntitiesAccepted) {
  auto schema = TestSchema();
  for (const char* json : {
           "[]",
           // An enumerated entity with a listed id, an entity with no attributes.
           R"([{"uid": {"type": "Role", "id": "cpip"}, "attrs": {}, "parents": []},
               {"uid": {"type": "Territoire", "id": "t"}, "attrs": {}, "parents": [], "tags": {}}])",
           // Optional attributes absent; an empty set for a set of entities.
           R"([{"uid": {"type": "User", "id": "alice"}, "attrs": {"nom": "A", "roles": []}, "parents": []}])",
           // An entity given twice identically counts once (parents in any order).
           R"([{"uid": {"type": "Service", "id": "s"}, "attrs": {},
                "parents": [{"type": "Territoire", "id": "a"}, {"type": "Territoire", "id": "b"}]},
               {"uid": {"type": "Service", "id": "s"}, "attrs": {},
                "parents": [{"type": "Territoire", "id": "b"}, {"type": "Territoire", "id": "a"}]}])",
           // A given action that matches its declaration, hierarchy closed
           // across the given actions.
           R"([{"uid": {"type": "Action", "id": "modifier"}, "attrs": {},
                "parents": [{"type": "Action", "id": "consulter"}]},
               {"uid": {"type": "Action", "id": "consulter"}, "attrs": {},
                "parents": [{"type": "Action", "id": "tout"}]}])",
           R"([{"uid": {"type": "Action", "id": "modifier"}, "attrs": {},
                "parents": [{"type": "Action", "id": "consulter"}, {"type": "Action", "id": "tout"}]}])",
           // A parent of an ancestor type (User in Service, Service in
           // Territoire): Cedar accepts any type the `in` relation reaches.
           R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {"nom": "B", "roles": []},
                "parents": [{"type": "Territoire", "id": "t"}]}])",
           // Unknown fields of an entity and of an implicit entity reference are ignored.
           R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {"nom": "B", "roles": [],
                "chef": {"type": "User", "id": "a", "note": 1}}, "parents": [], "extra": true}])",
       }) {
    EXPECT_THAT(ParseEntitiesJson(json, *schema), IsOk()) << json;
  }
}

struct RefusalCase {
  const char* json;
  const char* message;
};

void PrintTo(const RefusalCase& c, std::ostream* os) { *os << c.json; }

class EntitiesRefusalTest : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(EntitiesRefusalTest, RefusesNamingEntityAndAttribute) {
  auto schema = TestSchema();
  EXPECT_THAT(ParseEntitiesJson(GetParam().json, *schema),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(GetParam().message)));
}

#define USER(attrs) R"([{"uid": {"type": "User", "id": "bob"}, "attrs": )" attrs R"(, "parents": []}])"

constexpr RefusalCase kEntityRefusals[] = {
    {R"({"uid": {"type": "User", "id": "bob"}})", "les entités forment une liste JSON"},
    {R"([{"attrs": {}, "parents": []}])", "entité n° 1 : « uid » manque"},
    {R"([{"uid": {"type": "User"}, "attrs": {}, "parents": []}])", "entité n° 1 : entité attendue"},
    {R"([{"uid": {"type": "User", "id": "bob"}, "parents": []}])",
     "entité User::\"bob\" : « attrs » (un objet) manque"},
    {R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {}}])",
     "entité User::\"bob\" : « parents » (une liste) manque"},
    {R"([{"uid": {"type": "Agent", "id": "x"}, "attrs": {}, "parents": []}])",
     "entité Agent::\"x\" : le type Agent n'est pas déclaré dans le schéma"},
    {R"([{"uid": {"type": "Role", "id": "greffier"}, "attrs": {}, "parents": []}])",
     "entité Role::\"greffier\" : l'entité de type Role n'a pas l'un des identifiants de l'énumération "
     "(« cpip », « juge »)"},
    {R"([{"uid": {"type": "Role", "id": "cpip"}, "attrs": {"x": 1}, "parents": []}])",
     "entité Role::\"cpip\" : l'attribut « x » n'est pas déclaré dans le schéma"},
    {USER(R"({"roles": []})"), "entité User::\"bob\" : l'attribut « nom », obligatoire, manque"},
    {USER(R"({"nom": "B", "roles": [], "surnom": "b"})"),
     "entité User::\"bob\" : l'attribut « surnom » n'est pas déclaré dans le schéma"},
    {USER(R"({"nom": 7, "roles": []})"),
     "entité User::\"bob\", attribut « nom » : type attendu : String ; reçu : un entier"},
    {USER(R"({"nom": "B", "roles": "cpip"})"),
     "entité User::\"bob\", attribut « roles » : type attendu : Set<Role> ; reçu : une chaîne"},
    {USER(R"({"nom": "B", "roles": [{"type": "User", "id": "x"}]})"),
     "entité User::\"bob\", attribut « roles[] » : type attendu : Role ; reçu : une entité de type User"},
    {USER(R"({"nom": "B", "roles": [{"type": "Role", "id": "x"}]})"),
     "entité User::\"bob\", attribut « roles[] » : l'entité de type Role n'a pas l'un des identifiants"},
    {USER(R"({"nom": "B", "roles": [], "chef": "User::\"a\""})"),
     "entité User::\"bob\", attribut « chef » : type attendu : User ; reçu : une chaîne"},
    {USER(R"({"nom": "B", "roles": [], "chef": {"type": "User"}})"),
     "entité User::\"bob\", attribut « chef » : type attendu : User ; reçu : un enregistrement"},
    {USER(R"({"nom": "B", "roles": [], "age": {"__entity": {"type": "User", "id": "x"}}})"),
     "entité User::\"bob\", attribut « age » : type attendu : Long ; reçu : une entité de type User"},
    {USER(R"({"nom": "B", "roles": [], "age": 1.5})"),
     "entité User::\"bob\", attribut « age » : valeur JSON non acceptée : un nombre non entier"},
    {USER(R"({"nom": "B", "roles": [], "age": null})"),
     "entité User::\"bob\", attribut « age » : valeur JSON non acceptée : null"},
    {USER(R"({"nom": "B", "roles": [], "age": {"__extn": {"fn": "decimal", "arg": "1.0"}}})"),
     "entité User::\"bob\", attribut « age » : les valeurs d'extension (__extn) ne font pas partie"},
    {USER(R"({"nom": "B", "roles": [], "adresse": {}})"),
     "entité User::\"bob\", attribut « adresse » : l'attribut « commune », obligatoire, manque"},
    {USER(R"({"nom": "B", "roles": [], "adresse": {"commune": "A", "rue": "x"}})"),
     "entité User::\"bob\", attribut « adresse » : l'attribut « rue » n'est pas déclaré"},
    {USER(R"({"nom": "B", "roles": [], "adresse": {"commune": {"type": "User", "id": "x"}}})"),
     "entité User::\"bob\", attribut « adresse.commune » : type attendu : String ; reçu : un enregistrement"},
    {USER(R"({"nom": "B", "roles": [], "droits": [{"type": "Action", "id": "effacer"}]})"),
     "entité User::\"bob\", attribut « droits[] » : l'entité est l'action Action::\"effacer\", non déclarée"},
    {R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {"nom": "B", "roles": []},
          "parents": [{"type": "Dossier", "id": "d"}]}])",
     "entité User::\"bob\" : un parent de type Dossier n'est pas permis (types permis : Service, Role "
     "et leurs ancêtres)"},
    {R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {"nom": "B", "roles": []},
          "parents": [{"type": "Role", "id": "greffier"}]}])",
     "entité User::\"bob\" : un parent de type Role n'a pas l'un des identifiants de l'énumération"},
    {R"([{"uid": {"type": "Territoire", "id": "t"}, "attrs": {}, "parents": [{"type": "Territoire", "id": "u"}]}])",
     "entité Territoire::\"t\" : un parent de type Territoire n'est pas permis (aucun parent n'est permis à ce type)"},
    {R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {"nom": "B", "roles": []}, "parents": [],
          "tags": {"niveau": 1}}])",
     "entité User::\"bob\" : les étiquettes (tags) ne font pas partie du sous-ensemble"},
    {R"([{"uid": {"type": "Territoire", "id": "t"}, "attrs": {}, "parents": []},
         {"uid": {"type": "Territoire", "id": "t"}, "attrs": {}, "parents": [{"type": "Territoire", "id": "u"}]}])",
     "entité Territoire::\"t\" : un parent de type Territoire n'est pas permis"},
    {R"([{"uid": {"type": "Service", "id": "s"}, "attrs": {}, "parents": []},
         {"uid": {"type": "Service", "id": "s"}, "attrs": {}, "parents": [{"type": "Territoire", "id": "u"}]}])",
     "entité Service::\"s\" : donnée deux fois, différemment"},
    {R"([{"uid": {"type": "Action", "id": "effacer"}, "attrs": {}, "parents": []}])",
     "entité Action::\"effacer\" : action non déclarée dans le schéma"},
    {R"([{"uid": {"type": "Action", "id": "modifier"}, "attrs": {}, "parents": []}])",
     "entité Action::\"modifier\" : ne correspond pas à la déclaration de l'action dans le schéma "
     "(sans attributs, groupes : Action::\"consulter\", Action::\"tout\")"},
    {R"([{"uid": {"type": "Action", "id": "modifier"}, "attrs": {},
          "parents": [{"type": "Action", "id": "consulter"}]}])",
     "entité Action::\"modifier\" : ne correspond pas à la déclaration"},
    {R"([{"uid": {"type": "Action", "id": "tout"}, "attrs": {"x": 1}, "parents": []}])",
     "entité Action::\"tout\" : ne correspond pas à la déclaration"},
    {R"([{"uid": {"type": "Action", "id": "tout"}, "attrs": {}, "parents": [{"type": "Service", "id": "s"}]}])",
     "entité Action::\"tout\" : une action n'a que des actions pour parents, pas une entité de type Service"},
    {R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {"nom": "B", "roles": []},
          "parents": [{"type": "Action", "id": "tout"}]}])",
     "entité User::\"bob\" : un parent de type Action n'est pas permis"},
    {R"([{"uid": {"type": "Service", "id": "a"}, "attrs": {}, "parents": [{"type": "Territoire", "id": "t"}]},
         {"uid": {"type": "User", "id": "b", "x": 1}, "attrs": {}, "parents": []}])",
     "entité n° 2 : entité attendue"},
    {R"([{"uid": {"type": "User", "id": "bob"}, "attrs": {"nom": "B", "nom": "C", "roles": []}, "parents": []}])",
     "clé « nom » en double"},
};

INSTANTIATE_TEST_SUITE_P(Cases, EntitiesRefusalTest, ::testing::ValuesIn(kEntityRefusals));

TEST(SchemaConformance, MessagesNeverRepeatAttributeValues) {
  auto schema = TestSchema();
  for (const char* json : {USER(R"({"nom": ["Lucas M."], "roles": []})"),
                           USER(R"({"nom": "B", "roles": [], "age": "Lucas M."})")}) {
    absl::StatusOr<std::shared_ptr<const Entities>> entities = ParseEntitiesJson(json, *schema);
    ASSERT_THAT(entities, StatusIs(absl::StatusCode::kInvalidArgument)) << json;
    EXPECT_THAT(entities.status().message(), Not(HasSubstr("Lucas"))) << json;
  }
}

#define REQUEST(principal, action, resource, context)                                           \
  R"({"principal": )" principal R"(, "action": {"type": "Action", "id": ")" action R"("}, )" \
  R"("resource": )" resource R"(, "context": )" context "}"
#define ALICE R"({"type": "User", "id": "alice"})"
#define DOSSIER R"({"type": "Dossier", "id": "d1"})"

TEST(SchemaConformance, RequestsAccepted) {
  auto schema = TestSchema();
  for (const char* json : {
           REQUEST(ALICE, "lire", DOSSIER, R"({"purpose": "suivi"})"),
           REQUEST(R"({"type": "Role", "id": "juge"})", "lire", R"({"type": "Role", "id": "cpip"})",
                   R"({"purpose": "suivi"})"),
           REQUEST(ALICE, "lire", DOSSIER,
                   R"({"purpose": "suivi", "today": 20781, "temoin": {"type": "User", "id": "bob"},
                       "codes": [], "lieu": {"commune": "Amilly"}})"),
           REQUEST(ALICE, "lire", DOSSIER, R"({"purpose": "suivi", "temoin": {"__entity": {"type": "User", "id": "b"}}})"),
           REQUEST(ALICE, "modifier", DOSSIER, "{}"),
           // Without a context: the empty record, enough for an action whose context has none required.
           R"({"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "modifier"},
               "resource": {"type": "Dossier", "id": "d1"}})",
       }) {
    EXPECT_THAT(ParseRequestJson(json, *schema), IsOk()) << json;
  }
}

class RequestRefusalTest : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(RequestRefusalTest, RefusesNamingWhatDoesNotConform) {
  auto schema = TestSchema();
  EXPECT_THAT(ParseRequestJson(GetParam().json, *schema),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(GetParam().message)));
}

constexpr RefusalCase kRequestRefusals[] = {
    {REQUEST(ALICE, "effacer", DOSSIER, "{}"), "requête : l'action Action::\"effacer\" n'est pas déclarée dans le schéma"},
    {REQUEST(R"({"type": "Agent", "id": "x"})", "lire", DOSSIER, R"({"purpose": "s"})"),
     "requête : le principal est de type Agent, non déclaré dans le schéma"},
    {REQUEST(R"({"type": "Action", "id": "lire"})", "lire", DOSSIER, R"({"purpose": "s"})"),
     "requête : le principal est de type Action, non déclaré dans le schéma"},
    {REQUEST(ALICE, "lire", R"({"type": "Pièce", "id": "x"})", R"({"purpose": "s"})"),
     "requête : la ressource est de type Pièce, non déclaré dans le schéma"},
    {REQUEST(R"({"type": "Role", "id": "greffier"})", "lire", DOSSIER, R"({"purpose": "s"})"),
     "requête : le principal de type Role n'a pas l'un des identifiants de l'énumération (« cpip », « juge »)"},
    {REQUEST(R"({"type": "Dossier", "id": "x"})", "lire", DOSSIER, R"({"purpose": "s"})"),
     "requête : un principal de type Dossier n'est pas permis pour l'action Action::\"lire\" (types permis : User, Role)"},
    {REQUEST(ALICE, "modifier", R"({"type": "Role", "id": "cpip"})", "{}"),
     "requête : une ressource de type Role n'est pas permis pour l'action Action::\"modifier\" (types permis : Dossier)"},
    {REQUEST(ALICE, "nulle_part", DOSSIER, "{}"),
     "requête : un principal de type User n'est pas permis pour l'action Action::\"nulle_part\" "
     "(elle ne s'applique à aucune requête)"},
    {REQUEST(ALICE, "lire", DOSSIER, "{}"), "contexte de la requête : l'attribut « purpose », obligatoire, manque"},
    {R"({"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "lire"},
         "resource": {"type": "Dossier", "id": "d1"}})",
     "contexte de la requête : l'attribut « purpose », obligatoire, manque"},
    {REQUEST(ALICE, "lire", DOSSIER, R"({"purpose": "s", "motif": "x"})"),
     "contexte de la requête : l'attribut « motif » n'est pas déclaré dans le schéma"},
    {REQUEST(ALICE, "modifier", DOSSIER, R"({"motif": "x"})"),
     "contexte de la requête : l'attribut « motif » n'est pas déclaré dans le schéma"},
    {REQUEST(ALICE, "lire", DOSSIER, R"({"purpose": 1})"),
     "contexte de la requête, attribut « purpose » : type attendu : String ; reçu : un entier"},
    {REQUEST(ALICE, "lire", DOSSIER, R"({"purpose": "s", "temoin": {"type": "Dossier", "id": "x"}})"),
     "contexte de la requête, attribut « temoin » : type attendu : User ; reçu : une entité de type Dossier"},
    {REQUEST(ALICE, "lire", DOSSIER, R"({"purpose": "s", "codes": [1, "2"]})"),
     "contexte de la requête, attribut « codes[] » : type attendu : Long ; reçu : une chaîne"},
    {REQUEST(ALICE, "lire", DOSSIER, R"({"purpose": "s", "lieu": {}})"),
     "contexte de la requête, attribut « lieu » : l'attribut « commune », obligatoire, manque"},
    {REQUEST(ALICE, "lire", DOSSIER, R"([])"), "« context » doit être un objet"},
    {R"({"action": {"type": "Action", "id": "lire"}, "resource": {"type": "Dossier", "id": "d1"}})",
     "requête sans « principal »"},
};

INSTANTIATE_TEST_SUITE_P(Cases, RequestRefusalTest, ::testing::ValuesIn(kRequestRefusals));

TEST(SchemaConformance, CheckRequestHoldsValuesToTheirExactTypes) {
  auto schema = TestSchema();
  Request request;
  request.principal = Value::Entity({"User", "alice"});
  request.action = Value::Entity({"Action", "lire"});
  request.resource = Value::Entity({"Dossier", "d1"});
  request.context = Value::Record({{"purpose", Value::String("suivi")}});
  EXPECT_THAT(CheckRequest(*schema, request), IsOk());

  // Read without the schema, {"type", "id"} is a record, not an entity.
  request.context = Value::Record(
      {{"purpose", Value::String("suivi")},
       {"temoin", Value::Record({{"id", Value::String("b")}, {"type", Value::String("User")}})}});
  EXPECT_THAT(CheckRequest(*schema, request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("attribut « temoin » : type attendu : User ; reçu : un enregistrement")));

  request.context = Value::Record({{"purpose", Value::String("suivi")}});
  request.principal = Value::String("alice");
  EXPECT_THAT(CheckRequest(*schema, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("requête : le principal doit être une entité")));
}

TEST(SchemaConformance, NamespacedSchema) {
  ASSERT_OK_AND_ASSIGN(auto schema, ParseSchema(R"(
    namespace Suivi {
      entity User;
      entity Doc;
      action lire appliesTo { principal: User, resource: Doc, context: { par?: User } };
    })"));
  EXPECT_THAT(ParseRequestJson(R"({"principal": {"type": "Suivi::User", "id": "a"},
      "action": {"type": "Suivi::Action", "id": "lire"}, "resource": {"type": "Suivi::Doc", "id": "d"},
      "context": {"par": {"type": "Suivi::User", "id": "b"}}})", *schema), IsOk());
  EXPECT_THAT(ParseRequestJson(R"({"principal": {"type": "User", "id": "a"},
      "action": {"type": "Suivi::Action", "id": "lire"}, "resource": {"type": "Suivi::Doc", "id": "d"}})", *schema),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("le principal est de type User, non déclaré")));
  EXPECT_THAT(ParseRequestJson(R"({"principal": {"type": "Suivi::User", "id": "a"},
      "action": {"type": "Action", "id": "lire"}, "resource": {"type": "Suivi::Doc", "id": "d"}})", *schema),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("l'action Action::\"lire\" n'est pas déclarée")));
  ASSERT_OK_AND_ASSIGN(auto entities, ParseEntitiesJson("[]", *schema));
  EXPECT_NE(entities->Find({"Suivi::Action", "lire"}), nullptr);
  EXPECT_THAT(ParseEntitiesJson(R"([{"uid": {"type": "Suivi::Action", "id": "x"}, "attrs": {}, "parents": []}])",
                                *schema),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("action non déclarée")));
}

}  // namespace
}  // namespace suivi::policy
