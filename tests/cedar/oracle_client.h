// tests/cedar/oracle_client.h
//
// The Cedar oracle (tests/cedar/oracle.js on Node, the official cedar-wasm)
// as a child process: one JSON line per case in, one answer line out.

#ifndef SUIVI_TESTS_CEDAR_ORACLE_CLIENT_H_
#define SUIVI_TESTS_CEDAR_ORACLE_CLIENT_H_

#include <sys/types.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace suivi::cedar_testing {

class OracleClient {
 public:
  // Starts `node <oracle_js>`, with `node` found on PATH. FAILED_PRECONDITION
  // when node or the oracle's node_modules (deploy/install-deps.sh runs
  // `npm ci` there) is missing.
  static absl::StatusOr<OracleClient> Start(const std::string& oracle_js);

  OracleClient(OracleClient&& other) noexcept;
  OracleClient& operator=(OracleClient&&) = delete;
  OracleClient(const OracleClient&) = delete;
  ~OracleClient();

  // Sends every line (each one case, without its newline) and returns the
  // answers, in order. Writes from a second thread, so any batch size works.
  // When node dies on the way, the oracle is started again and asked again
  // (a few times at most): Node 20's V8 now and then aborts with an
  // internal error ("Fatal error ... unreachable code", nodejs/node#51555)
  // on inputs it answers the next time, and the oracle keeps no state that
  // matters.
  absl::StatusOr<std::vector<nlohmann::json>> AskAll(const std::vector<std::string>& lines);
  absl::StatusOr<nlohmann::json> Ask(const std::string& line);

  // The node process, for tests.
  pid_t pid() const { return pid_; }

 private:
  OracleClient(std::string oracle_js, pid_t pid, int in_fd, int out_fd)
      : oracle_js_(std::move(oracle_js)), pid_(pid), in_fd_(in_fd), out_fd_(out_fd) {}
  absl::StatusOr<std::vector<nlohmann::json>> AskAllOnce(const std::vector<std::string>& lines);
  absl::StatusOr<std::string> ReadLine();
  // Whether the node process has exited (and is reaped).
  bool Exited();
  // Closes the pipes, reaps the child, and starts a new one.
  absl::Status Restart();

  std::string oracle_js_;
  pid_t pid_;
  int in_fd_;   // the child's stdin
  int out_fd_;  // the child's stdout
  std::string buffer_;
};

// Two oracles, each answering half of a batch while the caller does its
// own share of the work: the differential tests are bound by cedar-wasm.
class OraclePair {
 public:
  static absl::StatusOr<OraclePair> Start(const std::string& oracle_js);

  // The answers to `lines`, in order; `meanwhile` runs on this thread
  // while the oracles work.
  absl::StatusOr<std::vector<nlohmann::json>> AskAll(const std::vector<std::string>& lines,
                                                     const std::function<void()>& meanwhile);
  // One oracle, for questions one at a time (shrinking).
  OracleClient& first() { return first_; }

 private:
  OraclePair(OracleClient first, OracleClient second)
      : first_(std::move(first)), second_(std::move(second)) {}

  OracleClient first_;
  OracleClient second_;
};

// The directory of `node` on PATH, or "" if none.
std::string FindOnPath(const std::string& program);

// Cedar's validator (strict mode) on a schema and a policy set: the
// oracle's answer to a ValidationLine().
struct ValidationVerdict {
  bool schema_ok = false;    // the schema parses and resolves
  bool policies_ok = false;  // the policies parse (false when !schema_ok)
  // Policy id -> messages, for the policies with at least one.
  std::map<std::string, std::vector<std::string>> errors;
  std::map<std::string, std::vector<std::string>> warnings;
  // Why the schema or the policies were refused.
  std::vector<std::string> messages;
};

// One line for the oracle: validate `policies` (Cedar text, ids policy0,
// policy1, ...) against `schema` (Cedar's schema text).
std::string ValidationLine(const std::string& schema, const std::string& policies);
ValidationVerdict ParseValidationVerdict(const nlohmann::json& answer);

}  // namespace suivi::cedar_testing

#endif  // SUIVI_TESTS_CEDAR_ORACLE_CLIENT_H_
