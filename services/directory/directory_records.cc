#include "services/directory/directory_records.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace suivi::directory {
namespace {

std::string Number(int n) { return absl::StrFormat("%06d", n); }

template <typename Message>
absl::Status ParseInto(absl::string_view bytes, DirectoryState* state) {
  Message message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("annuaire : enregistrement illisible");
  }
  state->Apply(message);
  return absl::OkStatus();
}

}  // namespace

std::string ScopeOf(const v1::Territory&) { return kServerScope; }
std::string ScopeOf(const v1::Organisation&) { return kServerScope; }
std::string ScopeOf(const v1::User&) { return kServerScope; }
std::string ScopeOf(const v1::EnrolledCertificate&) { return kServerScope; }
std::string ScopeOf(const v1::RoleAssignment& a) { return a.territory_id(); }
std::string ScopeOf(const v1::CharteVersion& v) { return v.territory_id(); }
std::string ScopeOf(const v1::Group& g) { return g.territory_id(); }
std::string ScopeOf(const v1::GroupMember& m) { return m.territory_id(); }
std::string ScopeOf(const v1::Signature& s) { return s.territory_id(); }
std::string ScopeOf(const v1::Exclusion& e) { return e.territory_id(); }

std::string EntityOf(const v1::Territory& t) { return absl::StrCat("territoire/", t.id()); }
std::string EntityOf(const v1::Organisation& o) {
  return absl::StrCat("organisation/", o.id());
}
std::string EntityOf(const v1::User& u) { return absl::StrCat("utilisateur/", u.id()); }
std::string EntityOf(const v1::EnrolledCertificate& c) {
  return absl::StrCat("certificat/", c.fingerprint());
}
std::string EntityOf(const v1::RoleAssignment& a) {
  return absl::StrCat("attribution/", a.id());
}
std::string EntityOf(const v1::CharteVersion& v) {
  return absl::StrCat("charte/", Number(v.number()));
}
std::string EntityOf(const v1::Group& g) { return absl::StrCat("groupe/", g.id()); }
std::string EntityOf(const v1::GroupMember& m) {
  return absl::StrCat("membre/", m.group_id(), "/", m.user_id());
}
std::string EntityOf(const v1::Signature& s) {
  return absl::StrCat("signature/", s.user_id(), "/", Number(s.charte_version()));
}
std::string EntityOf(const v1::Exclusion& e) {
  return absl::StrCat("exclusion/", e.group_id(), "/", e.user_id(), "/", e.excluded_on());
}

absl::Status ApplyRecord(absl::string_view entity, absl::string_view bytes,
                         DirectoryState* state) {
  using absl::StartsWith;
  if (StartsWith(entity, "territoire/")) return ParseInto<v1::Territory>(bytes, state);
  if (StartsWith(entity, "organisation/")) return ParseInto<v1::Organisation>(bytes, state);
  if (StartsWith(entity, "utilisateur/")) return ParseInto<v1::User>(bytes, state);
  if (StartsWith(entity, "certificat/")) {
    return ParseInto<v1::EnrolledCertificate>(bytes, state);
  }
  if (StartsWith(entity, "attribution/")) return ParseInto<v1::RoleAssignment>(bytes, state);
  if (StartsWith(entity, "charte/")) return ParseInto<v1::CharteVersion>(bytes, state);
  if (StartsWith(entity, "groupe/")) return ParseInto<v1::Group>(bytes, state);
  if (StartsWith(entity, "membre/")) return ParseInto<v1::GroupMember>(bytes, state);
  if (StartsWith(entity, "signature/")) return ParseInto<v1::Signature>(bytes, state);
  if (StartsWith(entity, "exclusion/")) return ParseInto<v1::Exclusion>(bytes, state);
  return absl::DataLossError("annuaire : enregistrement de type inconnu");
}

}  // namespace suivi::directory
