// policy/policy_set.h
//
// A parsed set of policies, in text order.
//
// Thread-safe: immutable once built.

#ifndef SUIVI_POLICY_POLICY_SET_H_
#define SUIVI_POLICY_POLICY_SET_H_

#include <utility>
#include <vector>

#include "policy/ast.h"

namespace suivi::policy {

class PolicySet {
 public:
  explicit PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {}

  PolicySet(const PolicySet&) = delete;
  PolicySet& operator=(const PolicySet&) = delete;

  const std::vector<Policy>& policies() const { return policies_; }

 private:
  std::vector<Policy> policies_;
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_POLICY_SET_H_
