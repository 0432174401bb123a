// policy/schema_conformance_test.cc: being written (issue 5).

#include "policy/schema.h"
