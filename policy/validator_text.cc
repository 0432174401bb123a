// policy/validator_text.cc

#include "policy/validator_text.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/validator_types.h"

namespace suivi::policy::validator_internal {
namespace {

constexpr size_t kMaxExprText = 60;

const char* OperatorText(ExprKind kind) {
  switch (kind) {
    case ExprKind::kAnd:
      return " && ";
    case ExprKind::kOr:
      return " || ";
    case ExprKind::kEq:
      return " == ";
    case ExprKind::kLess:
      return " < ";
    case ExprKind::kLessEq:
      return " <= ";
    case ExprKind::kIn:
      return " in ";
    case ExprKind::kAdd:
      return " + ";
    case ExprKind::kSub:
      return " - ";
    case ExprKind::kMul:
      return " * ";
    default:
      return nullptr;
  }
}

const char* MethodName(ExprKind kind) {
  switch (kind) {
    case ExprKind::kContains:
      return "contains";
    case ExprKind::kContainsAll:
      return "containsAll";
    case ExprKind::kContainsAny:
      return "containsAny";
    case ExprKind::kIsEmpty:
      return "isEmpty";
    default:
      return nullptr;
  }
}

void AppendText(const Expr& e, std::string* out);

// An operand, in parentheses when it is itself an operator.
void AppendOperand(const Expr& e, std::string* out) {
  bool compound = OperatorText(e.kind) != nullptr || e.kind == ExprKind::kIf ||
                  e.kind == ExprKind::kHas || e.kind == ExprKind::kLike || e.kind == ExprKind::kIs;
  if (compound) out->push_back('(');
  AppendText(e, out);
  if (compound) out->push_back(')');
}

void AppendAccess(const std::string& name, std::string* out) {
  if (IsIdentifier(name)) {
    absl::StrAppend(out, ".", name);
  } else {
    absl::StrAppend(out, "[", Value::String(name).ToString(), "]");
  }
}

// A literal as written in a policy: {a: 1, "b c": 2} (keys unquoted when
// they are identifiers).
void AppendValue(const Value& v, std::string* out) {
  if (v.kind() == Value::Kind::kSet) {
    out->push_back('[');
    const SetElements& elements = v.set_value();
    for (size_t i = 0; i < elements.size(); ++i) {
      if (i > 0) out->append(", ");
      AppendValue(elements[i], out);
    }
    out->push_back(']');
    return;
  }
  if (v.kind() != Value::Kind::kRecord) {
    out->append(v.ToString());
    return;
  }
  out->push_back('{');
  const RecordFields& fields = v.record_value();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->append(", ");
    const std::string& key = fields[i].first;
    absl::StrAppend(out, IsIdentifier(key) ? key : Value::String(key).ToString(), ": ");
    AppendValue(fields[i].second, out);
  }
  out->push_back('}');
}

bool SamePosition(const Expr& a, const Expr& b) { return a.line == b.line && a.column == b.column; }

void AppendText(const Expr& e, std::string* out) {
  static const char* const kVars[] = {"principal", "action", "resource", "context"};
  // `a > b` was parsed as `b < a` starting where `a` does; `a != b` as
  // `!(a == b)` starting where `a == b` does. Print them as written.
  bool greater = (e.kind == ExprKind::kLess || e.kind == ExprKind::kLessEq) &&
                 SamePosition(e, *e.args[1]) && !SamePosition(e, *e.args[0]);
  if (greater) {
    AppendOperand(*e.args[1], out);
    out->append(e.kind == ExprKind::kLess ? " > " : " >= ");
    AppendOperand(*e.args[0], out);
    return;
  }
  if (e.kind == ExprKind::kNot && e.args[0]->kind == ExprKind::kEq && SamePosition(e, *e.args[0])) {
    const Expr& eq = *e.args[0];
    AppendOperand(*eq.args[0], out);
    out->append(" != ");
    AppendOperand(*eq.args[1], out);
    return;
  }
  if (const char* op = OperatorText(e.kind)) {
    AppendOperand(*e.args[0], out);
    out->append(op);
    AppendOperand(*e.args[1], out);
    return;
  }
  if (const char* method = MethodName(e.kind)) {
    AppendOperand(*e.args[0], out);
    absl::StrAppend(out, ".", method, "(");
    if (e.args.size() > 1) AppendText(*e.args[1], out);
    out->push_back(')');
    return;
  }
  switch (e.kind) {
    case ExprKind::kLiteral:
      AppendValue(e.literal, out);
      return;
    case ExprKind::kVar:
      out->append(kVars[static_cast<int>(e.var)]);
      return;
    case ExprKind::kNot:
    case ExprKind::kNeg:
      out->push_back(e.kind == ExprKind::kNot ? '!' : '-');
      AppendOperand(*e.args[0], out);
      return;
    case ExprKind::kIf:
      out->append("if ");
      AppendText(*e.args[0], out);
      out->append(" then ");
      AppendText(*e.args[1], out);
      out->append(" else ");
      AppendText(*e.args[2], out);
      return;
    case ExprKind::kHas:
      AppendOperand(*e.args[0], out);
      absl::StrAppend(out, " has ", IsIdentifier(e.name) ? e.name : Value::String(e.name).ToString());
      return;
    case ExprKind::kGetAttr:
      AppendOperand(*e.args[0], out);
      AppendAccess(e.name, out);
      return;
    case ExprKind::kLike:
      AppendOperand(*e.args[0], out);
      absl::StrAppend(out, " like \"", absl::StrJoin(e.pattern, "*"), "\"");
      return;
    case ExprKind::kIs:
      AppendOperand(*e.args[0], out);
      absl::StrAppend(out, " is ", e.name);
      return;
    case ExprKind::kSet:
      out->push_back('[');
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendText(*e.args[i], out);
      }
      out->push_back(']');
      return;
    case ExprKind::kRecord:
      out->push_back('{');
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i > 0) out->append(", ");
        absl::StrAppend(out, IsIdentifier(e.keys[i]) ? e.keys[i] : Value::String(e.keys[i]).ToString(),
                        ": ");
        AppendText(*e.args[i], out);
      }
      out->push_back('}');
      return;
    default:
      return;
  }
}

}  // namespace

std::string ExprText(const Expr& e) {
  std::string out;
  AppendText(e, &out);
  if (out.size() > kMaxExprText) {
    size_t cut = kMaxExprText;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
    out.resize(cut);
    out.append("…");
  }
  return out;
}

std::string ShapeOf(const Expr& e) {
  std::string out = absl::StrCat("(", static_cast<int>(e.kind), " ", static_cast<int>(e.var));
  if (e.kind == ExprKind::kLiteral) {
    absl::StrAppend(&out, " ", static_cast<int>(e.literal.kind()), e.literal.ToString());
  }
  absl::StrAppend(&out, " ", Value::String(e.name).ToString(), " ", e.pattern.size());
  for (const std::string& chunk : e.pattern) absl::StrAppend(&out, " ", Value::String(chunk).ToString());
  for (const std::string& key : e.keys) absl::StrAppend(&out, " ", Value::String(key).ToString());
  for (const auto& arg : e.args) absl::StrAppend(&out, " ", ShapeOf(*arg));
  out.push_back(')');
  return out;
}

namespace {

// Levenshtein distance, in bytes.
size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A typo changes a few characters: at most a third of the word, at least 1.
constexpr size_t kTypoFraction = 3;

}  // namespace

int Closest(absl::string_view word, const std::vector<std::string>& candidates) {
  int best = -1;
  size_t best_distance = std::max<size_t>(1, word.size() / kTypoFraction) + 1;
  for (size_t i = 0; i < candidates.size(); ++i) {
    size_t d = EditDistance(word, candidates[i]);
    if (d < best_distance) {
      best = static_cast<int>(i);
      best_distance = d;
    }
  }
  return best;
}

std::string Suggestion(absl::string_view word, const std::vector<std::string>& candidates) {
  int i = Closest(word, candidates);
  return i < 0 ? "" : absl::StrCat(" ; vouliez-vous dire « ", candidates[i], " » ?");
}

}  // namespace suivi::policy::validator_internal
