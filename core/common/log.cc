#include "core/common/log.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/common/day.h"

namespace suivi {
namespace {

// Never destroyed: threads may log during exit.
absl::Mutex& LogMutex() {
  static auto* mu = new absl::Mutex;
  return *mu;
}

std::string& ProgramName() {
  static auto* name = new std::string("suivi");
  return *name;
}

char SeverityLetter(LogSeverity severity) {
  switch (severity) {
    case LogSeverity::kInfo: return 'I';
    case LogSeverity::kWarning: return 'W';
    case LogSeverity::kError: return 'E';
  }
  return '?';
}

}  // namespace

void SetLogProgramName(absl::string_view name) {
  absl::MutexLock lock(&LogMutex());
  ProgramName() = std::string(name);
}

void Log(LogSeverity severity, absl::string_view message) {
  const std::string time =
      FormatUtcTimestamp(absl::Now());
  absl::MutexLock lock(&LogMutex());
  const std::string line = absl::StrCat(time, " ", ProgramName(), " ",
                                        std::string(1, SeverityLetter(severity)), " ",
                                        message, "\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace suivi
