// policy/value.cc

#include "policy/value.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace suivi::policy {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareSets(const SetElements& a, const SetElements& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = Value::Compare(a[i], b[i]); c != 0) return c;
  }
  return Cmp(a.size(), b.size());
}

int CompareRecords(const RecordFields& a, const RecordFields& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = a[i].first.compare(b[i].first); c != 0) return c < 0 ? -1 : 1;
    if (int c = Value::Compare(a[i].second, b[i].second); c != 0) return c;
  }
  return Cmp(a.size(), b.size());
}

}  // namespace

std::string EntityUid::ToString() const { return absl::StrCat(type, "::", Quote(id)); }

Value Value::Bool(bool b) { return Value(b); }

Value Value::Long(int64_t n) {
  Value v(Kind::kLong);
  v.long_ = n;
  return v;
}

Value Value::String(std::string s) {
  Value v(Kind::kString);
  v.ptr_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::Entity(EntityUid uid) {
  Value v(Kind::kEntity);
  v.ptr_ = std::make_shared<const EntityUid>(std::move(uid));
  return v;
}

Value Value::Set(SetElements elements) {
  std::sort(elements.begin(), elements.end());
  elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
  Value v(Kind::kSet);
  v.ptr_ = std::make_shared<const SetElements>(std::move(elements));
  return v;
}

Value Value::Record(RecordFields fields) {
  std::sort(fields.begin(), fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Value v(Kind::kRecord);
  v.ptr_ = std::make_shared<const RecordFields>(std::move(fields));
  return v;
}

const Value* Value::FindField(const std::string& key) const {
  auto it = std::lower_bound(record_value().begin(), record_value().end(), key,
                             [](const auto& f, const std::string& k) { return f.first < k; });
  if (it == record_value().end() || it->first != key) return nullptr;
  return &it->second;
}

bool Value::SetContains(const Value& v) const {
  return std::binary_search(set_value().begin(), set_value().end(), v);
}

int Value::Compare(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return Cmp(a.kind_, b.kind_);
  switch (a.kind_) {
    case Kind::kBool:
    case Kind::kLong:
      return Cmp(a.long_, b.long_);
    case Kind::kString: {
      int c = a.string_value().compare(b.string_value());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Kind::kEntity:
      return Cmp(a.entity_value(), b.entity_value());
    case Kind::kSet:
      return CompareSets(a.set_value(), b.set_value());
    case Kind::kRecord:
      return CompareRecords(a.record_value(), b.record_value());
  }
  return 0;
}

std::string Value::ToString() const {
  switch (kind_) {
    case Kind::kBool:
      return bool_value() ? "true" : "false";
    case Kind::kLong:
      return absl::StrCat(long_);
    case Kind::kString:
      return Quote(string_value());
    case Kind::kEntity:
      return entity_value().ToString();
    case Kind::kSet:
      return absl::StrCat("[", absl::StrJoin(set_value(), ", ", [](std::string* out, const Value& v) {
                            out->append(v.ToString());
                          }), "]");
    case Kind::kRecord:
      return absl::StrCat("{", absl::StrJoin(record_value(), ", ", [](std::string* out, const auto& f) {
                            absl::StrAppend(out, Quote(f.first), ": ", f.second.ToString());
                          }), "}");
  }
  return "";
}

const char* KindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kBool:
      return "un booléen";
    case Value::Kind::kLong:
      return "un entier";
    case Value::Kind::kString:
      return "une chaîne";
    case Value::Kind::kEntity:
      return "une entité";
    case Value::Kind::kSet:
      return "un ensemble";
    case Value::Kind::kRecord:
      return "un enregistrement";
  }
  return "";
}

}  // namespace suivi::policy
