// policy/explain.cc

#include "policy/explain.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/evaluator.h"
#include "policy/lexer.h"

namespace suivi::policy {
namespace {

// The outcome of `policy` for the request, clause by clause.
PolicyExplanation ExplainPolicy(const Policy& policy, Evaluator* evaluator) {
  PolicyExplanation out;
  out.policy = &policy;
  for (const Clause& clause : policy.clauses) {
    absl::StatusOr<Value> value = evaluator->Eval(*clause.expr);
    if (value.ok() && value->kind() != Value::Kind::kBool) {
      value = absl::InvalidArgumentError(absl::StrCat("erreur de type : un booléen attendu, ",
                                                      KindName(value->kind()), " reçu"));
    }
    if (!value.ok()) {
      out.outcome = PolicyOutcome::kError;
      out.clause = &clause;
      out.error = std::string(value.status().message());
      return out;
    }
    if (!value->bool_value()) {
      out.outcome = PolicyOutcome::kNotSatisfied;
      out.clause = &clause;
      return out;
    }
  }
  out.outcome = PolicyOutcome::kSatisfied;
  return out;
}

// Byte offset of (line, column) in `text`; columns count characters, as
// the lexer does. The end of `text` when past it.
size_t OffsetOf(absl::string_view text, int line, int column) {
  size_t i = 0;
  for (int l = 1; l < line && i < text.size(); ++i) {
    if (text[i] == '\n') ++l;
  }
  for (int c = 1; c < column && i < text.size(); ++c) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// The text of the clause starting at `clause`, as written, on one line:
// a scope constraint up to its `,` or `)`; `when { ... }` / `unless { ... }`
// up to its closing brace.
std::string ClauseText(absl::string_view text, const Clause& clause) {
  absl::StatusOr<std::vector<Token>> tokens = Lex(text);
  if (!tokens.ok()) return "";
  auto start = std::find_if(tokens->begin(), tokens->end(), [&](const Token& t) {
    return t.line == clause.line && t.column == clause.column;
  });
  if (start == tokens->end()) return "";
  bool condition = clause.kind == ClauseKind::kWhen || clause.kind == ClauseKind::kUnless;
  int depth = 0;
  auto end = start;
  for (; end != tokens->end() && end->kind != TokenKind::kEnd; ++end) {
    if (end->kind != TokenKind::kPunct) continue;
    const std::string& p = end->text;
    if (p == "(" || p == "[" || p == "{") ++depth;
    if (p == ")" || p == "]" || p == "}") --depth;
    if (condition && p == "}" && depth == 0) break;
    if (!condition && depth <= 0 && (p == "," || p == ")")) break;
  }
  size_t from = OffsetOf(text, start->line, start->column);
  size_t to = end == tokens->end() ? text.size() : OffsetOf(text, end->line, end->column);
  if (condition && to < text.size()) ++to;  // keep the closing brace
  // One line: every run of white space becomes one space.
  std::string out;
  bool space = false;
  for (char ch : text.substr(from, to - from)) {
    if (absl::ascii_isspace(static_cast<unsigned char>(ch))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

// « pm-lecture » (policy0, ligne 3), or policy0 (ligne 3) without @id.
std::string PolicyName(const Policy& policy) {
  for (const auto& [key, value] : policy.annotations) {
    if (key == "id") return absl::StrCat("« ", value, " » (", policy.id, ", ligne ", policy.line, ")");
  }
  return absl::StrCat(policy.id, " (ligne ", policy.line, ")");
}

const std::string* Annotation(const Policy& policy, absl::string_view key) {
  for (const auto& [k, v] : policy.annotations) {
    if (k == key) return &v;
  }
  return nullptr;
}

// What the first clause a policy did not meet says, in words.
std::string UnmetClause(const Clause& clause, absl::string_view text) {
  std::string quoted = absl::StrCat("« ", ClauseText(text, clause), " » (ligne ", clause.line, ")");
  switch (clause.kind) {
    case ClauseKind::kPrincipal:
      return absl::StrCat("le demandeur ne correspond pas à ", quoted);
    case ClauseKind::kAction:
      return absl::StrCat("l'action ne correspond pas à ", quoted);
    case ClauseKind::kResource:
      return absl::StrCat("la ressource ne correspond pas à ", quoted);
    case ClauseKind::kWhen:
      return absl::StrCat("la condition n'est pas remplie : ", quoted);
    case ClauseKind::kUnless:
      return absl::StrCat("l'exception s'applique : ", quoted);
  }
  return quoted;
}

void AppendSatisfied(const std::vector<PolicyExplanation>& policies, Effect effect,
                     std::string* out) {
  for (const PolicyExplanation& p : policies) {
    if (p.outcome != PolicyOutcome::kSatisfied || p.policy->effect != effect) continue;
    absl::StrAppend(out, "  - ", PolicyName(*p.policy), " : toutes ses conditions sont remplies");
    if (const std::string* message = Annotation(*p.policy, "message");
        message != nullptr && effect == Effect::kForbid) {
      absl::StrAppend(out, " ; motif : « ", *message, " »");
    }
    absl::StrAppend(out, ".\n");
  }
}

// For a default deny: each permit on the action and what it lacked.
void AppendUnmetPermits(const std::vector<PolicyExplanation>& policies, absl::string_view text,
                        std::string* out) {
  std::string lines;
  for (const PolicyExplanation& p : policies) {
    if (p.policy->effect != Effect::kPermit || p.outcome != PolicyOutcome::kNotSatisfied) continue;
    absl::StrAppend(&lines, "  - ", PolicyName(*p.policy), " : ", UnmetClause(*p.clause, text), ".\n");
  }
  if (lines.empty()) {
    absl::StrAppend(out, "Aucune règle d'autorisation ne porte sur cette action.\n");
  } else {
    absl::StrAppend(out, "Règles d'autorisation sur cette action, et ce qui leur manque :\n", lines);
  }
}

void AppendErrors(const std::vector<PolicyExplanation>& policies, absl::string_view text,
                  std::string* out) {
  std::string lines;
  for (const PolicyExplanation& p : policies) {
    if (p.outcome != PolicyOutcome::kError) continue;
    absl::StrAppend(&lines, "  - ", PolicyName(*p.policy), " : ", p.error, ", dans « ",
                    ClauseText(text, *p.clause), " » (ligne ", p.clause->line, ").\n");
  }
  if (lines.empty()) return;
  absl::StrAppend(out, "\nRègles écartées parce que leur évaluation a échoué (elles ne comptent ni "
                       "pour ni contre) :\n", lines);
}

}  // namespace

Explanation Explain(const PolicySet& policies, const Entities& entities, const Request& request) {
  Explanation explanation;
  explanation.response = Authorize(policies, entities, request);
  std::vector<uint32_t> candidates;
  if (request.action.kind() == Value::Kind::kEntity) {
    const EntityUid& action = request.action.entity_value();
    policies.CandidatesFor(action, entities.Find(action), &candidates);
  }
  Evaluator evaluator(entities, request);
  const std::vector<Policy>& all = policies.policies();
  for (uint32_t i = 0; i < all.size(); ++i) {
    if (!std::binary_search(candidates.begin(), candidates.end(), i)) {
      explanation.policies.push_back(
          PolicyExplanation{&all[i], PolicyOutcome::kOtherAction, nullptr, ""});
      continue;
    }
    explanation.policies.push_back(ExplainPolicy(all[i], &evaluator));
  }
  return explanation;
}

std::string ExplanationToFrench(const Explanation& explanation, const Request& request,
                                absl::string_view policy_text) {
  std::string out = absl::StrCat("Demande : ", request.principal.ToString(), " demande l'action ",
                                 request.action.ToString(), " sur ", request.resource.ToString());
  if (!request.context.record_value().empty()) {
    absl::StrAppend(&out, ", contexte ", request.context.ToString());
  }
  absl::StrAppend(&out, ".\n");
  const std::vector<PolicyExplanation>& policies = explanation.policies;
  bool forbidden = false;
  for (const PolicyExplanation& p : policies) {
    forbidden |= p.outcome == PolicyOutcome::kSatisfied && p.policy->effect == Effect::kForbid;
  }
  if (explanation.response.decision == Decision::kAllow) {
    absl::StrAppend(&out, "Décision : AUTORISÉE.\n\nAutorisée par :\n");
    AppendSatisfied(policies, Effect::kPermit, &out);
  } else if (forbidden) {
    absl::StrAppend(&out, "Décision : REFUSÉE.\n\nInterdite par (une interdiction l'emporte "
                          "toujours sur les autorisations) :\n");
    AppendSatisfied(policies, Effect::kForbid, &out);
  } else {
    absl::StrAppend(&out, "Décision : REFUSÉE : aucune règle n'autorise cette demande.\n\n");
    AppendUnmetPermits(policies, policy_text, &out);
  }
  AppendErrors(policies, policy_text, &out);
  size_t elsewhere = std::count_if(policies.begin(), policies.end(), [](const PolicyExplanation& p) {
    return p.outcome == PolicyOutcome::kOtherAction;
  });
  if (elsewhere > 0) {
    absl::StrAppend(&out, "\n", elsewhere, elsewhere == 1 ? " autre règle porte" : " autres règles portent",
                    " sur d'autres actions.\n");
  }
  return out;
}

}  // namespace suivi::policy

namespace suivi::policy {

std::string UnmetPermitsInBrief(const Explanation& explanation, absl::string_view policy_text) {
  std::vector<std::string> unmet;
  for (const PolicyExplanation& p : explanation.policies) {
    if (p.policy->effect != Effect::kPermit || p.outcome != PolicyOutcome::kNotSatisfied) continue;
    // A scope the request does not match: that rule is about something else.
    if (p.clause->kind != ClauseKind::kWhen && p.clause->kind != ClauseKind::kUnless) continue;
    const std::string* id = Annotation(*p.policy, "id");
    unmet.push_back(absl::StrCat("« ", id != nullptr ? *id : p.policy->id, " » ",
                                 p.clause->kind == ClauseKind::kWhen ? "demande " : "exclut ",
                                 "« ", ClauseText(policy_text, *p.clause), " »"));
  }
  if (unmet.empty()) return "aucune règle de la charte n'autorise cette action";
  return absl::StrCat("aucune règle de la charte ne vous l'autorise ici : ",
                      absl::StrJoin(unmet, " ; "));
}

}  // namespace suivi::policy
