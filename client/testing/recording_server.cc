#include "client/testing/recording_server.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <cstdlib>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "client/finalite.h"
#include "gtest/gtest.h"

namespace suivi::client::testing {
namespace {

// Ends the call as soon as it starts, as a server without the method does.
class Refusal final : public grpc::ServerGenericBidiReactor {
 public:
  Refusal() {
    Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "enregistré"));
  }
  void OnDone() override { delete this; }
};

RecordedCall Record(const grpc::GenericCallbackServerContext& context) {
  RecordedCall call;
  call.method = context.method();
  const auto [begin, end] =
      context.client_metadata().equal_range(grpc::string_ref(kFinaliteHeader));
  for (auto it = begin; it != end; ++it) {
    call.finalites.emplace_back(it->second.data(), it->second.size());
  }
  return call;
}

}  // namespace

class RecordingServer::Recorder final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back(Record(*context));
    return new Refusal();
  }

  std::vector<RecordedCall> calls() const {
    absl::MutexLock lock(&mutex_);
    return calls_;
  }

 private:
  mutable absl::Mutex mutex_;
  std::vector<RecordedCall> calls_ ABSL_GUARDED_BY(mutex_);
};

RecordingServer::RecordingServer(const TestPki& pki)
    : recorder_(std::make_unique<Recorder>()) {
  // A process-wide switch, read when a server is built.
  grpc::EnableDefaultHealthCheckService(false);
  grpc::SslServerCredentialsOptions ssl(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = pki.CaPem();
  ssl.pem_key_cert_pairs.push_back(
      {pki.server().key_pem, pki.server().certificate_pem});
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(ssl),
                           &port_);
  builder.RegisterCallbackGenericService(recorder_.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr) {
    ADD_FAILURE() << "the recording gRPC server did not start";
    std::abort();
  }
}

RecordingServer::~RecordingServer() {
  server_->Shutdown(absl::ToChronoTime(absl::Now()));
}

std::string RecordingServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

std::vector<RecordedCall> RecordingServer::calls() const {
  return recorder_->calls();
}

}  // namespace suivi::client::testing
