// Tests of services/common/rpc_gate.h: what the gate admits, with real
// certificates from core/pki and a fake authenticator; and a walk of the
// descriptor pool checking that every RPC declares its own charte action.

#include "services/common/rpc_gate.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_matchers.h"
#include "core/pki/certificate.h"
#include "core/pki/certificate_authority.h"
#include "core/pki/private_key.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "services/common/caller.h"
#include "suivi/v1/admin.pb.h"
#include "suivi/v1/directory.pb.h"
#include "suivi/v1/options.pb.h"
#include "suivi/v1/session.pb.h"

namespace suivi::services {
namespace {

using ::suivi::testing::IsOk;
using ::suivi::testing::StatusIs;
using ::testing::HasSubstr;

const std::vector<std::string> kServices = {"suivi.v1.Directory", "suivi.v1.Admin",
                                            "suivi.v1.Session"};
const char* const kServiceFiles[] = {"suivi/v1/directory.proto", "suivi/v1/admin.proto",
                                     "suivi/v1/session.proto"};

// The generated pool holds a .proto file only if its code is linked in;
// naming one message of each file links it.
void LinkServiceProtos() {
  (void)v1::ListTerritoriesRequest::descriptor();
  (void)v1::EnrolCertificateRequest::descriptor();
  (void)v1::WhoAmIRequest::descriptor();
}

// Knows the callers it was given, by certificate fingerprint.
class FakeAuthenticator final : public Authenticator {
 public:
  void Add(const std::string& fingerprint, Caller caller) {
    caller.certificate_fingerprint = fingerprint;
    callers_[fingerprint] = std::move(caller);
  }
  int calls() const { return calls_; }

  absl::StatusOr<Caller> Authenticate(absl::string_view fingerprint) const override {
    ++calls_;
    auto it = callers_.find(fingerprint);
    if (it == callers_.end()) return absl::UnauthenticatedError("certificat non enrôlé");
    return it->second;
  }

 private:
  absl::flat_hash_map<std::string, Caller> callers_;
  mutable std::atomic<int> calls_{0};
};

Caller CallerWith(const std::string& user, std::vector<ActiveRole> roles) {
  Caller caller;
  caller.user_id = user;
  caller.organisation_id = "org-" + user;
  caller.roles = std::move(roles);
  return caller;
}

// A CA and the PEM certificates of a few users, made once.
struct TestPki {
  std::string ame_admin;
  std::string gb_admin;
  std::string cpip;
  std::string nobody;      // enrolled, no role in force
  std::string unenrolled;  // issued by the CA, never enrolled
  std::string private_key;
  std::map<std::string, std::string> fingerprints;  // PEM -> fingerprint
};

const TestPki& Pki() {
  static const TestPki* const pki = [] {
    auto* p = new TestPki;
    auto ca = pki::CertificateAuthority::Create("Suivi test CA");
    EXPECT_THAT(ca, IsOk());
    if (!ca.ok()) return p;
    auto issue = [&](const std::string& name, std::string* pem) {
      pki::IssueOptions options;
      options.common_name = name;
      auto issued = (*ca)->IssueWithNewKey(options);
      EXPECT_THAT(issued, IsOk());
      if (!issued.ok()) return;
      *pem = issued->second.ToPem();
      p->fingerprints[*pem] = issued->second.Fingerprint();
      if (p->private_key.empty()) p->private_key = issued->first.ToPem();
    };
    issue("ame-admin", &p->ame_admin);
    issue("gb-admin", &p->gb_admin);
    issue("ame-cpip", &p->cpip);
    issue("ame-sans-role", &p->nobody);
    issue("inconnu", &p->unenrolled);
    return p;
  }();
  return *pki;
}

class RpcGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LinkServiceProtos();
    const TestPki& pki = Pki();
    authenticator_.Add(pki.fingerprints.at(pki.ame_admin),
                       CallerWith("ame-admin", {{"admin", "ame", ""}}));
    authenticator_.Add(pki.fingerprints.at(pki.gb_admin),
                       CallerWith("gb-admin", {{"dpo", "ame", ""}, {"admin", "grand-belfort", ""}}));
    authenticator_.Add(pki.fingerprints.at(pki.cpip),
                       CallerWith("ame-cpip", {{"cpip", "ame", ""}, {"maire", "ame", "montargis"}}));
    authenticator_.Add(pki.fingerprints.at(pki.nobody), CallerWith("ame-sans-role", {}));
    ASSERT_OK_AND_ASSIGN(gate_, RpcGate::Create(&authenticator_, kServices));
  }

  FakeAuthenticator authenticator_;
  std::unique_ptr<RpcGate> gate_;
};

TEST_F(RpcGateTest, EveryMethodOfTheServicesHasItsDeclaredAction) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  int methods = 0;
  for (const std::string& name : kServices) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      const std::string* action = gate_->ActionOf(method->full_name());
      ASSERT_NE(action, nullptr) << method->full_name();
      EXPECT_EQ(*action, method->options().GetExtension(v1::action));
      ++methods;
    }
  }
  EXPECT_GT(methods, 0);
  ASSERT_NE(gate_->ActionOf("suivi.v1.Session.WhoAmI"), nullptr);
  EXPECT_EQ(*gate_->ActionOf("suivi.v1.Session.WhoAmI"), "session:qui_suis_je");
  EXPECT_EQ(gate_->ActionOf("suivi.v1.Directory.Supprimer"), nullptr);
  EXPECT_EQ(gate_->ActionOf("AddUser"), nullptr);
}

TEST_F(RpcGateTest, CreatingAGateOverAnUnknownServiceIsInternal) {
  EXPECT_THAT(RpcGate::Create(&authenticator_, {"suivi.v1.Directory", "suivi.v1.Inconnu"}),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("suivi.v1.Inconnu")));
  EXPECT_THAT(RpcGate::Create(&authenticator_, {"suivi.v1.Directory.AddUser"}),
              StatusIs(absl::StatusCode::kInternal));
}

TEST_F(RpcGateTest, AdmitsEnrolledCallersToWhatTheInterimRuleAllows) {
  const TestPki& pki = Pki();
  constexpr absl::StatusCode kOk = absl::StatusCode::kOk;
  constexpr absl::StatusCode kUnauthenticated = absl::StatusCode::kUnauthenticated;
  constexpr absl::StatusCode kDenied = absl::StatusCode::kPermissionDenied;
  constexpr absl::StatusCode kInternal = absl::StatusCode::kInternal;
  struct Row {
    const char* name;
    std::string pem;
    const char* method;
    absl::StatusCode code;
  };
  const std::vector<Row> rows = {
      {"no certificate", "", "suivi.v1.Directory.ListTerritories", kUnauthenticated},
      {"text that is no PEM", "pas un certificat", "suivi.v1.Session.WhoAmI",
       kUnauthenticated},
      {"a PEM block of garbage",
       "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n",
       "suivi.v1.Session.WhoAmI", kUnauthenticated},
      {"a private key", pki.private_key, "suivi.v1.Session.WhoAmI", kUnauthenticated},
      {"a certificate never enrolled", pki.unenrolled, "suivi.v1.Session.WhoAmI",
       kUnauthenticated},
      {"an unknown method", pki.ame_admin, "suivi.v1.Directory.Supprimer", kInternal},
      {"an unknown method, no certificate", "", "suivi.v1.Directory.Supprimer", kInternal},
      {"a method named without its service", pki.ame_admin, "AddUser", kInternal},
      {"a non-admin adding a user", pki.cpip, "suivi.v1.Directory.AddUser", kDenied},
      {"a non-admin listing territories", pki.cpip, "suivi.v1.Directory.ListTerritories",
       kDenied},
      {"a non-admin enrolling a certificate", pki.cpip, "suivi.v1.Admin.EnrolCertificate",
       kDenied},
      {"a non-admin asking who they are", pki.cpip, "suivi.v1.Session.WhoAmI", kOk},
      {"someone without role asking who they are", pki.nobody, "suivi.v1.Session.WhoAmI",
       kOk},
      {"someone without role adding a user", pki.nobody, "suivi.v1.Directory.AddUser",
       kDenied},
      {"an admin adding a user", pki.ame_admin, "suivi.v1.Directory.AddUser", kOk},
      {"an admin revoking a certificate", pki.ame_admin, "suivi.v1.Admin.RevokeCertificate",
       kOk},
      {"an admin of another territory", pki.gb_admin, "suivi.v1.Directory.AddUser", kOk},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    absl::StatusOr<Caller> caller = gate_->Admit(row.pem, row.method);
    EXPECT_THAT(caller, StatusIs(row.code));
    if (row.code == kOk && caller.ok()) {
      EXPECT_EQ(caller->certificate_fingerprint, pki.fingerprints.at(row.pem));
    }
  }
}

TEST_F(RpcGateTest, AdmitReturnsTheCallerTheAuthenticatorFound) {
  const TestPki& pki = Pki();
  ASSERT_OK_AND_ASSIGN(Caller caller, gate_->Admit(pki.cpip, "suivi.v1.Session.WhoAmI"));
  EXPECT_EQ(caller.user_id, "ame-cpip");
  EXPECT_EQ(caller.organisation_id, "org-ame-cpip");
  ASSERT_EQ(caller.roles.size(), 2u);
  EXPECT_EQ(caller.roles[1].commune_id, "montargis");
}

TEST_F(RpcGateTest, AnUnknownMethodIsRefusedBeforeAnyoneIsAuthenticated) {
  const int calls = authenticator_.calls();
  EXPECT_THAT(gate_->Admit(Pki().ame_admin, "suivi.v1.Directory.Supprimer"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(authenticator_.calls(), calls);
}

TEST(InterimDecision, OpensSessionActionsToAllAndTheRestToAdministrators) {
  const Caller admin = CallerWith("admin", {{"admin", "ame", ""}});
  const Caller commune_admin = CallerWith("admin-communal", {{"admin", "ame", "montargis"}});
  const Caller maire = CallerWith("maire", {{"maire", "ame", "montargis"}});
  const Caller nobody = CallerWith("personne", {});
  struct Row {
    const Caller* caller;
    const char* action;
    bool allowed;
  };
  for (const Row& row : {
           Row{&nobody, "session:qui_suis_je", true},
           Row{&maire, "session:qui_suis_je", true},
           Row{&admin, "session:qui_suis_je", true},
           Row{&maire, "annuaire:ajouter_utilisateur", false},
           Row{&nobody, "annuaire:lister_territoires", false},
           Row{&maire, "admin:enroler_certificat", false},
           Row{&admin, "annuaire:ajouter_utilisateur", true},
           Row{&admin, "admin:revoquer_certificat", true},
           Row{&commune_admin, "admin:revoquer_certificat", true},
           // Only the "session:" family is open, not look-alikes.
           Row{&maire, "sessions:qui_suis_je", false},
           Row{&maire, "session", false},
           Row{&maire, "Session:qui_suis_je", false},
           Row{&maire, "", false},
       }) {
    SCOPED_TRACE(absl::StrCat(row.caller->user_id, " / ", row.action));
    if (row.allowed) {
      EXPECT_THAT(InterimDecision(*row.caller, row.action), IsOk());
    } else {
      EXPECT_THAT(InterimDecision(*row.caller, row.action),
                  StatusIs(absl::StatusCode::kPermissionDenied));
    }
  }
}

TEST(RequireAdminOf, AllowsTheAdministratorsOfThatTerritoryOnly) {
  const Caller ame_admin = CallerWith("ame-admin", {{"admin", "ame", ""}});
  const Caller two_hats = CallerWith("deux-casquettes", {{"dpo", "ame", ""},
                                                         {"admin", "grand-belfort", ""}});
  const Caller maire = CallerWith("maire", {{"maire", "ame", "montargis"}});
  struct Row {
    const Caller* caller;
    const char* territory;
    bool allowed;
  };
  for (const Row& row : {
           Row{&ame_admin, "ame", true},
           Row{&ame_admin, "grand-belfort", false},
           Row{&ame_admin, "", false},
           Row{&ame_admin, "AME", false},
           Row{&two_hats, "grand-belfort", true},
           Row{&two_hats, "ame", false},
           Row{&maire, "ame", false},
       }) {
    SCOPED_TRACE(absl::StrCat(row.caller->user_id, " / ", row.territory));
    if (row.allowed) {
      EXPECT_THAT(RequireAdminOf(*row.caller, row.territory), IsOk());
    } else {
      EXPECT_THAT(RequireAdminOf(*row.caller, row.territory),
                  StatusIs(absl::StatusCode::kPermissionDenied));
    }
  }
}

TEST(Caller, HoldsARoleInATerritoryWhateverTheCommune) {
  const Caller maire = CallerWith("maire", {{"maire", "ame", "montargis"}, {"dpo", "gb", ""}});
  EXPECT_TRUE(maire.HasRole("maire", "ame"));
  EXPECT_FALSE(maire.HasRole("maire", "gb"));
  EXPECT_FALSE(maire.HasRole("dpo", "ame"));
  EXPECT_TRUE(maire.HasRoleAnywhere("dpo"));
  EXPECT_FALSE(maire.HasRoleAnywhere(kAdminRole));
  EXPECT_FALSE(CallerWith("personne", {}).HasRoleAnywhere("maire"));
}

// The API contract of options.proto: every RPC names the charte action
// that authorises it, and no two RPCs share one (the charte decides per
// action, so a shared action would authorise both at once).
TEST(ServiceDescriptors, EveryMethodDeclaresAnActionOfItsOwn) {
  LinkServiceProtos();
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::map<std::string, std::string> method_of_action;
  int methods = 0;
  for (const char* file_name : kServiceFiles) {
    SCOPED_TRACE(file_name);
    const google::protobuf::FileDescriptor* file = pool->FindFileByName(file_name);
    ASSERT_NE(file, nullptr) << "not in the generated pool";
    EXPECT_GT(file->service_count(), 0);
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method = service->method(m);
        const std::string& action = method->options().GetExtension(v1::action);
        ++methods;
        EXPECT_FALSE(action.empty()) << method->full_name() << " declares no action";
        // "family:verb", e.g. "annuaire:ajouter_utilisateur".
        const size_t colon = action.find(':');
        EXPECT_TRUE(colon != std::string::npos && colon > 0 && colon + 1 < action.size() &&
                    action.find(':', colon + 1) == std::string::npos)
            << method->full_name() << ": \"" << action << "\" is not family:verb";
        auto [it, inserted] = method_of_action.emplace(action, method->full_name());
        EXPECT_TRUE(inserted) << "\"" << action << "\" is declared by both " << it->second
                              << " and " << method->full_name();
      }
    }
  }
  EXPECT_GE(methods, 20);
}

}  // namespace
}  // namespace suivi::services
