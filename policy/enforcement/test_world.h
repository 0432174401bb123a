// policy/enforcement/test_world.h
//
// A small world of the demo charte for tests and benchmarks: the CISPD
// "ame" (communes chalette and montargis, charte version 2 in force), its
// people and their role assignments, a rappel à l'ordre of Châlette on the
// groupe opérationnel's docket with a protocol naming the coordonnateur,
// an archived one, and the convocation task of the police municipale.
// Every user id below names one person (see test_world.cc).

#ifndef SUIVI_POLICY_ENFORCEMENT_TEST_WORLD_H_
#define SUIVI_POLICY_ENFORCEMENT_TEST_WORLD_H_

#include <memory>
#include <string>
#include <vector>

#include "policy/enforcement/enforcer.h"
#include "policy/entities.h"

namespace suivi::policy::testing {

// 2026-11-24.
inline constexpr int64_t kToday = 20781;

// The directory part (territories to role assignments) and the resources
// (cases, protocol, task, audit log, statistics), apart, as the server
// keeps them.
std::vector<Entity> DirectoryEntities();
std::vector<Entity> ResourceEntities();

// Every role assignment of `user` in the world.
std::vector<EntityUid> AttributionsOf(const std::string& user);

// The subject `user` with their assignments, the finalité and today.
AccessSubject Subject(const std::string& user, const std::string& finalite);

}  // namespace suivi::policy::testing

#endif  // SUIVI_POLICY_ENFORCEMENT_TEST_WORLD_H_
