// policy/lexer.h
//
// Splits Cedar policy text into tokens, following the token rules of
// Cedar's grammar: `//` comments, identifiers [_a-zA-Z][_a-zA-Z0-9]*,
// unsigned integers, double-quoted strings, slots (`?principal`) and
// punctuation. Keywords are identifiers; the parser tells them apart.
// Schema text (LexMode::kSchema) has the same tokens, except that `?` is
// punctuation (`age?: Long`) and there are no slots.

#ifndef SUIVI_POLICY_LEXER_H_
#define SUIVI_POLICY_LEXER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace suivi::policy {

enum class TokenKind {
  kIdent,   // text: the identifier
  kNumber,  // text: the digits
  kString,  // text: the raw contents between the quotes, escapes untouched
  kSlot,    // text: "?principal", ...
  kPunct,   // text: "(", "::", "==", ...
  kEnd,
};

struct Token {
  TokenKind kind;
  std::string text;
  int line;    // 1-based
  int column;  // 1-based, in characters
};

// "ligne L, colonne C : message", INVALID_ARGUMENT.
absl::Status SyntaxError(int line, int column, absl::string_view message);

enum class LexMode { kPolicy, kSchema };

// The tokens of `text`, ending with one kEnd token. INVALID_ARGUMENT on a
// character no token starts with or an unterminated string.
absl::StatusOr<std::vector<Token>> Lex(absl::string_view text, LexMode mode = LexMode::kPolicy);

// A read position in the tokens Lex returns (ending with kEnd), shared by
// the recursive-descent parsers of policies and schemas.
class TokenCursor {
 public:
  explicit TokenCursor(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  // The token `ahead` places on; the final kEnd when past the end.
  const Token& Peek(size_t ahead = 0) const;
  // The current token, moving past it (but never past kEnd).
  const Token& Take();
  bool IsPunct(absl::string_view p, size_t ahead = 0) const;
  bool IsIdent(absl::string_view word, size_t ahead = 0) const;
  // Takes the punctuation `p` when it comes next.
  bool TryPunct(absl::string_view p);

 private:
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

// Decodes the escapes of a string token's contents (\n \r \t \\ \0 \' \"
// \xHH with HH <= 7F, \u{H..}) into `out`. Returns an error message (empty
// on success) for an escape Cedar does not accept.
std::string Unescape(absl::string_view raw, std::string* out);

// Decodes a `like` pattern: the literal chunks between unescaped `*`
// wildcards ("a*b" gives {"a", "b"}; "\\*" is a literal star). Same escapes
// as Unescape plus \*.
std::string UnescapePattern(absl::string_view raw, std::vector<std::string>* chunks);

}  // namespace suivi::policy

#endif  // SUIVI_POLICY_LEXER_H_
