// tests/cedar/oracle_client.cc

#include "tests/cedar/oracle_client.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace suivi::cedar_testing {
namespace {

bool IsExecutable(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

std::string FindOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (absl::string_view dir : absl::StrSplit(path, ':')) {
    if (dir.empty()) continue;
    std::string candidate = absl::StrCat(dir, "/", program);
    if (IsExecutable(candidate)) return candidate;
  }
  return "";
}

absl::StatusOr<OracleClient> OracleClient::Start(const std::string& oracle_js) {
  const std::string node = FindOnPath("node");
  if (node.empty()) {
    return absl::FailedPreconditionError(
        "node introuvable dans le PATH (deploy/install-deps.sh installe nodejs)");
  }
  const std::string dir = oracle_js.substr(0, oracle_js.rfind('/'));
  if (!Exists(dir + "/node_modules/@cedar-policy/cedar-wasm/nodejs")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cedar-wasm absent de ", dir, "/node_modules : lancer deploy/install-deps.sh (npm ci)"));
  }
  // A dead oracle must give an error, not kill the test with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  int to_child[2];
  int from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0) return absl::InternalError("pipe");
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    return absl::InternalError("pipe");
  }
  const pid_t pid = ::fork();
  if (pid < 0) return absl::InternalError("fork");
  if (pid == 0) {
    ::dup2(to_child[0], 0);
    ::dup2(from_child[1], 1);
    std::vector<char*> argv = {const_cast<char*>(node.c_str()),
                               const_cast<char*>(oracle_js.c_str()), nullptr};
    ::execv(node.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  return OracleClient(oracle_js, pid, to_child[1], from_child[0]);
}

OracleClient::OracleClient(OracleClient&& other) noexcept
    : oracle_js_(std::move(other.oracle_js_)), pid_(other.pid_), in_fd_(other.in_fd_),
      out_fd_(other.out_fd_), buffer_(std::move(other.buffer_)) {
  other.pid_ = -1;
  other.in_fd_ = -1;
  other.out_fd_ = -1;
}

OracleClient::~OracleClient() {
  if (in_fd_ >= 0) ::close(in_fd_);
  if (out_fd_ >= 0) ::close(out_fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status;
    ::waitpid(pid_, &status, 0);
  }
}

absl::StatusOr<std::string> OracleClient::ReadLine() {
  while (true) {
    const size_t newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    char chunk[65536];
    const ssize_t n = ::read(out_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return absl::InternalError("l'oracle Cedar s'est arrêté (node oracle.js)");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

bool OracleClient::Exited() {
  if (pid_ <= 0) return true;
  int status;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
  pid_ = -1;
  return true;
}

absl::Status OracleClient::Restart() {
  if (in_fd_ >= 0) ::close(in_fd_);
  if (out_fd_ >= 0) ::close(out_fd_);
  in_fd_ = out_fd_ = -1;
  if (pid_ > 0) {
    int status;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  buffer_.clear();
  absl::StatusOr<OracleClient> fresh = Start(oracle_js_);
  if (!fresh.ok()) return fresh.status();
  std::swap(pid_, fresh->pid_);
  std::swap(in_fd_, fresh->in_fd_);
  std::swap(out_fd_, fresh->out_fd_);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<nlohmann::json>> OracleClient::AskAll(
    const std::vector<std::string>& lines) {
  constexpr int kMaxRestarts = 3;
  absl::StatusOr<std::vector<nlohmann::json>> answers = AskAllOnce(lines);
  for (int restarts = 0; !answers.ok() && restarts < kMaxRestarts; ++restarts) {
    // Give a dying node a moment to be reaped; a live one answered badly,
    // and asking again would not help.
    for (int i = 0; i < 50 && !Exited(); ++i) ::usleep(20000);
    if (pid_ > 0) break;
    std::fprintf(stderr, "cedar oracle: node stopped (%s); starting it again\n",
                 std::string(answers.status().message()).c_str());
    if (absl::Status s = Restart(); !s.ok()) return s;
    answers = AskAllOnce(lines);
  }
  return answers;
}

absl::StatusOr<std::vector<nlohmann::json>> OracleClient::AskAllOnce(
    const std::vector<std::string>& lines) {
  std::string payload;
  for (const std::string& line : lines) {
    payload += line;
    payload += '\n';
  }
  bool write_ok = true;
  std::thread writer([&] {
    size_t done = 0;
    while (done < payload.size()) {
      const ssize_t n = ::write(in_fd_, payload.data() + done, payload.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        write_ok = false;
        return;
      }
      done += static_cast<size_t>(n);
    }
  });
  std::vector<nlohmann::json> answers;
  answers.reserve(lines.size());
  absl::Status status;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StatusOr<std::string> line = ReadLine();
    if (!line.ok()) {
      status = line.status();
      break;
    }
    nlohmann::json answer = nlohmann::json::parse(*line, nullptr, /*allow_exceptions=*/false);
    if (answer.is_discarded()) {
      status = absl::InternalError(absl::StrCat("réponse illisible de l'oracle : ", *line));
      break;
    }
    answers.push_back(std::move(answer));
  }
  if (!status.ok()) {
    // Unblock the writer if the child is gone.
    ::close(in_fd_);
    in_fd_ = -1;
  }
  writer.join();
  if (!status.ok()) return status;
  if (!write_ok) return absl::InternalError("écriture vers l'oracle impossible");
  return answers;
}

std::string ValidationLine(const std::string& schema, const std::string& policies) {
  return nlohmann::json{{"op", "validate"}, {"schema", schema}, {"policies", policies}}.dump();
}

namespace {

std::map<std::string, std::vector<std::string>> MessagesById(const nlohmann::json& object) {
  std::map<std::string, std::vector<std::string>> out;
  if (!object.is_object()) return out;
  for (const auto& item : object.items()) {
    out[item.key()] = item.value().get<std::vector<std::string>>();
  }
  return out;
}

}  // namespace

ValidationVerdict ParseValidationVerdict(const nlohmann::json& answer) {
  ValidationVerdict out;
  out.schema_ok = answer.value("schema_ok", false);
  out.policies_ok = answer.value("policies_ok", false);
  if (answer.contains("errors")) out.errors = MessagesById(answer["errors"]);
  if (answer.contains("warnings")) out.warnings = MessagesById(answer["warnings"]);
  if (answer.contains("messages")) {
    out.messages = answer["messages"].get<std::vector<std::string>>();
  }
  return out;
}

absl::StatusOr<nlohmann::json> OracleClient::Ask(const std::string& line) {
  absl::StatusOr<std::vector<nlohmann::json>> answers = AskAll({line});
  if (!answers.ok()) return answers.status();
  return std::move((*answers)[0]);
}

absl::StatusOr<OraclePair> OraclePair::Start(const std::string& oracle_js) {
  absl::StatusOr<OracleClient> first = OracleClient::Start(oracle_js);
  if (!first.ok()) return first.status();
  absl::StatusOr<OracleClient> second = OracleClient::Start(oracle_js);
  if (!second.ok()) return second.status();
  return OraclePair(*std::move(first), *std::move(second));
}

absl::StatusOr<std::vector<nlohmann::json>> OraclePair::AskAll(
    const std::vector<std::string>& lines, const std::function<void()>& meanwhile) {
  const auto half = lines.begin() + static_cast<std::ptrdiff_t>(lines.size() / 2);
  const std::vector<std::string> lines_a(lines.begin(), half);
  const std::vector<std::string> lines_b(half, lines.end());
  absl::StatusOr<std::vector<nlohmann::json>> answers_a;
  absl::StatusOr<std::vector<nlohmann::json>> answers_b;
  std::thread thread_a([&] { answers_a = first_.AskAll(lines_a); });
  std::thread thread_b([&] { answers_b = second_.AskAll(lines_b); });
  meanwhile();
  thread_a.join();
  thread_b.join();
  if (!answers_a.ok()) return answers_a.status();
  if (!answers_b.ok()) return answers_b.status();
  answers_a->insert(answers_a->end(), answers_b->begin(), answers_b->end());
  return answers_a;
}

}  // namespace suivi::cedar_testing
