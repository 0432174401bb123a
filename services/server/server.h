// services/server/server.h
//
// suivid: every Suivi service in one process, on one encrypted store, over
// mTLS only (DESIGN.md §1, §9). Flags become ServerOptions in
// suivid_main.cc; RunServer serves until SIGTERM or SIGINT; tests start a
// Server on 127.0.0.1:0 and stop it.

#ifndef SUIVI_SERVICES_SERVER_SERVER_H_
#define SUIVI_SERVICES_SERVER_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/common/clock.h"

namespace suivi::audit {
class AuditLog;
}  // namespace suivi::audit

namespace suivi::server {

struct ServerOptions {
  // Directory of the encrypted data (RocksDB). Required.
  std::string data_dir;
  // Directory of the root key file and the key store, apart from the data
  // (DESIGN.md §6). Required; must not be inside data_dir.
  std::string key_dir;
  // host:port to listen on; port 0 picks a free port (see Server::port()).
  std::string listen = "127.0.0.1:7443";
  // The server's certificate chain and private key (PEM files), and the
  // CAs whose client certificates the TLS handshake accepts. Required
  // unless `dev`, which fills them from pki_dir.
  std::string tls_cert;
  std::string tls_key;
  std::string client_ca;
  // The CA that issues certificates on enrolment (PEM certificate and
  // key). Optional: without it, only certificates issued elsewhere can be
  // enrolled.
  std::string issuing_ca_cert;
  std::string issuing_ca_key;
  // Validity of the client certificates the server issues.
  absl::Duration client_certificate_validity = absl::Hours(24 * 365);
  // Role catalogue (textproto suivi.v1.RoleCatalogue). Empty: built in.
  std::string roles_file;
  // Folder of the charte in force (policy/charte/'s layout: version,
  // texte.md, schema.cedarschema, charte.cedar). Empty: the charte built
  // into the binary. A charte that does not load stops the start.
  std::string charte_dir;
  // Directory bootstrap files (textproto suivi.v1.DirectoryBootstrap), one
  // territory each, loaded on start when the territory is absent.
  std::vector<std::string> bootstrap_files;
  // Development mode: creates a development PKI in pki_dir on first start
  // (CA, server certificate, one client configuration per demo user, see
  // dev_pki.h) and loads the two demo territories.
  bool dev = false;
  // Where dev mode keeps its PKI. Required with `dev`.
  std::string pki_dir;
  // Sync every write. Only tests of throw-away servers turn it off.
  bool sync = true;
  // Source of "now" (role assignments in force, enrolment dates). Not
  // owned. Default (nullptr): the real clock.
  const Clock* clock = nullptr;
};

class Server {
 public:
  // Opens the stores, loads the directory and bootstrap files, and starts
  // serving. INVALID_ARGUMENT on bad options; FAILED_PRECONDITION when a
  // file cannot be read or the address cannot be bound; DATA_LOSS when
  // the stores cannot be read.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);

  // Stops accepting calls, lets calls in flight finish (up to a grace
  // period), then closes the stores.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port actually bound.
  int port() const;
  // "host:port" a client on this machine dials.
  std::string address() const;
  // Same as the destructor, callable early. Idempotent. Afterwards only the
  // destructor may be called.
  void Shutdown();

  // The audit log every call writes to (DESIGN.md §8), for tests and tools
  // running in the same process.
  const audit::AuditLog& audit_log() const;

 private:
  struct Parts;
  explicit Server(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// Full names of every service suivid registers, each behind the RpcGate.
// The standard health service (grpc.health.v1.Health) is the one exemption:
// it answers before authentication and reveals nothing.
const std::vector<std::string>& ServedServices();

// Starts a Server and serves until SIGTERM or SIGINT, then shuts down
// cleanly. Logs the address, and in dev mode how to call it.
absl::Status RunServer(ServerOptions options);

}  // namespace suivi::server

#endif  // SUIVI_SERVICES_SERVER_SERVER_H_
