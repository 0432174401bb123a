#include "services/persons/persons_service.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/status_macros.h"
#include "core/common/text.h"
#include "policy/enforcement/charte_entities.h"
#include "services/persons/person_validation.h"
#include "services/persons/person_view.h"

namespace suivi::persons {
namespace {

using services::Call;
using services::Caller;
using services::Target;

constexpr char kService[] = "suivi.v1.Persons.";
constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;
constexpr size_t kMaxSearchChars = 200;
// Candidates asked of the index per result wanted: some are filtered out
// by the charte.
constexpr size_t kCandidatesPerResult = 3;

std::string Method(absl::string_view name) { return absl::StrCat(kService, name); }

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("champ ", field, " : ", what));
}

Author AuthorOf(const Call& call) {
  return {call.caller().user_id, call.caller().organisation_id};
}

Target PersonTarget(const PersonMeta& meta) {
  return {Persons::UidOf(meta.id), {Persons::EntityOf(meta)}, meta.territory_id};
}

// An existing person; the uniform refusal for a missing one.
absl::StatusOr<PersonMeta> FindPerson(const Persons& persons, absl::string_view id,
                                      absl::string_view field) {
  if (id.empty()) return Invalid(field, "obligatoire");
  absl::StatusOr<PersonMeta> meta = persons.Find(id);
  if (!meta.ok()) return services::UnseenResource();
  return meta;
}

absl::Status CheckExpectedVersion(int64_t version) {
  return version > 0 ? absl::OkStatus()
                     : Invalid("expected_version", "la version lue de la fiche est obligatoire");
}

// Write access to each personal class the change touches, beyond the
// administratif the gate decided.
absl::Status AuthorizeClasses(Call& call, const PersonMeta& meta,
                              const std::vector<crypto::FieldClass>& classes) {
  std::vector<policy::AccessQuery> queries;
  for (crypto::FieldClass c : classes) {
    queries.push_back({call.action(), Persons::UidOf(meta.id),
                       std::string(crypto::FieldClassName(c))});
  }
  if (queries.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<policy::AccessDecision> decisions,
                   call.Decide(queries, {}, /*explain=*/true));
  for (const policy::AccessDecision& d : decisions) {
    if (!d.allowed) return absl::PermissionDeniedError(absl::StrCat("accès refusé : ", d.reason));
  }
  return absl::OkStatus();
}

// The likely duplicates of `identite` in the person's controller that the
// caller may read. Unless `confirmed`, any likely duplicate refuses the
// `change` (ALREADY_EXISTS) naming those the caller may read.
absl::StatusOr<std::vector<std::string>> CheckLikelyDuplicates(Call& call, const Persons& persons,
                                                               const PersonMeta& meta,
                                                               const v1::Identite& identite,
                                                               bool confirmed,
                                                               absl::string_view change) {
  ASSIGN_OR_RETURN(std::vector<std::string> duplicates, persons.LikelyDuplicates(meta, identite));
  ASSIGN_OR_RETURN(std::vector<PersonMeta> readable,
                   ReadableIdentities(call, persons, duplicates));
  std::vector<std::string> ids;
  for (const PersonMeta& m : readable) ids.push_back(m.id);
  if (duplicates.empty() || confirmed) return ids;
  return absl::AlreadyExistsError(absl::StrCat(
      "cette personne semble déjà connue de ce responsable de traitement",
      ids.empty() ? "" : absl::StrCat(" (fiche ", absl::StrJoin(ids, ", "), ")"),
      " : vérifiez la fiche existante ; s'il s'agit d'un homonyme, confirmez la ", change,
      " (confirmer_homonyme)"));
}

absl::StatusOr<Rectification> ReadRectification(const Persons& persons, const PersonMeta& meta,
                                                const v1::RectifyPersonRequest& req) {
  RETURN_IF_ERROR(CheckExpectedVersion(req.expected_version()));
  if (req.motif() == v1::MOTIF_RECTIFICATION_UNSPECIFIED ||
      !v1::MotifRectification_IsValid(req.motif())) {
    return Invalid("motif", "motif de la rectification attendu (demande de la personne, erreur "
                            "de saisie, changement d'état civil, déménagement)");
  }
  Rectification change;
  change.motif = req.motif();
  change.allow_duplicate = req.confirmer_homonyme();
  if (req.has_identite()) {
    RETURN_IF_ERROR(ValidateIdentite(req.identite(), persons.Today()));
    change.identite = req.identite();
  }
  if (req.has_coordonnees()) {
    RETURN_IF_ERROR(ValidateCoordonnees(req.coordonnees()));
    change.coordonnees = req.coordonnees();
  }
  if (req.set_commune()) {
    RETURN_IF_ERROR(persons.CheckCommune(meta.territory_id, req.commune_id(), "commune_id"));
    change.commune_id = req.commune_id();
  }
  if (!change.identite && !change.coordonnees && !change.commune_id) {
    return Invalid("identite", "rien à rectifier : donnez l'identité, les coordonnées ou la "
                               "commune corrigées");
  }
  return change;
}

absl::StatusOr<SearchQuery> ReadSearch(const Persons& persons, const v1::SearchPersonsRequest& req) {
  if (NormalizeForMatch(req.texte()).empty()) return Invalid("texte", "un nom à chercher");
  if (!IsPrintableUtf8(req.texte()) || CharCount(req.texte()) > kMaxSearchChars) {
    return Invalid("texte", absl::StrCat("texte de ", kMaxSearchChars, " caractères au plus"));
  }
  if (req.limite() < 0 || req.limite() > kMaxLimit) {
    return Invalid("limite", absl::StrCat("entre 1 et ", kMaxLimit));
  }
  SearchQuery query;
  query.text = req.texte();
  query.controller_id = req.controller_id();
  if (!req.date_naissance().empty()) {
    ASSIGN_OR_RETURN(query.date_naissance,
                     OptionalDay(req.date_naissance(), "date_naissance", 0));
  }
  if (!query.controller_id.empty()) {
    RETURN_IF_ERROR(persons.CheckController(req.territory_id(), query.controller_id,
                                            "controller_id"));
  }
  query.limit = req.limite() == 0 ? kDefaultLimit : req.limite();
  return query;
}

}  // namespace

grpc::ServerUnaryReactor* PersonsServiceImpl::CreatePerson(grpc::CallbackServerContext* ctx,
                                                           const v1::CreatePersonRequest* req,
                                                           v1::CreatePersonResponse* resp) {
  std::optional<NewPerson> plan;
  return gate_->HandleNow(
      ctx, Method("CreatePerson"),
      [&](const Caller& caller) -> absl::StatusOr<Target> {
        ASSIGN_OR_RETURN(plan, persons_->PlanCreation(*req, caller.organisation_id));
        return PersonTarget(plan->meta);
      },
      [&](Call& call) -> absl::Status {
        RETURN_IF_ERROR(AuthorizeClasses(call, plan->meta, {crypto::FieldClass::kIdentite,
                                                            crypto::FieldClass::kCoordonnees}));
        RETURN_IF_ERROR(ValidateIdentite(plan->identite, persons_->Today()));
        RETURN_IF_ERROR(ValidateCoordonnees(plan->coordonnees));
        ASSIGN_OR_RETURN(std::vector<std::string> ids,
                         CheckLikelyDuplicates(call, *persons_, plan->meta, plan->identite,
                                               req->confirmer_homonyme(), "création"));
        RETURN_IF_ERROR(persons_->Create(*plan, AuthorOf(call), req->confirmer_homonyme(), &call));
        ASSIGN_OR_RETURN(*resp->mutable_person(),
                         ViewPerson(call, *persons_, plan->meta, persons_->Today()));
        for (std::string& id : ids) resp->add_doublons_probables(std::move(id));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PersonsServiceImpl::GetPerson(grpc::CallbackServerContext* ctx,
                                                        const v1::GetPersonRequest* req,
                                                        v1::Person* resp) {
  PersonMeta meta;
  return gate_->HandleNow(
      ctx, Method("GetPerson"),
      [&](const Caller&) -> absl::StatusOr<Target> {
        ASSIGN_OR_RETURN(meta, FindPerson(*persons_, req->person_id(), "person_id"));
        return PersonTarget(meta);
      },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(DayNumber on, OptionalDay(req->date_reference(), "date_reference",
                                                   persons_->Today()));
        ASSIGN_OR_RETURN(*resp, ViewPerson(call, *persons_, meta, on));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PersonsServiceImpl::SearchPersons(grpc::CallbackServerContext* ctx,
                                                            const v1::SearchPersonsRequest* req,
                                                            v1::SearchPersonsResponse* resp) {
  return gate_->HandleNow(
      ctx, Method("SearchPersons"),
      [&](const Caller&) -> absl::StatusOr<Target> {
        if (req->territory_id().empty()) return Invalid("territory_id", "obligatoire");
        return Target{policy::charte::Uid("RepertoirePersonnes", req->territory_id()),
                      {policy::charte::RepertoirePersonnes(req->territory_id())},
                      req->territory_id()};
      },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(SearchQuery query, ReadSearch(*persons_, *req));
        const size_t wanted = query.limit;
        query.limit = wanted * kCandidatesPerResult;
        std::vector<SearchMatch> candidates = persons_->Search(req->territory_id(), query);
        std::vector<std::string> ids;
        for (const SearchMatch& m : candidates) ids.push_back(m.person_id);
        ASSIGN_OR_RETURN(std::vector<PersonMeta> readable,
                         ReadableIdentities(call, *persons_, ids));
        const DayNumber today = persons_->Today();
        for (const PersonMeta& meta : readable) {
          if (static_cast<size_t>(resp->matches_size()) == wanted) break;
          ASSIGN_OR_RETURN(PersonRecords records,
                           persons_->Read(meta, {crypto::FieldClass::kIdentite}));
          if (!records.identite.has_value()) continue;
          v1::PersonMatch* match = resp->add_matches();
          v1::Person* person = match->mutable_person();
          person->set_id(meta.id);
          person->set_territory_id(meta.territory_id);
          person->set_controller_id(meta.controller_id);
          *person->mutable_age() = AgeAt(*records.identite, today);
          *person->mutable_identite() = *std::move(records.identite);
          auto found = std::find_if(candidates.begin(), candidates.end(),
                                    [&](const SearchMatch& m) { return m.person_id == meta.id; });
          match->set_score(found->score);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PersonsServiceImpl::RectifyPerson(grpc::CallbackServerContext* ctx,
                                                            const v1::RectifyPersonRequest* req,
                                                            v1::Person* resp) {
  PersonMeta meta;
  return gate_->HandleNow(
      ctx, Method("RectifyPerson"),
      [&](const Caller&) -> absl::StatusOr<Target> {
        ASSIGN_OR_RETURN(meta, FindPerson(*persons_, req->person_id(), "person_id"));
        return PersonTarget(meta);
      },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(Rectification change, ReadRectification(*persons_, meta, *req));
        std::vector<crypto::FieldClass> touched;
        if (change.identite) touched.push_back(crypto::FieldClass::kIdentite);
        if (change.coordonnees) touched.push_back(crypto::FieldClass::kCoordonnees);
        RETURN_IF_ERROR(AuthorizeClasses(call, meta, touched));
        if (change.identite.has_value()) {
          RETURN_IF_ERROR(CheckLikelyDuplicates(call, *persons_, meta, *change.identite,
                                                change.allow_duplicate, "rectification")
                              .status());
        }
        RETURN_IF_ERROR(persons_->Rectify(meta, req->expected_version(), change, AuthorOf(call),
                                          &call)
                            .status());
        ASSIGN_OR_RETURN(*resp, ViewPerson(call, *persons_, meta, persons_->Today()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PersonsServiceImpl::LinkRepresentative(
    grpc::CallbackServerContext* ctx, const v1::LinkRepresentativeRequest* req,
    v1::Person* resp) {
  PersonMeta meta;
  return gate_->HandleNow(
      ctx, Method("LinkRepresentative"),
      [&](const Caller&) -> absl::StatusOr<Target> {
        ASSIGN_OR_RETURN(meta, FindPerson(*persons_, req->person_id(), "person_id"));
        return PersonTarget(meta);
      },
      [&](Call& call) -> absl::Status {
        RETURN_IF_ERROR(CheckExpectedVersion(req->expected_version()));
        if (!req->retirer() && (req->lien() == v1::LIEN_REPRESENTANT_UNSPECIFIED ||
                                !v1::LienRepresentant_IsValid(req->lien()))) {
          return Invalid("lien", "lien attendu (mère, père, tuteur, autre représentant légal)");
        }
        ASSIGN_OR_RETURN(PersonMeta representative,
                         FindPerson(*persons_, req->representative_id(), "representative_id"));
        // The caller must know who they link: a representative they may not
        // read is refused like one that does not exist.
        ASSIGN_OR_RETURN(std::vector<PersonMeta> readable,
                         ReadableIdentities(call, *persons_, {representative.id}));
        if (readable.empty()) return services::UnseenResource();
        RETURN_IF_ERROR(persons_->LinkRepresentative(meta, req->expected_version(),
                                                     representative, req->lien(), req->retirer(),
                                                     AuthorOf(call), &call)
                            .status());
        ASSIGN_OR_RETURN(*resp, ViewPerson(call, *persons_, meta, persons_->Today()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PersonsServiceImpl::GetPersonHistory(
    grpc::CallbackServerContext* ctx, const v1::GetPersonHistoryRequest* req,
    v1::GetPersonHistoryResponse* resp) {
  PersonMeta meta;
  return gate_->HandleNow(
      ctx, Method("GetPersonHistory"),
      [&](const Caller&) -> absl::StatusOr<Target> {
        ASSIGN_OR_RETURN(meta, FindPerson(*persons_, req->person_id(), "person_id"));
        return PersonTarget(meta);
      },
      [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(std::vector<v1::PersonEvent> events,
                         ViewHistory(call, *persons_, meta));
        for (v1::PersonEvent& e : events) *resp->add_events() = std::move(e);
        return absl::OkStatus();
      });
}

}  // namespace suivi::persons
