// tests/cedar/case_generator.cc

#include "tests/cedar/case_generator.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace suivi::cedar_testing {
namespace {

using json = nlohmann::json;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

const std::vector<std::string>& EntityTypes() {
  static const auto* types = new std::vector<std::string>{
      "User", "Group", "Case", "Suivi::Territory"};
  return *types;
}

const std::vector<std::string>& Ids() {
  static const auto* ids = new std::vector<std::string>{
      "alice", "bob", "g1", "g2", "g3", "c1", "t1", "t2", "", "x y",
      "quo\"te", "\xc3\xa9t\xc3\xa9", "back\\slash"};
  return *ids;
}

const std::vector<std::string>& Actions() {
  static const auto* actions =
      new std::vector<std::string>{"read", "write", "all", "delete"};
  return *actions;
}

const std::vector<std::string>& AttrNames() {
  static const auto* names = new std::vector<std::string>{
      "name", "age", "level", "active", "tags", "owner", "manager", "info",
      "territory", "a b", "n", "flag", "s", "e", "r"};
  return *names;
}

const std::vector<std::string>& Strings() {
  static const auto* strings = new std::vector<std::string>{
      "", "a", "abc", "alice", "a*c", "x y", "quo\"te", "back\\slash",
      "\xc3\xa9t\xc3\xa9", "*", "ab", "abcabc", "g1"};
  return *strings;
}

const std::vector<int64_t>& Longs() {
  static const auto* longs = new std::vector<int64_t>{
      0, 1, -1, 2, 7, 42, -42, 100, kMax, kMin, kMax - 1, kMin + 1,
      int64_t{1} << 32, 3037000499, -3037000500, int64_t{1} << 62};
  return *longs;
}

std::string LongText(int64_t v) {
  // INT64_MIN has no positive counterpart: Cedar reads the literal whole.
  return std::to_string(v);
}

std::string UidText(const std::string& type, const std::string& id) {
  return type + "::" + CedarQuote(id);
}

json UidJson(const std::string& type, const std::string& id) {
  return json{{"type", type}, {"id", id}};
}

}  // namespace

std::string Case::PolicyText() const {
  std::string out;
  for (const Policy& p : policies) out += p.ToString() + "\n";
  return out;
}

std::string Case::OracleLine() const {
  return json{{"policies", PolicyText()}, {"entities", entities}, {"request", request}}.dump();
}

std::string Case::Describe() const {
  return "--- policies\n" + PolicyText() + "--- entities\n" + entities.dump(1) +
         "\n--- request\n" + request.dump(1) + "\n";
}

CaseGenerator::CaseGenerator(uint64_t seed) : rng_(seed) {}

int CaseGenerator::Uniform(int n) {
  return static_cast<int>(rng_() % static_cast<uint64_t>(n));
}

bool CaseGenerator::Chance(int percent) { return Uniform(100) < percent; }

std::string CaseGenerator::LongLiteral() {
  if (Chance(50)) return LongText(Pick(Longs()));
  return LongText(Uniform(21) - 10);
}

std::string CaseGenerator::StringLiteral() { return CedarQuote(Pick(Strings())); }

std::string CaseGenerator::PatternLiteral() {
  // Pieces of a `like` pattern: literal text, wildcard `*`, an escaped
  // star `\*` (a literal star).
  static const auto* literals = new std::vector<std::string>{
      "a", "b", "c", "x y", "al", "\xc3\xa9", "\"", "\\\\", "g"};
  std::string out = "\"";
  const int pieces = Uniform(4);
  for (int i = 0; i < pieces; ++i) {
    switch (Uniform(4)) {
      case 0: out += "*"; break;
      case 1: out += "\\*"; break;
      default: {
        const std::string& lit = Pick(*literals);
        out += lit == "\"" ? "\\\"" : lit;
      }
    }
  }
  return out + "\"";
}

std::string CaseGenerator::UidLiteral() {
  if (!uids_.empty() && Chance(70)) {
    const auto& uid = Pick(uids_);
    return UidText(uid.first, uid.second);
  }
  if (Chance(20)) return UidText("Action", Pick(Actions()));
  return UidText(Pick(EntityTypes()), Pick(Ids()));
}

std::string CaseGenerator::AttrName() { return Pick(AttrNames()); }

Expr CaseGenerator::AttrOf(int depth) {
  Expr receiver;
  switch (Uniform(6)) {
    case 0: receiver = Text("principal"); break;
    case 1: receiver = Text("resource"); break;
    case 2: receiver = Text("context"); break;
    case 3: receiver = depth > 0 ? Entity(depth - 1) : Text("principal"); break;
    case 4: receiver = depth > 0 ? RecordExpr(depth - 1) : Text("context"); break;
    default: receiver = Text(UidLiteral());
  }
  const std::string name = AttrName();
  if (!IsIdentifier(name) || Chance(15)) {
    return Node(Expr::Kind::kIndex, name, {std::move(receiver)});
  }
  return Node(Expr::Kind::kAttr, name, {std::move(receiver)});
}

Expr CaseGenerator::ErrorProne(int depth) {
  switch (Uniform(7)) {
    case 0: return Node(Expr::Kind::kAttr, "missing", {Text("principal")});
    case 1: return Node(Expr::Kind::kBinary, "+", {Text("1"), Text("\"a\"")});
    case 2: return Node(Expr::Kind::kBinary, "+", {Text(LongText(kMax)), Text("1")});
    case 3: return Node(Expr::Kind::kAttr, "nope", {Text("context")});
    case 4: return Node(Expr::Kind::kAttr, "name", {Text(UidText("User", "ghost"))});
    case 5: return Node(Expr::Kind::kBinary, "*", {Long(depth), Text(LongText(kMax))});
    default: return AttrOf(depth);
  }
}

Expr CaseGenerator::Long(int depth) {
  if (depth <= 0 || Chance(25)) {
    if (Chance(30)) return AttrOf(0);
    return Text(LongLiteral());
  }
  switch (Uniform(6)) {
    case 0:
    case 1: {
      static const auto* ops = new std::vector<std::string>{"+", "-", "*"};
      Expr b = Chance(8) ? Any(depth - 1) : Long(depth - 1);
      return Node(Expr::Kind::kBinary, Pick(*ops), {Long(depth - 1), std::move(b)});
    }
    case 2: return Node(Expr::Kind::kUnary, "-", {Long(depth - 1)});
    case 3: return AttrOf(depth - 1);
    case 4:
      return Node(Expr::Kind::kIf, "", {Bool(depth - 1), Long(depth - 1), Long(depth - 1)});
    default: return Text(LongLiteral());
  }
}

Expr CaseGenerator::String(int depth) {
  if (depth <= 0 || Chance(40)) return Text(StringLiteral());
  switch (Uniform(3)) {
    case 0: return AttrOf(depth - 1);
    case 1:
      return Node(Expr::Kind::kIf, "", {Bool(depth - 1), String(depth - 1), String(depth - 1)});
    default: return Text(StringLiteral());
  }
}

Expr CaseGenerator::Entity(int depth) {
  static const auto* vars = new std::vector<std::string>{"principal", "resource", "action"};
  if (depth <= 0 || Chance(30)) {
    return Chance(50) ? Text(Pick(*vars)) : Text(UidLiteral());
  }
  switch (Uniform(4)) {
    case 0: return AttrOf(depth - 1);
    case 1:
      return Node(Expr::Kind::kIf, "", {Bool(depth - 1), Entity(depth - 1), Entity(depth - 1)});
    case 2: return Text(Pick(*vars));
    default: return Text(UidLiteral());
  }
}

Expr CaseGenerator::SetExpr(int depth) {
  if (depth > 0 && Chance(30)) return AttrOf(depth - 1);
  Expr set = Node(Expr::Kind::kSet, "", {});
  const int n = Uniform(4);
  const bool entities = Chance(50);
  for (int i = 0; i < n; ++i) {
    set.children.push_back(entities ? Entity(depth - 1) : (depth > 0 ? Any(depth - 1) : Long(0)));
  }
  return set;
}

Expr CaseGenerator::RecordExpr(int depth) {
  if (depth <= 0 || Chance(30)) return Chance(50) ? Text("context") : AttrOf(0);
  Expr record = Node(Expr::Kind::kRecord, "", {});
  const int n = Uniform(3);
  std::vector<std::string> used;
  for (int i = 0; i < n; ++i) {
    const std::string name = AttrName();
    bool seen = false;
    for (const auto& u : used) seen = seen || u == name;
    if (seen) continue;
    used.push_back(name);
    record.names.push_back(IsIdentifier(name) && Chance(70) ? name : CedarQuote(name));
    record.children.push_back(Any(depth - 1));
  }
  return record;
}

Expr CaseGenerator::Any(int depth) {
  switch (Uniform(7)) {
    case 0: return Bool(depth);
    case 1: return Long(depth);
    case 2: return String(depth);
    case 3: return Entity(depth);
    case 4: return SetExpr(depth);
    case 5: return RecordExpr(depth);
    default: return AttrOf(depth > 0 ? depth - 1 : 0);
  }
}

Expr CaseGenerator::Bool(int depth) {
  if (depth <= 0) {
    switch (Uniform(4)) {
      case 0: return Text(Chance(50) ? "true" : "false");
      case 1:
        return Node(Expr::Kind::kHas, AttrName() == "a b" ? "\"a b\"" : "active",
                    {Text(Chance(50) ? "principal" : "context")});
      case 2: return AttrOf(0);
      default: {
        static const auto* ops = new std::vector<std::string>{"<", "<=", ">", ">=", "==", "!="};
        return Node(Expr::Kind::kBinary, Pick(*ops), {Long(0), Long(0)});
      }
    }
  }
  const int d = depth - 1;
  switch (Uniform(14)) {
    case 0: return Text(Chance(50) ? "true" : "false");
    case 1: {
      static const auto* ops = new std::vector<std::string>{"<", "<=", ">", ">="};
      Expr a = Chance(10) ? Any(d) : Long(d);
      return Node(Expr::Kind::kBinary, Pick(*ops), {std::move(a), Long(d)});
    }
    case 2: {
      const std::string op = Chance(50) ? "==" : "!=";
      if (Chance(50)) return Node(Expr::Kind::kBinary, op, {Any(d), Any(d)});
      return Node(Expr::Kind::kBinary, op, {Entity(d), Entity(d)});
    }
    case 3:
    case 4: {
      const std::string op = Chance(50) ? "&&" : "||";
      // Short-circuit: a literal on the left that spares an error on the right.
      if (Chance(30)) {
        return Node(Expr::Kind::kBinary, op,
                    {Text(op == "&&" ? "false" : "true"), ErrorProne(d)});
      }
      Expr b = Chance(10) ? ErrorProne(d) : Bool(d);
      return Node(Expr::Kind::kBinary, op, {Bool(d), std::move(b)});
    }
    case 5: return Node(Expr::Kind::kUnary, "!", {Chance(10) ? Any(d) : Bool(d)});
    case 6:
      return Node(Expr::Kind::kBinary, "in",
                  {Entity(d), Chance(65) ? Entity(d) : SetExpr(d)});
    case 7: {
      std::string name = AttrName();
      if (!IsIdentifier(name) || Chance(20)) name = CedarQuote(name);
      Expr receiver = Chance(60) ? Entity(d) : RecordExpr(d);
      return Node(Expr::Kind::kHas, name, {std::move(receiver)});
    }
    case 8: return Node(Expr::Kind::kLike, PatternLiteral(), {Chance(10) ? Any(d) : String(d)});
    case 9:
      if (Chance(50)) return Node(Expr::Kind::kIs, Pick(EntityTypes()), {Entity(d)});
      return Node(Expr::Kind::kIsIn, Pick(EntityTypes()), {Entity(d), Entity(d)});
    case 10: {
      switch (Uniform(4)) {
        case 0: return Node(Expr::Kind::kMethod, "contains", {SetExpr(d), Any(d)});
        case 1: return Node(Expr::Kind::kMethod, "containsAll", {SetExpr(d), SetExpr(d)});
        case 2: return Node(Expr::Kind::kMethod, "containsAny", {SetExpr(d), SetExpr(d)});
        default: return Node(Expr::Kind::kMethod, "isEmpty", {SetExpr(d)});
      }
    }
    case 11: return Node(Expr::Kind::kIf, "", {Bool(d), Bool(d), Bool(d)});
    case 12: return AttrOf(d);
    default: {
      static const auto* ops = new std::vector<std::string>{"==", "!=", "<"};
      return Node(Expr::Kind::kBinary, Pick(*ops), {String(d), String(d)});
    }
  }
}

json CaseGenerator::EntityRefJson() {
  if (!uids_.empty() && Chance(80)) {
    const auto& uid = Pick(uids_);
    return json{{"__entity", UidJson(uid.first, uid.second)}};
  }
  return json{{"__entity", UidJson(Pick(EntityTypes()), Pick(Ids()))}};
}

json CaseGenerator::Value(int depth) {
  switch (Uniform(depth > 0 ? 6 : 4)) {
    case 0: return Chance(50);
    case 1: return Chance(60) ? Pick(Longs()) : static_cast<int64_t>(Uniform(21) - 10);
    case 2: return Pick(Strings());
    case 3: return EntityRefJson();
    case 4: {
      json set = json::array();
      const int n = Uniform(4);
      const bool entities = Chance(50);
      for (int i = 0; i < n; ++i) set.push_back(entities ? EntityRefJson() : Value(depth - 1));
      return set;
    }
    default: {
      json record = json::object();
      const int n = Uniform(3);
      for (int i = 0; i < n; ++i) record[AttrName()] = Value(depth - 1);
      return record;
    }
  }
}

std::string CaseGenerator::Scope(const char* var) {
  const std::string v = var;
  switch (Uniform(7)) {
    case 0:
    case 1:
    case 6: return v;
    case 2: return v + " == " + UidLiteral();
    case 3: return v + " in " + UidLiteral();
    case 4: return v + " is " + Pick(EntityTypes());
    default: return v + " is " + Pick(EntityTypes()) + " in " + UidLiteral();
  }
}

std::string CaseGenerator::ActionScope() {
  switch (Uniform(5)) {
    case 0:
    case 1: return "action";
    case 2: return "action == " + UidText("Action", Pick(Actions()));
    case 3: return "action in " + UidText("Action", Pick(Actions()));
    default: {
      std::string out = "action in [";
      const int n = Uniform(3);
      for (int i = 0; i < n; ++i) {
        if (i > 0) out += ", ";
        out += UidText("Action", Pick(Actions()));
      }
      return out + "]";
    }
  }
}

Case CaseGenerator::NextScenario() {
  Case c;
  uids_.clear();
  // Entities: a DAG (parents among the earlier entities), with chains
  // for deep `in`, a few parents absent from the store.
  const int n = 3 + Uniform(6);
  for (int i = 0; i < n * 3 && static_cast<int>(uids_.size()) < n; ++i) {
    std::pair<std::string, std::string> uid{Pick(EntityTypes()), Pick(Ids())};
    bool seen = false;
    for (const auto& u : uids_) seen = seen || u == uid;
    if (!seen) uids_.push_back(uid);
  }
  for (size_t i = 0; i < uids_.size(); ++i) {
    json entity;
    entity["uid"] = UidJson(uids_[i].first, uids_[i].second);
    json parents = json::array();
    if (i > 0 && Chance(50)) {
      parents.push_back(UidJson(uids_[i - 1].first, uids_[i - 1].second));
    }
    if (i > 1 && Chance(30)) {
      const auto& p = uids_[static_cast<size_t>(Uniform(static_cast<int>(i) - 1))];
      parents.push_back(UidJson(p.first, p.second));
    }
    if (Chance(5)) parents.push_back(UidJson("Group", "absent"));
    entity["parents"] = parents;
    json attrs = json::object();
    for (const std::string& name : AttrNames()) {
      if (!Chance(20)) continue;
      if (Chance(80)) {
        if (name == "age" || name == "level" || name == "n") {
          attrs[name] = Chance(60) ? Pick(Longs()) : static_cast<int64_t>(Uniform(100));
        } else if (name == "name" || name == "s") {
          attrs[name] = Pick(Strings());
        } else if (name == "active" || name == "flag") {
          attrs[name] = Chance(50);
        } else if (name == "owner" || name == "manager" || name == "territory" || name == "e") {
          attrs[name] = EntityRefJson();
        } else if (name == "tags") {
          json tags = Value(1);
          attrs[name] = tags.is_array() ? tags : json::array({Pick(Strings())});
        } else {
          attrs[name] = Value(1);
        }
      } else {
        attrs[name] = Value(1);
      }
    }
    entity["attrs"] = attrs;
    c.entities.push_back(entity);
  }
  if (Chance(70)) {
    c.entities.push_back(json{{"uid", UidJson("Action", "all")},
                              {"attrs", json::object()},
                              {"parents", json::array()}});
    for (const char* a : {"read", "write"}) {
      c.entities.push_back(json{{"uid", UidJson("Action", a)},
                                {"attrs", json::object()},
                                {"parents", json::array({UidJson("Action", "all")})}});
    }
  }
  const int policies = 1 + Uniform(4);
  for (int i = 0; i < policies; ++i) {
    Policy p;
    if (Chance(10)) p.annotations.push_back("@id(" + CedarQuote("p" + std::to_string(i)) + ")");
    p.permit = Chance(65);
    p.minimal_parens = Chance(50);
    p.principal_scope = Scope("principal");
    p.action_scope = ActionScope();
    p.resource_scope = Scope("resource");
    const int conditions = Uniform(3) + (Chance(15) ? 1 : 0);
    for (int j = 0; j < conditions; ++j) {
      p.conditions.push_back(Condition{Chance(75), Bool(1 + Uniform(4))});
    }
    c.policies.push_back(std::move(p));
  }
  return NextRequest(c);
}

Case CaseGenerator::NextRequest(const Case& scenario) {
  Case c = scenario;
  auto some_uid = [&]() {
    if (!uids_.empty() && Chance(85)) {
      const auto& uid = Pick(uids_);
      return UidJson(uid.first, uid.second);
    }
    return UidJson(Pick(EntityTypes()), Pick(Ids()));
  };
  json request;
  request["principal"] = some_uid();
  request["action"] = UidJson("Action", Pick(Actions()));
  request["resource"] = some_uid();
  json context = json::object();
  static const auto* keys = new std::vector<std::string>{"n", "flag", "s", "e", "r", "age", "tags"};
  for (const std::string& key : *keys) {
    if (!Chance(45)) continue;
    if (key == "n" || key == "age") {
      context[key] = Chance(70) ? Pick(Longs()) : static_cast<int64_t>(Uniform(50));
    } else if (key == "flag") {
      context[key] = Chance(50);
    } else if (key == "s") {
      context[key] = Pick(Strings());
    } else if (key == "e") {
      context[key] = EntityRefJson();
    } else {
      context[key] = Value(2);
    }
  }
  request["context"] = context;
  c.request = request;
  return c;
}

std::vector<Case> Shrinks(const Case& c) {
  std::vector<Case> out;
  for (size_t i = 0; i < c.policies.size(); ++i) {
    Case copy = c;
    copy.policies.erase(copy.policies.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back(std::move(copy));
  }
  for (size_t i = 0; i < c.entities.size(); ++i) {
    Case copy = c;
    copy.entities.erase(i);
    out.push_back(std::move(copy));
  }
  for (size_t i = 0; i < c.policies.size(); ++i) {
    for (Policy& smaller : PolicyShrinks(c.policies[i])) {
      Case copy = c;
      copy.policies[i] = std::move(smaller);
      out.push_back(std::move(copy));
    }
  }
  for (size_t i = 0; i < c.entities.size(); ++i) {
    const json& entity = c.entities[i];
    if (entity.contains("attrs")) {
      for (const auto& item : entity["attrs"].items()) {
        Case copy = c;
        copy.entities[i]["attrs"].erase(item.key());
        out.push_back(std::move(copy));
      }
    }
    if (entity.contains("parents")) {
      for (size_t j = 0; j < entity["parents"].size(); ++j) {
        Case copy = c;
        copy.entities[i]["parents"].erase(j);
        out.push_back(std::move(copy));
      }
    }
  }
  if (c.request.contains("context")) {
    for (const auto& item : c.request["context"].items()) {
      Case copy = c;
      copy.request["context"].erase(item.key());
      out.push_back(std::move(copy));
    }
  }
  return out;
}

}  // namespace suivi::cedar_testing
