// suivi-demo-stockage: a short tour of the encrypted store, run by
// `make run` until the server exists. It writes a person's identity through
// the commit queue, reads it back, shows group commit and a blind index,
// then destroys the person's key and shows the record is gone for good.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/common/files.h"
#include "core/common/ids.h"
#include "core/common/status_macros.h"
#include "core/crypto/blind_index.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"

namespace suivi {
namespace {

namespace fs = std::filesystem;
using crypto::FieldClass;

constexpr char kTerritory[] = "ame";
constexpr char kController[] = "commune-chalette-sur-loing";
constexpr char kName[] = "Lucas Martin";

struct DemoOptions {
  std::string data_dir = "var/demo/donnees";
  std::string key_dir = "var/demo/cles";
};

absl::Status Put(store::EncryptedStore& db, const store::RecordKey& key,
                 const std::string& key_id, const std::string& value) {
  return db.Execute([&](const store::StoreView&, store::WriteSet* writes) {
    writes->Put(key, key_id, value);
    return absl::OkStatus();
  });
}

// 16 threads increment one counter 50 times each through the commit queue.
absl::Status ShowGroupCommit(store::EncryptedStore& db, const std::string& key_id) {
  const store::RecordKey counter{"cases", kTerritory, "demo/compteur",
                                 FieldClass::kAdministratif};
  RETURN_IF_ERROR(Put(db, counter, key_id, "0"));
  const auto before = db.queue_stats();
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        db.Execute([&](const store::StoreView& view, store::WriteSet* writes) {
            ASSIGN_OR_RETURN(std::string value, view.Get(counter));
            int n = 0;
            if (!absl::SimpleAtoi(value, &n)) return absl::DataLossError("compteur");
            writes->Put(counter, key_id, absl::StrCat(n + 1));
            return absl::OkStatus();
          }).IgnoreError();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const auto after = db.queue_stats();
  ASSIGN_OR_RETURN(std::string total, db.Get(counter));
  std::cout << "  800 commandes concurrentes (16 fils × 50) : compteur = " << total
            << ", écrites en " << (after.groups - before.groups)
            << " lots synchronisés\n";
  return absl::OkStatus();
}

absl::Status RunDemo(const DemoOptions& options) {
  RETURN_IF_ERROR(CreatePrivateDirectory(options.key_dir));
  ASSIGN_OR_RETURN(auto provider, crypto::LocalFileKeyProvider::Open(
                                      (fs::path(options.key_dir) / "racine.cle").string()));
  crypto::KeyStoreOptions key_options;
  key_options.path = (fs::path(options.key_dir) / "magasin").string();
  ASSIGN_OR_RETURN(auto keys, crypto::KeyStore::Open(key_options, provider.get()));
  store::StoreOptions store_options;
  store_options.path = options.data_dir;
  store_options.column_families = {"persons", "cases"};
  ASSIGN_OR_RETURN(auto db, store::EncryptedStore::Open(store_options, keys.get()));

  RETURN_IF_ERROR(keys->EnsureController(kController));
  ASSIGN_OR_RETURN(std::string person_key, keys->CreateDataKey(kController));
  const std::string person = "person/" + NewRandomId();
  const store::RecordKey identite{"persons", kTerritory, person, FieldClass::kIdentite};
  std::cout << "Suivi — démonstration du stockage chiffré\n"
            << "  données : " << options.data_dir << "   clés : " << options.key_dir << "\n";
  RETURN_IF_ERROR(Put(*db, identite, person_key, absl::StrCat(kName, ", né le 2012-03-04")));
  ASSIGN_OR_RETURN(std::string read_back, db->Get(identite));
  std::cout << "  identité enregistrée puis relue : « " << read_back << " »\n";

  ASSIGN_OR_RETURN(crypto::SecretKey blind_key, keys->BlindIndexKey(kController));
  crypto::BlindIndexer indexer(blind_key);
  ASSIGN_OR_RETURN(std::string t1, indexer.Token("nom_naissance", {kName, "2012-03-04"}));
  ASSIGN_OR_RETURN(std::string t2, indexer.Token("nom_naissance", {"LUCAS  MARTIN", "2012-03-04"}));
  std::cout << "  index aveugle de « Lucas Martin » et « LUCAS  MARTIN » : "
            << (t1 == t2 ? "identiques" : "différents") << " (" << t1.substr(0, 16) << "…)\n";

  RETURN_IF_ERROR(ShowGroupCommit(*db, person_key));

  db.reset();  // flush the WAL to disk before looking at the files
  std::cout << "  nom en clair dans les fichiers de données : "
            << (!FilesContaining(options.data_dir, kName).empty() ? "OUI (anomalie)" : "aucun") << "\n";
  ASSIGN_OR_RETURN(db, store::EncryptedStore::Open(store_options, keys.get()));

  RETURN_IF_ERROR(keys->DestroyDataKey(person_key));
  absl::Status after = db->Get(identite).status();
  std::cout << "  clé de la personne détruite ; relecture : " << after.message() << "\n";
  return crypto::IsKeyDestroyed(after)
             ? absl::OkStatus()
             : absl::InternalError("la relecture après destruction aurait dû échouer");
}

}  // namespace
}  // namespace suivi

int main(int argc, char** argv) {
  CLI::App app{"suivi-demo-stockage — démonstration du stockage chiffré de Suivi"};
  suivi::DemoOptions options;
  app.add_option("--data_dir", options.data_dir, "Répertoire des données");
  app.add_option("--key_dir", options.key_dir, "Répertoire des clés (hors des données)");
  CLI11_PARSE(app, argc, argv);
  absl::Status status = suivi::RunDemo(options);
  if (!status.ok()) {
    std::cerr << "suivi-demo-stockage : " << status.message() << "\n";
    return 1;
  }
  return 0;
}
