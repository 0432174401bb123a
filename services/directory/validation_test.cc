// Tests of services/directory/validation.h: each check against a small
// directory built by hand and the default role catalogue. Every refusal
// must name the field (or the kind of entry) at fault and never echo the
// value given, which could be personal data typed in the wrong field.

#include "services/directory/validation.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/directory/directory_state.h"
#include "services/directory/role_catalogue.h"

namespace suivi::directory {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::StatusCode kOk = absl::StatusCode::kOk;
constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;
constexpr absl::StatusCode kNotFound = absl::StatusCode::kNotFound;
constexpr absl::StatusCode kPrecondition = absl::StatusCode::kFailedPrecondition;

// Strings that are not strict UTF-8, or hold control characters.
constexpr char kOverlongSlash[] = "M. \xC0\xAF Dupont";        // "/" in 2 bytes
constexpr char kSurrogate[] = "M. \xED\xA0\x80 Dupont";        // U+D800
constexpr char kBeyondUnicode[] = "M. \xF4\x90\x80\x80 Dupont";  // U+110000
constexpr char kC1NextLine[] = "M. Jean\xC2\x85" "Dupont";      // U+0085

// A CISPD "t1" (communes c1, c2; a mairie of c1 and a SPIP), a CLSPD "t2"
// whose one commune is "commune-de-t2", charte v1 of t1 adopted on
// 2025-01-10, group t1/go with one member (u-mairie).
DirectoryState TestState() {
  DirectoryState state;
  v1::Territory t1;
  t1.set_id("t1");
  t1.set_name("Territoire un");
  t1.set_kind(v1::TERRITORY_KIND_CISPD);
  for (const char* id : {"c1", "c2"}) {
    v1::Commune* c = t1.add_communes();
    c->set_id(id);
    c->set_name(absl::StrCat("Commune ", id));
  }
  v1::Controller* epci = t1.add_controllers();
  epci->set_id("epci-t1");
  epci->set_name("EPCI un");
  epci->set_kind(v1::CONTROLLER_KIND_EPCI);
  v1::Controller* commune = t1.add_controllers();
  commune->set_id("commune-c1");
  commune->set_name("Commune c1");
  commune->set_kind(v1::CONTROLLER_KIND_COMMUNE);
  commune->set_commune_id("c1");
  state.Apply(t1);

  v1::Territory t2;
  t2.set_id("t2");
  t2.set_name("Territoire deux");
  t2.set_kind(v1::TERRITORY_KIND_CLSPD);
  v1::Commune* c3 = t2.add_communes();
  c3->set_id("commune-de-t2");
  c3->set_name("Commune de t2");
  v1::Controller* controller = t2.add_controllers();
  controller->set_id("commune-t2");
  controller->set_name("Commune de t2");
  controller->set_kind(v1::CONTROLLER_KIND_COMMUNE);
  controller->set_commune_id("commune-de-t2");
  state.Apply(t2);

  v1::Organisation mairie;
  mairie.set_id("mairie-c1");
  mairie.set_name("Mairie de c1");
  mairie.set_type(v1::ORGANISATION_TYPE_MAIRIE);
  mairie.add_territory_ids("t1");
  mairie.set_commune_id("c1");
  state.Apply(mairie);
  v1::Organisation spip;
  spip.set_id("spip");
  spip.set_name("SPIP");
  spip.set_type(v1::ORGANISATION_TYPE_SPIP);
  spip.add_territory_ids("t1");
  state.Apply(spip);

  for (const auto& [id, organisation] :
       {std::pair{"u-mairie", "mairie-c1"}, std::pair{"u-spip", "spip"}}) {
    v1::User user;
    user.set_id(id);
    user.set_display_name("Mme Claire Dubois");
    user.set_organisation_id(organisation);
    state.Apply(user);
  }

  v1::CharteVersion version;
  version.set_territory_id("t1");
  version.set_number(1);
  version.set_adopted_on("2025-01-10");
  version.set_text_sha256(std::string(64, 'a'));
  version.set_policies_sha256(std::string(64, 'b'));
  state.Apply(version);

  v1::Group group;
  group.set_id("go");
  group.set_territory_id("t1");
  group.set_name("Groupe opérationnel");
  group.set_type(v1::GROUP_TYPE_GROUPE_OPERATIONNEL);
  state.Apply(group);
  v1::GroupMember member;
  member.set_territory_id("t1");
  member.set_group_id("go");
  member.set_user_id("u-mairie");
  member.set_since("2025-02-01");
  state.Apply(member);
  return state;
}

// One row of a table: how to spoil a valid entry, and what must be said.
template <typename Message>
struct Case {
  std::string name;
  std::function<void(Message&)> spoil;
  absl::StatusCode code;
  // What the message must name (a field, or the kind of entry missing).
  std::string names;
  // The value given, which the message must not echo.
  std::string value = "";
};

template <typename Message>
void ExpectCases(const Message& valid,
                 const std::function<absl::Status(const Message&)>& validate,
                 const std::vector<Case<Message>>& cases) {
  ASSERT_THAT(validate(valid), IsOk()) << "control: the base entry is valid";
  for (const Case<Message>& c : cases) {
    SCOPED_TRACE(c.name);
    Message message = valid;
    c.spoil(message);
    const absl::Status status = validate(message);
    if (c.code == kOk) {
      EXPECT_THAT(status, IsOk());
      continue;
    }
    EXPECT_THAT(status, StatusIs(c.code, HasSubstr(c.names)));
    if (!c.value.empty()) {
      EXPECT_THAT(std::string(status.message()), Not(HasSubstr(c.value)));
    }
  }
}

TEST(CheckId, AcceptsShortAsciiIdsAndNamesTheFieldOtherwise) {
  struct Row {
    std::string id;
    bool valid;
  };
  const std::vector<Row> rows = {
      {"ame-admin", true},
      {"a.b:c_d-9", true},
      {"go/x", false},  // "/" separates ids in record paths
      {std::string(128, 'a'), true},
      {"", false},
      {"jean dupont", false},
      {"hélène", false},
      {"_serveur", false},
      {"_", false},
      {std::string(129, 'a'), false},
      {"ame;admin", false},
      {"ame\nadmin", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.id);
    const absl::Status status = CheckId(row.id, "user.id");
    if (row.valid) {
      EXPECT_THAT(status, IsOk());
      continue;
    }
    EXPECT_THAT(status, StatusIs(kInvalid, HasSubstr("user.id")));
    if (row.id.size() > 2) {  // "_" is in any message about ids
      EXPECT_THAT(std::string(status.message()), Not(HasSubstr(row.id)));
    }
  }
}

TEST(CheckName, WantsBoundedUtf8WithoutControlCharacters) {
  struct Row {
    std::string name;
    bool valid;
  };
  const std::vector<Row> rows = {
      {"Mme Hélène Marchand", true},
      {"M. Jean-Luc Arnaud", true},
      {"Œuvre d'entraide 😀", true},
      {std::string(kMaxNameBytes, 'a'), true},
      {"", false},
      {std::string(kMaxNameBytes + 1, 'a'), false},
      {std::string(kMaxNameBytes / 2 + 1, 'a') + std::string(kMaxNameBytes / 2, 'b'),
       false},
      {"Jean\tDupont", false},
      {"Jean\nDupont", false},
      {"Jean\x7f" "Dupont", false},
      {std::string("Jean\0Dupont", 11), false},
      {"Jean \xC3\x28 Dupont", false},  // lead byte, then no continuation
      {"Hél\xC3", false},               // truncated at the end
      {"\x80" "Dupont", false},         // lone continuation byte
      {"Jean \xFF Dupont", false},
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("row ", i));
    const absl::Status status = CheckName(rows[i].name, "user.display_name");
    if (rows[i].valid) {
      EXPECT_THAT(status, IsOk());
      continue;
    }
    EXPECT_THAT(status, StatusIs(kInvalid, HasSubstr("user.display_name")));
    if (rows[i].name.size() > 2) {
      EXPECT_THAT(std::string(status.message()), Not(HasSubstr(rows[i].name)));
    }
  }
}

// Protobuf refuses to parse such a string field: a name checked with a
// looser rule is written, then read back as DATA_LOSS.
TEST(CheckName, RefusesOverlongSurrogateAndOutOfRangeSequences) {
  for (const char* name : {kOverlongSlash, kSurrogate, kBeyondUnicode}) {
    SCOPED_TRACE(absl::CEscape(name));
    EXPECT_THAT(CheckName(name, "user.display_name"),
                StatusIs(kInvalid, HasSubstr("user.display_name")));
  }
}

TEST(CheckName, RefusesC1ControlCharacters) {
  EXPECT_THAT(CheckName(kC1NextLine, "user.display_name"),
              StatusIs(kInvalid, HasSubstr("user.display_name")));
}

TEST(CheckDate, WantsAnExistingIsoDay) {
  struct Row {
    std::string date;
    bool optional;
    bool valid;
  };
  const std::vector<Row> rows = {
      {"2026-11-24", false, true},
      {"2024-02-29", false, true},
      {"", true, true},
      {"", false, false},
      {"2026-02-30", false, false},
      {"2025-02-29", false, false},
      {"2026-13-01", false, false},
      {"24/11/2026", false, false},
      {"24/11/2026", true, false},
      {"2026-11-24T12:00", false, false},
      {"demain", false, false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.date);
    const absl::Status status = CheckDate(row.date, "assignment.start_date", row.optional);
    if (row.valid) {
      EXPECT_THAT(status, IsOk());
      continue;
    }
    EXPECT_THAT(status, StatusIs(kInvalid, HasSubstr("assignment.start_date")));
    if (!row.date.empty()) {
      EXPECT_THAT(std::string(status.message()), Not(HasSubstr(row.date)));
    }
  }
}

TEST(ValidateTerritory, WantsCommunesControllersAndAKind) {
  const DirectoryState state = TestState();
  using T = v1::Territory;
  ExpectCases<T>(
      state.territories.at("t1"), [](const T& t) { return ValidateTerritory(t); },
      {
          {"id with a space", [](T& t) { t.set_id("grand belfort"); }, kInvalid,
           "territory.id", "grand belfort"},
          {"reserved id", [](T& t) { t.set_id("_annuaire"); }, kInvalid, "territory.id",
           "_annuaire"},
          {"no name", [](T& t) { t.clear_name(); }, kInvalid, "territory.name"},
          {"no kind", [](T& t) { t.clear_kind(); }, kInvalid, "territory.kind"},
          {"no commune", [](T& t) { t.clear_communes(); }, kInvalid, "territory.communes"},
          {"CLSPD of two communes", [](T& t) { t.set_kind(v1::TERRITORY_KIND_CLSPD); },
           kInvalid, "territory.communes"},
          {"commune with an accent in its id",
           [](T& t) { t.mutable_communes(0)->set_id("châlette"); }, kInvalid, "commune.id",
           "châlette"},
          {"no controller", [](T& t) { t.clear_controllers(); }, kInvalid,
           "territory.controllers"},
          {"controller of a commune elsewhere",
           [](T& t) { t.mutable_controllers(1)->set_commune_id("commune-de-t2"); }, kInvalid,
           "controller.commune_id", "commune-de-t2"},
      });
}

// The store keys a territory's records by its id and holds at most
// store::kMaxTerritoryBytes (64) of it; the key store names the main
// controller "<territory>/<controller>", at most 128 characters.
TEST(ValidateTerritory, RefusesIdsTheStoresCannotKey) {
  const v1::Territory valid = TestState().territories.at("t1");
  v1::Territory long_id = valid;
  long_id.set_id(std::string(65, 't'));
  EXPECT_THAT(ValidateTerritory(long_id), StatusIs(kInvalid, HasSubstr("territory.id")));
  v1::Territory long_controller = valid;
  long_controller.set_id(std::string(64, 't'));
  long_controller.mutable_controllers(0)->set_id(std::string(64, 'c'));
  EXPECT_THAT(ValidateTerritory(long_controller), StatusIs(kInvalid));
}

TEST(ValidateOrganisation, WantsATypeAndKnownTerritoriesAndCommune) {
  const DirectoryState state = TestState();
  using O = v1::Organisation;
  ExpectCases<O>(
      state.organisations.at("mairie-c1"),
      [&](const O& o) { return ValidateOrganisation(state, o); },
      {
          {"empty id", [](O& o) { o.clear_id(); }, kInvalid, "organisation.id"},
          {"id with an accent", [](O& o) { o.set_id("mairie-châlette"); }, kInvalid,
           "organisation.id", "mairie-châlette"},
          {"name too long", [](O& o) { o.set_name(std::string(kMaxNameBytes + 1, 'n')); },
           kInvalid, "organisation.name"},
          {"name with a control character", [](O& o) { o.set_name("Mairie\rde c1"); },
           kInvalid, "organisation.name", "Mairie\rde c1"},
          {"no type", [](O& o) { o.clear_type(); }, kInvalid, "organisation.type"},
          {"no territory", [](O& o) { o.clear_territory_ids(); }, kInvalid,
           "organisation.territory_ids"},
          {"unknown territory", [](O& o) { o.add_territory_ids("atlantide"); }, kNotFound,
           "territoire", "atlantide"},
          {"commune of another territory", [](O& o) { o.set_commune_id("commune-de-t2"); },
           kInvalid, "organisation.commune_id", "commune-de-t2"},
          {"commune of a second territory it works in",
           [](O& o) {
             o.add_territory_ids("t2");
             o.set_commune_id("commune-de-t2");
           },
           kOk, ""},
          {"bad start date", [](O& o) { o.set_valid_from("2026-02-30"); }, kInvalid,
           "organisation.valid_from", "2026-02-30"},
          {"end before start",
           [](O& o) {
             o.set_valid_from("2026-11-24");
             o.set_valid_until("2026-11-23");
           },
           kInvalid, "organisation.valid_until", "2026-11-23"},
      });
}

TEST(ValidateUser, WantsANameAKnownOrganisationAndAPlausibleEmail) {
  const DirectoryState state = TestState();
  using U = v1::User;
  ExpectCases<U>(
      state.users.at("u-mairie"), [&](const U& u) { return ValidateUser(state, u); },
      {
          {"id with a space", [](U& u) { u.set_id("claire dubois"); }, kInvalid, "user.id",
           "claire dubois"},
          {"no name", [](U& u) { u.clear_display_name(); }, kInvalid, "user.display_name"},
          {"invalid UTF-8 name", [](U& u) { u.set_display_name("Cl\xC3" "ire"); }, kInvalid,
           "user.display_name"},
          {"unknown organisation", [](U& u) { u.set_organisation_id("mairie-inconnue"); },
           kNotFound, "organisation", "mairie-inconnue"},
          {"email without @", [](U& u) { u.set_email("claire.dubois.mairie.fr"); },
           kInvalid, "user.email", "claire.dubois"},
          {"email too long",
           [](U& u) { u.set_email(std::string(kMaxEmailBytes, 'c') + "@mairie.fr"); },
           kInvalid, "user.email"},
          {"plausible email", [](U& u) { u.set_email("claire.dubois@mairie.fr"); }, kOk, ""},
      });
}

TEST(ValidateAssignment, AcceptsOnlyWhatTheCatalogueAndTheTerritoryAllow) {
  const DirectoryState state = TestState();
  ASSERT_OK_AND_ASSIGN(const RoleCatalogue roles, RoleCatalogue::Default());
  using A = v1::RoleAssignment;
  A maire;
  maire.set_user_id("u-mairie");
  maire.set_role_id("maire");
  maire.set_territory_id("t1");
  maire.set_commune_id("c1");
  maire.set_start_date("2025-01-01");
  auto as_adjoint = [](A& a) {
    a.set_role_id("adjoint_delegue");
    a.mutable_basis()->set_kind(v1::BASIS_KIND_ARRETE_DELEGATION);
    a.mutable_basis()->set_reference("arrêté n° 2025-117");
    a.mutable_basis()->set_date("2025-01-01");
  };
  ExpectCases<A>(
      maire, [&](const A& a) { return ValidateAssignment(state, roles, a); },
      {
          {"unknown user", [](A& a) { a.set_user_id("u-inconnu"); }, kNotFound,
           "utilisateur", "u-inconnu"},
          {"role not in the catalogue", [](A& a) { a.set_role_id("sherif"); }, kInvalid,
           "assignment.role_id", "sherif"},
          {"unknown territory", [](A& a) { a.set_territory_id("atlantide"); }, kNotFound,
           "territoire", "atlantide"},
          {"commune role without commune", [](A& a) { a.clear_commune_id(); }, kInvalid,
           "assignment.commune_id"},
          {"commune of another territory", [](A& a) { a.set_commune_id("commune-de-t2"); },
           kInvalid, "assignment.commune_id", "commune-de-t2"},
          {"commune nobody knows", [](A& a) { a.set_commune_id("ville-fantome"); },
           kInvalid, "assignment.commune_id", "ville-fantome"},
          {"territory role with a commune", [](A& a) { a.set_role_id("dpo"); }, kInvalid,
           "assignment.commune_id", "c1"},
          {"territory role without commune",
           [](A& a) {
             a.set_role_id("dpo");
             a.clear_commune_id();
           },
           kOk, ""},
          {"no start date", [](A& a) { a.clear_start_date(); }, kInvalid,
           "assignment.start_date"},
          {"start on 30 February", [](A& a) { a.set_start_date("2026-02-30"); }, kInvalid,
           "assignment.start_date", "2026-02-30"},
          {"start in French order", [](A& a) { a.set_start_date("24/11/2026"); }, kInvalid,
           "assignment.start_date", "24/11/2026"},
          {"bad end date", [](A& a) { a.set_end_date("31/12/2026"); }, kInvalid,
           "assignment.end_date", "31/12/2026"},
          {"end before start", [](A& a) { a.set_end_date("2024-12-31"); }, kInvalid,
           "assignment.end_date", "2024-12-31"},
          {"one-day assignment", [](A& a) { a.set_end_date("2025-01-01"); }, kOk, ""},
          {"adjoint without basis", [](A& a) { a.set_role_id("adjoint_delegue"); },
           kInvalid, "basis.kind"},
          {"adjoint with basis", as_adjoint, kOk, ""},
          {"adjoint with a basis without reference",
           [&](A& a) {
             as_adjoint(a);
             a.mutable_basis()->clear_reference();
           },
           kInvalid, "basis.reference"},
          {"adjoint with a basis of a bad date",
           [&](A& a) {
             as_adjoint(a);
             a.mutable_basis()->set_date("2025-02-30");
           },
           kInvalid, "basis.date", "2025-02-30"},
          {"CPIP role for a mairie user",
           [](A& a) {
             a.set_role_id("cpip");
             a.clear_commune_id();
           },
           kPrecondition, "cpip"},
          {"maire role for a SPIP user", [](A& a) { a.set_user_id("u-spip"); },
           kPrecondition, "maire"},
          {"CPIP role for a SPIP user",
           [](A& a) {
             a.set_user_id("u-spip");
             a.set_role_id("cpip");
             a.clear_commune_id();
           },
           kOk, ""},
      });
}

TEST(ValidateCharteVersion, WantsANumberADateAndTwoDigests) {
  const DirectoryState state = TestState();
  using V = v1::CharteVersion;
  ExpectCases<V>(
      state.charte_versions.at({"t1", 1}),
      [&](const V& v) { return ValidateCharteVersion(state, v); },
      {
          {"unknown territory", [](V& v) { v.set_territory_id("atlantide"); }, kNotFound,
           "territoire", "atlantide"},
          {"number 0", [](V& v) { v.set_number(0); }, kInvalid, "charte_version.number"},
          {"bad adoption date", [](V& v) { v.set_adopted_on("2025-02-30"); }, kInvalid,
           "charte_version.adopted_on", "2025-02-30"},
          {"upper-case digest", [](V& v) { v.set_text_sha256(std::string(64, 'A')); },
           kInvalid, "charte_version.text_sha256"},
          {"short digest", [](V& v) { v.set_policies_sha256("abc123"); }, kInvalid,
           "charte_version.policies_sha256", "abc123"},
      });
}

TEST(ValidateGroup, WantsAnIdANameAndAType) {
  const DirectoryState state = TestState();
  using G = v1::Group;
  ExpectCases<G>(
      state.groups.at({"t1", "go"}), [&](const G& g) { return ValidateGroup(state, g); },
      {
          {"unknown territory", [](G& g) { g.set_territory_id("atlantide"); }, kNotFound,
           "territoire", "atlantide"},
          {"id with a space", [](G& g) { g.set_id("groupe op"); }, kInvalid, "group.id",
           "groupe op"},
          {"no name", [](G& g) { g.clear_name(); }, kInvalid, "group.name"},
          {"no type", [](G& g) { g.clear_type(); }, kInvalid, "group.type"},
          {"negative cadence", [](G& g) { g.set_cadence_days(-15); }, kInvalid,
           "group.cadence_days", "-15"},
      });
}

TEST(ValidateMember, WantsAKnownGroupAndUserAndADate) {
  const DirectoryState state = TestState();
  using M = v1::GroupMember;
  M member;
  member.set_territory_id("t1");
  member.set_group_id("go");
  member.set_user_id("u-spip");
  member.set_since("2025-03-01");
  ExpectCases<M>(member, [&](const M& m) { return ValidateMember(state, m); },
                 {
                     {"unknown group", [](M& m) { m.set_group_id("go-bis"); }, kNotFound,
                      "groupe", "go-bis"},
                     {"group of another territory", [](M& m) { m.set_territory_id("t2"); },
                      kNotFound, "groupe"},
                     {"unknown user", [](M& m) { m.set_user_id("u-inconnu"); }, kNotFound,
                      "utilisateur", "u-inconnu"},
                     {"bad date", [](M& m) { m.set_since("01/03/2025"); }, kInvalid,
                      "member.since", "01/03/2025"},
                 });
}

TEST(ValidateSignature, RefusesASignatureBeforeTheVersionWasAdopted) {
  const DirectoryState state = TestState();
  using S = v1::Signature;
  S signature;
  signature.set_territory_id("t1");
  signature.set_user_id("u-mairie");
  signature.set_charte_version(1);
  signature.set_signed_on("2025-01-20");
  ExpectCases<S>(
      signature, [&](const S& s) { return ValidateSignature(state, s); },
      {
          {"unknown user", [](S& s) { s.set_user_id("u-inconnu"); }, kNotFound,
           "utilisateur", "u-inconnu"},
          {"unknown version", [](S& s) { s.set_charte_version(2); }, kNotFound,
           "version de la charte"},
          {"bad date", [](S& s) { s.set_signed_on("20/01/2025"); }, kInvalid,
           "signature.signed_on", "20/01/2025"},
          {"the day before adoption", [](S& s) { s.set_signed_on("2025-01-09"); }, kInvalid,
           "signature.signed_on", "2025-01-09"},
          {"the day of adoption", [](S& s) { s.set_signed_on("2025-01-10"); }, kOk, ""},
      });
}

TEST(ValidateExclusion, WantsAMemberAReasonAndABoundedNote) {
  const DirectoryState state = TestState();
  using E = v1::Exclusion;
  E exclusion;
  exclusion.set_territory_id("t1");
  exclusion.set_group_id("go");
  exclusion.set_user_id("u-mairie");
  exclusion.set_excluded_on("2026-11-24");
  exclusion.set_reason(v1::EXCLUSION_REASON_MANQUEMENT_CHARTE);
  exclusion.set_note("Manquement constaté en séance.");
  ExpectCases<E>(
      exclusion, [&](const E& e) { return ValidateExclusion(state, e); },
      {
          {"unknown group", [](E& e) { e.set_group_id("go-bis"); }, kNotFound, "groupe",
           "go-bis"},
          {"unknown user", [](E& e) { e.set_user_id("u-inconnu"); }, kNotFound,
           "utilisateur", "u-inconnu"},
          {"known user who is not a member", [](E& e) { e.set_user_id("u-spip"); },
           kPrecondition, "membre", "u-spip"},
          {"bad date", [](E& e) { e.set_excluded_on("2026-02-30"); }, kInvalid,
           "exclusion.excluded_on", "2026-02-30"},
          {"no reason", [](E& e) { e.clear_reason(); }, kInvalid, "exclusion.reason"},
          {"note of 500 bytes", [](E& e) { e.set_note(std::string(kMaxNoteBytes, 'n')); },
           kOk, ""},
          {"note of 501 bytes",
           [](E& e) { e.set_note(std::string(kMaxNoteBytes, 'n') + "!"); }, kInvalid,
           "exclusion.note", std::string(kMaxNoteBytes, 'n')},
          {"note with a control character",
           [](E& e) { e.set_note("Manquement\x1b constaté"); }, kInvalid, "exclusion.note",
           "Manquement"},
          {"no note", [](E& e) { e.clear_note(); }, kOk, ""},
      });
}

}  // namespace
}  // namespace suivi::directory
