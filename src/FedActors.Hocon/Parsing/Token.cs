namespace FedActors.Hocon;

/// <summary>
/// One token. <see cref="Text"/> is the decoded text for strings, the original spelling for numbers, booleans and
/// whitespace. Substitutions carry the tokens of their path expression and whether they are optional (<c>${?x}</c>).
/// </summary>
internal sealed record Token(TokenKind Kind, string Text, HoconPosition Position)
{
    public IReadOnlyList<Token> PathTokens { get; init; } = Array.Empty<Token>();

    public bool Optional { get; init; }

    /// <summary>True for a simple value that may take part in a string value concatenation or a path expression.</summary>
    public bool IsSimpleValue => Kind is TokenKind.QuotedString or TokenKind.UnquotedString or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null;

    public string Describe() => Kind switch
    {
        TokenKind.Whitespace => "whitespace",
        TokenKind.Newline => "a newline",
        TokenKind.Comma => "','",
        TokenKind.Colon => "':'",
        TokenKind.Equals => "'='",
        TokenKind.PlusEquals => "'+='",
        TokenKind.OpenBrace => "'{'",
        TokenKind.CloseBrace => "'}'",
        TokenKind.OpenBracket => "'['",
        TokenKind.CloseBracket => "']'",
        TokenKind.QuotedString => $"the quoted string {HoconPath.Quote(Text)}",
        TokenKind.Substitution => "a substitution",
        TokenKind.End => "the end of the input",
        _ => $"'{Text}'",
    };
}
