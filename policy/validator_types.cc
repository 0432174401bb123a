// policy/validator_types.cc: subtyping and least upper bounds of strict mode.

#include "policy/validator_types.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace suivi::policy::validator_internal {

Type Type::Entity(std::string name) {
  Type t = Of(Kind::kEntity);
  t.entity_type = std::move(name);
  return t;
}

Type Type::Set(Type element) {
  Type t = Of(Kind::kSet);
  t.element.push_back(std::move(element));
  return t;
}

Type Type::Record(std::vector<AttributeType> attributes) {
  Type t = Of(Kind::kRecord);
  t.attributes = std::move(attributes);
  return t;
}

const AttributeType* Type::FindAttribute(absl::string_view name) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), name,
                             [](const AttributeType& a, absl::string_view n) { return a.name < n; });
  return it != attributes.end() && it->name == name ? &*it : nullptr;
}

bool operator==(const Type& a, const Type& b) {
  if (a.kind != b.kind || a.entity_type != b.entity_type || a.element != b.element) return false;
  if (a.attributes.size() != b.attributes.size()) return false;
  for (size_t i = 0; i < a.attributes.size(); ++i) {
    const AttributeType& x = a.attributes[i];
    const AttributeType& y = b.attributes[i];
    if (x.name != y.name || x.required != y.required || x.type != y.type) return false;
  }
  return true;
}

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (const char* reserved : {"true", "false", "if", "then", "else", "in", "is", "like", "has"}) {
    if (s == reserved) return false;
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

namespace {

bool SameAttributeNames(const Type& a, const Type& b) {
  if (a.attributes.size() != b.attributes.size()) return false;
  for (size_t i = 0; i < a.attributes.size(); ++i) {
    if (a.attributes[i].name != b.attributes[i].name) return false;
  }
  return true;
}

}  // namespace

bool IsSubtype(const Type& sub, const Type& super) {
  using Kind = Type::Kind;
  if (sub.IsBoolean() && super.kind == Kind::kBool) return true;
  if (sub.kind != super.kind) return false;
  switch (sub.kind) {
    case Kind::kEntity:
      return sub.entity_type == super.entity_type;
    case Kind::kSet:
      return IsSubtype(sub.element[0], super.element[0]);
    case Kind::kRecord:
      // Strict mode: depth subtyping only, and optional stays optional.
      if (!SameAttributeNames(sub, super)) return false;
      for (size_t i = 0; i < sub.attributes.size(); ++i) {
        const AttributeType& x = sub.attributes[i];
        const AttributeType& y = super.attributes[i];
        if (x.required != y.required || !IsSubtype(x.type, y.type)) return false;
      }
      return true;
    default:
      return true;
  }
}

std::optional<Type> LeastUpperBound(const Type& a, const Type& b) {
  using Kind = Type::Kind;
  if (IsSubtype(a, b)) return b;
  if (IsSubtype(b, a)) return a;
  if (a.IsBoolean() && b.IsBoolean()) return Type::Bool();
  if (a.kind == Kind::kSet && b.kind == Kind::kSet) {
    std::optional<Type> element = LeastUpperBound(a.element[0], b.element[0]);
    if (!element) return std::nullopt;
    return Type::Set(*std::move(element));
  }
  if (a.kind != Kind::kRecord || b.kind != Kind::kRecord || !SameAttributeNames(a, b)) {
    return std::nullopt;
  }
  std::vector<AttributeType> attributes;
  for (size_t i = 0; i < a.attributes.size(); ++i) {
    const AttributeType& x = a.attributes[i];
    const AttributeType& y = b.attributes[i];
    std::optional<Type> t = LeastUpperBound(x.type, y.type);
    if (!t || x.required != y.required) return std::nullopt;
    attributes.push_back(AttributeType{x.name, *std::move(t), x.required});
  }
  return Type::Record(std::move(attributes));
}

Type FromSchema(const SchemaType& t) {
  switch (t.kind) {
    case SchemaType::Kind::kBool:
      return Type::Bool();
    case SchemaType::Kind::kLong:
      return Type::Long();
    case SchemaType::Kind::kString:
      return Type::String();
    case SchemaType::Kind::kEntity:
      return Type::Entity(t.entity_type);
    case SchemaType::Kind::kSet:
      return Type::Set(FromSchema(t.element.at(0)));
    case SchemaType::Kind::kRecord:
      break;
  }
  std::vector<AttributeType> attributes;
  for (const SchemaAttribute& a : t.attributes) {
    attributes.push_back(AttributeType{a.name, FromSchema(a.type), a.required});
  }
  std::sort(attributes.begin(), attributes.end(),
            [](const AttributeType& x, const AttributeType& y) { return x.name < y.name; });
  return Type::Record(std::move(attributes));
}

std::string TypeName(const Type& t) {
  switch (t.kind) {
    case Type::Kind::kBool:
    case Type::Kind::kTrue:
    case Type::Kind::kFalse:
      return "Bool";
    case Type::Kind::kLong:
      return "Long";
    case Type::Kind::kString:
      return "String";
    case Type::Kind::kEntity:
      return t.entity_type;
    case Type::Kind::kSet:
      return absl::StrCat("Set<", TypeName(t.element[0]), ">");
    case Type::Kind::kRecord:
      break;
  }
  return absl::StrCat("{", absl::StrJoin(t.attributes, ", ", [](std::string* out, const AttributeType& a) {
                        absl::StrAppend(out, IsIdentifier(a.name) ? a.name : absl::StrCat("\"", a.name, "\""),
                                        a.required ? "" : "?", ": ", TypeName(a.type));
                      }), "}");
}

}  // namespace suivi::policy::validator_internal
