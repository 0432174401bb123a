#include "client/client_config.h"

#include <cstdlib>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/address.h"
#include "core/common/files.h"
#include "core/common/status_macros.h"

namespace suivi::client {
namespace {

namespace fs = std::filesystem;

// What a file of the configuration directory is, and how to obtain it.
struct ConfigEntry {
  const char* file;
  const char* what;
  const char* how;
};

constexpr ConfigEntry kCertificateEntry = {
    kCertificateFile, "votre certificat client",
    "créez une demande avec « suivi demande-certificat --utilisateur "
    "IDENTIFIANT --sortie DOSSIER » et remettez le fichier demande.csr à "
    "l'administrateur de votre territoire, ou indiquez le fichier avec "
    "--certificat"};
constexpr ConfigEntry kKeyEntry = {
    kKeyFile, "la clé privée de votre certificat",
    "elle est créée avec la demande de certificat (« suivi "
    "demande-certificat ») et ne quitte jamais votre poste ; indiquez le "
    "fichier avec --cle"};
constexpr ConfigEntry kCaEntry = {
    kCaFile, "le certificat de l'autorité du serveur",
    "demandez le fichier ca.pem à l'administrateur de votre territoire, ou "
    "indiquez-le avec --ca"};
constexpr ConfigEntry kServerEntry = {
    kServerFile, "l'adresse du serveur, une ligne « hôte:port »",
    "créez ce fichier ou indiquez l'adresse avec --serveur"};

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

absl::Status Missing(const fs::path& path, const ConfigEntry& entry) {
  return absl::FailedPreconditionError(
      absl::StrCat("fichier introuvable : ", path.string(), " (", entry.what,
                   ") ; ", entry.how));
}

// The path of `entry`: `override_path` if given, else the file in `dir`.
// Checks that it names an existing regular file.
absl::StatusOr<std::string> EntryPath(const fs::path& dir,
                                      const std::string& override_path,
                                      const ConfigEntry& entry) {
  if (dir.empty() && override_path.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "aucun dossier de configuration : indiquez --config DOSSIER ou "
        "définissez SUIVI_CONFIG (il manque ",
        entry.what, ")"));
  }
  const fs::path path =
      override_path.empty() ? dir / entry.file : fs::path(override_path);
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return Missing(path, entry);
  return path.string();
}

absl::StatusOr<std::string> ReadServerFile(const fs::path& dir) {
  ASSIGN_OR_RETURN(const std::string path, EntryPath(dir, "", kServerEntry));
  std::string content = ReadFileBytes(path);
  absl::string_view line = absl::StripAsciiWhitespace(content);
  if (line.find('\n') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "le fichier ", path, " doit tenir sur une ligne « hôte:port »"));
  }
  return std::string(line);
}

// A directory that does not exist at all gets one message rather than
// "certificat.pem missing".
absl::Status CheckDirectory(const fs::path& dir,
                            const ClientConfigOverrides& overrides) {
  const bool all_overridden =
      !overrides.server.empty() && !overrides.certificate_path.empty() &&
      !overrides.key_path.empty() && !overrides.ca_path.empty();
  std::error_code error;
  if (dir.empty() || all_overridden || fs::is_directory(dir, error)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "dossier de configuration introuvable : ", dir.string(),
      " ; il doit contenir certificat.pem, cle.pem, ca.pem et serveur. "
      "L'administrateur de votre territoire peut le préparer (« suivi admin "
      "enroler --nouveau-dossier ») ou indiquez un autre dossier avec "
      "--config"));
}

}  // namespace

ConfigEnvironment ConfigEnvironment::FromProcess() {
  return ConfigEnvironment{EnvOrEmpty("SUIVI_CONFIG"),
                           EnvOrEmpty("XDG_CONFIG_HOME"), EnvOrEmpty("HOME")};
}

fs::path ResolveConfigDir(const std::string& flag_dir,
                          const ConfigEnvironment& env) {
  if (!flag_dir.empty()) return flag_dir;
  if (!env.suivi_config.empty()) return env.suivi_config;
  if (!env.xdg_config_home.empty())
    return fs::path(env.xdg_config_home) / "suivi";
  if (!env.home.empty()) return fs::path(env.home) / ".config" / "suivi";
  return {};
}

absl::StatusOr<ClientConfig> LoadClientConfig(
    const fs::path& dir, const ClientConfigOverrides& overrides) {
  RETURN_IF_ERROR(CheckDirectory(dir, overrides));
  ClientConfig config;
  if (overrides.server.empty()) {
    ASSIGN_OR_RETURN(config.server, ReadServerFile(dir));
  } else {
    config.server = overrides.server;
  }
  RETURN_IF_ERROR(ParseHostPort(config.server).status());
  ASSIGN_OR_RETURN(
      config.certificate_path,
      EntryPath(dir, overrides.certificate_path, kCertificateEntry));
  ASSIGN_OR_RETURN(config.key_path,
                   EntryPath(dir, overrides.key_path, kKeyEntry));
  ASSIGN_OR_RETURN(config.ca_path, EntryPath(dir, overrides.ca_path, kCaEntry));
  if (overrides.deadline.has_value()) {
    if (*overrides.deadline <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError(
          "le délai (--delai) doit être un nombre de secondes positif");
    }
    config.deadline = *overrides.deadline;
  }
  return config;
}

}  // namespace suivi::client
