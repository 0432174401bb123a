// A case stored with one sealed value per field class, read through the
// charte: each caller gets the classes the charte allows, and the store is
// never asked for a denied one (so it is never decrypted).

#include "services/common/masked_read.h"

#include <memory>
#include <string>
#include <vector>

#include "core/audit/audit_log_test_fixture.h"
#include "core/common/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "policy/enforcement/charte_entities.h"
#include "policy/enforcement/test_world.h"
#include "services/common/charte_holder.h"

namespace suivi::services {
namespace {

namespace charte = policy::charte;
using crypto::FieldClass;
using ::testing::ElementsAre;

// Forwards to a store and remembers every key asked for.
class RecordingView final : public store::StoreView {
 public:
  explicit RecordingView(const store::StoreView* view) : view_(view) {}
  absl::StatusOr<std::string> Get(const store::RecordKey& key) const override {
    asked.push_back(key.field_class);
    return view_->Get(key);
  }
  absl::Status Scan(absl::string_view family, absl::string_view territory,
                    absl::string_view prefix, Visitor visit) const override {
    return view_->Scan(family, territory, prefix, visit);
  }
  mutable std::vector<FieldClass> asked;

 private:
  const store::StoreView* view_;
};

class MaskedReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(charte_, CharteHolder::Load("", {}));
    directory_ = std::make_shared<const policy::Entities>(
        *policy::Entities::Build(policy::testing::DirectoryEntities()));
    // The case: every class but scolaire, which it does not have.
    ASSERT_OK(log_.store().Execute([&](const store::StoreView&, store::WriteSet* w) {
      for (FieldClass c : crypto::kAllFieldClasses) {
        if (c == FieldClass::kScolaire) continue;
        w->Put({audit::kCasesFamily, "ame", "case/rappel-x", c}, log_.case_key(),
               std::string(crypto::FieldClassName(c)) + " du dossier");
      }
      return absl::OkStatus();
    }));
  }

  std::map<FieldClass, std::string> Read(const std::string& user, RecordingView* view) {
    Call call("test.Dossiers.Lire", "dossier:lire", log_.operator->(), charte_->current());
    Caller caller;
    caller.user_id = user;
    for (const policy::EntityUid& a : policy::testing::AttributionsOf(user)) {
      caller.assignment_ids.push_back(a.id);
    }
    call.SetCaller(caller);
    call.SetFinalite("suivi_individuel");
    charte::DossierFacts facts{"rappel-x", "ame", "chalette", "commune-chalette", "rappel_ordre",
                               "mairie-chalette", {}, {}, "", "", "", false};
    EXPECT_OK(call.SetTarget(directory_, policy::testing::kToday,
                             Target{charte::Uid("Dossier", "rappel-x"), {charte::Dossier(facts)},
                                    "ame"}));
    absl::StatusOr<std::map<FieldClass, std::string>> fields = ReadPermittedClasses(
        *view, call, "dossier:lire", charte::Uid("Dossier", "rappel-x"),
        {audit::kCasesFamily, "ame", "case/rappel-x"}, crypto::kAllFieldClasses);
    EXPECT_OK(fields.status());
    v1::AuditRecord record = call.Record(absl::OkStatus());
    EXPECT_EQ(record.decisions_size(), 9);  // one per class, in one batch
    return fields.value_or(std::map<FieldClass, std::string>{});
  }

  audit::TestLog log_;
  std::unique_ptr<CharteHolder> charte_;
  std::shared_ptr<const policy::Entities> directory_;
};

TEST_F(MaskedReadTest, TheMaireGetsEveryClassButTheSecretPartageWhichIsNeverOpened) {
  RecordingView view(&log_.store());
  std::map<FieldClass, std::string> fields = Read("maire-chalette", &view);
  EXPECT_EQ(fields.size(), 7u);  // 9 classes, minus situation_sociale, minus scolaire (absent)
  EXPECT_EQ(fields[FieldClass::kFaits], "faits du dossier");
  EXPECT_EQ(fields.count(FieldClass::kSituationSociale), 0u);
  EXPECT_THAT(view.asked, ::testing::Not(::testing::Contains(FieldClass::kSituationSociale)));
}

TEST_F(MaskedReadTest, APoliceOfficerGetsNothingAndNothingIsOpened) {
  RecordingView view(&log_.store());
  EXPECT_TRUE(Read("gendarme", &view).empty());
  EXPECT_TRUE(view.asked.empty());
}

TEST_F(MaskedReadTest, ASocialWorkerOutsideTheCasesCircleGetsNothing) {
  RecordingView view(&log_.store());
  EXPECT_TRUE(Read("assistante-sociale", &view).empty());
  EXPECT_THAT(view.asked, ElementsAre());
}

}  // namespace
}  // namespace suivi::services
