// The API's FieldClass enum and the on-disk codes of core/crypto must agree:
// a value the API calls "faits" must be sealed and read as faits.

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/crypto/field_class.h"
#include "gtest/gtest.h"
#include "suivi/v1/common.pb.h"
#include "suivi/v1/options.pb.h"

namespace suivi {
namespace {

TEST(ProtoConsistency, ApiFieldClassesMatchTheOnDiskCodesByName) {
  const google::protobuf::EnumDescriptor* api = v1::FieldClass_descriptor();
  // Every class but UNSPECIFIED, and nothing more.
  ASSERT_EQ(api->value_count() - 1, static_cast<int>(std::size(crypto::kAllFieldClasses)));
  for (crypto::FieldClass field_class : crypto::kAllFieldClasses) {
    const std::string api_name = absl::StrCat(
        "FIELD_CLASS_", absl::AsciiStrToUpper(crypto::FieldClassName(field_class)));
    const google::protobuf::EnumValueDescriptor* value = api->FindValueByName(api_name);
    ASSERT_NE(value, nullptr) << api_name;
    EXPECT_EQ(value->number(), static_cast<int>(field_class)) << api_name;
  }
}

TEST(ProtoConsistency, TheActionOptionIsRegisteredUnderItsNumber) {
  // Naming the extension links options.pb.o in; a binary that never does
  // would not see the option in the descriptor pool.
  EXPECT_EQ(v1::action.number(), 50001);
  const google::protobuf::FieldDescriptor* action =
      google::protobuf::DescriptorPool::generated_pool()->FindExtensionByName(
          "suivi.v1.action");
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->number(), 50001);
  EXPECT_EQ(action->containing_type()->full_name(), "google.protobuf.MethodOptions");
}

}  // namespace
}  // namespace suivi
