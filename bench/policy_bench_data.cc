#include "bench/policy_bench_data.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace suivi::bench {
namespace {

constexpr const char* kModules[] = {"rappel", "cddf", "tig", "responsabilisation",
                                    "groupe", "personnes", "partage", "bilans"};
constexpr const char* kCommunes[] = {"montargis", "amilly", "chalette", "villemandeur",
                                     "pannes"};
constexpr const char* kRoles[] = {"maire", "adjoint_delegue", "cabinet_maire", "coordonnateur",
                                  "policier_municipal", "gendarme", "substitut_procureur",
                                  "cpip", "educateur_pjj", "chef_etablissement", "tuteur",
                                  "travailleur_social", "membre_groupe", "dpo", "admin"};
constexpr const char* kVerbs[] = {"lire", "creer", "modifier", "clore", "exporter"};
constexpr const char* kFieldClasses[] = {"identite", "coordonnees", "faits",
                                         "judiciaire_statut", "scolaire", "decision",
                                         "administratif"};
constexpr const char* kPurposes[] = {"suivi", "statistique", "audit"};
constexpr int kUsers = 120;
constexpr int kCases = 600;
constexpr int kGroups = 4;
constexpr int64_t kToday = 20781;  // 2026-11-24

std::string Uid(absl::string_view type, absl::string_view id) {
  return absl::StrCat("{\"type\":\"", type, "\",\"id\":\"", id, "\"}");
}
std::string EntityRef(absl::string_view type, absl::string_view id) {
  return absl::StrCat("{\"__entity\":", Uid(type, id), "}");
}
std::string Entity(absl::string_view type, absl::string_view id, absl::string_view attrs,
                   const std::vector<std::string>& parents) {
  return absl::StrCat("{\"uid\":", Uid(type, id), ",\"attrs\":{", attrs, "},\"parents\":[",
                      absl::StrJoin(parents, ","), "]}");
}

// Seven policies per module: reads in the commune, territory-wide reads of
// the coordonnateur, writes, closing, exports, deadlines, references.
void AddModulePolicies(absl::string_view m, std::vector<std::string>* out) {
  out->push_back(absl::StrFormat(
      "@id(\"%1$s-lire-commune\")\npermit (principal in Role::\"cabinet_maire\", "
      "action in Action::\"%1$s:lecture\", resource is Case)\nwhen { resource.module == \"%1$s\" "
      "&& principal.commune == resource.commune && context.purpose == \"suivi\" };",
      m));
  out->push_back(absl::StrFormat(
      "@id(\"%1$s-lire-territoire\")\npermit (principal in Role::\"coordonnateur\", "
      "action in Action::\"%1$s:lecture\", resource is Case in Territory::\"ame\")\nwhen { "
      "resource.module == \"%1$s\" && [\"suivi\", \"statistique\"].contains(context.purpose) };",
      m));
  out->push_back(absl::StrFormat(
      "@id(\"%1$s-ecrire\")\npermit (principal, action in [Action::\"%1$s:creer\", "
      "Action::\"%1$s:modifier\"], resource is Case)\nwhen { resource.module == \"%1$s\" && "
      "principal.organisation == resource.owner && principal.charte_version >= 2 };",
      m));
  out->push_back(absl::StrFormat(
      "@id(\"%1$s-clore\")\npermit (principal in Role::\"maire\", action == "
      "Action::\"%1$s:clore\", resource)\nwhen { resource has state && resource.state like "
      "\"*_decidees\" }\nunless { principal.excluded };",
      m));
  out->push_back(absl::StrFormat(
      "@id(\"%1$s-exporter\")\nforbid (principal, action == Action::\"%1$s:exporter\", "
      "resource)\nunless { principal in Role::\"dpo\" && context.purpose == \"audit\" };",
      m));
  out->push_back(absl::StrFormat(
      "@id(\"%1$s-delai\")\npermit (principal in Role::\"adjoint_delegue\", action in "
      "Action::\"%1$s:ecriture\", resource is Case)\nwhen { resource has deadline && "
      "context.today <= resource.deadline && resource.deadline - context.today < 30 };",
      m));
  out->push_back(absl::StrFormat(
      "@id(\"%1$s-groupe\")\npermit (principal in Group::\"ame-go\", action in "
      "Action::\"%1$s:lecture\", resource is Case)\nwhen { resource.docket.contains(Group::\"ame-go\") "
      "&& principal.charte_version == context.charte_version }\nunless { principal.excluded || "
      "resource.sealed };",
      m));
}

std::string Policies(int* count) {
  std::vector<std::string> policies;
  for (const char* m : kModules) AddModulePolicies(m, &policies);
  policies.push_back(
      "@id(\"police-jamais-faits\")\nforbid (principal in Role::\"policier_municipal\", action, "
      "resource) when { context.field_class == \"faits\" };");
  policies.push_back(
      "@id(\"gendarme-jamais-faits\")\nforbid (principal in Role::\"gendarme\", action, "
      "resource) when { [\"faits\", \"situation_sociale\"].containsAny([context.field_class]) };");
  policies.push_back(
      "@id(\"hors-territoire\")\nforbid (principal, action, resource is Case) unless { "
      "resource in principal.territory };");
  policies.push_back(
      "@id(\"mineur-scolaire\")\nforbid (principal, action, resource is Case) when { "
      "resource.minor && context.field_class == \"scolaire\" && !(principal in "
      "Role::\"chef_etablissement\") };");
  *count = static_cast<int>(policies.size());
  return absl::StrJoin(policies, "\n\n");
}

void AddActions(std::vector<std::string>* out) {
  for (const char* m : kModules) {
    out->push_back(Entity("Action", absl::StrCat(m, ":lecture"), "", {}));
    out->push_back(Entity("Action", absl::StrCat(m, ":ecriture"), "", {}));
    for (const char* verb : kVerbs) {
      const bool reads = std::string(verb) == "lire" || std::string(verb) == "exporter";
      out->push_back(Entity("Action", absl::StrCat(m, ":", verb), "",
                            {Uid("Action", absl::StrCat(m, reads ? ":lecture" : ":ecriture"))}));
    }
  }
}

std::string Entities(std::mt19937_64& rng, int* count) {
  std::vector<std::string> e;
  e.push_back(Entity("Territory", "ame", "", {}));
  for (const char* c : kCommunes) e.push_back(Entity("Commune", c, "", {Uid("Territory", "ame")}));
  for (const char* r : kRoles) e.push_back(Entity("Role", r, "", {}));
  for (int g = 0; g < kGroups; ++g) {
    e.push_back(Entity("Group", g == 0 ? "ame-go" : absl::StrCat("groupe-", g), "",
                       {Uid("Territory", "ame")}));
  }
  AddActions(&e);
  auto pick = [&](auto& array) { return array[rng() % std::size(array)]; };
  for (int u = 0; u < kUsers; ++u) {
    const char* commune = pick(kCommunes);
    std::vector<std::string> parents = {Uid("Role", pick(kRoles))};
    if (rng() % 3 == 0) parents.push_back(Uid("Group", "ame-go"));
    e.push_back(Entity(
        "User", absl::StrCat("u", u),
        absl::StrCat("\"commune\":", EntityRef("Commune", commune),
                     ",\"territory\":", EntityRef("Territory", "ame"),
                     ",\"organisation\":\"org-", commune, "-", rng() % 3,
                     "\",\"charte_version\":", 1 + rng() % 2,
                     ",\"excluded\":", rng() % 10 == 0 ? "true" : "false"),
        parents));
  }
  for (int c = 0; c < kCases; ++c) {
    const char* commune = pick(kCommunes);
    std::string attrs = absl::StrCat(
        "\"module\":\"", pick(kModules), "\",\"commune\":", EntityRef("Commune", commune),
        ",\"owner\":\"org-", commune, "-", rng() % 3, "\",\"minor\":",
        rng() % 2 ? "true" : "false", ",\"sealed\":", rng() % 8 == 0 ? "true" : "false",
        ",\"docket\":[", rng() % 2 ? EntityRef("Group", "ame-go") : "", "]");
    if (rng() % 2) absl::StrAppend(&attrs, ",\"state\":\"", rng() % 2 ? "suites_decidees" : "ouvert", "\"");
    if (rng() % 2) absl::StrAppend(&attrs, ",\"deadline\":", kToday - 10 + rng() % 60);
    e.push_back(Entity("Case", absl::StrCat("c", c), attrs, {Uid("Commune", commune)}));
  }
  *count = static_cast<int>(e.size());
  return absl::StrCat("[", absl::StrJoin(e, ",\n"), "]");
}

// The schema of the entities and requests above: every policy validates
// against it, every entity and request conforms to it.
std::string Schema() {
  std::string out = R"(entity Territory;
entity Commune in [Territory];
entity Role;
entity Group in [Territory];
entity User in [Role, Group] {
  commune: Commune,
  territory: Territory,
  organisation: String,
  charte_version: Long,
  excluded: Bool,
};
entity Case in [Commune] {
  module: String,
  commune: Commune,
  owner: String,
  minor: Bool,
  sealed: Bool,
  docket: Set<Group>,
  state?: String,
  deadline?: Long,
};
type Contexte = {
  purpose: String,
  today: Long,
  field_class: String,
  charte_version: Long,
};
)";
  for (const char* m : kModules) {
    absl::StrAppendFormat(&out, "action \"%1$s:lecture\", \"%1$s:ecriture\";\n", m);
    for (const char* verb : kVerbs) {
      const bool reads = std::string(verb) == "lire" || std::string(verb) == "exporter";
      absl::StrAppendFormat(&out,
                            "action \"%1$s:%2$s\" in [\"%1$s:%3$s\"]\n  appliesTo { principal: User, "
                            "resource: Case, context: Contexte };\n",
                            m, verb, reads ? "lecture" : "ecriture");
    }
  }
  return out;
}

std::string Request(std::mt19937_64& rng) {
  auto pick = [&](auto& array) { return array[rng() % std::size(array)]; };
  return absl::StrCat(
      "{\"principal\":", Uid("User", absl::StrCat("u", rng() % kUsers)),
      ",\"action\":", Uid("Action", absl::StrCat(pick(kModules), ":", pick(kVerbs))),
      ",\"resource\":", Uid("Case", absl::StrCat("c", rng() % kCases)),
      ",\"context\":{\"purpose\":\"", pick(kPurposes), "\",\"today\":", kToday,
      ",\"field_class\":\"", pick(kFieldClasses), "\",\"charte_version\":2}}");
}

}  // namespace

PolicyBenchData MakePolicyBenchData(uint64_t seed, int request_count) {
  std::mt19937_64 rng(seed);
  PolicyBenchData data;
  data.policies = Policies(&data.policy_count);
  data.schema = Schema();
  data.entities_json = Entities(rng, &data.entity_count);
  for (int i = 0; i < request_count; ++i) data.requests.push_back(Request(rng));
  return data;
}

}  // namespace suivi::bench
