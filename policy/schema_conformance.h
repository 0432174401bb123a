// policy/schema_conformance.h
//
// Entities and requests read and checked against a schema, as the Cedar CLI
// and cedar-wasm do when given one (`isAuthorized` with a schema and
// `validateRequest: true`): JSON read as the declared types say, entity
// types, attributes, parents and enumerated ids checked, the schema's
// actions added to the store, and requests held to their action's
// `appliesTo` and context.
//
// Messages are in French and name the entity uid, the attribute path and
// the types involved; never an attribute's value nor another entity's id.
//
// Thread-safe: the functions only read their arguments.

#ifndef SUIVI_POLICY_SCHEMA_CONFORMANCE_H_
#define SUIVI_POLICY_SCHEMA_CONFORMANCE_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "policy/entities.h"
#include "policy/request.h"
#include "policy/schema.h"

namespace suivi::policy {

// Cedar JSON entities ([{"uid": ..., "attrs": {...}, "parents": [...]}])
// read with `schema`. An attribute declared as an entity type may be
// written {"type": T, "id": I} without "__entity"; records follow their
// declared types. INVALID_ARGUMENT when an entity's type is not declared,
// an attribute is undeclared, a required one is missing, a value has the
// wrong type, a parent's type is not among the allowed parent types, an
// id of an enumerated type is not listed, an action entity does not match
// its declaration, or the entity carries tags. An entity given twice
// identically counts once (Cedar's rule).
//
// The store holds the given entities and every action of the schema with
// its groups, as Cedar's does.
absl::StatusOr<std::shared_ptr<const Entities>> ParseEntitiesJson(absl::string_view json,
                                                                  const Schema& schema);

// Whether `request` conforms to `schema`: principal and resource of
// declared entity types (with a listed id for an enumerated type), the
// action declared, principal and resource types allowed by its
// `appliesTo`, the context of the action's context type. INVALID_ARGUMENT
// naming what does not conform.
absl::Status CheckRequest(const Schema& schema, const Request& request);

// A request in Cedar's JSON form read with `schema`: the context is read
// as its action's context type says, then checked with CheckRequest.
absl::StatusOr<Request> ParseRequestJson(absl::string_view json, const Schema& schema);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_SCHEMA_CONFORMANCE_H_
