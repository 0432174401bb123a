// tests/cedar/policy_text.cc

#include "tests/cedar/policy_text.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace suivi::cedar_testing {

Expr Text(std::string text) {
  Expr e;
  e.kind = Expr::Kind::kText;
  e.text = std::move(text);
  return e;
}

Expr Node(Expr::Kind kind, std::string text, std::vector<Expr> children) {
  Expr e;
  e.kind = kind;
  e.text = std::move(text);
  e.children = std::move(children);
  return e;
}

std::string CedarQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

namespace {

// A receiver that can take `.attr` without parentheses.
bool PlainReceiver(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kAttr:
    case Expr::Kind::kIndex:
    case Expr::Kind::kMethod:
      return true;
    case Expr::Kind::kText:
      return e.text == "principal" || e.text == "action" || e.text == "resource" ||
             e.text == "context";
    default:
      return false;
  }
}

std::string Receiver(const Expr& e) {
  return PlainReceiver(e) ? e.ToString() : "(" + e.ToString() + ")";
}

// Cedar's grammar levels: 0 Expr (if), 1 Or, 2 And, 3 Relation (== != < <=
// > >= in has like is), 4 Add (+ -), 5 Mult (*), 6 Unary (! -), 7 Member
// and Primary.
int Level(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kIf: return 0;
    case Expr::Kind::kBinary:
      if (e.text == "||") return 1;
      if (e.text == "&&") return 2;
      if (e.text == "+" || e.text == "-") return 4;
      if (e.text == "*") return 5;
      return 3;
    case Expr::Kind::kHas:
    case Expr::Kind::kLike:
    case Expr::Kind::kIs:
    case Expr::Kind::kIsIn:
      return 3;
    case Expr::Kind::kUnary: return 6;
    case Expr::Kind::kText: return !e.text.empty() && e.text[0] == '-' ? 6 : 7;
    default: return 7;
  }
}

std::string Minimal(const Expr& e, int need);

std::string MinimalReceiver(const Expr& e) {
  // A literal takes parentheses before `.` (`(1).a`, not `1.a`).
  if (e.kind == Expr::Kind::kText && !PlainReceiver(e)) return "(" + e.text + ")";
  return Minimal(e, 7);
}

std::string MinimalBody(const Expr& e) {
  const auto& c = e.children;
  switch (e.kind) {
    case Expr::Kind::kText: return e.text;
    case Expr::Kind::kSet: {
      std::string out = "[";
      for (size_t i = 0; i < c.size(); ++i) out += (i > 0 ? ", " : "") + Minimal(c[i], 0);
      return out + "]";
    }
    case Expr::Kind::kRecord: {
      std::string out = "{";
      for (size_t i = 0; i < c.size(); ++i) {
        out += (i > 0 ? ", " : "") + e.names[i] + ": " + Minimal(c[i], 0);
      }
      return out + "}";
    }
    case Expr::Kind::kAttr: return MinimalReceiver(c[0]) + "." + e.text;
    case Expr::Kind::kIndex: return MinimalReceiver(c[0]) + "[" + CedarQuote(e.text) + "]";
    case Expr::Kind::kHas: return Minimal(c[0], 4) + " has " + e.text;
    case Expr::Kind::kLike: return Minimal(c[0], 4) + " like " + e.text;
    case Expr::Kind::kIs: return Minimal(c[0], 4) + " is " + e.text;
    case Expr::Kind::kIsIn:
      return Minimal(c[0], 4) + " is " + e.text + " in " + Minimal(c[1], 4);
    case Expr::Kind::kBinary: {
      const int level = Level(e);
      // Left-associative chains; relations do not chain.
      const int left = level == 3 ? 4 : level;
      return Minimal(c[0], left) + " " + e.text + " " + Minimal(c[1], level + 1);
    }
    case Expr::Kind::kUnary: return e.text + Minimal(c[0], 7);
    case Expr::Kind::kIf:
      return "if " + Minimal(c[0], 0) + " then " + Minimal(c[1], 0) + " else " + Minimal(c[2], 0);
    case Expr::Kind::kMethod: {
      std::string out = MinimalReceiver(c[0]) + "." + e.text + "(";
      for (size_t i = 1; i < c.size(); ++i) out += (i > 1 ? ", " : "") + Minimal(c[i], 0);
      return out + ")";
    }
  }
  return e.text;
}

std::string Minimal(const Expr& e, int need) {
  std::string body = MinimalBody(e);
  return Level(e) < need ? "(" + body + ")" : body;
}

}  // namespace

std::string Expr::ToString(bool minimal_parens) const {
  if (minimal_parens) return Minimal(*this, 0);
  switch (kind) {
    case Kind::kText:
      return text;
    case Kind::kSet: {
      std::string out = "[";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += ", ";
        out += children[i].ToString();
      }
      return out + "]";
    }
    case Kind::kRecord: {
      std::string out = "{";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += ", ";
        out += names[i] + ": " + children[i].ToString();
      }
      return out + "}";
    }
    case Kind::kAttr:
      return Receiver(children[0]) + "." + text;
    case Kind::kIndex:
      return Receiver(children[0]) + "[" + CedarQuote(text) + "]";
    case Kind::kHas:
      return "(" + Receiver(children[0]) + " has " + text + ")";
    case Kind::kLike:
      return "(" + Receiver(children[0]) + " like " + text + ")";
    case Kind::kBinary:
      return "(" + children[0].ToString() + " " + text + " " + children[1].ToString() + ")";
    case Kind::kUnary:
      return text + "(" + children[0].ToString() + ")";
    case Kind::kIs:
      return "(" + Receiver(children[0]) + " is " + text + ")";
    case Kind::kIsIn:
      return "(" + Receiver(children[0]) + " is " + text + " in " + children[1].ToString() + ")";
    case Kind::kIf:
      return "(if " + children[0].ToString() + " then " + children[1].ToString() + " else " +
             children[2].ToString() + ")";
    case Kind::kMethod: {
      std::string out = Receiver(children[0]) + "." + text + "(";
      for (size_t i = 1; i < children.size(); ++i) {
        if (i > 1) out += ", ";
        out += children[i].ToString();
      }
      return out + ")";
    }
  }
  return text;
}

std::string Policy::ToString() const {
  std::string out;
  for (const std::string& a : annotations) out += a + " ";
  out += permit ? "permit" : "forbid";
  out += " (" + principal_scope + ", " + action_scope + ", " + resource_scope + ")";
  for (const Condition& c : conditions) {
    out += c.when ? " when { " : " unless { ";
    out += c.expr.ToString(minimal_parens) + " }";
  }
  return out + ";";
}

std::vector<Expr> ExprShrinks(const Expr& e) {
  std::vector<Expr> out;
  for (const Expr& child : e.children) out.push_back(child);
  // A leaf is as small as it gets (replacing one leaf by another could
  // cycle).
  if (e.kind != Expr::Kind::kText) {
    for (const char* lit : {"true", "false", "0"}) out.push_back(Text(lit));
  }
  for (size_t i = 0; i < e.children.size(); ++i) {
    for (Expr& smaller : ExprShrinks(e.children[i])) {
      Expr copy = e;
      copy.children[i] = std::move(smaller);
      out.push_back(std::move(copy));
    }
  }
  if (e.kind == Expr::Kind::kSet || e.kind == Expr::Kind::kRecord) {
    for (size_t i = 0; i < e.children.size(); ++i) {
      Expr copy = e;
      copy.children.erase(copy.children.begin() + static_cast<std::ptrdiff_t>(i));
      if (e.kind == Expr::Kind::kRecord) {
        copy.names.erase(copy.names.begin() + static_cast<std::ptrdiff_t>(i));
      }
      out.push_back(std::move(copy));
    }
  }
  return out;
}

std::vector<Policy> PolicyShrinks(const Policy& p) {
  std::vector<Policy> out;
  for (size_t j = 0; j < p.conditions.size(); ++j) {
    Policy copy = p;
    copy.conditions.erase(copy.conditions.begin() + static_cast<std::ptrdiff_t>(j));
    out.push_back(std::move(copy));
  }
  if (!p.annotations.empty()) {
    Policy copy = p;
    copy.annotations.clear();
    out.push_back(std::move(copy));
  }
  if (p.principal_scope != "principal") {
    Policy copy = p;
    copy.principal_scope = "principal";
    out.push_back(std::move(copy));
  }
  if (p.action_scope != "action") {
    Policy copy = p;
    copy.action_scope = "action";
    out.push_back(std::move(copy));
  }
  if (p.resource_scope != "resource") {
    Policy copy = p;
    copy.resource_scope = "resource";
    out.push_back(std::move(copy));
  }
  for (size_t j = 0; j < p.conditions.size(); ++j) {
    for (Expr& smaller : ExprShrinks(p.conditions[j].expr)) {
      Policy copy = p;
      copy.conditions[j].expr = std::move(smaller);
      out.push_back(std::move(copy));
    }
  }
  return out;
}

}  // namespace suivi::cedar_testing
