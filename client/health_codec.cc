#include "client/health_codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

namespace suivi::client {
namespace {

using google::protobuf::internal::WireFormatLite;

// Field 1 of both messages.
constexpr int kField = 1;

}  // namespace

const char* ServingStatusName(ServingStatus status) {
  switch (status) {
    case ServingStatus::kServing:
      return "SERVING";
    case ServingStatus::kNotServing:
      return "NOT_SERVING";
    case ServingStatus::kServiceUnknown:
      return "SERVICE_UNKNOWN";
    case ServingStatus::kUnknown:
      break;
  }
  return "UNKNOWN";
}

std::string EncodeHealthCheckRequest(absl::string_view service) {
  std::string bytes;
  if (service.empty()) return bytes;  // proto3: a default field is omitted.
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.WriteTag(WireFormatLite::MakeTag(
        kField, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    out.WriteVarint32(static_cast<uint32_t>(service.size()));
    out.WriteRaw(service.data(), static_cast<int>(service.size()));
  }
  return bytes;
}

absl::StatusOr<ServingStatus> DecodeHealthCheckResponse(
    absl::string_view bytes) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  ServingStatus status = ServingStatus::kUnknown;
  while (const uint32_t tag = in.ReadTag()) {
    if (tag ==
        WireFormatLite::MakeTag(kField, WireFormatLite::WIRETYPE_VARINT)) {
      uint32_t value = 0;
      if (!in.ReadVarint32(&value)) break;
      status = value <= static_cast<uint32_t>(ServingStatus::kServiceUnknown)
                   ? static_cast<ServingStatus>(value)
                   : ServingStatus::kUnknown;
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return absl::InternalError("réponse illisible du service de santé");
    }
  }
  if (!in.ConsumedEntireMessage()) {
    return absl::InternalError("réponse illisible du service de santé");
  }
  return status;
}

}  // namespace suivi::client
