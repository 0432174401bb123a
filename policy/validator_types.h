// policy/validator_types.h
//
// The types of Cedar's validator in strict mode, restricted to the subset:
// Bool with its two singleton types True and False (the type of `true` and
// `false`, and of expressions the validator can decide), Long, String, one
// entity type, Set<T> and closed records. Strict mode never forms a union
// of entity types nor an open record, so neither exists here; both would
// be a strict-mode error first. Internal to the validator.
//
// Thread-safe: plain values.

#ifndef SUIVI_POLICY_VALIDATOR_TYPES_H_
#define SUIVI_POLICY_VALIDATOR_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "policy/schema.h"

namespace suivi::policy::validator_internal {

struct AttributeType;

struct Type {
  enum class Kind : uint8_t { kBool, kTrue, kFalse, kLong, kString, kEntity, kSet, kRecord };
  Kind kind = Kind::kBool;
  std::string entity_type;                // kEntity: fully qualified
  std::vector<Type> element;              // kSet: exactly one, the element type
  std::vector<AttributeType> attributes;  // kRecord: sorted by name; closed

  static Type Bool() { return Of(Kind::kBool); }
  static Type Singleton(bool b) { return Of(b ? Kind::kTrue : Kind::kFalse); }
  static Type Long() { return Of(Kind::kLong); }
  static Type String() { return Of(Kind::kString); }
  static Type Entity(std::string name);
  static Type Set(Type element);
  // REQUIRES: `attributes` sorted by name, names unique.
  static Type Record(std::vector<AttributeType> attributes);

  // Bool, True or False.
  bool IsBoolean() const { return kind == Kind::kBool || kind == Kind::kTrue || kind == Kind::kFalse; }
  // kRecord: the attribute `name`, or nullptr.
  const AttributeType* FindAttribute(absl::string_view name) const;

 private:
  static Type Of(Kind k) {
    Type t;
    t.kind = k;
    return t;
  }
};

struct AttributeType {
  std::string name;
  Type type;
  bool required = true;
};

bool operator==(const Type& a, const Type& b);
inline bool operator!=(const Type& a, const Type& b) { return !(a == b); }

// Cedar's strict subtyping: True and False are subtypes of Bool; otherwise
// the types are equal (records: the same attributes, each as required or
// optional in both, with subtypes).
bool IsSubtype(const Type& sub, const Type& super);

// Cedar's strict least upper bound: the smallest type both are subtypes of,
// or nullopt when there is none, which strict mode refuses (two entity
// types, a Long and a String, records with different attributes...).
std::optional<Type> LeastUpperBound(const Type& a, const Type& b);

// The type a schema declares. Records from a schema are closed.
Type FromSchema(const SchemaType& t);

// Whether `s` may be written bare as an attribute name (else quoted): an
// identifier, not a reserved word.
bool IsIdentifier(absl::string_view s);

// For messages: Bool, Long, String, Suivi::User, Set<Long>,
// {age: Long, nom?: String}. True and False show as Bool.
std::string TypeName(const Type& t);

}  // namespace suivi::policy::validator_internal

#endif  // SUIVI_POLICY_VALIDATOR_TYPES_H_
