#include "services/server/bootstrap.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/common/log.h"
#include "core/common/status_macros.h"
#include "embedded/suivi_demo_territories.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace suivi::server {
namespace {

// Keeps the first parse error, with its line, for the message.
class FirstError final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (message_.empty()) message_ = absl::StrCat("ligne ", line + 1, ", colonne ", column + 1, " : ", message);
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

}  // namespace

absl::StatusOr<v1::DirectoryBootstrap> ParseBootstrap(absl::string_view textproto,
                                                      absl::string_view origin) {
  v1::DirectoryBootstrap bootstrap;
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(textproto), &bootstrap)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fichier d'amorçage ", origin, " illisible : ", errors.message()));
  }
  return bootstrap;
}

absl::StatusOr<std::vector<v1::DirectoryBootstrap>> DemoTerritories() {
  std::vector<v1::DirectoryBootstrap> territories;
  ASSIGN_OR_RETURN(territories.emplace_back(),
                   ParseBootstrap(embedded::AgglomerationMontargoise(),
                                  "agglomeration-montargoise.textproto"));
  ASSIGN_OR_RETURN(territories.emplace_back(),
                   ParseBootstrap(embedded::GrandBelfort(), "grand-belfort.textproto"));
  return territories;
}

absl::Status LoadBootstraps(directory::Directory& directory,
                            const std::vector<v1::DirectoryBootstrap>& bootstraps) {
  for (const v1::DirectoryBootstrap& b : bootstraps) {
    absl::StatusOr<bool> loaded = directory.LoadBootstrap(b);
    if (!loaded.ok()) {
      return absl::Status(loaded.status().code(),
                          absl::StrCat("amorçage du territoire ", b.territory().id(), " : ",
                                       loaded.status().message()));
    }
    LogInfo(absl::StrCat("territoire ", b.territory().id(),
                         *loaded ? " chargé depuis son fichier d'amorçage" : " déjà présent"));
  }
  return absl::OkStatus();
}

}  // namespace suivi::server
