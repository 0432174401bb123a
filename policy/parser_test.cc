// policy/parser_test.cc
