// client/cli_format.h
//
// How the `suivi` tool shows things: French labels, aligned columns,
// "clé : valeur" lines, dates as 24/11/2026, periods as "du … au …", enum
// values as the lowercase suffix of their proto name ("police_municipale"
// for ORGANISATION_TYPE_POLICE_MUNICIPALE), and --json as one JSON
// document per response.

#ifndef SUIVI_CLIENT_CLI_FORMAT_H_
#define SUIVI_CLIENT_CLI_FORMAT_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::client::cli {

// The lowercase suffix of `value` in `type`, after the common prefix
// ("ORGANISATION_TYPE_POLICE_MUNICIPALE" -> "police_municipale"); "" for
// the UNSPECIFIED value; the number for a value the enum does not know.
std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value);

// Every label of `type` but the UNSPECIFIED one, in declaration order.
std::vector<std::string> EnumLabels(
    const google::protobuf::EnumDescriptor* type);

// The number of the value labelled `label` (case-insensitive).
// INVALID_ARGUMENT, in French, listing the accepted labels.
absl::StatusOr<int> ParseEnumLabel(const google::protobuf::EnumDescriptor* type,
                                   absl::string_view label);

// "2026-11-24" -> "24/11/2026"; anything else unchanged.
std::string FrenchDate(absl::string_view iso_date);

// "2026-11-24T13:05:00Z" -> "24/11/2026 14:05" (Paris time); anything else
// unchanged.
std::string FrenchDateTime(absl::string_view utc_timestamp);

// "du 01/01/2024 au 31/12/2026", "depuis le 01/01/2024" when `end` is
// empty, "" when both are.
std::string Period(absl::string_view start, absl::string_view end);

// "oui" / "non".
const char* YesNo(bool value);

// Rows under headers, each column as wide as its widest cell (counted in
// characters, not bytes), two spaces apart. "(aucun)" when there is no row.
void PrintTable(std::ostream& out, const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows);

// "Label      : value" lines, labels padded to the longest; empty values
// are left out.
void PrintFields(
    std::ostream& out,
    const std::vector<std::pair<std::string, std::string>>& fields);

// `message` as one JSON document (proto field names in lowerCamelCase, as
// MessageToJsonString writes them), followed by a newline.
void PrintJson(std::ostream& out, const google::protobuf::Message& message);

// A JSON object of string `fields`, as PrintJson writes it.
void PrintJsonObject(
    std::ostream& out,
    const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace suivi::client::cli

#endif  // SUIVI_CLIENT_CLI_FORMAT_H_
