// services/common/call.cc

#include "services/common/call.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "services/common/audit_pseudonyms.h"
#include "policy/enforcement/charte_entities.h"

namespace suivi::services {

Target ServerTarget() { return {policy::charte::Uid("Application", "suivi"), {}, ""}; }

absl::Status UnseenResource() {
  return absl::PermissionDeniedError("accès refusé (ce que vous demandez n'existe peut-être pas)");
}

Call::Call(std::string method, std::string action, const audit::AuditLog* log,
           std::shared_ptr<const policy::Enforcer> enforcer, const AuditPseudonyms* pseudonyms)
    : method_(std::move(method)),
      action_(std::move(action)),
      log_(log),
      pseudonyms_(pseudonyms),
      enforcer_(std::move(enforcer)) {}

absl::Status Call::SetTarget(std::shared_ptr<const policy::Entities> directory, int64_t today,
                             Target target) {
  directory_ = std::move(directory);
  today_ = today;
  target_ = std::move(target);
  absl::StatusOr<policy::Entities> entities =
      enforcer_->RequestEntities(directory_, target_.entities);
  if (!entities.ok()) {
    return absl::InternalError(
        absl::StrCat("entités de la demande invalides : ", entities.status().message()));
  }
  entities_ = std::make_unique<policy::Entities>(*std::move(entities));
  return absl::OkStatus();
}

namespace {

policy::AccessSubject SubjectOf(const Caller& caller, const std::string& finalite,
                                int64_t today) {
  policy::AccessSubject subject;
  subject.principal = policy::charte::Uid("Utilisateur", caller.user_id);
  for (const std::string& id : caller.assignment_ids) {
    subject.attributions.push_back(policy::charte::Uid("Attribution", id));
  }
  subject.finalite = finalite;
  subject.aujourdhui = today;
  return subject;
}

}  // namespace

absl::StatusOr<std::vector<policy::AccessDecision>> Call::Decide(
    absl::Span<const policy::AccessQuery> queries, std::vector<policy::Entity> extra,
    bool explain) {
  if (entities_ == nullptr) return absl::InternalError("décision demandée avant la cible");
  const policy::AccessSubject subject = SubjectOf(caller_, finalite_, today_);
  std::vector<policy::AccessDecision> decisions;
  if (extra.empty()) {
    decisions = enforcer_->Decide(*entities_, subject, queries, explain);
  } else {
    std::vector<policy::Entity> all = target_.entities;
    // An extra entity already in the target (the target itself among the
    // items of a list) is the same entity: given once.
    for (policy::Entity& e : extra) {
      const bool in_target = std::any_of(all.begin(), all.begin() + target_.entities.size(),
                                         [&](const policy::Entity& t) { return t.uid == e.uid; });
      if (!in_target) all.push_back(std::move(e));
    }
    absl::StatusOr<policy::Entities> entities = enforcer_->RequestEntities(directory_, all);
    if (!entities.ok()) {
      return absl::InternalError(
          absl::StrCat("entités de la demande invalides : ", entities.status().message()));
    }
    decisions = enforcer_->Decide(*entities, subject, queries, explain);
  }
  for (size_t i = 0; i < queries.size(); ++i) Log(queries[i], decisions[i]);
  return decisions;
}

absl::Status Call::AuthorizeAction() {
  const policy::AccessQuery query{action_, target_.resource, policy::kDefaultFieldClass};
  ASSIGN_OR_RETURN(std::vector<policy::AccessDecision> decisions,
                   Decide({query}, {}, /*explain=*/true));
  if (decisions[0].allowed) {
    obligations_ = decisions[0].obligations;
    return absl::OkStatus();
  }
  const policy::AccessSubject subject = SubjectOf(caller_, finalite_, today_);
  if (!enforcer_->MaySee(*entities_, subject, target_.resource)) {
    return UnseenResource();
  }
  return absl::PermissionDeniedError(absl::StrCat("accès refusé : ", decisions[0].reason));
}

absl::StatusOr<std::vector<std::string>> Call::ReadableClasses(
    const std::string& action, const policy::EntityUid& resource,
    const std::vector<std::string>& classes, std::vector<policy::Entity> extra) {
  std::vector<policy::AccessQuery> queries;
  for (const std::string& classe : classes) queries.push_back({action, resource, classe});
  ASSIGN_OR_RETURN(std::vector<policy::AccessDecision> decisions,
                   Decide(queries, std::move(extra)));
  std::vector<std::string> readable;
  for (size_t i = 0; i < classes.size(); ++i) {
    if (decisions[i].allowed) readable.push_back(classes[i]);
  }
  absl::MutexLock lock(&mu_);
  classes_returned_.insert(classes_returned_.end(), readable.begin(), readable.end());
  return readable;
}

absl::StatusOr<std::vector<bool>> Call::MayReadEach(
    const std::string& action, const std::vector<policy::EntityUid>& resources,
    const std::string& classe, std::vector<policy::Entity> extra) {
  std::vector<policy::AccessQuery> queries;
  queries.reserve(resources.size());
  for (const policy::EntityUid& resource : resources) queries.push_back({action, resource, classe});
  ASSIGN_OR_RETURN(std::vector<policy::AccessDecision> decisions,
                   Decide(queries, std::move(extra)));
  std::vector<bool> readable(decisions.size());
  for (size_t i = 0; i < decisions.size(); ++i) readable[i] = decisions[i].allowed;
  if (std::find(readable.begin(), readable.end(), true) != readable.end()) {
    absl::MutexLock lock(&mu_);
    classes_returned_.push_back(classe);
  }
  return readable;
}

void Call::Log(const policy::AccessQuery& query, const policy::AccessDecision& decision) {
  v1::AuditDecision d;
  d.set_action(query.action);
  d.set_resource_type(query.resource.type);
  const bool hidden = pseudonyms_ != nullptr && AuditPseudonyms::Applies(query.resource.type);
  d.set_resource_id(hidden ? pseudonyms_->Of(query.resource.type, query.resource.id)
                           : query.resource.id);
  d.set_field_class(query.classe);
  d.set_allowed(decision.allowed);
  for (const std::string& id : decision.policy_ids) d.add_determining_policies(id);
  d.set_reason(decision.reason);
  d.set_attribution_id(decision.attribution_id);
  for (const std::string& o : decision.obligations) d.add_obligations(o);
  absl::MutexLock lock(&mu_);
  decisions_.push_back(std::move(d));
}

absl::Status Call::AppendAuditTo(const store::StoreView& view, store::WriteSet* writes) {
  RETURN_IF_ERROR(log_->AppendTo(view, writes, Record(absl::OkStatus())));
  audit_in_batch_ = true;
  return absl::OkStatus();
}

v1::AuditRecord Call::Record(const absl::Status& outcome) const {
  v1::AuditRecord record;
  record.set_user_id(caller_.user_id);
  record.set_organisation_id(caller_.organisation_id);
  record.set_certificate_fingerprint(caller_.certificate_fingerprint);
  record.set_territory_id(target_.territory_id);
  record.set_purpose(finalite_);
  record.set_method(method_);
  record.set_outcome_code(static_cast<int32_t>(outcome.code()));
  record.set_charte_version(enforcer_->charte().version());
  record.set_charte_sha256(enforcer_->charte().policies_sha256());
  record.set_batch_item(-1);
  absl::MutexLock lock(&mu_);
  for (const v1::AuditDecision& d : decisions_) *record.add_decisions() = d;
  for (const std::string& c : classes_returned_) record.add_field_classes_returned(c);
  return record;
}

}  // namespace suivi::services
