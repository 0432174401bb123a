// policy/value.h
//
// Cedar values of the subset: Bool, Long, String, entity uid, Set and
// Record. Sets are kept sorted and without duplicates, records sorted by
// key, so equality is structural (Cedar's) and cheap. A Value is a small
// handle: strings, sets and records are shared, never copied.
//
// Thread-safe: values are immutable once built.

#ifndef SUIVI_POLICY_VALUE_H_
#define SUIVI_POLICY_VALUE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace suivi::policy {

// An entity uid: a type path ("Suivi::User") and an id.
struct EntityUid {
  std::string type;
  std::string id;

  // Cedar's display form: Suivi::User::"alice" (id escaped).
  std::string ToString() const;

  friend bool operator==(const EntityUid& a, const EntityUid& b) {
    return a.type == b.type && a.id == b.id;
  }
  friend bool operator!=(const EntityUid& a, const EntityUid& b) { return !(a == b); }
  friend bool operator<(const EntityUid& a, const EntityUid& b) {
    return a.type != b.type ? a.type < b.type : a.id < b.id;
  }
  template <typename H>
  friend H AbslHashValue(H h, const EntityUid& uid) {
    return H::combine(std::move(h), uid.type, uid.id);
  }
};

class Value;
using SetElements = std::vector<Value>;                        // sorted, unique
using RecordFields = std::vector<std::pair<std::string, Value>>;  // sorted by key

class Value {
 public:
  enum class Kind : uint8_t { kBool, kLong, kString, kEntity, kSet, kRecord };

  Value() : Value(false) {}
  static Value Bool(bool b);
  static Value Long(int64_t n);
  static Value String(std::string s);
  static Value Entity(EntityUid uid);
  // Sorts and removes duplicates.
  static Value Set(SetElements elements);
  // REQUIRES: keys are unique.
  static Value Record(RecordFields fields);

  Kind kind() const { return kind_; }
  // REQUIRES: kind() is the matching kind.
  bool bool_value() const { return long_ != 0; }
  int64_t long_value() const { return long_; }
  const std::string& string_value() const { return *static_cast<const std::string*>(ptr_.get()); }
  const EntityUid& entity_value() const { return *static_cast<const EntityUid*>(ptr_.get()); }
  const SetElements& set_value() const { return *static_cast<const SetElements*>(ptr_.get()); }
  const RecordFields& record_value() const { return *static_cast<const RecordFields*>(ptr_.get()); }

  // The record field `key`, or nullptr. REQUIRES: kind() == kRecord.
  const Value* FindField(const std::string& key) const;
  // Whether `v` is an element. REQUIRES: kind() == kSet.
  bool SetContains(const Value& v) const;

  // A total order: by kind, then by content. Equal iff structurally equal.
  static int Compare(const Value& a, const Value& b);
  friend bool operator==(const Value& a, const Value& b) { return Compare(a, b) == 0; }
  friend bool operator!=(const Value& a, const Value& b) { return Compare(a, b) != 0; }
  friend bool operator<(const Value& a, const Value& b) { return Compare(a, b) < 0; }

  // Cedar-like text, for messages: 1, "a", User::"x", [1, 2], {a: 1}.
  std::string ToString() const;

 private:
  explicit Value(Kind kind) : kind_(kind) {}
  explicit Value(bool b) : kind_(Kind::kBool), long_(b ? 1 : 0) {}

  Kind kind_;
  int64_t long_ = 0;
  // The std::string, EntityUid, SetElements or RecordFields of kind_; one
  // pointer keeps a Value small and cheap to copy.
  std::shared_ptr<const void> ptr_;
};

// The French name of a kind, for type errors ("un booléen", ...).
const char* KindName(Value::Kind kind);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_VALUE_H_
