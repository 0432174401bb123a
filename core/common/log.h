// core/common/log.h
//
// The one logging facade of Suivi's programs: one line per event on
// stderr, "2026-11-24T13:00:00Z suivid I message". Messages are French
// when an operator reads them and never hold personal data.
//
// Thread-safe: lines from concurrent threads are not interleaved.

#ifndef SUIVI_CORE_COMMON_LOG_H_
#define SUIVI_CORE_COMMON_LOG_H_

#include "absl/strings/string_view.h"

namespace suivi {

enum class LogSeverity { kInfo, kWarning, kError };

// Names the program in every line; call once at start. Default "suivi".
void SetLogProgramName(absl::string_view name);

void Log(LogSeverity severity, absl::string_view message);
inline void LogInfo(absl::string_view message) { Log(LogSeverity::kInfo, message); }
inline void LogWarning(absl::string_view message) { Log(LogSeverity::kWarning, message); }
inline void LogError(absl::string_view message) { Log(LogSeverity::kError, message); }

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_LOG_H_
