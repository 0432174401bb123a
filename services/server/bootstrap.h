// services/server/bootstrap.h
//
// Directory bootstrap files: one territory each (textproto
// suivi.v1.DirectoryBootstrap), loaded on start when their territory is
// absent. The demo territories of deploy/demo/territoires/ are built into
// suivid for --dev.

#ifndef SUIVI_SERVICES_SERVER_BOOTSTRAP_H_
#define SUIVI_SERVICES_SERVER_BOOTSTRAP_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/directory/directory.h"
#include "suivi/v1/directory.pb.h"

namespace suivi::server {

// INVALID_ARGUMENT naming `origin` (a file name) when unparsable.
absl::StatusOr<v1::DirectoryBootstrap> ParseBootstrap(absl::string_view textproto,
                                                      absl::string_view origin);

// The Agglomération Montargoise and the Grand Belfort.
absl::StatusOr<std::vector<v1::DirectoryBootstrap>> DemoTerritories();

// Loads each in turn and logs what it did. The first failure stops.
absl::Status LoadBootstraps(directory::Directory& directory,
                            const std::vector<v1::DirectoryBootstrap>& bootstraps);

}  // namespace suivi::server

#endif  // SUIVI_SERVICES_SERVER_BOOTSTRAP_H_
