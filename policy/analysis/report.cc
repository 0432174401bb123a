// policy/analysis/report.cc

#include "policy/analysis/report.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"
#include "policy/analysis/inputs.h"
#include "policy/authorizer.h"
#include "policy/entities.h"
#include "policy/request.h"

namespace suivi::policy::analysis {

absl::StatusOr<Verdict> Decide(const Universe& universe, const RequestRef& ref,
                               const PolicySet& policies, int schema) {
  const Slice& slice = universe.slices()[ref.slice];
  Verdict verdict;
  if (!slice.in_schema[schema] || !(universe.ContextMask(schema) & (uint64_t{1} << ref.context))) {
    verdict.undeclared = true;
    return verdict;
  }
  ASSIGN_OR_RETURN(Entities store, universe.Store(slice, ref.values, schema));
  Response response = Authorize(policies, store, universe.MakeRequest(slice, ref.values, ref.context));
  verdict.allowed = response.decision == Decision::kAllow;
  for (const std::string& id : response.reasons) verdict.reasons.push_back(PolicyName(policies, id));
  for (const PolicyError& error : response.errors) {
    verdict.errors.push_back(PolicyName(policies, error.policy_id));
  }
  return verdict;
}

std::string VerdictText(const Verdict& verdict) {
  std::string out;
  if (verdict.undeclared) {
    out = "REFUSÉ : le schéma de cette version ne déclare pas cette requête";
  } else if (verdict.allowed) {
    out = absl::StrCat("AUTORISÉ par : ", absl::StrJoin(verdict.reasons, ", "));
  } else if (!verdict.reasons.empty()) {
    out = absl::StrCat("REFUSÉ par : ", absl::StrJoin(verdict.reasons, ", "));
  } else {
    out = "REFUSÉ : aucune règle ne l'autorise";
  }
  if (!verdict.errors.empty()) {
    absl::StrAppend(&out, " (en erreur : ", absl::StrJoin(verdict.errors, ", "), ")");
  }
  return out;
}

std::string Count(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

std::vector<int> Bits(uint64_t mask, int limit) {
  std::vector<int> out;
  for (; mask != 0 && static_cast<int>(out.size()) < limit; mask &= mask - 1) {
    out.push_back(__builtin_ctzll(mask));
  }
  return out;
}

}  // namespace suivi::policy::analysis
