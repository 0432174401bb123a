#include "services/server/server.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/audit/audit_log.h"
#include "core/common/files.h"
#include "core/common/log.h"
#include "core/common/status_macros.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "core/pki/certificate.h"
#include "core/store/encrypted_store.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "services/admin/admin_service.h"
#include "services/common/audit_pseudonyms.h"
#include "services/common/charte_holder.h"
#include "services/common/rpc_gate.h"
#include "services/directory/directory_service.h"
#include "services/persons/person_layout.h"
#include "services/persons/persons_service.h"
#include "services/server/bootstrap.h"
#include "services/server/dev_pki.h"
#include "services/session/session_service.h"

namespace suivi::server {
namespace {

namespace fs = std::filesystem;

constexpr char kRootKeyFile[] = "racine.cle";
constexpr char kKeyStoreDir[] = "magasin";
// Time calls in flight get to finish on shutdown.
constexpr absl::Duration kShutdownGrace = absl::Seconds(5);

bool IsInside(const fs::path& inner, const fs::path& outer) {
  const fs::path a = fs::weakly_canonical(inner);
  const fs::path b = fs::weakly_canonical(outer);
  auto mismatch = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return mismatch.first == b.end();
}

absl::Status ValidateOptions(const ServerOptions& o) {
  if (o.data_dir.empty()) return absl::InvalidArgumentError("--data_dir est obligatoire");
  if (o.key_dir.empty()) return absl::InvalidArgumentError("--key_dir est obligatoire");
  if (IsInside(o.key_dir, o.data_dir) || IsInside(o.data_dir, o.key_dir)) {
    return absl::InvalidArgumentError(
        "--key_dir et --data_dir doivent être deux répertoires distincts, l'un hors de "
        "l'autre : les clés ne sont jamais sauvegardées avec les données");
  }
  if (o.dev && o.pki_dir.empty()) {
    return absl::InvalidArgumentError("--dev demande --pki_dir (où créer la PKI de développement)");
  }
  if (!o.dev && (o.tls_cert.empty() || o.tls_key.empty() || o.client_ca.empty())) {
    return absl::InvalidArgumentError(
        "--tls_cert, --tls_key et --client_ca sont obligatoires (ou --dev)");
  }
  if (o.issuing_ca_cert.empty() != o.issuing_ca_key.empty()) {
    return absl::InvalidArgumentError(
        "--issuing_ca_cert et --issuing_ca_key vont ensemble");
  }
  if (o.listen.rfind(':') == std::string::npos) {
    return absl::InvalidArgumentError("--listen : adresse hôte:port attendue");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadRequiredFile(const std::string& path) {
  std::string contents = ReadFileBytes(path);
  if (contents.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("fichier illisible ou vide : ", path));
  }
  return contents;
}

// Each certificate of a PEM bundle.
absl::StatusOr<std::vector<pki::Certificate>> ParseBundle(absl::string_view pem) {
  constexpr absl::string_view kEnd = "-----END CERTIFICATE-----";
  std::vector<pki::Certificate> certificates;
  size_t start = 0;
  for (size_t end; (end = pem.find(kEnd, start)) != absl::string_view::npos;
       start = end + kEnd.size()) {
    ASSIGN_OR_RETURN(pki::Certificate c,
                     pki::Certificate::FromPem(pem.substr(start, end + kEnd.size() - start)));
    certificates.push_back(std::move(c));
  }
  if (certificates.empty()) {
    return absl::FailedPreconditionError("--client_ca ne contient aucun certificat");
  }
  return certificates;
}

std::string DialHost(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host.empty() || host == "0.0.0.0" || host == "[::]") return "localhost";
  return host;
}

}  // namespace

struct Server::Parts {
  ServerOptions options;
  std::string tls_cert_pem, tls_key_pem, client_ca_pem;
  std::unique_ptr<crypto::KeyProvider> key_provider;
  std::unique_ptr<crypto::KeyStore> keys;
  std::unique_ptr<store::EncryptedStore> store;
  std::unique_ptr<directory::Directory> directory;
  std::unique_ptr<persons::Persons> persons;
  std::unique_ptr<pki::CertificateAuthority> issuer;
  std::unique_ptr<admin::Enrolment> enrolment;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<services::AuditPseudonyms> pseudonyms;
  std::unique_ptr<services::CharteHolder> charte;
  std::unique_ptr<services::RpcGate> gate;
  std::unique_ptr<directory::DirectoryServiceImpl> directory_service;
  std::unique_ptr<admin::AdminServiceImpl> admin_service;
  std::unique_ptr<session::SessionServiceImpl> session_service;
  std::unique_ptr<persons::PersonsServiceImpl> persons_service;
  std::unique_ptr<grpc::Server> grpc_server;
  int port = 0;
  std::vector<pki::Certificate> trusted;
  std::vector<v1::DirectoryBootstrap> demo;

  const Clock* clock() const { return options.clock ? options.clock : Clock::Real(); }
  absl::Status PreparePki();
  absl::Status OpenStores();
  absl::Status OpenDirectory();
  absl::Status OpenPersons();
  absl::Status EnrolDevUsers();
  absl::Status StartGrpc();
  void ReportCharte() const;
};

// Says which charte is in force, and warns about each territory whose last
// adopted version is not this one (its committee has yet to adopt it).
void Server::Parts::ReportCharte() const {
  const policy::Charte& loaded = charte->current()->charte();
  LogInfo(absl::StrCat("charte version ", loaded.version(), " en vigueur (source : ",
                       charte->source(), ", empreinte des règles ", loaded.policies_sha256(), ")"));
  std::shared_ptr<const directory::DirectoryState> state = directory->state();
  for (const auto& [id, territory] : state->territories) {
    std::vector<v1::CharteVersion> versions = state->CharteVersionsOf(id);
    if (!versions.empty() && versions.back().policies_sha256() == loaded.policies_sha256()) continue;
    LogWarning(absl::StrCat("territoire ", id, " : la dernière version de la charte qu'il a "
                            "adoptée n'a pas l'empreinte des règles en vigueur ; faites adopter "
                            "la version ", loaded.version(), " par son comité"));
  }
}

absl::Status Server::Parts::PreparePki() {
  if (options.dev) {
    ASSIGN_OR_RETURN(DevPki dev, EnsureDevPki(options.pki_dir));
    if (options.tls_cert.empty()) options.tls_cert = dev.server_cert.string();
    if (options.tls_key.empty()) options.tls_key = dev.server_key.string();
    if (options.client_ca.empty()) options.client_ca = dev.ca_cert.string();
    if (options.issuing_ca_cert.empty()) issuer = std::move(dev.ca);
  }
  ASSIGN_OR_RETURN(tls_cert_pem, ReadRequiredFile(options.tls_cert));
  ASSIGN_OR_RETURN(tls_key_pem, ReadRequiredFile(options.tls_key));
  ASSIGN_OR_RETURN(client_ca_pem, ReadRequiredFile(options.client_ca));
  if (!options.issuing_ca_cert.empty()) {
    ASSIGN_OR_RETURN(std::string cert, ReadRequiredFile(options.issuing_ca_cert));
    ASSIGN_OR_RETURN(std::string key, ReadRequiredFile(options.issuing_ca_key));
    ASSIGN_OR_RETURN(issuer, pki::CertificateAuthority::FromPem(cert, key));
  }
  ASSIGN_OR_RETURN(trusted, ParseBundle(client_ca_pem));
  return absl::OkStatus();
}

absl::Status Server::Parts::OpenStores() {
  RETURN_IF_ERROR(CreatePrivateDirectory(options.key_dir));
  RETURN_IF_ERROR(CreatePrivateDirectory(options.data_dir));
  ASSIGN_OR_RETURN(key_provider, crypto::LocalFileKeyProvider::Open(
                                     (fs::path(options.key_dir) / kRootKeyFile).string()));
  crypto::KeyStoreOptions key_options;
  key_options.path = (fs::path(options.key_dir) / kKeyStoreDir).string();
  key_options.sync = options.sync;
  ASSIGN_OR_RETURN(keys, crypto::KeyStore::Open(key_options, key_provider.get()));
  store::StoreOptions store_options;
  store_options.path = options.data_dir;
  store_options.column_families = {directory::kDirectoryFamily, persons::kPersonsFamily,
                                   audit::kAuditFamily};
  store_options.sync = options.sync;
  ASSIGN_OR_RETURN(store, store::EncryptedStore::Open(store_options, keys.get()));
  audit::AuditLogOptions audit_options;
  ASSIGN_OR_RETURN(audit_options.data_key_id, audit::AuditLog::EnsureDataKey(store.get(), keys.get()));
  audit_options.clock = clock();
  ASSIGN_OR_RETURN(audit, audit::AuditLog::Open(store.get(), audit_options));
  ASSIGN_OR_RETURN(pseudonyms, services::AuditPseudonyms::Open(keys.get()));
  return absl::OkStatus();
}

absl::Status Server::Parts::OpenDirectory() {
  absl::StatusOr<directory::RoleCatalogue> roles =
      options.roles_file.empty() ? directory::RoleCatalogue::Default()
                                 : directory::RoleCatalogue::Parse(ReadFileBytes(options.roles_file));
  RETURN_IF_ERROR(roles.status());
  ASSIGN_OR_RETURN(directory, directory::Directory::Open(store.get(), keys.get(),
                                                          *std::move(roles), clock()));
  std::vector<v1::DirectoryBootstrap> bootstraps;
  if (options.dev) {
    ASSIGN_OR_RETURN(demo, DemoTerritories());
    bootstraps = demo;
  }
  for (const std::string& path : options.bootstrap_files) {
    ASSIGN_OR_RETURN(std::string text, ReadRequiredFile(path));
    ASSIGN_OR_RETURN(v1::DirectoryBootstrap b, ParseBootstrap(text, path));
    bootstraps.push_back(std::move(b));
  }
  RETURN_IF_ERROR(LoadBootstraps(*directory, bootstraps));
  admin::EnrolmentOptions enrolment_options;
  enrolment_options.client_validity = options.client_certificate_validity;
  enrolment = std::make_unique<admin::Enrolment>(directory.get(), issuer.get(),
                                                 std::move(trusted), clock(), enrolment_options);
  return absl::OkStatus();
}

// Gives every demo user a certificate and enrols it (dev mode only).
absl::Status Server::Parts::EnrolDevUsers() {
  for (const v1::DirectoryBootstrap& b : demo) {
    for (const v1::User& user : b.users()) {
      ASSIGN_OR_RETURN(std::string pem, EnsureDevUser(options.pki_dir, *issuer, user.id()));
      absl::StatusOr<v1::EnrolCertificateResponse> enrolled =
          enrolment->EnrolIssued(user.id(), pem, "suivid --dev");
      // ALREADY_EXISTS: a demo certificate revoked on purpose stays revoked.
      if (!enrolled.ok() && !absl::IsAlreadyExists(enrolled.status())) {
        return enrolled.status();
      }
    }
  }
  return absl::OkStatus();
}

// Reads every person and builds the search indexes (in memory only), after
// the directory: a person's territory and controller come from it.
absl::Status Server::Parts::OpenPersons() {
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(persons, persons::Persons::Open(store.get(), keys.get(), directory.get(),
                                                   clock()));
  size_t count = 0;
  for (const auto& [id, territory] : directory->state()->territories) {
    count += persons->IndexedCount(id);
  }
  LogInfo(absl::StrCat("personnes : ", count, " fiches indexées en ",
                       absl::FormatDuration(absl::Now() - start), " (index de recherche en mémoire : ",
                       persons->IndexMemoryBytes() / 1024, " Kio)"));
  return absl::OkStatus();
}

absl::Status Server::Parts::StartGrpc() {
  // No obligation can be carried out yet: a permit that carries one is a
  // deny (DESIGN.md §5, deny-biased).
  ASSIGN_OR_RETURN(charte, services::CharteHolder::Load(options.charte_dir, {}));
  ReportCharte();
  services::GateOptions gate_options;
  gate_options.authenticator = directory.get();
  gate_options.directory = directory.get();
  gate_options.charte = charte.get();
  gate_options.audit = audit.get();
  gate_options.pseudonyms = pseudonyms.get();
  gate_options.services = ServedServices();
  ASSIGN_OR_RETURN(gate, services::RpcGate::Create(std::move(gate_options)));
  directory_service = std::make_unique<directory::DirectoryServiceImpl>(directory.get(), gate.get());
  admin_service = std::make_unique<admin::AdminServiceImpl>(directory.get(), enrolment.get(),
                                                            gate.get());
  session_service = std::make_unique<session::SessionServiceImpl>(directory.get(), gate.get());
  persons_service = std::make_unique<persons::PersonsServiceImpl>(persons.get(), gate.get());

  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = client_ca_pem;
  tls.pem_key_cert_pairs.push_back({tls_key_pem, tls_cert_pem});
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::SslServerCredentials(tls), &port);
  builder.RegisterService(directory_service.get());
  builder.RegisterService(admin_service.get());
  builder.RegisterService(session_service.get());
  builder.RegisterService(persons_service.get());
  grpc_server = builder.BuildAndStart();
  if (grpc_server == nullptr || port == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("impossible d'écouter sur ", options.listen,
                     " : adresse invalide ou port déjà utilisé"));
  }
  grpc_server->GetHealthCheckService()->SetServingStatus(true);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  auto parts = std::make_unique<Parts>();
  parts->options = std::move(options);
  RETURN_IF_ERROR(parts->PreparePki());
  RETURN_IF_ERROR(parts->OpenStores());
  RETURN_IF_ERROR(parts->OpenDirectory());
  if (parts->options.dev) RETURN_IF_ERROR(parts->EnrolDevUsers());
  RETURN_IF_ERROR(parts->OpenPersons());
  RETURN_IF_ERROR(parts->StartGrpc());
  std::unique_ptr<Server> server(new Server(std::move(parts)));
  if (server->parts_->options.dev) {
    for (const v1::DirectoryBootstrap& b : server->parts_->demo) {
      for (const v1::User& user : b.users()) {
        RETURN_IF_ERROR(WriteDevUserServer(server->parts_->options.pki_dir, user.id(),
                                           server->address()));
      }
    }
  }
  return server;
}

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Server::~Server() { Shutdown(); }

const std::vector<std::string>& ServedServices() {
  static const auto* services = new std::vector<std::string>{
      v1::Directory::service_full_name(), v1::Admin::service_full_name(),
      v1::Session::service_full_name(), v1::Persons::service_full_name()};
  return *services;
}

int Server::port() const { return parts_->port; }

const audit::AuditLog& Server::audit_log() const { return *parts_->audit; }

std::string Server::address() const {
  return absl::StrCat(DialHost(parts_->options.listen), ":", parts_->port);
}

void Server::Shutdown() {
  if (parts_ == nullptr || parts_->grpc_server == nullptr) return;
  parts_->grpc_server->GetHealthCheckService()->SetServingStatus(false);
  parts_->grpc_server->Shutdown(std::chrono::system_clock::now() +
                                absl::ToChronoSeconds(kShutdownGrace));
  parts_->grpc_server->Wait();
  parts_.reset();  // Services, directory, then the stores, in that order.
}

absl::Status RunServer(ServerOptions options) {
  // Signals are taken by sigwait below, never by a gRPC or RocksDB thread:
  // block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  const bool dev = options.dev;
  const std::string pki_dir = options.pki_dir;
  ASSIGN_OR_RETURN(std::unique_ptr<Server> server, Server::Start(std::move(options)));
  LogInfo(absl::StrCat("à l'écoute sur ", server->address(), " (mTLS)"));
  if (dev) {
    LogInfo(absl::StrCat("mode développement : une configuration client par utilisateur de "
                         "démonstration dans ", pki_dir, "/utilisateurs/ ; par exemple : "
                         "suivi --config ", pki_dir, "/utilisateurs/ame-admin whoami"));
  }
  int received = 0;
  sigwait(&signals, &received);
  LogInfo(absl::StrCat("signal ", received, " reçu : arrêt propre"));
  server->Shutdown();
  LogInfo("arrêté");
  return absl::OkStatus();
}

}  // namespace suivi::server
