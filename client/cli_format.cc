#include "client/cli_format.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "core/common/day.h"

namespace suivi::client::cli {
namespace {

// The prefix every value of `type` shares: "ORGANISATION_TYPE_", taken
// from the UNSPECIFIED value's name.
std::string EnumPrefix(const google::protobuf::EnumDescriptor* type) {
  const std::string& first = type->value(0)->name();
  const size_t at = first.rfind("UNSPECIFIED");
  return at == std::string::npos ? std::string() : first.substr(0, at);
}

// Characters of a UTF-8 string (continuation bytes do not count).
size_t Width(absl::string_view text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void PrintPadded(std::ostream& out, absl::string_view text, size_t width) {
  out << text << std::string(width - std::min(width, Width(text)), ' ');
}

}  // namespace

std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value) {
  const google::protobuf::EnumValueDescriptor* v =
      type->FindValueByNumber(value);
  if (v == nullptr) return absl::StrCat(value);
  if (v->index() == 0) return "";
  return absl::AsciiStrToLower(absl::StripPrefix(v->name(), EnumPrefix(type)));
}

std::vector<std::string> EnumLabels(
    const google::protobuf::EnumDescriptor* type) {
  std::vector<std::string> labels;
  for (int i = 1; i < type->value_count(); ++i) {
    labels.push_back(EnumLabel(type, type->value(i)->number()));
  }
  return labels;
}

absl::StatusOr<int> ParseEnumLabel(const google::protobuf::EnumDescriptor* type,
                                   absl::string_view label) {
  const std::string name =
      absl::StrCat(EnumPrefix(type), absl::AsciiStrToUpper(label));
  const google::protobuf::EnumValueDescriptor* v = type->FindValueByName(name);
  if (v == nullptr || v->index() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "valeur inconnue « ", label,
        " » ; valeurs possibles : ", absl::StrJoin(EnumLabels(type), ", ")));
  }
  return v->number();
}

std::string FrenchDate(absl::string_view iso_date) {
  const std::vector<absl::string_view> parts = absl::StrSplit(iso_date, '-');
  if (parts.size() != 3 || parts[0].size() != 4 || parts[1].size() != 2 ||
      parts[2].size() != 2) {
    return std::string(iso_date);
  }
  return absl::StrCat(parts[2], "/", parts[1], "/", parts[0]);
}

std::string FrenchDateTime(absl::string_view utc_timestamp) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(kUtcTimestampFormat, std::string(utc_timestamp), absl::UTCTimeZone(),
                       &t, &error)) {
    return std::string(utc_timestamp);
  }
  return absl::FormatTime("%d/%m/%Y %H:%M", t, ParisTimeZone());
}

std::string Period(absl::string_view start, absl::string_view end) {
  if (start.empty() && end.empty()) return "";
  if (end.empty()) return absl::StrCat("depuis le ", FrenchDate(start));
  if (start.empty()) return absl::StrCat("jusqu'au ", FrenchDate(end));
  return absl::StrCat("du ", FrenchDate(start), " au ", FrenchDate(end));
}

const char* YesNo(bool value) { return value ? "oui" : "non"; }

void PrintTable(std::ostream& out, const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) {
    out << "(aucun)\n";
    return;
  }
  std::vector<size_t> widths;
  for (const std::string& header : headers) widths.push_back(Width(header));
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row[i]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::ostringstream line;
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      PrintPadded(line, cells[i], widths[i] + 2);
    }
    out << absl::StripTrailingAsciiWhitespace(line.str()) << "\n";
  };
  print_row(headers);
  for (const auto& row : rows) print_row(row);
}

void PrintFields(
    std::ostream& out,
    const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields) {
    if (!value.empty()) width = std::max(width, Width(label));
  }
  for (const auto& [label, value] : fields) {
    if (value.empty()) continue;
    PrintPadded(out, label, width);
    out << " : " << value << "\n";
  }
}

void PrintJson(std::ostream& out, const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;
  std::string json;
  // A generated message always converts; an empty document is the
  // fallback should it not.
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    json = "{}";
  }
  out << json;
  if (json.empty() || json.back() != '\n') out << "\n";
}

void PrintJsonObject(
    std::ostream& out,
    const std::vector<std::pair<std::string, std::string>>& fields) {
  google::protobuf::Struct object;
  for (const auto& [name, value] : fields) {
    (*object.mutable_fields())[name].set_string_value(value);
  }
  PrintJson(out, object);
}

}  // namespace suivi::client::cli
