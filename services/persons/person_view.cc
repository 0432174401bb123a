#include "services/persons/person_view.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "services/persons/person_validation.h"

namespace suivi::persons {
namespace {

constexpr char kRead[] = "personne:lire";

v1::FieldClass ApiClass(crypto::FieldClass field_class) {
  return static_cast<v1::FieldClass>(field_class);
}

// The classes of `wanted` the caller may read of the person.
absl::StatusOr<std::vector<crypto::FieldClass>> ReadableClasses(services::Call& call,
                                                                const PersonMeta& meta) {
  std::vector<std::string> names;
  for (crypto::FieldClass c : kPersonClasses) names.emplace_back(crypto::FieldClassName(c));
  ASSIGN_OR_RETURN(std::vector<std::string> readable,
                   call.ReadableClasses(kRead, Persons::UidOf(meta.id), names,
                                        {Persons::EntityOf(meta)}));
  std::vector<crypto::FieldClass> classes;
  for (const std::string& name : readable) {
    ASSIGN_OR_RETURN(crypto::FieldClass c, crypto::ParseFieldClass(name));
    classes.push_back(c);
  }
  return classes;
}

bool Has(const std::vector<crypto::FieldClass>& classes, crypto::FieldClass c) {
  return std::find(classes.begin(), classes.end(), c) != classes.end();
}

// The representative as far as the caller may read it; just the link when
// its record is gone.
absl::StatusOr<v1::Representant> ViewRepresentative(services::Call& call, const Persons& persons,
                                                    const store::v1::RepresentantLink& link) {
  v1::Representant view;
  view.set_person_id(link.person_id());
  view.set_lien(link.lien());
  absl::StatusOr<PersonMeta> meta = persons.Find(link.person_id());
  if (!meta.ok()) return view;
  ASSIGN_OR_RETURN(std::vector<crypto::FieldClass> classes, ReadableClasses(call, *meta));
  ASSIGN_OR_RETURN(PersonRecords records, persons.Read(*meta, classes));
  if (records.identite.has_value()) *view.mutable_identite() = *records.identite;
  if (records.coordonnees.has_value()) *view.mutable_coordonnees() = *records.coordonnees;
  return view;
}

}  // namespace

absl::StatusOr<v1::Person> ViewPerson(services::Call& call, const Persons& persons,
                                      const PersonMeta& meta, DayNumber on) {
  ASSIGN_OR_RETURN(std::vector<crypto::FieldClass> classes, ReadableClasses(call, meta));
  ASSIGN_OR_RETURN(PersonRecords records, persons.Read(meta, classes));
  v1::Person person;
  person.set_id(meta.id);
  person.set_territory_id(meta.territory_id);
  for (crypto::FieldClass c : kPersonClasses) {
    if (!Has(classes, c)) person.add_classes_masquees(ApiClass(c));
  }
  if (records.identite.has_value()) {
    *person.mutable_identite() = *records.identite;
    *person.mutable_age() = AgeAt(*records.identite, on);
  }
  if (records.coordonnees.has_value()) *person.mutable_coordonnees() = *records.coordonnees;
  if (records.administratif.has_value()) {
    const store::v1::PersonAdministratif& admin = *records.administratif;
    person.set_controller_id(admin.controller_id());
    person.set_commune_id(admin.commune_id());
    person.set_organisation_id(admin.organisation_id());
    person.set_version(admin.version());
    for (const store::v1::RepresentantLink& link : admin.representants()) {
      ASSIGN_OR_RETURN(*person.add_representants(), ViewRepresentative(call, persons, link));
    }
  }
  return person;
}

absl::StatusOr<std::vector<v1::PersonEvent>> ViewHistory(services::Call& call,
                                                         const Persons& persons,
                                                         const PersonMeta& meta) {
  ASSIGN_OR_RETURN(std::vector<crypto::FieldClass> classes, ReadableClasses(call, meta));
  if (!Has(classes, crypto::FieldClass::kAdministratif)) return services::UnseenResource();
  ASSIGN_OR_RETURN(std::vector<PersonHistoryEvent> events, persons.History(meta, classes));
  std::vector<v1::PersonEvent> views;
  for (PersonHistoryEvent& event : events) {
    const store::v1::PersonEventRecord& r = event.record;
    v1::PersonEvent& view = views.emplace_back();
    view.set_version(r.version());
    view.set_type(r.type());
    view.set_horodatage(r.horodatage());
    view.set_user_id(r.user_id());
    view.set_organisation_id(r.organisation_id());
    view.set_motif(r.motif());
    for (int c : r.classes()) view.add_classes_modifiees(static_cast<v1::FieldClass>(c));
    if (event.identite.has_value()) *view.mutable_identite() = *std::move(event.identite);
    if (event.coordonnees.has_value()) *view.mutable_coordonnees() = *std::move(event.coordonnees);
    if (r.commune_changed()) view.set_commune_id(r.commune_id());
    view.set_representative_id(r.representative_id());
    view.set_lien(r.lien());
  }
  return views;
}

absl::StatusOr<std::vector<PersonMeta>> ReadableIdentities(services::Call& call,
                                                           const Persons& persons,
                                                           const std::vector<std::string>& ids) {
  std::vector<PersonMeta> metas;
  std::vector<policy::EntityUid> uids;
  std::vector<policy::Entity> entities;
  for (const std::string& id : ids) {
    absl::StatusOr<PersonMeta> meta = persons.Find(id);
    if (!meta.ok()) continue;
    uids.push_back(Persons::UidOf(id));
    entities.push_back(Persons::EntityOf(*meta));
    metas.push_back(*std::move(meta));
  }
  if (metas.empty()) return metas;
  ASSIGN_OR_RETURN(std::vector<bool> readable,
                   call.MayReadEach(kRead, uids, std::string(crypto::FieldClassName(
                                                     crypto::FieldClass::kIdentite)),
                                    std::move(entities)));
  std::vector<PersonMeta> kept;
  for (size_t i = 0; i < metas.size(); ++i) {
    if (readable[i]) kept.push_back(std::move(metas[i]));
  }
  return kept;
}

}  // namespace suivi::persons
