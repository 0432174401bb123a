// suivi-bench-server: what one call to suivid costs, end to end over mTLS
// on loopback, through the client library (one channel, calls in turn).
//
//   Health       gRPC's health service: TLS + HTTP/2 framing, no gate
//   WhoAmI       + the gate: peer certificate fingerprint, directory look-up
//                of the enrolled user and their roles in force
//   ListUsers    + a directory read (about 40 users of one territory)
//   AddUser      + a directory change written through the commit queue,
//                synced (fsync) as in production
//
// WhoAmI / Health is the price of authentication per call.
//
//   build-release/bench/suivi-bench-server [--benchmark_min_time=...]

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "client/suivi_client.h"
#include "core/common/files.h"
#include "services/server/server.h"

namespace suivi {
namespace {

std::atomic<bool> g_failed{false};

// One synced dev server for the whole run.
class BenchServer {
 public:
  BenchServer() : dir_("suivi-bench-server") {
    server::ServerOptions options;
    options.data_dir = (dir_.path() / "donnees").string();
    options.key_dir = (dir_.path() / "cles").string();
    options.pki_dir = (dir_.path() / "pki").string();
    options.listen = "127.0.0.1:0";
    options.dev = true;
    auto started = server::Server::Start(options);
    if (!started.ok()) {
      std::cerr << "suivi-bench-server: " << started.status() << "\n";
      std::exit(1);
    }
    server_ = *std::move(started);
  }

  std::unique_ptr<client::SuiviClient> ClientFor(const std::string& user) const {
    const auto dir = dir_.path() / "pki" / "utilisateurs" / user;
    client::ClientConfig config;
    config.server = server_->address();
    config.certificate_path = (dir / client::kCertificateFile).string();
    config.key_path = (dir / client::kKeyFile).string();
    config.ca_path = (dir / client::kCaFile).string();
    config.finalite = client::Finalite::kAdministration;
    auto c = client::SuiviClient::Connect(config);
    if (!c.ok()) {
      std::cerr << "suivi-bench-server: " << c.status() << "\n";
      std::exit(1);
    }
    return *std::move(c);
  }

 private:
  TempDir dir_;
  std::unique_ptr<server::Server> server_;
};

BenchServer& Server() {
  static auto* server = new BenchServer;
  return *server;
}

template <typename Call>
void RunCalls(benchmark::State& state, const std::string& user, Call call) {
  auto client = Server().ClientFor(user);
  if (!call(*client).ok()) {  // warm: connection and handshake
    g_failed = true;
    state.SkipWithError("échec de l'appel");
    return;
  }
  for (auto _ : state) {
    if (!call(*client).ok()) {
      g_failed = true;
      state.SkipWithError("échec de l'appel");
      return;
    }
  }
}

void BM_Health(benchmark::State& state) {
  RunCalls(state, "ame-cpip", [](client::SuiviClient& c) { return c.Health().status(); });
}
BENCHMARK(BM_Health)->UseRealTime();

void BM_WhoAmI(benchmark::State& state) {
  RunCalls(state, "ame-cpip", [](client::SuiviClient& c) { return c.WhoAmI().status(); });
}
BENCHMARK(BM_WhoAmI)->UseRealTime();

void BM_ListUsers(benchmark::State& state) {
  v1::ListUsersRequest request;
  request.set_territory_id("ame");
  RunCalls(state, "ame-admin",
           [&](client::SuiviClient& c) { return c.ListUsers(request).status(); });
}
BENCHMARK(BM_ListUsers)->UseRealTime();

void BM_AddUser(benchmark::State& state) {
  int next = 0;
  RunCalls(state, "ame-admin", [&](client::SuiviClient& c) {
    v1::AddUserRequest request;
    request.mutable_user()->set_id(absl::StrCat("bench-", next++));
    request.mutable_user()->set_display_name("Agent de mesure");
    request.mutable_user()->set_organisation_id("mairie-montargis");
    return c.AddUser(request).status();
  });
}
BENCHMARK(BM_AddUser)->UseRealTime();

}  // namespace
}  // namespace suivi

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return suivi::g_failed ? 1 : 0;
}
