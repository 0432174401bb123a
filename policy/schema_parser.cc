// policy/schema_parser.cc: being written (issue 5).

#include "policy/schema.h"
