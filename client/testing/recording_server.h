// client/testing/recording_server.h
//
// A gRPC server for tests of what the client sends: an MtlsTestServer
// with no service at all, and a generic handler that records the method
// and the `suivi-finalite` headers of every call, then refuses it
// (UNIMPLEMENTED). The default health service is off, so health checks
// are recorded too.
//
// Thread-safe.

#ifndef SUIVI_CLIENT_TESTING_RECORDING_SERVER_H_
#define SUIVI_CLIENT_TESTING_RECORDING_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "client/testing/mtls_test_server.h"
#include "client/testing/test_pki.h"

namespace suivi::client::testing {

struct RecordedCall {
  // The full method name, e.g. "/suivi.v1.Directory/ListTerritories".
  std::string method;
  // The values of every `suivi-finalite` header of the call, in order;
  // empty when the call had none.
  std::vector<std::string> finalites;
};

class RecordingServer {
 public:
  // Starts serving; aborts the test if the server cannot start.
  explicit RecordingServer(const TestPki& pki);
  ~RecordingServer();
  RecordingServer(const RecordingServer&) = delete;
  RecordingServer& operator=(const RecordingServer&) = delete;

  // "127.0.0.1:<port>".
  std::string address() const;

  // Every call received so far, in order of arrival.
  std::vector<RecordedCall> calls() const;

 private:
  class Recorder;  // The generic service.

  std::unique_ptr<Recorder> recorder_;
  MtlsTestServer server_;  // after recorder_: stops before it goes
};

}  // namespace suivi::client::testing

#endif  // SUIVI_CLIENT_TESTING_RECORDING_SERVER_H_
