// policy/validator_test.cc: being written (issue 5).

#include "policy/validator.h"
