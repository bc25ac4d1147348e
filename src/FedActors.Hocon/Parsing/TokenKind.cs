namespace FedActors.Hocon;

internal enum TokenKind
{
    Whitespace,
    Newline,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    QuotedString,
    UnquotedString,
    Number,
    True,
    False,
    Null,
    Substitution,
    End,
}
