// tests/cedar/conformance_case.h
//
// Cases of the conformance differential test (issue 5): a random schema
// and policies typed against it (validation_case.h), with entities and a
// request in Cedar's JSON formats written from the schema — entity
// references with or without "__entity", records, sets, enumerated ids,
// parents of the declared types — about a third of them with one mistake
// in the entities and a third with one in the request (DataMistake).
// Both sides read entities and request with the schema, then decide the
// request when both conform.

#ifndef SUIVI_TESTS_CEDAR_CONFORMANCE_CASE_H_
#define SUIVI_TESTS_CEDAR_CONFORMANCE_CASE_H_

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/cedar/random.h"
#include "tests/cedar/schema_generator.h"
#include "tests/cedar/schema_model.h"
#include "tests/cedar/validation_case.h"

namespace suivi::cedar_testing {

enum class DataMistake {
  kNone,
  // In the entities.
  kUndeclaredEntityType,  // {"type": "Absent", ...}
  kMissingAttribute,      // a required attribute left out
  kUndeclaredAttribute,   // "nope": 1
  kWrongAttributeType,    // a String where a Long is declared, ...
  kWrongEntityType,       // a reference to a Group where a User is declared
  kRecordShape,           // a record attribute with a field missing or extra
  kParentType,            // a parent of a type the schema does not allow
  kInvalidEnumId,         // Etat::"nope"
  kDuplicateEntity,       // one uid twice, different
  kActionEntity,          // an action entity unlike the schema's
  kParentCycle,           // entities each other's parents (types allowed)
  // In the request.
  kPrincipalType,  // a principal type not in the action's appliesTo
  kResourceType,
  kUnknownAction,   // undeclared, or without appliesTo
  kContextMissing,  // a required context attribute left out
  kContextExtra,
  kContextType,
  kRequestEnumId,  // a principal or resource with an undeclared enum id
  kUndeclaredRequestType,
  kCount,
};

const char* DataMistakeName(DataMistake m);
// True for the kinds in the request (Cedar's request validation).
bool InRequest(DataMistake m);

struct ConformanceCase {
  ValidationCase base;  // schema and policies (their mistakes unused)
  nlohmann::json entities = nlohmann::json::array();
  nlohmann::json request = nlohmann::json::object();
  DataMistake mistake = DataMistake::kNone;

  // {"op": "conform", "schema", "policies", "entities", "request"}.
  std::string OracleLine() const;
  std::string Describe() const;
};

class ConformanceCaseGenerator {
 public:
  explicit ConformanceCaseGenerator(uint64_t seed);

  ConformanceCase Next();

  static constexpr int kEntityMistakePercent = 30;
  static constexpr int kRequestMistakePercent = 30;

 private:
  // Values of a resolved type; "__entity" left out now and then, as the
  // schema allows.
  nlohmann::json Value(const TypeModel& type, int depth);
  nlohmann::json Uid(const std::string& type);
  // A parent for the entity at `index`: an earlier entity of `type` or
  // one absent from the store, so that parents never make a cycle.
  nlohmann::json ParentUid(const std::string& type, size_t index);
  nlohmann::json EntityRef(const std::string& type);
  std::string Id(const std::string& type);
  // A value of a type other than `type`.
  nlohmann::json WrongValue(const TypeModel& type);
  void AddEntities(ConformanceCase* c);
  void AddRequest(ConformanceCase* c);
  // False when `m` cannot be made in `c`.
  bool AddMistake(DataMistake m, ConformanceCase* c);

  Random random_;
  ValidationCaseGenerator cases_;
  const ResolvedSchema* schema_ = nullptr;
  std::vector<std::pair<std::string, std::string>> uids_;  // the entities: type, id
};

// Every case one simplification away from `c`: the schema or policies
// simplified (validation_case.h), an entity, attribute, parent or context
// field dropped.
std::vector<ConformanceCase> Shrinks(const ConformanceCase& c);

// Counts, over generated cases, what Cedar makes of them.
class ConformanceStats {
 public:
  // `entities_ok`, `request_ok`: Cedar's verdicts (schemas accepted only).
  void Add(const ConformanceCase& c, bool schema_ok, bool entities_ok, bool request_ok,
           bool decided_allow);

  // As ValidationStats::Problems.
  std::vector<std::string> Problems() const;
  std::string Summary() const;

 private:
  static constexpr int kKinds = static_cast<int>(DataMistake::kCount);
  int64_t cases_ = 0;
  int64_t conforming_ = 0;  // entities and request both accepted
  int64_t allowed_ = 0;
  std::array<int64_t, kKinds> made_{};
  std::array<int64_t, kKinds> caught_{};
};

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_CONFORMANCE_CASE_H_
