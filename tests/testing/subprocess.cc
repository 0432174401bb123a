#include "tests/testing/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/match.h"

extern char** environ;

namespace suivi::testing {
namespace {

std::vector<char*> ArgvOf(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const std::string& arg : argv) out.push_back(const_cast<char*>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

// Spawns `argv` with stdout and stderr on new pipes (-1 = not captured).
absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& argv, int* out_fd, int* err_fd) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    return absl::InternalError("pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  // Signals the test process blocks stay deliverable to the child.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  std::vector<char*> args = ArgvOf(argv);
  const int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return absl::InternalError("posix_spawn: " + argv[0]);
  }
  *out_fd = out_pipe[0];
  *err_fd = err_pipe[0];
  return pid;
}

int ExitCodeOf(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

// Appends what `fd` has; false at end of file.
bool ReadSome(int fd, std::string* into) {
  char buffer[4096];
  const ssize_t n = read(fd, buffer, sizeof buffer);
  if (n <= 0) return false;
  into->append(buffer, static_cast<size_t>(n));
  return true;
}

}  // namespace

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv) {
  int out_fd = -1, err_fd = -1;
  absl::StatusOr<pid_t> pid = Spawn(argv, &out_fd, &err_fd);
  if (!pid.ok()) return pid.status();
  ProcessResult result;
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      if (!ReadSome(fds[i].fd, i == 0 ? &result.out : &result.err)) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  waitpid(*pid, &status, 0);
  result.exit_code = ExitCodeOf(status);
  return result;
}

absl::StatusOr<ChildProcess> ChildProcess::Start(const std::vector<std::string>& argv) {
  int out_fd = -1, err_fd = -1;
  absl::StatusOr<pid_t> pid = Spawn(argv, &out_fd, &err_fd);
  if (!pid.ok()) return pid.status();
  close(out_fd);  // suivid writes to stderr only
  return ChildProcess(*pid, err_fd);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      err_fd_(std::exchange(other.err_fd_, -1)),
      buffer_(std::move(other.buffer_)),
      transcript_(std::move(other.transcript_)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) SignalAndWait(SIGKILL);
  if (err_fd_ >= 0) close(err_fd_);
}

absl::StatusOr<std::string> ChildProcess::WaitForLine(absl::string_view needle) {
  size_t scanned = 0;
  while (true) {
    for (size_t eol; (eol = buffer_.find('\n', scanned)) != std::string::npos;
         scanned = eol + 1) {
      std::string line = buffer_.substr(scanned, eol - scanned);
      if (absl::StrContains(line, needle)) {
        transcript_.append(buffer_, 0, eol + 1);
        buffer_.erase(0, eol + 1);
        return line;
      }
    }
    if (!ReadSome(err_fd_, &buffer_)) return absl::NotFoundError(buffer_);
  }
}

int ChildProcess::SignalAndWait(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return ExitCodeOf(status);
}

std::string ChildProcess::ReadRest() {
  while (err_fd_ >= 0 && ReadSome(err_fd_, &buffer_)) {
  }
  return std::move(buffer_);
}

}  // namespace suivi::testing
