#include "core/common/coding.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace suivi {
namespace {

// A std::string from bytes that may include NUL.
template <size_t N>
std::string Bytes(const char (&bytes)[N]) {
  return std::string(bytes, N - 1);
}

// --- Byte layout -----------------------------------------------------------

TEST(Coding, Fixed32IsLittleEndian) {
  std::string out;
  PutFixed32(&out, 0x04030201u);
  EXPECT_EQ(out, Bytes("\x01\x02\x03\x04"));
}

TEST(Coding, Fixed64IsLittleEndian) {
  std::string out;
  PutFixed64(&out, 0x0807060504030201ull);
  EXPECT_EQ(out, Bytes("\x01\x02\x03\x04\x05\x06\x07\x08"));
}

TEST(Coding, FixedWidthEncodingsKeepLeadingZeroBytes) {
  std::string out;
  PutFixed32(&out, 0);
  EXPECT_EQ(out, Bytes("\x00\x00\x00\x00"));
  out.clear();
  PutFixed64(&out, 0xFF);
  EXPECT_EQ(out, Bytes("\xff\x00\x00\x00\x00\x00\x00\x00"));
}

TEST(Coding, LengthPrefixIsAFixed32LengthFollowedByTheBytes) {
  std::string out;
  PutLengthPrefixed(&out, "abc");
  EXPECT_EQ(out, Bytes("\x03\x00\x00\x00"
                       "abc"));
}

TEST(Coding, EmptyLengthPrefixedValueIsFourZeroBytes) {
  std::string out;
  PutLengthPrefixed(&out, "");
  EXPECT_EQ(out, Bytes("\x00\x00\x00\x00"));
}

TEST(Coding, LengthPrefixOfALongValueUsesAllFourBytes) {
  const std::string value(0x010203, 'x');
  std::string out;
  PutLengthPrefixed(&out, value);
  ASSERT_EQ(out.size(), 4 + value.size());
  EXPECT_EQ(out.substr(0, 4), Bytes("\x03\x02\x01\x00"));
}

TEST(Coding, PutAppendsToWhatIsAlreadyThere) {
  std::string out = "head";
  PutFixed32(&out, 0x64636261u);  // "abcd"
  PutFixed64(&out, 0x6867666564636261ull);  // "abcdefgh"
  PutLengthPrefixed(&out, "z");
  EXPECT_EQ(out, Bytes("headabcdabcdefgh\x01\x00\x00\x00z"));
}

// --- Round trips -----------------------------------------------------------

TEST(Coding, Fixed32RoundTrips) {
  const std::vector<uint32_t> values = {
      0u, 1u, 0x7Fu, 0x80u, 0xFFu, 0x100u, 0x12345678u, 0x7FFFFFFFu,
      0x80000000u, std::numeric_limits<uint32_t>::max()};
  for (uint32_t value : values) {
    SCOPED_TRACE(value);
    std::string out;
    PutFixed32(&out, value);
    ASSERT_EQ(out.size(), 4u);
    ByteReader reader(out);
    uint32_t read = 0;
    ASSERT_TRUE(reader.ReadFixed32(&read));
    EXPECT_EQ(read, value);
    EXPECT_TRUE(reader.empty());
  }
}

TEST(Coding, Fixed64RoundTrips) {
  const std::vector<uint64_t> values = {
      0ull,
      1ull,
      0xFFull,
      0xFFFFFFFFull,
      0x100000000ull,
      0x0123456789ABCDEFull,
      0x8000000000000000ull,
      std::numeric_limits<uint64_t>::max()};
  for (uint64_t value : values) {
    SCOPED_TRACE(value);
    std::string out;
    PutFixed64(&out, value);
    ASSERT_EQ(out.size(), 8u);
    ByteReader reader(out);
    uint64_t read = 0;
    ASSERT_TRUE(reader.ReadFixed64(&read));
    EXPECT_EQ(read, value);
    EXPECT_TRUE(reader.empty());
  }
}

TEST(Coding, LengthPrefixedRoundTrips) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
  const std::vector<std::string> values = {
      "", "a", "Hélène", Bytes("nul\x00inside"), every_byte,
      std::string(70000, 'q')};
  for (const std::string& value : values) {
    SCOPED_TRACE(value.size());
    std::string out;
    PutLengthPrefixed(&out, value);
    ByteReader reader(out);
    absl::string_view read;
    ASSERT_TRUE(reader.ReadLengthPrefixed(&read));
    EXPECT_EQ(std::string(read), value);
    EXPECT_TRUE(reader.empty());
  }
}

TEST(Coding, MixedSequenceReadsBackInOrder) {
  std::string out;
  out.push_back('\x7f');
  PutFixed32(&out, 42);
  PutLengthPrefixed(&out, "person:01");
  PutFixed64(&out, 0xDEADBEEFCAFEF00Dull);
  PutLengthPrefixed(&out, "");
  out.append("tail");

  ByteReader reader(out);
  uint8_t byte = 0;
  uint32_t fixed32 = 0;
  uint64_t fixed64 = 0;
  absl::string_view first;
  absl::string_view second;
  absl::string_view tail;
  ASSERT_TRUE(reader.ReadByte(&byte));
  ASSERT_TRUE(reader.ReadFixed32(&fixed32));
  ASSERT_TRUE(reader.ReadLengthPrefixed(&first));
  ASSERT_TRUE(reader.ReadFixed64(&fixed64));
  ASSERT_TRUE(reader.ReadLengthPrefixed(&second));
  EXPECT_EQ(reader.remaining(), "tail");
  ASSERT_TRUE(reader.ReadBytes(4, &tail));

  EXPECT_EQ(byte, 0x7f);
  EXPECT_EQ(fixed32, 42u);
  EXPECT_EQ(first, "person:01");
  EXPECT_EQ(fixed64, 0xDEADBEEFCAFEF00Dull);
  EXPECT_EQ(second, "");
  EXPECT_EQ(tail, "tail");
  EXPECT_TRUE(reader.empty());
}

TEST(ByteReader, ReadByteReturnsHighBytesUnsigned) {
  const std::string input = Bytes("\xff\x80");
  ByteReader reader(input);
  uint8_t byte = 0;
  ASSERT_TRUE(reader.ReadByte(&byte));
  EXPECT_EQ(byte, 0xff);
  ASSERT_TRUE(reader.ReadByte(&byte));
  EXPECT_EQ(byte, 0x80);
  EXPECT_TRUE(reader.empty());
}

TEST(ByteReader, ReadBytesReturnsAViewIntoTheInput) {
  const std::string input = "abcdef";
  ByteReader reader(input);
  absl::string_view read;
  ASSERT_TRUE(reader.ReadBytes(2, &read));
  EXPECT_EQ(read, "ab");
  EXPECT_EQ(read.data(), input.data());
  EXPECT_EQ(reader.remaining(), "cdef");
  EXPECT_EQ(reader.remaining().data(), input.data() + 2);
}

TEST(ByteReader, ReadingZeroBytesSucceedsEvenWhenEmpty) {
  ByteReader reader("");
  absl::string_view read = "sentinel";
  ASSERT_TRUE(reader.ReadBytes(0, &read));
  EXPECT_TRUE(read.empty());
  EXPECT_TRUE(reader.empty());
}

// --- Truncated input -------------------------------------------------------

// Every proper prefix of a complete encoding must be refused by `read`.
template <typename Read>
void ExpectEveryProperPrefixIsRefused(const std::string& complete,
                                      Read read) {
  for (size_t length = 0; length < complete.size(); ++length) {
    SCOPED_TRACE(length);
    ByteReader reader(absl::string_view(complete).substr(0, length));
    EXPECT_FALSE(read(&reader));
  }
  // And the complete encoding is accepted, so the refusals above are about
  // length and nothing else.
  ByteReader reader(complete);
  EXPECT_TRUE(read(&reader));
  EXPECT_TRUE(reader.empty());
}

TEST(ByteReader, EveryTruncatedFixed32IsRefused) {
  std::string complete;
  PutFixed32(&complete, 0xA1B2C3D4u);
  ExpectEveryProperPrefixIsRefused(complete, [](ByteReader* reader) {
    uint32_t value = 0;
    return reader->ReadFixed32(&value);
  });
}

TEST(ByteReader, EveryTruncatedFixed64IsRefused) {
  std::string complete;
  PutFixed64(&complete, 0xA1B2C3D4E5F60718ull);
  ExpectEveryProperPrefixIsRefused(complete, [](ByteReader* reader) {
    uint64_t value = 0;
    return reader->ReadFixed64(&value);
  });
}

TEST(ByteReader, EveryTruncatedLengthPrefixedValueIsRefused) {
  std::string complete;
  PutLengthPrefixed(&complete, "Lucas Martin");
  ExpectEveryProperPrefixIsRefused(complete, [](ByteReader* reader) {
    absl::string_view value;
    return reader->ReadLengthPrefixed(&value);
  });
}

TEST(ByteReader, EveryTruncatedByteReadIsRefused) {
  ExpectEveryProperPrefixIsRefused("x", [](ByteReader* reader) {
    uint8_t value = 0;
    return reader->ReadByte(&value);
  });
}

TEST(ByteReader, EveryTruncatedBytesReadIsRefused) {
  ExpectEveryProperPrefixIsRefused("0123456789", [](ByteReader* reader) {
    absl::string_view value;
    return reader->ReadBytes(10, &value);
  });
}

TEST(ByteReader, LengthPrefixLargerThanTheInputIsRefused) {
  std::string input;
  PutFixed32(&input, std::numeric_limits<uint32_t>::max());
  input.append("short");
  ByteReader reader(input);
  absl::string_view value;
  EXPECT_FALSE(reader.ReadLengthPrefixed(&value));
}

TEST(ByteReader, ReadAfterTheEndIsRefused) {
  std::string input;
  PutFixed32(&input, 7);
  ByteReader reader(input);
  uint32_t value = 0;
  ASSERT_TRUE(reader.ReadFixed32(&value));
  EXPECT_FALSE(reader.ReadFixed32(&value));
  uint8_t byte = 0;
  EXPECT_FALSE(reader.ReadByte(&byte));
  absl::string_view bytes;
  EXPECT_FALSE(reader.ReadBytes(1, &bytes));
}

}  // namespace
}  // namespace suivi
