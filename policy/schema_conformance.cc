// policy/schema_conformance.cc: being written (issue 5).

#include "policy/schema.h"
