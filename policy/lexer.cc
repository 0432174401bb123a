// policy/lexer.cc

#include "policy/lexer.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace suivi::policy {
namespace {

bool IsIdentStart(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Punctuation, longest first.
constexpr const char* kPuncts[] = {"::", "==", "!=", "<=", ">=", "||", "&&", "@", ".",
                                   ",",  ";",  ":",  "(",  ")",  "{",  "}",  "[", "]",
                                   "<",  ">",  "+",  "-",  "*",  "/",  "%",  "!", "="};

class Lexer {
 public:
  Lexer(absl::string_view text, LexMode mode) : text_(text), mode_(mode) {}

  absl::StatusOr<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (SkipSpaceAndComments()) {
      int line = line_, column = column_;
      absl::StatusOr<Token> token = Next();
      if (!token.ok()) return token.status();
      token->line = line;
      token->column = column;
      tokens.push_back(*std::move(token));
    }
    tokens.push_back(Token{TokenKind::kEnd, "", line_, column_});
    return tokens;
  }

 private:
  // Returns false at the end of the text.
  bool SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      if (IsSpace(text_[pos_])) {
        Advance(1);
      } else if (text_.substr(pos_, 2) == "//") {
        while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') Advance(1);
      } else {
        return true;
      }
    }
    return false;
  }

  void Advance(size_t n) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i, ++pos_) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }

  Token Take(TokenKind kind, size_t n) {
    Token t{kind, std::string(text_.substr(pos_, n)), 0, 0};
    Advance(n);
    return t;
  }

  absl::StatusOr<Token> Next() {
    char c = text_[pos_];
    if (IsIdentStart(c)) return Take(TokenKind::kIdent, SpanOf(pos_, IsIdentChar));
    if (IsDigit(c)) return Take(TokenKind::kNumber, SpanOf(pos_, IsDigit));
    if (c == '?' && mode_ == LexMode::kSchema) return Take(TokenKind::kPunct, 1);
    if (c == '?' && pos_ + 1 < text_.size() && IsIdentStart(text_[pos_ + 1])) {
      return Take(TokenKind::kSlot, 1 + SpanOf(pos_ + 1, IsIdentChar));
    }
    if (c == '"') return StringToken();
    for (const char* p : kPuncts) {
      absl::string_view punct(p);
      if (text_.substr(pos_, punct.size()) == punct) return Take(TokenKind::kPunct, punct.size());
    }
    return SyntaxError(line_, column_, "caractère inattendu");
  }

  size_t SpanOf(size_t from, bool (*pred)(char)) const {
    size_t end = from;
    while (end < text_.size() && pred(text_[end])) ++end;
    return end - from;
  }

  absl::StatusOr<Token> StringToken() {
    int line = line_, column = column_;
    size_t end = pos_ + 1;
    while (end < text_.size() && text_[end] != '"') end += text_[end] == '\\' ? 2 : 1;
    if (end >= text_.size()) return SyntaxError(line, column, "chaîne non terminée");
    Advance(1);
    Token t = Take(TokenKind::kString, end - pos_);
    Advance(1);
    return t;
  }

  absl::string_view text_;
  LexMode mode_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes \u{...} starting at raw[i] == 'u'; advances i past '}'.
std::string UnicodeEscape(absl::string_view raw, size_t* i, std::string* out) {
  size_t j = *i + 1;
  if (j >= raw.size() || raw[j] != '{') return "échappement \\u invalide";
  uint32_t cp = 0;
  int digits = 0;
  for (++j; j < raw.size() && raw[j] != '}'; ++j) {
    int h = HexValue(raw[j]);
    if (h < 0 || ++digits > 6) return "échappement \\u invalide";
    cp = cp * 16 + static_cast<uint32_t>(h);
  }
  if (j >= raw.size() || digits == 0) return "échappement \\u invalide";
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return "échappement \\u invalide";
  AppendUtf8(cp, out);
  *i = j;
  return "";
}

}  // namespace

absl::Status SyntaxError(int line, int column, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("ligne ", line, ", colonne ", column, " : ", message));
}

absl::StatusOr<std::vector<Token>> Lex(absl::string_view text, LexMode mode) {
  return Lexer(text, mode).Run();
}

namespace {

// Decodes the escape at raw[*i] == '\\' into `out`; leaves *i on its last
// character. `pattern` accepts \*.
std::string DecodeEscape(absl::string_view raw, size_t* i, bool pattern, std::string* out) {
  if (++*i >= raw.size()) return "échappement incomplet";
  switch (raw[*i]) {
    case 'n': out->push_back('\n'); return "";
    case 'r': out->push_back('\r'); return "";
    case 't': out->push_back('\t'); return "";
    case '0': out->push_back('\0'); return "";
    case '\\': out->push_back('\\'); return "";
    case '\'': out->push_back('\''); return "";
    case '"': out->push_back('"'); return "";
    case '*':
      if (!pattern) return "l'échappement \\* n'est permis que dans un motif like";
      out->push_back('*');
      return "";
    case 'x': {
      int hi = *i + 1 < raw.size() ? HexValue(raw[*i + 1]) : -1;
      int lo = *i + 2 < raw.size() ? HexValue(raw[*i + 2]) : -1;
      if (hi < 0 || lo < 0 || hi > 7) return "échappement \\x invalide";
      out->push_back(static_cast<char>(hi * 16 + lo));
      *i += 2;
      return "";
    }
    case 'u':
      return UnicodeEscape(raw, i, out);
    default:
      return absl::StrCat("échappement inconnu \\", raw.substr(*i, 1));
  }
}

}  // namespace

std::string Unescape(absl::string_view raw, std::string* out) {
  out->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out->push_back(raw[i]);
    } else if (std::string e = DecodeEscape(raw, &i, false, out); !e.empty()) {
      return e;
    }
  }
  return "";
}

std::string UnescapePattern(absl::string_view raw, std::vector<std::string>* chunks) {
  chunks->assign(1, "");
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '*') {
      chunks->emplace_back();
    } else if (raw[i] != '\\') {
      chunks->back().push_back(raw[i]);
    } else if (std::string e = DecodeEscape(raw, &i, true, &chunks->back()); !e.empty()) {
      return e;
    }
  }
  return "";
}

const Token& TokenCursor::Peek(size_t ahead) const {
  size_t i = pos_ + ahead;
  return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
}

const Token& TokenCursor::Take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

bool TokenCursor::IsPunct(absl::string_view p, size_t ahead) const {
  const Token& t = Peek(ahead);
  return t.kind == TokenKind::kPunct && t.text == p;
}

bool TokenCursor::IsIdent(absl::string_view word, size_t ahead) const {
  const Token& t = Peek(ahead);
  return t.kind == TokenKind::kIdent && t.text == word;
}

bool TokenCursor::TryPunct(absl::string_view p) {
  if (!IsPunct(p)) return false;
  Take();
  return true;
}

}  // namespace suivi::policy
