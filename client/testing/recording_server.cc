#include "client/testing/recording_server.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/server_builder.h>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "client/finalite.h"

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
    : recorder_(std::make_unique<Recorder>()),
      server_(pki, /*health=*/false,
              [this](grpc::ServerBuilder& builder) {
                builder.RegisterCallbackGenericService(recorder_.get());
              },
              "recording gRPC server") {}

RecordingServer::~RecordingServer() = default;

std::string RecordingServer::address() const { return server_.address(); }

std::vector<RecordedCall> RecordingServer::calls() const {
  return recorder_->calls();
}

}  // namespace suivi::client::testing
