#include "core/common/coding.h"

namespace suivi {

void PutFixed32(std::string* dst, uint32_t value) {
  for (int i = 0; i < 4; ++i) dst->push_back(static_cast<char>(value >> (8 * i)));
}

void PutFixed64(std::string* dst, uint64_t value) {
  for (int i = 0; i < 8; ++i) dst->push_back(static_cast<char>(value >> (8 * i)));
}

void PutLengthPrefixed(std::string* dst, absl::string_view value) {
  PutFixed32(dst, static_cast<uint32_t>(value.size()));
  dst->append(value.data(), value.size());
}

bool ByteReader::ReadByte(uint8_t* value) {
  if (input_.empty()) return false;
  *value = static_cast<uint8_t>(input_[0]);
  input_.remove_prefix(1);
  return true;
}

bool ByteReader::ReadFixed32(uint32_t* value) {
  if (input_.size() < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    v |= static_cast<uint32_t>(static_cast<uint8_t>(input_[i])) << (8 * i);
  }
  *value = v;
  input_.remove_prefix(4);
  return true;
}

bool ByteReader::ReadFixed64(uint64_t* value) {
  if (input_.size() < 8) return false;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    v |= static_cast<uint64_t>(static_cast<uint8_t>(input_[i])) << (8 * i);
  }
  *value = v;
  input_.remove_prefix(8);
  return true;
}

bool ByteReader::ReadBytes(size_t n, absl::string_view* value) {
  if (input_.size() < n) return false;
  *value = input_.substr(0, n);
  input_.remove_prefix(n);
  return true;
}

bool ByteReader::ReadLengthPrefixed(absl::string_view* value) {
  uint32_t length;
  return ReadFixed32(&length) && ReadBytes(length, value);
}

}  // namespace suivi
