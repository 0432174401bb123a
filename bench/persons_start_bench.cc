// suivi-bench-persons-start: what starting the persons service costs
// (services/persons/persons.h), on real files in a temporary directory.
//
// Creates --persons persons (default 20,000) in the AME demo territory
// through Persons::Create (real key store, real encrypted store; syncs off,
// since only the start is measured), spread over its five commune
// controllers, then closes everything and times, on a cold process state:
//
//   - reopening the key store, the store and the directory;
//   - Persons::Open: reading and decrypting every identity and building
//     the territory's search index;
//
// and prints the index's own estimate of its memory and the growth of the
// process's resident memory during Persons::Open (which also counts the
// decrypted data keys the key store caches), per 100,000 persons. Then a
// few searches through the reopened service check that the index works.
//
//   suivi-bench-persons-start [--persons=20000] [--quick]

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "bench/bench_util.h"
#include "core/common/clock.h"
#include "core/common/day.h"
#include "core/common/files.h"
#include "core/common/status_macros.h"
#include "core/crypto/key_provider.h"
#include "core/crypto/key_store.h"
#include "core/store/encrypted_store.h"
#include "embedded/suivi_demo_territories.h"
#include "google/protobuf/text_format.h"
#include "services/directory/directory.h"
#include "services/directory/role_catalogue.h"
#include "services/persons/person_layout.h"
#include "services/persons/persons.h"

namespace suivi::bench {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kControllers[] = {"commune-montargis", "commune-chalette-sur-loing",
                                        "commune-amilly", "commune-villemandeur",
                                        "commune-pannes"};
constexpr const char* kNoms[] = {
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Le Goff", "N'Diaye", "Dupont-Moretti",
    "Benali", "Nguyen", "Haddad", "Traoré", "Da Silva", "Lemoine", "Faure", "Rousseau",
    "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu"};
constexpr const char* kPrenoms[] = {
    "Lucas", "Léa", "Hugo", "Chloé", "Louis", "Emma", "Nathan", "Manon", "Enzo", "Camille",
    "Jean-Pierre", "Marie-Claire", "Karim", "Inès", "Yanis", "Sarah", "Mohamed", "Fatima",
    "Théo", "Jade", "Noah", "Lina", "Adam", "Zoé", "Hélène", "Sébastien", "Océane", "Maël",
    "Anaïs", "Rayan", "Clément", "Louise", "Gabriel", "Alice", "Raphaël", "Élodie"};

struct Flags {
  std::optional<size_t> persons;
  bool quick = false;
};

// Resident memory of this process, in bytes.
size_t ResidentBytes() {
  long pages = 0, resident = 0;
  FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return 0;
  if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(statm);
  return static_cast<size_t>(resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// The key store, store and directory of one run.
struct World {
  crypto::InMemoryKeyProvider* provider;
  std::unique_ptr<crypto::KeyStore> keys;
  std::unique_ptr<store::EncryptedStore> store;
  std::unique_ptr<directory::Directory> directory;
};

absl::StatusOr<World> OpenWorld(const fs::path& root, crypto::InMemoryKeyProvider* provider) {
  World world{provider, nullptr, nullptr, nullptr};
  crypto::KeyStoreOptions key_options;
  key_options.path = (root / "cles").string();
  key_options.sync = false;
  ASSIGN_OR_RETURN(world.keys, crypto::KeyStore::Open(key_options, provider));
  store::StoreOptions store_options;
  store_options.path = (root / "donnees").string();
  store_options.column_families = {directory::kDirectoryFamily, persons::kPersonsFamily};
  store_options.sync = false;
  ASSIGN_OR_RETURN(world.store, store::EncryptedStore::Open(store_options, world.keys.get()));
  ASSIGN_OR_RETURN(directory::RoleCatalogue roles, directory::RoleCatalogue::Default());
  ASSIGN_OR_RETURN(world.directory, directory::Directory::Open(world.store.get(), world.keys.get(),
                                                               std::move(roles), Clock::Real()));
  return world;
}

absl::Status LoadAme(directory::Directory& directory) {
  v1::DirectoryBootstrap ame;
  if (!google::protobuf::TextFormat::ParseFromString(
          std::string(embedded::AgglomerationMontargoise()), &ame)) {
    return absl::InternalError("territoire de démonstration illisible");
  }
  return directory.LoadBootstrap(ame).status();
}

absl::Status CreatePersons(const World& world, size_t count) {
  ASSIGN_OR_RETURN(std::unique_ptr<persons::Persons> persons,
                   persons::Persons::Open(world.store.get(), world.keys.get(),
                                          world.directory.get(), Clock::Real()));
  std::mt19937 random(20261124);
  const DayNumber first = ToDayNumber(absl::CivilDay(1950, 1, 1));
  const DayNumber last = ToDayNumber(absl::CivilDay(2020, 12, 31));
  const persons::Author author{"ame-cabinet-montargis", "mairie-montargis"};
  for (size_t i = 0; i < count; ++i) {
    v1::CreatePersonRequest request;
    request.set_territory_id("ame");
    request.set_controller_id(kControllers[i % std::size(kControllers)]);
    v1::Identite* identite = request.mutable_identite();
    identite->set_nom(kNoms[random() % std::size(kNoms)]);
    identite->add_prenoms(kPrenoms[random() % std::size(kPrenoms)]);
    if (random() % 3 == 0) identite->add_prenoms(kPrenoms[random() % std::size(kPrenoms)]);
    identite->set_date_naissance(FormatDayNumber(first + random() % (last - first)));
    request.mutable_coordonnees()->add_adresse(absl::StrFormat("%d rue des Lilas", i % 200 + 1));
    request.mutable_coordonnees()->set_code_postal("45200");
    request.mutable_coordonnees()->set_ville("Montargis");
    ASSIGN_OR_RETURN(persons::NewPerson person,
                     persons->PlanCreation(request, "mairie-montargis"));
    // Homonyms happen in a population this size: the bench confirms them.
    RETURN_IF_ERROR(persons->Create(person, author, /*allow_duplicate=*/true, nullptr));
  }
  return absl::OkStatus();
}

absl::Status Run(const Flags& flags) {
  const size_t count = flags.persons.value_or(flags.quick ? 500 : 20'000);
  TempDir dir("suivi-bench-persons-start");
  crypto::InMemoryKeyProvider provider;
  {
    ASSIGN_OR_RETURN(World world, OpenWorld(dir.path(), &provider));
    RETURN_IF_ERROR(LoadAme(*world.directory));
    const auto start = SteadyClock::now();
    RETURN_IF_ERROR(CreatePersons(world, count));
    std::cout << absl::StrFormat("%zu personnes créées en %.2f s (écritures non synchronisées)\n",
                                 count, NanosSince(start) / 1e9);
  }
  const auto reopen = SteadyClock::now();
  ASSIGN_OR_RETURN(World world, OpenWorld(dir.path(), &provider));
  const double reopen_ms = NanosSince(reopen) / 1e6;
  const size_t resident_before = ResidentBytes();
  const auto open = SteadyClock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<persons::Persons> persons,
                   persons::Persons::Open(world.store.get(), world.keys.get(),
                                          world.directory.get(), Clock::Real()));
  const double open_ms = NanosSince(open) / 1e6;
  const size_t resident_growth = ResidentBytes() - resident_before;
  const size_t indexed = persons->IndexedCount("ame");
  if (indexed != count) {
    return absl::InternalError(absl::StrFormat("%zu personnes indexées sur %zu", indexed, count));
  }
  const double per_100k = 100'000.0 / static_cast<double>(count);
  std::cout << absl::StrFormat(
      "réouverture des magasins et de l'annuaire : %.1f ms\n"
      "Persons::Open (déchiffrement des identités + index) : %.1f ms, %.1f µs par personne\n"
      "index de recherche (estimation) : %.1f Mio, soit %.1f Mio pour 100 000 personnes\n"
      "mémoire résidente gagnée pendant l'ouverture : %.1f Mio, soit %.1f Mio pour 100 000\n",
      reopen_ms, open_ms, open_ms * 1000 / static_cast<double>(count),
      persons->IndexMemoryBytes() / 1048576.0, persons->IndexMemoryBytes() / 1048576.0 * per_100k,
      resident_growth / 1048576.0, resident_growth / 1048576.0 * per_100k);
  persons::SearchQuery query;
  query.text = "martin";
  const size_t found = persons->Search("ame", query).size();
  std::cout << absl::StrFormat("recherche « martin » après réouverture : %zu résultat(s)\n",
                               found);
  return found > 0 ? absl::OkStatus() : absl::InternalError("l'index reconstruit ne trouve rien");
}

}  // namespace
}  // namespace suivi::bench

int main(int argc, char** argv) {
  suivi::bench::Flags flags;
  suivi::bench::FlagParser parser;
  parser.AddCount("--persons", &flags.persons);
  parser.AddSwitch("--quick", &flags.quick);
  if (!parser.Parse(argc, argv)) return 2;
  const absl::Status status = suivi::bench::Run(flags);
  if (!status.ok()) {
    std::cerr << "suivi-bench-persons-start : " << status.message() << "\n";
    return 1;
  }
  return 0;
}
