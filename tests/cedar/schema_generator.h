// tests/cedar/schema_generator.h
//
// Random Cedar schemas within Suivi's subset (policy/schema.h): zero, one
// or two namespaces; entity types with parents (cycles included: Cedar
// allows them between entity types), attributes of every type (Bool,
// Long, String, entities, sets, records, optional ones), enumerated types;
// common types; actions with groups, appliesTo several principal and
// resource types, contexts. AddMistake spoils a schema with one mistake
// Cedar refuses (SchemaMistake), which Suivi must refuse too.

#ifndef SUIVI_TESTS_CEDAR_SCHEMA_GENERATOR_H_
#define SUIVI_TESTS_CEDAR_SCHEMA_GENERATOR_H_

#include "tests/cedar/random.h"
#include "tests/cedar/schema_model.h"

namespace suivi::cedar_testing {

enum class SchemaMistake {
  kNone,
  kUndeclaredType,         // an attribute of an undeclared type
  kUndeclaredParent,       // entity A in [Absent]
  kUndeclaredAppliesTo,    // principal: [Absent]
  kUndeclaredActionGroup,  // action a in [absent]
  kActionCycle,            // action a in [b]; action b in [a]
  kDuplicateDeclaration,   // an entity type, common type or action twice
  kContextNotRecord,       // context: Long
  kCommonTypeCycle,        // type T = {a: T}
  kShadowing,              // Suivi::User and User
  kReservedName,           // entity if; type Long = ...
  kEmptyPrincipals,        // principal: []
  kMissingPrincipal,       // appliesTo without principal
  kSyntax,                 // a `;` missing
  kCount,
};

const char* SchemaMistakeName(SchemaMistake m);

class SchemaGenerator {
 public:
  explicit SchemaGenerator(Random* random) : random_(random) {}

  // A schema Cedar accepts.
  SchemaModel Next();

  // Adds `mistake` to `s`; false (and `s` unchanged) when `s` has nothing
  // to make it with.
  bool AddMistake(SchemaMistake mistake, SchemaModel* s);
  // Adds a mistake of a random kind and returns it.
  SchemaMistake AddSomeMistake(SchemaModel* s);

 private:
  void AddNamespaces(SchemaModel* s);
  void AddEntities(SchemaModel* s);
  void AddCommonTypes(SchemaModel* s);
  void AddActions(SchemaModel* s);
  // Forms Cedar accepts that a parser may trip on: `in []`, a parent or
  // attribute given twice, `entity A, B ...;`, an entity type named Long,
  // a common type named like an entity type, comments.
  void AddOddities(SchemaModel* s);
  void AddTwin(SchemaModel* s);
  void AddCommonNamedLikeEntity(SchemaModel* s);

  TypeModel RandomType(const SchemaModel& s, int depth);
  std::vector<AttributeModel> RandomAttributes(const SchemaModel& s, int n, int depth,
                                               const std::vector<std::string>& pool);
  TypeModel EntityRef(const std::string& qualified);
  std::vector<TypeModel> SomeEntityTypes(const SchemaModel& s, int max);
  std::string Annotation();
  int Order() { return random_->Uniform(1000); }

  Random* random_;
};

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_SCHEMA_GENERATOR_H_
