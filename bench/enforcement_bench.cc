// suivi-bench-enforcement: the cost of enforcing the charte on one read of
// a case with every field class (issue 6), without the audit's fsync
// (suivi-bench-audit measures the record through the queue):
//
//   1. entity loading: the case and its protocol in a request store layered
//      over the directory's entities and the charte's actions;
//   2. decisions: one per field class (9), in one batch, each as if
//      evaluated without a role assignment and under each of the caller's
//      (the batch shares what provably gives the same result);
//   3. masking: the response keeps the fields of the allowed classes only.
//
//   build/bench/suivi-bench-enforcement [--reads N] [--rounds R]
//
// Prints p50/p99 of the whole enforcement and of each step, for two
// callers: the maire (8 of 9 classes allowed) and a gendarme of the group
// (nothing allowed). Goal: p50 <= 20 µs for the whole enforcement.

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "bench/bench_util.h"
#include "policy/enforcement/charte.h"
#include "policy/enforcement/charte_entities.h"
#include "policy/enforcement/enforcer.h"
#include "policy/enforcement/test_world.h"

namespace suivi::bench {
namespace {

using Clock = std::chrono::steady_clock;
namespace charte = policy::charte;

struct Samples {
  std::vector<double> total, load, decide, mask;
};

// The case's entities, as a service would load them with the case.
std::vector<policy::Entity> CaseEntities() {
  return {charte::Protocole({"protocole-bench", "ame", "chalette", 19500, std::nullopt,
                             "coordonnateur"}),
          charte::Dossier({"dossier-bench", "ame", "chalette", "commune-chalette", "rappel_ordre",
                           "mairie-chalette", {"educateur"}, {"assistante-sociale"}, "", "ame-go",
                           "protocole-bench", false})};
}

// One read: load, decide, mask. Returns the number of fields kept.
size_t EnforceOneRead(const policy::Enforcer& enforcer,
                      const std::shared_ptr<const policy::Entities>& directory,
                      const policy::AccessSubject& subject,
                      const std::map<std::string, std::string>& record, Samples* samples) {
  const Clock::time_point start = Clock::now();
  policy::Entities entities = *enforcer.RequestEntities(directory, CaseEntities());
  const double loaded = NanosSince(start);
  std::vector<policy::AccessQuery> queries;
  queries.reserve(record.size());
  const policy::EntityUid resource = charte::Uid("Dossier", "dossier-bench");
  for (const auto& [classe, value] : record) queries.push_back({"dossier:lire", resource, classe});
  const Clock::time_point decide_start = Clock::now();
  std::vector<policy::AccessDecision> decisions = enforcer.Decide(entities, subject, queries);
  const double decided = NanosSince(decide_start);
  const Clock::time_point mask_start = Clock::now();
  std::map<std::string, std::string> response;
  size_t q = 0;
  for (const auto& [classe, value] : record) {
    if (decisions[q++].allowed) response.emplace(classe, value);
  }
  samples->mask.push_back(NanosSince(mask_start));
  samples->load.push_back(loaded);
  samples->decide.push_back(decided);
  samples->total.push_back(NanosSince(start));
  return response.size();
}

void Report(const char* who, size_t kept, const Samples& s) {
  std::printf("%-34s %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f   %zu/9\n", who,
              Percentile(s.total, 0.5) / 1e3, Percentile(s.total, 0.99) / 1e3,
              Percentile(s.load, 0.5) / 1e3, Percentile(s.decide, 0.5) / 1e3,
              Percentile(s.decide, 0.99) / 1e3, Percentile(s.mask, 0.5) / 1e3, kept);
}

int Run(int reads, int rounds) {
  std::shared_ptr<const policy::Charte> loaded = *policy::Charte::Load(policy::EmbeddedCharteFiles());
  policy::Enforcer enforcer(loaded, {});
  auto directory = std::make_shared<const policy::Entities>(
      *policy::Entities::Build(policy::testing::DirectoryEntities()));
  std::map<std::string, std::string> record;
  for (const std::string& classe : loaded->EnumValues("Classe")) {
    record[classe] = std::string(120, 'x');  // a sealed field's plaintext
  }
  std::printf("Charte v%d (%zu règles), lecture d'un dossier aux 9 classes, %d lectures x %d\n",
              loaded->version(), loaded->policies().policies().size(), reads, rounds);
  std::printf("%-34s %8s %8s %8s %8s %8s %8s   %s\n", "appelant (µs)", "p50", "p99",
              "charg.", "déc.p50", "déc.p99", "masque", "classes");
  for (const char* user : {"maire-chalette", "gendarme"}) {
    policy::AccessSubject subject = policy::testing::Subject(user, "suivi_individuel");
    Samples samples;
    size_t kept = 0;
    for (int r = 0; r < rounds; ++r) {
      for (int i = 0; i < reads; ++i) {
        kept = EnforceOneRead(enforcer, directory, subject, record, &samples);
      }
    }
    Report(user, kept, samples);
  }
  return 0;
}

}  // namespace
}  // namespace suivi::bench

int main(int argc, char** argv) {
  CLI::App app{"suivi-bench-enforcement : coût de l'application de la charte à une lecture"};
  int reads = 20000;
  int rounds = 3;
  app.add_option("--reads", reads, "lectures par tour")->check(CLI::PositiveNumber);
  app.add_option("--rounds", rounds, "tours")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  return suivi::bench::Run(reads, rounds);
}
