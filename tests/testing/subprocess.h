// tests/testing/subprocess.h
//
// Runs the project's binaries (suivid, suivi) as child processes, the way
// people do, and collects what they print.

#ifndef SUIVI_TESTS_TESTING_SUBPROCESS_H_
#define SUIVI_TESTS_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` to completion with stdin closed. INTERNAL if it cannot start.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv);

// A long-running child whose stderr is read line by line.
class ChildProcess {
 public:
  static absl::StatusOr<ChildProcess> Start(const std::vector<std::string>& argv);
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  // Kills the child if still running.
  ~ChildProcess();

  // Reads stderr until a line containing `needle`; returns that line.
  // NOT_FOUND with everything read if the child closes stderr first.
  absl::StatusOr<std::string> WaitForLine(absl::string_view needle);
  // Sends `signal` and waits for the exit; returns the exit code (-1 if
  // the child died of a signal).
  int SignalAndWait(int signal);
  // The rest of stderr, after the child exited.
  std::string ReadRest();
  // Every line WaitForLine has read so far, the found ones included.
  const std::string& transcript() const { return transcript_; }

 private:
  ChildProcess(pid_t pid, int err_fd) : pid_(pid), err_fd_(err_fd) {}
  pid_t pid_;
  int err_fd_;
  std::string buffer_;
  std::string transcript_;
};

}  // namespace suivi::testing

#endif  // SUIVI_TESTS_TESTING_SUBPROCESS_H_
