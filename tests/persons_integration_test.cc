// Persons through a real suivid and the client library: a mairie's cabinet
// records, finds, rectifies and links persons; the charte keeps every
// other reader out with the uniform refusal; duplicates are reported; a
// restart rebuilds the search index from the encrypted store.

#include <memory>
#include <string>

#include "client/suivi_client.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_server.h"

namespace suivi {
namespace {

using ::suivi::testing::StatusIs;
using ::suivi::testing::TestServer;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kCabinetMontargis[] = "ame-cabinet-montargis";

v1::CreatePersonRequest NewPerson(const std::string& nom, const std::string& prenom,
                                  const std::string& naissance) {
  v1::CreatePersonRequest request;
  request.set_territory_id("ame");
  request.mutable_identite()->set_nom(nom);
  request.mutable_identite()->add_prenoms(prenom);
  request.mutable_identite()->set_date_naissance(naissance);
  request.mutable_coordonnees()->add_adresse("3 rue Jean Jaurès");
  request.mutable_coordonnees()->set_code_postal("45200");
  request.mutable_coordonnees()->set_ville("Montargis");
  return request;
}

class PersonsOverTheWire : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start(/*sync=*/true));
    cabinet_ = ClientFor(kCabinetMontargis);
  }

  // A client of `user` declaring the individual follow-up.
  std::unique_ptr<client::SuiviClient> ClientFor(const std::string& user) {
    client::ClientConfig config = server_->ConfigFor(user);
    config.finalite = client::Finalite::kSuiviIndividuel;
    absl::StatusOr<std::unique_ptr<client::SuiviClient>> c = client::SuiviClient::Connect(config);
    EXPECT_OK(c.status());
    return *std::move(c);
  }
  std::string Create(const std::string& nom, const std::string& prenom,
                     const std::string& naissance) {
    absl::StatusOr<v1::CreatePersonResponse> created =
        cabinet_->CreatePerson(NewPerson(nom, prenom, naissance));
    EXPECT_OK(created.status());
    return created.ok() ? created->person().id() : "";
  }
  std::vector<std::string> Search(client::SuiviClient& client, const std::string& text) {
    v1::SearchPersonsRequest request;
    request.set_territory_id("ame");
    request.set_texte(text);
    absl::StatusOr<v1::SearchPersonsResponse> found = client.SearchPersons(request);
    EXPECT_OK(found.status());
    std::vector<std::string> ids;
    if (found.ok()) {
      for (const v1::PersonMatch& m : found->matches()) ids.push_back(m.person().id());
    }
    return ids;
  }
  absl::StatusOr<v1::Person> Get(client::SuiviClient& client, const std::string& id) {
    v1::GetPersonRequest request;
    request.set_person_id(id);
    return client.GetPerson(request);
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<client::SuiviClient> cabinet_;
};

TEST_F(PersonsOverTheWire, TheCabinetRecordsAMinorAndFindsHimAgainByATypedName) {
  ASSERT_OK_AND_ASSIGN(v1::CreatePersonResponse created,
                       cabinet_->CreatePerson(NewPerson("Martin", "Lucas", "2012-03-04")));
  const v1::Person& lucas = created.person();
  EXPECT_EQ(lucas.controller_id(), "commune-montargis");
  EXPECT_EQ(lucas.organisation_id(), "mairie-montargis");
  EXPECT_EQ(lucas.version(), 1);
  EXPECT_TRUE(lucas.age().mineur());
  EXPECT_THAT(created.doublons_probables(), IsEmpty());

  v1::GetPersonRequest at_facts;
  at_facts.set_person_id(lucas.id());
  at_facts.set_date_reference("2030-03-04");
  ASSERT_OK_AND_ASSIGN(v1::Person later, cabinet_->GetPerson(at_facts));
  EXPECT_EQ(later.identite().nom(), "Martin");
  EXPECT_EQ(later.coordonnees().ville(), "Montargis");
  EXPECT_EQ(later.age().ans(), 18);
  EXPECT_FALSE(later.age().mineur());

  Create("Moreau", "Léa", "2011-09-01");
  EXPECT_THAT(Search(*cabinet_, "lukas martin"), ElementsAre(lucas.id()));
  EXPECT_THAT(Search(*cabinet_, "Lucas M"), ElementsAre(lucas.id()));
  EXPECT_THAT(Search(*cabinet_, "MARTIN"), ElementsAre(lucas.id()));
  EXPECT_THAT(Search(*cabinet_, "Dupont"), IsEmpty());
}

TEST_F(PersonsOverTheWire, ALikelyDuplicateIsReportedNotCreatedTwice) {
  const std::string first = Create("Martin", "Lucas", "2012-03-04");
  EXPECT_THAT(cabinet_->CreatePerson(NewPerson("MARTIN", "Lukas", "2012-03-04")),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(HasSubstr("déjà connue"), HasSubstr(first),
                             HasSubstr("confirmer_homonyme"), Not(HasSubstr("Lukas")))));
  EXPECT_THAT(Search(*cabinet_, "martin"), ElementsAre(first));

  v1::CreatePersonRequest homonym = NewPerson("Martin", "Lucas", "2012-03-04");
  homonym.set_confirmer_homonyme(true);
  ASSERT_OK_AND_ASSIGN(v1::CreatePersonResponse created, cabinet_->CreatePerson(homonym));
  EXPECT_THAT(created.doublons_probables(), ElementsAre(first));
  EXPECT_NE(created.person().id(), first);
}

TEST_F(PersonsOverTheWire, OthersGetTheUniformRefusalAndSearchesShowThemNothing) {
  const std::string lucas = Create("Martin", "Lucas", "2012-03-04");
  ASSERT_FALSE(lucas.empty());
  std::unique_ptr<client::SuiviClient> police = ClientFor("ame-pm-montargis");
  std::unique_ptr<client::SuiviClient> chalette = ClientFor("ame-cabinet-chalette");
  std::unique_ptr<client::SuiviClient> gendarme = ClientFor("ame-gendarme");

  const absl::Status unknown = Get(*cabinet_, "personne-qui-n-existe-pas").status();
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kPermissionDenied));
  for (client::SuiviClient* other : {police.get(), chalette.get(), gendarme.get()}) {
    const absl::Status refused = Get(*other, lucas).status();
    EXPECT_EQ(refused.code(), unknown.code());
    EXPECT_EQ(refused.message(), unknown.message());
  }
  EXPECT_THAT(Search(*chalette, "lucas martin"), IsEmpty());
  EXPECT_THAT(Search(*gendarme, "lucas martin"), IsEmpty());
  // The police municipale may not search at all.
  v1::SearchPersonsRequest search;
  search.set_territory_id("ame");
  search.set_texte("martin");
  EXPECT_THAT(police->SearchPersons(search), StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(PersonsOverTheWire, ControllersKeepTheirOwnRecordOfTheSameHuman) {
  const std::string montargis = Create("Martin", "Lucas", "2012-03-04");
  std::unique_ptr<client::SuiviClient> chalette = ClientFor("ame-cabinet-chalette");
  ASSERT_OK_AND_ASSIGN(v1::CreatePersonResponse other,
                       chalette->CreatePerson(NewPerson("Martin", "Lucas", "2012-03-04")));
  EXPECT_EQ(other.person().controller_id(), "commune-chalette-sur-loing");
  EXPECT_THAT(other.doublons_probables(), IsEmpty());
  EXPECT_THAT(Search(*chalette, "lucas martin"), ElementsAre(other.person().id()));
  EXPECT_THAT(Search(*cabinet_, "lucas martin"), ElementsAre(montargis));
}

TEST_F(PersonsOverTheWire, RectificationsAndRepresentativesAreVersionedAndKeptInTheHistory) {
  const std::string lucas = Create("Martn", "Lucas", "2012-03-04");
  const std::string sophie = Create("Martin", "Sophie", "1985-06-01");

  v1::RectifyPersonRequest rectify;
  rectify.set_person_id(lucas);
  rectify.set_expected_version(1);
  rectify.set_motif(v1::MOTIF_RECTIFICATION_ERREUR_SAISIE);
  rectify.mutable_identite()->set_nom("Martin");
  rectify.mutable_identite()->add_prenoms("Lucas");
  rectify.mutable_identite()->set_date_naissance("2012-03-04");
  ASSERT_OK_AND_ASSIGN(v1::Person rectified, cabinet_->RectifyPerson(rectify));
  EXPECT_EQ(rectified.version(), 2);
  EXPECT_EQ(rectified.identite().nom(), "Martin");
  // Replaying the same version is refused and changes nothing.
  rectify.mutable_identite()->set_nom("Durand");
  EXPECT_THAT(cabinet_->RectifyPerson(rectify), StatusIs(absl::StatusCode::kAborted));

  v1::LinkRepresentativeRequest link;
  link.set_person_id(lucas);
  link.set_expected_version(2);
  link.set_representative_id(sophie);
  link.set_lien(v1::LIEN_REPRESENTANT_MERE);
  ASSERT_OK_AND_ASSIGN(v1::Person linked, cabinet_->LinkRepresentative(link));
  ASSERT_EQ(linked.representants_size(), 1);
  EXPECT_EQ(linked.representants(0).identite().prenoms(0), "Sophie");

  v1::GetPersonHistoryRequest history_request;
  history_request.set_person_id(lucas);
  ASSERT_OK_AND_ASSIGN(v1::GetPersonHistoryResponse history,
                       cabinet_->GetPersonHistory(history_request));
  ASSERT_EQ(history.events_size(), 3);
  EXPECT_EQ(history.events(0).identite().nom(), "Martn");
  EXPECT_EQ(history.events(1).motif(), v1::MOTIF_RECTIFICATION_ERREUR_SAISIE);
  EXPECT_EQ(history.events(1).user_id(), kCabinetMontargis);
  EXPECT_EQ(history.events(2).type(), v1::TYPE_EVENEMENT_PERSONNE_REPRESENTANT_AJOUTE);
  EXPECT_EQ(history.events(2).representative_id(), sophie);
}

TEST_F(PersonsOverTheWire, ARectificationOntoAnotherFicheIsReportedAsADuplicate) {
  const std::string lucas = Create("Martin", "Lucas", "2012-03-04");
  const std::string lukas = Create("Martin", "Lukas", "2012-05-04");
  v1::RectifyPersonRequest rectify;
  rectify.set_person_id(lukas);
  rectify.set_expected_version(1);
  rectify.set_motif(v1::MOTIF_RECTIFICATION_ERREUR_SAISIE);
  rectify.mutable_identite()->set_nom("Martin");
  rectify.mutable_identite()->add_prenoms("Lucas");
  rectify.mutable_identite()->set_date_naissance("2012-03-04");
  EXPECT_THAT(cabinet_->RectifyPerson(rectify),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(HasSubstr(lucas), HasSubstr("rectification"))));
  rectify.set_confirmer_homonyme(true);
  ASSERT_OK_AND_ASSIGN(v1::Person rectified, cabinet_->RectifyPerson(rectify));
  EXPECT_EQ(rectified.version(), 2);
}

TEST_F(PersonsOverTheWire, BadRequestsAreRefusedWithTheFieldAndNothingIsWritten) {
  v1::CreatePersonRequest no_birth = NewPerson("Martin", "Lucas", "");
  EXPECT_THAT(cabinet_->CreatePerson(no_birth),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("date_naissance")));
  v1::CreatePersonRequest bad_postcode = NewPerson("Martin", "Lucas", "2012-03-04");
  bad_postcode.mutable_coordonnees()->set_code_postal("452");
  EXPECT_THAT(cabinet_->CreatePerson(bad_postcode),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("code_postal")));
  v1::SearchPersonsRequest empty;
  empty.set_territory_id("ame");
  empty.set_texte("  - ");
  EXPECT_THAT(cabinet_->SearchPersons(empty),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("texte")));
  v1::SearchPersonsRequest too_long = empty;
  std::string text;
  for (int i = 0; i < 201; ++i) text += "é";  // 201 characters, 402 bytes
  too_long.set_texte(text);
  EXPECT_THAT(cabinet_->SearchPersons(too_long),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("200 caractères")));
  EXPECT_THAT(Search(*cabinet_, "martin"), IsEmpty());

  const std::string lucas = Create("Martin", "Lucas", "2012-03-04");
  v1::RectifyPersonRequest nothing;
  nothing.set_person_id(lucas);
  nothing.set_expected_version(1);
  nothing.set_motif(v1::MOTIF_RECTIFICATION_DEMANDE_PERSONNE);
  EXPECT_THAT(cabinet_->RectifyPerson(nothing),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rien à rectifier")));
}

TEST_F(PersonsOverTheWire, ARestartRebuildsTheSearchIndexFromTheEncryptedStore) {
  const std::string lucas = Create("Martin", "Lucas", "2012-03-04");
  const std::string helene = Create("Lefèvre", "Hélène", "2009-11-30");
  ASSERT_OK(server_->Restart());
  cabinet_ = ClientFor(kCabinetMontargis);
  EXPECT_THAT(Search(*cabinet_, "helene lefevre"), ElementsAre(helene));
  EXPECT_THAT(Search(*cabinet_, "lucas"), ElementsAre(lucas));
  EXPECT_THAT(cabinet_->CreatePerson(NewPerson("Martin", "Lucas", "2012-03-04")),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(PersonsOverTheWire, TheAuditNamesAPersonByAKeyedPseudonymOnly) {
  const std::string lucas = Create("Martin", "Lucas", "2012-03-04");
  auto last_record = [&] {
    v1::AuditRecord last;
    const uint64_t head = server_->audit_log().Head()->sequence;
    EXPECT_OK(server_->audit_log().Scan(head, [&](const v1::AuditRecord& r) {
      last = r;
      return true;
    }));
    return last;
  };
  ASSERT_OK(Get(*cabinet_, lucas).status());
  const v1::AuditRecord first = last_record();
  ASSERT_OK(Get(*cabinet_, lucas).status());
  const v1::AuditRecord second = last_record();

  EXPECT_EQ(first.method(), "suivi.v1.Persons.GetPerson");
  ASSERT_EQ(first.decisions_size(), 4);  // the method's action, then one per class
  for (const v1::AuditDecision& d : first.decisions()) {
    EXPECT_EQ(d.resource_type(), "Personne");
    EXPECT_THAT(d.resource_id(), AllOf(::testing::StartsWith("ps:"), Not(HasSubstr(lucas))));
    EXPECT_EQ(d.resource_id(), first.decisions(0).resource_id());
  }
  EXPECT_EQ(second.decisions(0).resource_id(), first.decisions(0).resource_id());
  EXPECT_THAT(first.SerializeAsString(), AllOf(Not(HasSubstr(lucas)), Not(HasSubstr("Martin"))));
}

}  // namespace
}  // namespace suivi
