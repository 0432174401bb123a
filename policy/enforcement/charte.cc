// policy/enforcement/charte.cc

#include "policy/enforcement/charte.h"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/common/status_macros.h"
#include "embedded/suivi_charte_data.h"
#include "policy/authorizer.h"
#include "policy/validator.h"

namespace suivi::policy {
namespace {

constexpr char kVersionFile[] = "version";
constexpr char kTextFile[] = "texte.md";
constexpr char kSchemaFile[] = "schema.cedarschema";
constexpr char kPoliciesFile[] = "charte.cedar";

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

absl::StatusOr<std::string> ReadOne(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("fichier de la charte illisible : ", path.string()));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The number in a "version" file: one line holding it, comments (#) aside.
absl::StatusOr<int32_t> ParseVersion(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    int32_t version = 0;
    if (!absl::SimpleAtoi(line, &version) || version < 1) break;
    return version;
  }
  return absl::InvalidArgumentError(
      "numéro de version de la charte absent ou invalide (un entier positif attendu)");
}

const std::string* Annotation(const Policy& policy, absl::string_view name) {
  for (const auto& [key, value] : policy.annotations) {
    if (key == name) return &value;
  }
  return nullptr;
}

// The policies' annotations, and every reason to refuse them.
std::vector<PolicyInfo> ReadInfos(const PolicySet& policies, std::vector<std::string>* problems) {
  std::vector<PolicyInfo> infos;
  absl::flat_hash_set<std::string> ids;
  for (const Policy& policy : policies.policies()) {
    PolicyInfo info;
    info.forbid = policy.effect == Effect::kForbid;
    const std::string* id = Annotation(policy, "id");
    const std::string where = absl::StrCat("ligne ", policy.line, " : ");
    if (id == nullptr || id->empty()) {
      problems->push_back(absl::StrCat(where, "règle sans @id"));
    } else if (!ids.insert(*id).second) {
      problems->push_back(absl::StrCat(where, "@id « ", *id, " » en double"));
    }
    info.id = id != nullptr && !id->empty() ? *id : policy.id;
    const std::string* message = Annotation(policy, "message");
    if (message != nullptr) info.message = *message;
    if (info.forbid && info.message.empty()) {
      problems->push_back(absl::StrCat(where, "l'interdiction « ", info.id,
                                       " » n'a pas de @message à montrer à l'utilisateur"));
    }
    for (const auto& [key, value] : policy.annotations) {
      if (key == "obligation") info.obligations.push_back(value);
      if (key == "portee" && value == "attribution") info.about_attribution = true;
    }
    infos.push_back(std::move(info));
  }
  return infos;
}

std::string ValidationReport(const ValidationResult& result, const std::vector<PolicyInfo>& infos,
                             const PolicySet& policies) {
  std::vector<std::string> lines;
  for (const ValidationIssue& issue : result.errors) {
    std::string who = issue.policy_id;
    for (size_t i = 0; i < policies.policies().size(); ++i) {
      if (policies.policies()[i].id == issue.policy_id) who = infos[i].id;
    }
    lines.push_back(absl::StrCat("ligne ", issue.line, ", colonne ", issue.column, " : « ", who,
                                 " » : ", issue.message));
  }
  return absl::StrJoin(lines, "\n");
}

}  // namespace

CharteFiles EmbeddedCharteFiles() {
  CharteFiles files;
  files.version = std::string(embedded::CharteVersion());
  files.text = std::string(embedded::CharteText());
  files.schema = std::string(embedded::CharteSchema());
  files.policies = std::string(embedded::ChartePolicies());
  return files;
}

absl::StatusOr<CharteFiles> ReadCharteFiles(absl::string_view directory) {
  const std::filesystem::path dir{std::string(directory)};
  CharteFiles files;
  ASSIGN_OR_RETURN(files.version, ReadOne(dir / kVersionFile));
  ASSIGN_OR_RETURN(files.text, ReadOne(dir / kTextFile));
  ASSIGN_OR_RETURN(files.schema, ReadOne(dir / kSchemaFile));
  ASSIGN_OR_RETURN(files.policies, ReadOne(dir / kPoliciesFile));
  return files;
}

absl::StatusOr<std::shared_ptr<const Charte>> Charte::Load(CharteFiles files) {
  std::shared_ptr<Charte> charte(new Charte());
  auto refused = [](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("charte refusée : ", why));
  };
  absl::StatusOr<int32_t> version = ParseVersion(files.version);
  if (!version.ok()) return refused(version.status().message());
  absl::StatusOr<std::shared_ptr<const Schema>> schema = ParseSchema(files.schema);
  if (!schema.ok()) return refused(absl::StrCat("schéma : ", schema.status().message()));
  absl::StatusOr<std::shared_ptr<const PolicySet>> policies = ParsePolicies(files.policies);
  if (!policies.ok()) return refused(absl::StrCat("règles : ", policies.status().message()));

  std::vector<std::string> problems;
  charte->infos_ = ReadInfos(**policies, &problems);
  ValidationResult validation = Validate(**schema, **policies);
  if (!validation.ok()) {
    problems.push_back(ValidationReport(validation, charte->infos_, **policies));
  }
  if (!problems.empty()) return refused(absl::StrCat("\n", absl::StrJoin(problems, "\n")));

  charte->version_ = *version;
  charte->text_sha256_ = Sha256Hex(files.text);
  charte->policies_sha256_ = Sha256Hex(absl::StrCat(files.policies, std::string(1, '\0'),
                                                    files.schema));
  charte->files_ = std::move(files);
  charte->schema_ = *std::move(schema);
  charte->policies_ = *std::move(policies);
  RETURN_IF_ERROR(charte->Index());
  return std::shared_ptr<const Charte>(std::move(charte));
}

absl::Status Charte::Index() {
  for (size_t i = 0; i < policies_->policies().size(); ++i) {
    index_of_cedar_id_[policies_->policies()[i].id] = static_cast<int>(i);
  }
  const EntityUid group{"Action", kNominativeReadGroup};
  if (schema_->FindAction(group) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "charte refusée : le schéma ne déclare pas le groupe d'actions « ",
        kNominativeReadGroup, " »"));
  }
  std::vector<Entity> entities;
  for (const ActionDef& action : schema_->actions()) {
    Entity entity;
    entity.uid = action.uid;
    entity.parents = action.member_of;
    const std::vector<EntityUid>& ancestors = schema_->ActionAncestors(action.uid);
    const bool reads = std::find(ancestors.begin(), ancestors.end(), group) != ancestors.end();
    actions_.insert(action.uid.id);
    entities.push_back(std::move(entity));
    if (!reads) continue;
    for (const std::string& type : action.resource_types) {
      nominative_reads_[type].push_back(action.uid.id);
    }
  }
  ASSIGN_OR_RETURN(Entities store, Entities::Build(std::move(entities)));
  action_store_ = std::make_shared<const Entities>(std::move(store));
  return absl::OkStatus();
}

int Charte::IndexOfCedarId(absl::string_view cedar_id) const {
  auto it = index_of_cedar_id_.find(cedar_id);
  return it == index_of_cedar_id_.end() ? -1 : it->second;
}

bool Charte::HasAction(absl::string_view action) const { return actions_.contains(action); }

bool Charte::IsNominative(absl::string_view entity_type) const {
  return nominative_reads_.contains(entity_type);
}

const std::vector<std::string>& Charte::NominativeReadsOf(absl::string_view entity_type) const {
  static const auto* const kNone = new std::vector<std::string>();
  auto it = nominative_reads_.find(entity_type);
  return it == nominative_reads_.end() ? *kNone : it->second;
}

const std::vector<std::string>& Charte::EnumValues(absl::string_view type) const {
  static const auto* const kNone = new std::vector<std::string>();
  const EntityTypeDef* def = schema_->FindEntityType(type);
  return def == nullptr ? *kNone : def->enum_ids;
}

}  // namespace suivi::policy
