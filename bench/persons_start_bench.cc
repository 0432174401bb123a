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
// Then --queries searches as the cabinet du maire of Montargis, timed as
// the service does them (services/persons/persons_service.cc) apart from
// gRPC and the audit record's write: the index's candidates (three per
// result wanted), one charte decision per candidate in one batch, and the
// decryption of the identities returned (up to 20). The cabinet reads only
// its commune's records, a fifth of the population. Queries mix a full
// name, a surname, a prénom and an initial, and a name with one letter
// dropped.
//
//   suivi-bench-persons-start [--persons=20000] [--queries=2000] [--quick]

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
#include "absl/strings/str_cat.h"
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
#include "policy/enforcement/charte_entities.h"
#include "services/common/call.h"
#include "services/common/charte_holder.h"
#include "services/directory/directory.h"
#include "services/directory/role_catalogue.h"
#include "services/persons/person_layout.h"
#include "services/persons/person_view.h"
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
  std::optional<size_t> queries;
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

// What a user might type for a random person of the population.
std::string TypedQuery(std::mt19937& random) {
  std::string nom = kNoms[random() % std::size(kNoms)];
  const std::string prenom = kPrenoms[random() % std::size(kPrenoms)];
  switch (random() % 4) {
    case 0:
      return absl::StrCat(prenom, " ", nom);
    case 1:
      return nom;
    case 2:
      return absl::StrCat(prenom, " ", nom.substr(0, 1));
    default:  // one letter dropped from the nom
      return absl::StrCat(prenom, " ", nom.size() > 4 ? nom.erase(2, 1) : nom);
  }
}

// The cabinet du maire of Montargis, as the gate would authenticate them.
absl::StatusOr<services::Caller> CabinetMontargis(directory::Directory& directory) {
  const std::string fingerprint(64, 'c');
  v1::EnrolledCertificate certificate;
  certificate.set_fingerprint(fingerprint);
  certificate.set_user_id("ame-cabinet-montargis");
  certificate.set_common_name("ame-cabinet-montargis");
  certificate.set_enrolled_at("2026-11-24T11:00:00Z");
  certificate.set_enrolled_by("ame-admin");
  RETURN_IF_ERROR(directory.RecordCertificate(certificate).status());
  return directory.Authenticate(fingerprint);
}

// One search as persons_service.cc does it, without gRPC and the audit write.
absl::StatusOr<size_t> SearchAsTheService(const persons::Persons& persons,
                                          const directory::Directory& directory,
                                          const services::CharteHolder& charte,
                                          const services::Caller& caller,
                                          const std::string& text) {
  services::Call call("suivi.v1.Persons.SearchPersons", "personne:rechercher", nullptr,
                      charte.current());
  call.SetCaller(caller);
  call.SetFinalite("suivi_individuel");
  RETURN_IF_ERROR(call.SetTarget(directory.charte_entities(), directory.Today(),
                                 {policy::charte::Uid("RepertoirePersonnes", "ame"),
                                  {policy::charte::RepertoirePersonnes("ame")},
                                  "ame"}));
  persons::SearchQuery query;
  query.text = text;
  query.limit = 60;
  std::vector<std::string> ids;
  for (const persons::SearchMatch& m : persons.Search("ame", query)) ids.push_back(m.person_id);
  ASSIGN_OR_RETURN(std::vector<persons::PersonMeta> readable,
                   persons::ReadableIdentities(call, persons, ids));
  size_t returned = 0;
  for (const persons::PersonMeta& meta : readable) {
    if (returned == 20) break;
    ASSIGN_OR_RETURN(persons::PersonRecords records,
                     persons.Read(meta, {crypto::FieldClass::kIdentite}));
    returned += records.identite.has_value() ? 1 : 0;
  }
  return returned;
}

absl::Status MeasureSearches(const persons::Persons& persons, directory::Directory& directory,
                             size_t queries) {
  ASSIGN_OR_RETURN(std::unique_ptr<services::CharteHolder> charte,
                   services::CharteHolder::Load("", {}));
  ASSIGN_OR_RETURN(services::Caller caller, CabinetMontargis(directory));
  std::mt19937 random(7);
  std::vector<double> micros;
  size_t results = 0;
  for (size_t i = 0; i < queries; ++i) {
    const std::string text = TypedQuery(random);
    const auto start = SteadyClock::now();
    ASSIGN_OR_RETURN(size_t returned,
                     SearchAsTheService(persons, directory, *charte, caller, text));
    micros.push_back(NanosSince(start) / 1000);
    results += returned;
  }
  const LatencySummary latency = SummarizeLatencies(micros);
  std::cout << absl::StrFormat(
      "recherche comme le service (cabinet du maire de Montargis, %zu requêtes) : "
      "p50 %.1f µs, p99 %.1f µs, %.1f résultats en moyenne\n",
      queries, latency.p50, latency.p99, static_cast<double>(results) / queries);
  return results > 0 ? absl::OkStatus() : absl::InternalError("aucune recherche n'a abouti");
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
  if (found == 0) return absl::InternalError("l'index reconstruit ne trouve rien");
  return MeasureSearches(*persons, *world.directory,
                         flags.queries.value_or(flags.quick ? 50 : 2000));
}

}  // namespace
}  // namespace suivi::bench

int main(int argc, char** argv) {
  suivi::bench::Flags flags;
  suivi::bench::FlagParser parser;
  parser.AddCount("--persons", &flags.persons);
  parser.AddCount("--queries", &flags.queries);
  parser.AddSwitch("--quick", &flags.quick);
  if (!parser.Parse(argc, argv)) return 2;
  const absl::Status status = suivi::bench::Run(flags);
  if (!status.ok()) {
    std::cerr << "suivi-bench-persons-start : " << status.message() << "\n";
    return 1;
  }
  return 0;
}
