// policy/request.h
//
// An authorization request: principal, action, resource (entity values)
// and context (a record).

#ifndef SUIVI_POLICY_REQUEST_H_
#define SUIVI_POLICY_REQUEST_H_

#include "policy/value.h"

namespace suivi::policy {

struct Request {
  Value principal;  // kEntity
  Value action;     // kEntity
  Value resource;   // kEntity
  Value context = Value::Record({});
};

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_REQUEST_H_
