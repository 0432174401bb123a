// policy/validator.cc: being written (issue 5).

#include "policy/validator.h"
