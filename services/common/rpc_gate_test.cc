// Tests of services/common/rpc_gate.h without gRPC: the enforcement point
// on real certificates (core/pki), the real demo charte, the charte's test
// world as directory, and a real audit log in a temporary store. Every call
// leaves exactly one audit record, whatever its outcome.

#include "services/common/rpc_gate.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/audit/audit_log_test_fixture.h"
#include "core/common/files.h"
#include "core/common/status_matchers.h"
#include "core/pki/certificate.h"
#include "core/pki/certificate_authority.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "policy/enforcement/charte_entities.h"
#include "policy/enforcement/test_world.h"
#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"
#include "suivi/v1/options.pb.h"
#include "suivi/v1/session.pb.h"

namespace suivi::services {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace charte = policy::charte;

const std::vector<std::string> kServices = {"suivi.v1.Directory", "suivi.v1.Admin",
                                            "suivi.v1.Session"};

// The generated pool holds a .proto file only if its code is linked in.
void LinkServiceProtos() {
  (void)v1::ListTerritoriesRequest::descriptor();
  (void)v1::EnrolCertificateRequest::descriptor();
  (void)v1::WhoAmIRequest::descriptor();
}

// Users of the test world, by certificate.
class FakeAuthenticator final : public Authenticator {
 public:
  void Add(const std::string& fingerprint, const std::string& user) {
    Caller caller;
    caller.user_id = user;
    caller.organisation_id = "org";
    caller.certificate_fingerprint = fingerprint;
    for (const policy::EntityUid& a : policy::testing::AttributionsOf(user)) {
      caller.assignment_ids.push_back(a.id);
    }
    callers_[fingerprint] = std::move(caller);
  }
  absl::StatusOr<Caller> Authenticate(absl::string_view fingerprint) const override {
    auto it = callers_.find(fingerprint);
    if (it == callers_.end()) return absl::UnauthenticatedError("certificat non enrôlé");
    return it->second;
  }

 private:
  absl::flat_hash_map<std::string, Caller> callers_;
};

class FakeDirectory final : public CharteDirectory {
 public:
  FakeDirectory()
      : entities_(std::make_shared<const policy::Entities>(
            *policy::Entities::Build(policy::testing::DirectoryEntities()))) {}
  std::shared_ptr<const policy::Entities> charte_entities() const override { return entities_; }
  int64_t Today() const override { return policy::testing::kToday; }

 private:
  std::shared_ptr<const policy::Entities> entities_;
};

// PEM certificates of a few users of the test world, made once.
const std::map<std::string, std::string>& Certificates() {
  static const auto* const pems = [] {
    auto* out = new std::map<std::string, std::string>;
    auto ca = pki::CertificateAuthority::Create("Suivi test CA");
    EXPECT_THAT(ca, IsOk());
    for (const char* user : {"admin", "maire-chalette", "gendarme", "ancien-maire", "inconnu"}) {
      pki::IssueOptions options;
      options.common_name = user;
      auto issued = (*ca)->IssueWithNewKey(options);
      EXPECT_THAT(issued, IsOk());
      (*out)[user] = issued->second.ToPem();
    }
    return out;
  }();
  return *pems;
}

std::string FingerprintOf(const std::string& pem) { return *pki::FingerprintOfPem(pem); }

absl::StatusOr<Target> Server(const Caller&) { return ServerTarget(); }

class RpcGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LinkServiceProtos();
    for (const auto& [user, pem] : Certificates()) {
      if (user != "inconnu") authenticator_.Add(FingerprintOf(pem), user);
    }
    ASSERT_OK_AND_ASSIGN(charte_, CharteHolder::Load("", {}));
    ASSERT_OK_AND_ASSIGN(gate_, RpcGate::Create(Options(kServices)));
  }

  GateOptions Options(std::vector<std::string> services) {
    return {&authenticator_, &directory_, charte_.get(), log_.operator->(), std::move(services)};
  }

  // Runs one call through the gate: `body` runs only when admitted. Returns
  // the status the caller would get.
  absl::Status Run(const std::string& user, const char* finalite, const std::string& method,
                   Resolve resolve, std::function<absl::Status(Call&)> body = nullptr) {
    const std::string pem = user.empty() ? "" : Certificates().at(user);
    std::string purpose = finalite == nullptr ? "" : finalite;
    absl::Status admitted;
    std::shared_ptr<Call> call =
        gate_->Begin(pem, finalite == nullptr ? nullptr : &purpose, method, resolve, &admitted);
    absl::Status outcome = admitted;
    if (admitted.ok() && body) outcome = body(*call);
    absl::Notification done;
    absl::Status answered;
    gate_->Conclude(call, outcome, [&](absl::Status s) {
      answered = s;
      done.Notify();
    });
    done.WaitForNotification();
    return answered;
  }

  std::vector<v1::AuditRecord> Records() { return log_.Records(); }

  audit::TestLog log_;
  FakeAuthenticator authenticator_;
  FakeDirectory directory_;
  std::unique_ptr<CharteHolder> charte_;
  std::unique_ptr<RpcGate> gate_;
};

TEST_F(RpcGateTest, EveryMethodDeclaresAnActionTheCharteKnows) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  int methods = 0;
  for (const std::string& name : kServices) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string* action = gate_->ActionOf(service->method(i)->full_name());
      ASSERT_NE(action, nullptr) << service->method(i)->full_name();
      EXPECT_TRUE(charte_->current()->charte().HasAction(*action)) << *action;
      ++methods;
    }
  }
  EXPECT_GT(methods, 0);
  EXPECT_EQ(gate_->ActionOf("suivi.v1.Directory.Supprimer"), nullptr);
}

TEST_F(RpcGateTest, AGateOverAnUnknownServiceDoesNotStart) {
  EXPECT_THAT(RpcGate::Create(Options({"suivi.v1.Directory", "suivi.v1.Inconnu"})),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("suivi.v1.Inconnu")));
}

TEST_F(RpcGateTest, AnAllowedCallRunsItsBodyAndLeavesOneRecordNamingThePolicy) {
  bool ran = false;
  EXPECT_OK(Run("admin", "administration", "suivi.v1.Directory.ListOrganisations",
                [](const Caller&) -> absl::StatusOr<Target> {
                  return Target{charte::Uid("Territoire", "ame"), {}, "ame"};
                },
                [&](Call&) {
                  ran = true;
                  return absl::OkStatus();
                }));
  EXPECT_TRUE(ran);
  std::vector<v1::AuditRecord> records = Records();
  ASSERT_EQ(records.size(), 1u);
  const v1::AuditRecord& r = records[0];
  EXPECT_EQ(r.user_id(), "admin");
  EXPECT_EQ(r.purpose(), "administration");
  EXPECT_EQ(r.method(), "suivi.v1.Directory.ListOrganisations");
  EXPECT_EQ(r.territory_id(), "ame");
  EXPECT_EQ(r.outcome_code(), 0);
  EXPECT_EQ(r.charte_sha256(), charte_->current()->charte().policies_sha256());
  ASSERT_EQ(r.decisions_size(), 1);
  EXPECT_TRUE(r.decisions(0).allowed());
  EXPECT_THAT(r.decisions(0).determining_policies(), ElementsAre("annuaire-administrateur"));
  EXPECT_EQ(r.decisions(0).attribution_id(), "admin-1");
}

TEST_F(RpcGateTest, ACallWithoutFinaliteIsRefusedAndAudited) {
  absl::Status s = Run("admin", nullptr, "suivi.v1.Session.WhoAmI", Server);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finalité manquante")));
  EXPECT_THAT(s.message(), HasSubstr("suivi_individuel"));
  EXPECT_THAT(Run("admin", "marketing", "suivi.v1.Session.WhoAmI", Server),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("« marketing »")));
  EXPECT_THAT(Run("admin", "<script>", "suivi.v1.Session.WhoAmI", Server),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::Not(HasSubstr("script"))));
  EXPECT_EQ(Records().size(), 3u);
}

TEST_F(RpcGateTest, UnknownCallersAreUnauthenticatedAndAudited) {
  EXPECT_THAT(Run("", "administration", "suivi.v1.Session.WhoAmI", Server),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Run("inconnu", "administration", "suivi.v1.Session.WhoAmI", Server),
              StatusIs(absl::StatusCode::kUnauthenticated));
  std::vector<v1::AuditRecord> records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].certificate_fingerprint(), FingerprintOf(Certificates().at("inconnu")));
  EXPECT_EQ(records[1].outcome_code(), static_cast<int>(absl::StatusCode::kUnauthenticated));
}

TEST_F(RpcGateTest, ARefusalOnSomethingVisibleSaysWhy) {
  absl::Status s = Run("ancien-maire", "administration", "suivi.v1.Directory.ListOrganisations",
                       [](const Caller&) -> absl::StatusOr<Target> {
                         return Target{charte::Uid("Territoire", "ame"), {}, "ame"};
                       });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("accès refusé : ")));
  ASSERT_EQ(Records().size(), 1u);
  EXPECT_FALSE(Records()[0].decisions(0).allowed());
}

TEST_F(RpcGateTest, ARefusalOnACaseTheCallerMayNotSeeIsUniform) {
  charte::DossierFacts rappel{"rappel-x", "ame", "chalette", "commune-chalette", "rappel_ordre",
                              "mairie-chalette", {}, {}, "", "", "", false};
  auto decide = [&](const std::string& user) {
    Call call("test.Dossiers.Lire", "dossier:lire", log_.operator->(), charte_->current());
    call.SetCaller(*authenticator_.Authenticate(FingerprintOf(Certificates().at(user))));
    call.SetFinalite("suivi_individuel");
    EXPECT_OK(call.SetTarget(directory_.charte_entities(), directory_.Today(),
                             Target{charte::Uid("Dossier", "rappel-x"), {charte::Dossier(rappel)},
                                    "ame"}));
    return call.AuthorizeAction();
  };
  EXPECT_OK(decide("maire-chalette"));
  absl::Status gendarme = decide("gendarme");
  EXPECT_THAT(gendarme, StatusIs(absl::StatusCode::kPermissionDenied,
                                 HasSubstr("n'existe peut-être pas")));
  EXPECT_THAT(gendarme.message(), ::testing::Not(HasSubstr("police")));
}

TEST_F(RpcGateTest, AChangeCarriesItsRecordInItsOwnBatchAndNoOther) {
  store::EncryptedStore& store = log_.store();
  const std::string key = log_.case_key();
  EXPECT_OK(Run("admin", "administration", "suivi.v1.Directory.AddGroupMember",
                [](const Caller&) -> absl::StatusOr<Target> {
                  return Target{charte::Uid("Groupe", "ame-go"), {}, "ame"};
                },
                [&](Call& call) {
                  return store.Execute([&](const store::StoreView& view, store::WriteSet* w) {
                    w->Put(audit::CaseKey("c1"), key, "changement");
                    return call.AppendAuditTo(view, w);
                  });
                }));
  ASSERT_EQ(Records().size(), 1u);
  EXPECT_EQ(Records()[0].outcome_code(), 0);
  EXPECT_OK(store.Get(audit::CaseKey("c1")).status());
}

TEST_F(RpcGateTest, AFailedChangeIsAuditedOnItsOwn) {
  EXPECT_THAT(Run("admin", "administration", "suivi.v1.Directory.AddGroupMember",
                  [](const Caller&) -> absl::StatusOr<Target> {
                    return Target{charte::Uid("Groupe", "ame-go"), {}, "ame"};
                  },
                  [&](Call& call) {
                    return log_.store().Execute(
                        [&](const store::StoreView& view, store::WriteSet* w) -> absl::Status {
                          RETURN_IF_ERROR(call.AppendAuditTo(view, w));
                          return absl::FailedPreconditionError("garde non satisfaite");
                        });
                  }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_EQ(Records().size(), 1u);
  EXPECT_EQ(Records()[0].outcome_code(), static_cast<int>(absl::StatusCode::kFailedPrecondition));
}

TEST_F(RpcGateTest, WhenTheAuditCannotBeWrittenTheCallFailsClosed) {
  auto file_system = std::make_shared<audit::FailingFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(file_system);
  gate_.reset();
  log_.Close();
  log_.Open(env.get());
  ASSERT_OK_AND_ASSIGN(gate_, RpcGate::Create(Options(kServices)));
  file_system->FailWrites();
  bool ran = false;
  EXPECT_THAT(Run("admin", "administration", "suivi.v1.Directory.ListTerritories", Server,
                  [&](Call&) {
                    ran = true;
                    return absl::OkStatus();
                  }),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("journal d'audit")));
  EXPECT_TRUE(ran);
  gate_.reset();
  log_.Close();
}

TEST_F(RpcGateTest, AReloadKeepsTheLastGoodCharte) {
  const std::filesystem::path folder = log_.data_dir().parent_path() / "charte";
  std::filesystem::create_directories(folder);
  policy::CharteFiles files = policy::EmbeddedCharteFiles();
  auto write = [&](const policy::CharteFiles& f) {
    ASSERT_OK(WriteFileAtomically(folder / "version", f.version, 0600));
    ASSERT_OK(WriteFileAtomically(folder / "texte.md", f.text, 0600));
    ASSERT_OK(WriteFileAtomically(folder / "schema.cedarschema", f.schema, 0600));
    ASSERT_OK(WriteFileAtomically(folder / "charte.cedar", f.policies, 0600));
  };
  write(files);
  ASSERT_OK_AND_ASSIGN(charte_, CharteHolder::Load(folder.string(), {}));
  ASSERT_OK_AND_ASSIGN(gate_, RpcGate::Create(Options(kServices)));
  const std::string before = charte_->current()->charte().policies_sha256();

  policy::CharteFiles broken = files;
  broken.policies += "\nforbid (principal, action, resource);\n";  // no @id, no @message
  write(broken);
  EXPECT_THAT(gate_->ReloadCharte(), StatusIs(absl::StatusCode::kInvalidArgument,
                                              HasSubstr("sans @id")));
  EXPECT_EQ(charte_->current()->charte().policies_sha256(), before);

  policy::CharteFiles edited = files;
  edited.policies += "\n// Relu par le comité.\n";
  write(edited);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const policy::Enforcer> reloaded, gate_->ReloadCharte());
  EXPECT_NE(reloaded->charte().policies_sha256(), before);
  EXPECT_EQ(charte_->current(), reloaded);
}

}  // namespace
}  // namespace suivi::services
