// core/common/coding.h
//
// Byte encodings of the on-disk formats (sealed records, key store
// records): little-endian fixed-width integers and length-prefixed strings,
// in the manner of LevelDB's coding.h. docs/formats/ describes each format
// built from them.

#ifndef SUIVI_CORE_COMMON_CODING_H_
#define SUIVI_CORE_COMMON_CODING_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace suivi {

void PutFixed32(std::string* dst, uint32_t value);
void PutFixed64(std::string* dst, uint64_t value);
// A fixed32 length followed by the bytes.
void PutLengthPrefixed(std::string* dst, absl::string_view value);

// Reads the encodings above from the front of a buffer. Every Read*
// returns false, and leaves the output unspecified, when the input is too
// short; callers turn that into DATA_LOSS.
class ByteReader {
 public:
  explicit ByteReader(absl::string_view input) : input_(input) {}

  bool ReadByte(uint8_t* value);
  bool ReadFixed32(uint32_t* value);
  bool ReadFixed64(uint64_t* value);
  bool ReadLengthPrefixed(absl::string_view* value);
  bool ReadBytes(size_t n, absl::string_view* value);

  absl::string_view remaining() const { return input_; }
  bool empty() const { return input_.empty(); }

 private:
  absl::string_view input_;
};

}  // namespace suivi

#endif  // SUIVI_CORE_COMMON_CODING_H_
