// services/persons/persons_test_fixture.h
//
// PersonsTest: Persons on a real key store and encrypted store in a fresh
// temporary directory, over a Directory holding the AME demo territory
// (directory_test_fixture.h), with helpers to create and read persons.
//
// Test-only.

#ifndef SUIVI_SERVICES_PERSONS_PERSONS_TEST_FIXTURE_H_
#define SUIVI_SERVICES_PERSONS_PERSONS_TEST_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "core/common/status_matchers.h"
#include "gtest/gtest.h"
#include "services/directory/directory_test_fixture.h"
#include "services/persons/person_layout.h"
#include "services/persons/persons.h"

namespace suivi::persons {

inline constexpr char kCabinetMontargis[] = "mairie-montargis";
inline const Author kAuthor{"ame-cabinet-montargis", kCabinetMontargis};

inline v1::Identite Identite(const std::string& nom, std::vector<std::string> prenoms,
                             const std::string& naissance) {
  v1::Identite identite;
  identite.set_nom(nom);
  for (std::string& p : prenoms) identite.add_prenoms(std::move(p));
  identite.set_date_naissance(naissance);
  return identite;
}

class PersonsTest : public directory::DirectoryTest {
 protected:
  void SetUp() override {
    extra_families_ = {kPersonsFamily};
    DirectoryTest::SetUp();
    LoadAme();
    OpenPersons();
  }
  void TearDown() override {
    persons_.reset();
    DirectoryTest::TearDown();
  }
  void OpenPersons() {
    ASSERT_OK_AND_ASSIGN(persons_,
                         Persons::Open(store_.get(), keys_.get(), directory_.get(), &clock_));
  }
  void ReopenAll() {
    persons_.reset();
    Reopen();
    OpenPersons();
  }

  absl::StatusOr<NewPerson> Plan(const v1::Identite& identite,
                                 const std::string& controller = "commune-montargis",
                                 const std::string& organisation = kCabinetMontargis) {
    v1::CreatePersonRequest request;
    request.set_territory_id("ame");
    request.set_controller_id(controller);
    *request.mutable_identite() = identite;
    request.mutable_coordonnees()->add_adresse("12 rue des Lilas");
    request.mutable_coordonnees()->set_code_postal("45200");
    request.mutable_coordonnees()->set_ville("Montargis");
    return persons_->PlanCreation(request, organisation);
  }
  // Creates the person and returns its meta.
  PersonMeta Create(const v1::Identite& identite,
                    const std::string& controller = "commune-montargis",
                    const std::string& organisation = kCabinetMontargis) {
    absl::StatusOr<NewPerson> plan = Plan(identite, controller, organisation);
    EXPECT_OK(plan.status());
    EXPECT_OK(persons_->Create(*plan, kAuthor, /*allow_duplicate=*/false, nullptr));
    return plan->meta;
  }
  v1::Identite IdentiteOf(const PersonMeta& meta) {
    absl::StatusOr<PersonRecords> records = persons_->Read(meta, {crypto::FieldClass::kIdentite});
    EXPECT_OK(records.status());
    return records->identite.value_or(v1::Identite());
  }
  int64_t VersionOf(const PersonMeta& meta) {
    absl::StatusOr<PersonRecords> records =
        persons_->Read(meta, {crypto::FieldClass::kAdministratif});
    EXPECT_OK(records.status());
    return records->administratif->version();
  }
  std::vector<std::string> Search(const std::string& text) {
    SearchQuery query;
    query.text = text;
    std::vector<std::string> ids;
    for (const SearchMatch& m : persons_->Search("ame", query)) ids.push_back(m.person_id);
    return ids;
  }

  std::unique_ptr<Persons> persons_;
};

}  // namespace suivi::persons

#endif  // SUIVI_SERVICES_PERSONS_PERSONS_TEST_FIXTURE_H_
