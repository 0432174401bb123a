// services/common/caller.h
//
// Caller is who makes an RPC, as the directory knows them when the call
// arrives: the user their enrolled certificate names and the role
// assignments in force today. Built by an Authenticator, read by the
// authorization step and by the domain; no gRPC here.

#ifndef SUIVI_SERVICES_COMMON_CALLER_H_
#define SUIVI_SERVICES_COMMON_CALLER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/entities.h"

namespace suivi::services {

// A role assignment in force on the day of the call.
struct ActiveRole {
  std::string role_id;
  std::string territory_id;
  // Empty for a territory-wide role.
  std::string commune_id;
};

struct Caller {
  std::string user_id;
  std::string organisation_id;
  // SHA-256 of the certificate the call was made with (64 hex characters).
  std::string certificate_fingerprint;
  std::vector<ActiveRole> roles;
  // Every role assignment of the user, in force or not: the charte is
  // evaluated under each and decides which ones apply.
  std::vector<std::string> assignment_ids;

  // Whether the caller holds `role_id` in `territory_id` (any commune).
  bool HasRole(absl::string_view role_id,
               absl::string_view territory_id) const;
  // Whether the caller holds `role_id` in at least one territory.
  bool HasRoleAnywhere(absl::string_view role_id) const;
};

// The role that administers a territory's directory and certificates.
inline constexpr char kAdminRole[] = "admin";

// Finds the caller behind a certificate fingerprint.
//
// Thread-safe implementations required.
class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // UNAUTHENTICATED, with a message saying why (not enrolled, revoked, user
  // unknown), when the fingerprint names nobody.
  virtual absl::StatusOr<Caller> Authenticate(
      absl::string_view certificate_fingerprint) const = 0;
};

// What the charte needs of the directory.
class CharteDirectory {
 public:
  virtual ~CharteDirectory() = default;
  // The directory as charte entities; never null.
  virtual std::shared_ptr<const policy::Entities> charte_entities() const = 0;
  // Today, as a day number (Europe/Paris).
  virtual int64_t Today() const = 0;
};

}  // namespace suivi::services

#endif  // SUIVI_SERVICES_COMMON_CALLER_H_
