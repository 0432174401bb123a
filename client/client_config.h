// client/client_config.h
//
// Where the `suivi` client finds its server address and its TLS material.
// A configuration directory holds four files:
//
//   certificat.pem   the user's client certificate (PEM)
//   cle.pem          its private key (PEM, mode 0600)
//   ca.pem           the certificate authority that signed the server's
//                    certificate (PEM)
//   serveur          one line "host:port"
//
// The directory is --config DIR, else $SUIVI_CONFIG, else
// $XDG_CONFIG_HOME/suivi, else $HOME/.config/suivi. The flags --serveur,
// --certificat, --cle and --ca each override one entry; a file that is
// overridden need not exist in the directory.

#ifndef SUIVI_CLIENT_CLIENT_CONFIG_H_
#define SUIVI_CLIENT_CLIENT_CONFIG_H_

#include <filesystem>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/finalite.h"

namespace suivi::client {

// File names inside a configuration directory.
inline constexpr char kCertificateFile[] = "certificat.pem";
inline constexpr char kKeyFile[] = "cle.pem";
inline constexpr char kCaFile[] = "ca.pem";
inline constexpr char kServerFile[] = "serveur";

// Everything SuiviClient::Connect needs. Tests build one directly from
// temporary files.
struct ClientConfig {
  // "host:port" of suivid. Required.
  std::string server;
  // PEM client certificate and its private key. Both empty: connect
  // without a client certificate (the server will refuse every call; the
  // diagnosis then says so).
  std::string certificate_path;
  std::string key_path;
  // PEM certificate(s) the server's certificate must chain to. Required.
  std::string ca_path;
  // Deadline of every call, counted from its start.
  absl::Duration deadline = absl::Seconds(10);
  // The purpose every Session, Directory and Admin call declares
  // (finalite.h). Unset: the calls are sent without one, and the server
  // refuses them; the client never chooses a purpose for its caller.
  // LoadClientConfig leaves it unset.
  std::optional<Finalite> finalite;
};

// Command-line values that take precedence over the directory. An empty
// string or an unset optional means "not given".
struct ClientConfigOverrides {
  std::string server;
  std::string certificate_path;
  std::string key_path;
  std::string ca_path;
  std::optional<absl::Duration> deadline;
};

// The environment variables that choose the default directory, captured
// once so the choice can be tested without touching the process
// environment. Empty means unset.
struct ConfigEnvironment {
  std::string suivi_config;     // $SUIVI_CONFIG
  std::string xdg_config_home;  // $XDG_CONFIG_HOME
  std::string home;             // $HOME

  // Reads the three variables of this process.
  static ConfigEnvironment FromProcess();
};

// The configuration directory: `flag_dir` (--config) if not empty, else
// $SUIVI_CONFIG, else $XDG_CONFIG_HOME/suivi, else $HOME/.config/suivi.
// Empty when none of them is set.
std::filesystem::path ResolveConfigDir(const std::string& flag_dir,
                                       const ConfigEnvironment& env);

// Builds the configuration from `dir` and `overrides`. Each entry not
// overridden is taken from its file in `dir`; the certificate, key and CA
// paths are checked to name existing files. FAILED_PRECONDITION, in
// French, naming the missing file and how to obtain it; INVALID_ARGUMENT
// when the `serveur` file is not one line "host:port" or the deadline is
// not positive. `dir` may be empty when every entry is overridden.
absl::StatusOr<ClientConfig> LoadClientConfig(
    const std::filesystem::path& dir, const ClientConfigOverrides& overrides);

}  // namespace suivi::client

#endif  // SUIVI_CLIENT_CLIENT_CONFIG_H_
