// policy/enforcement/charte.h
//
// A Charte is one version of the charte déontologique, loaded and checked
// (DESIGN.md §5): its French text, its schema and its policies, with the
// version number the committee adopted and their hashes. Loading refuses a
// charte that the server must not run with: policies that do not parse or
// do not validate against the schema, a policy without a unique @id, a
// forbid without the @message a refused user is shown.
//
// The files live in policy/charte/ and are built into the binaries
// (EmbeddedCharteFiles); a deployment may load another directory.
//
// Thread-safe: immutable once loaded.

#ifndef SUIVI_POLICY_ENFORCEMENT_CHARTE_H_
#define SUIVI_POLICY_ENFORCEMENT_CHARTE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/entities.h"
#include "policy/policy_set.h"
#include "policy/schema.h"

namespace suivi::policy {

// The files of one version of the charte, as read.
struct CharteFiles {
  std::string version;   // "version": comment lines (#) and the number
  std::string text;      // "texte.md": what members read and sign
  std::string schema;    // "schema.cedarschema"
  std::string policies;  // "charte.cedar"
};

// The charte built into the binaries (policy/charte/).
CharteFiles EmbeddedCharteFiles();

// Reads the four files from `directory`. NOT_FOUND or PERMISSION_DENIED,
// in French, naming the file that cannot be read.
absl::StatusOr<CharteFiles> ReadCharteFiles(absl::string_view directory);

// What the enforcement needs of one policy, by index in policies().
struct PolicyInfo {
  std::string id;                        // its @id
  bool forbid = false;
  std::string message;                   // @message (every forbid has one)
  std::vector<std::string> obligations;  // @obligation values
  // @portee("attribution"): the forbid only says that the role assignment
  // evaluated does not apply here, so another reason is shown first.
  bool about_attribution = false;
};

// The action group whose members read nominative data, and the field class
// of actions that touch no personal field: a contract between the server
// and the charte's schema, checked at load.
inline constexpr char kNominativeReadGroup[] = "lecture_nominative";
inline constexpr char kDefaultFieldClass[] = "administratif";

class Charte {
 public:
  // Parses and checks `files`. INVALID_ARGUMENT, in French, listing every
  // reason the charte is refused (validation errors with their line and
  // column, missing @id or @message, a bad version number).
  static absl::StatusOr<std::shared_ptr<const Charte>> Load(CharteFiles files);

  Charte(const Charte&) = delete;
  Charte& operator=(const Charte&) = delete;

  int32_t version() const { return version_; }
  // SHA-256 (hex) of texte.md.
  const std::string& text_sha256() const { return text_sha256_; }
  // SHA-256 (hex) of charte.cedar, a NUL byte, then schema.cedarschema:
  // what decisions depend on; the audit records it with every decision.
  const std::string& policies_sha256() const { return policies_sha256_; }
  const CharteFiles& files() const { return files_; }

  const PolicySet& policies() const { return *policies_; }
  const Schema& schema() const { return *schema_; }
  const PolicyInfo& info(size_t policy_index) const { return infos_[policy_index]; }
  // The index of the policy whose Cedar id is `cedar_id` ("policy3"), or -1.
  int IndexOfCedarId(absl::string_view cedar_id) const;

  // Whether the schema declares `action` (e.g. "dossier:lire").
  bool HasAction(absl::string_view action) const;
  // The schema's actions and their groups as entities: a base of every
  // request's entity store.
  const std::shared_ptr<const Entities>& action_store() const { return action_store_; }
  // Whether `entity_type` holds nominative data (a resource type of a read
  // in kNominativeReadGroup), and those reads.
  bool IsNominative(absl::string_view entity_type) const;
  const std::vector<std::string>& NominativeReadsOf(absl::string_view entity_type) const;
  // The values of the enumerated entity type `type` ("Finalite", "Classe").
  const std::vector<std::string>& EnumValues(absl::string_view type) const;

 private:
  Charte() = default;
  absl::Status Index();

  int32_t version_ = 0;
  std::string text_sha256_;
  std::string policies_sha256_;
  CharteFiles files_;
  std::shared_ptr<const PolicySet> policies_;
  std::shared_ptr<const Schema> schema_;
  std::vector<PolicyInfo> infos_;
  absl::flat_hash_map<std::string, int> index_of_cedar_id_;
  absl::flat_hash_set<std::string> actions_;
  std::shared_ptr<const Entities> action_store_;
  absl::flat_hash_map<std::string, std::vector<std::string>> nominative_reads_;
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_ENFORCEMENT_CHARTE_H_
