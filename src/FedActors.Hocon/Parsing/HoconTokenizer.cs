using System.Globalization;
using System.Text;

namespace FedActors.Hocon;

/// <summary>
/// Splits HOCON text into tokens. Comments are dropped (the newline that ends them is kept, because newlines
/// separate fields); runs of non-newline whitespace become one <see cref="TokenKind.Whitespace"/> token so that
/// value concatenation can keep the whitespace between simple values.
/// </summary>
internal sealed partial class HoconTokenizer
{
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _origin;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public HoconTokenizer(string text, string origin)
    {
        _text = text;
        _origin = origin;
    }

    /// <summary>Spec: "any Unicode space separator (Zs), line separator (Zl), or paragraph separator (Zp)", the ASCII
    /// control whitespace, the file/group/record/unit separators, and the BOM.</summary>
    public static bool IsWhitespace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or '\u001C' or '\u001D' or '\u001E' or '\u001F' or '\uFEFF' => true,
        _ => char.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator,
    };

    public static bool IsForbiddenInUnquoted(char c) => Forbidden.Contains(c) || IsWhitespace(c);

    public List<Token> ReadAll()
    {
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = Next(insideSubstitution: false);
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    /// <summary>Like <see cref="ReadAll"/>, but null instead of an error for text that does not tokenize.</summary>
    public List<Token>? ReadAllSafely()
    {
        try
        {
            return ReadAll();
        }
        catch (HoconException)
        {
            return null;
        }
    }

    /// <summary>Reads the whole text as one path expression (as in <c>GetInt("a.b")</c>).</summary>
    public List<Token> ReadPathExpression()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next(insideSubstitution: true);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }

            if (!token.IsSimpleValue && token.Kind != TokenKind.Whitespace)
            {
                throw new HoconException(token.Position, $"{token.Describe()} is not allowed in a path expression");
            }

            tokens.Add(token);
        }
    }

    private HoconPosition Here => new(_origin, _line, _column);

    private char Peek(int ahead = 0) => _index + ahead < _text.Length ? _text[_index + ahead] : '\0';

    private bool AtEnd => _index >= _text.Length;

    private char Advance()
    {
        var c = _text[_index++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    private bool StartsComment() => Peek() == '#' || (Peek() == '/' && Peek(1) == '/');

    private Token Next(bool insideSubstitution)
    {
        if (!insideSubstitution && StartsComment())
        {
            while (!AtEnd && Peek() != '\n')
            {
                Advance();
            }
        }

        var start = Here;
        if (AtEnd)
        {
            return new Token(TokenKind.End, string.Empty, start);
        }

        if (insideSubstitution && StartsComment())
        {
            throw new HoconException(start, "a comment cannot start inside a path expression; quote the key");
        }

        var c = Peek();
        if (c == '\n')
        {
            Advance();
            return new Token(TokenKind.Newline, "\n", start);
        }

        if (IsWhitespace(c))
        {
            var sb = new StringBuilder();
            while (!AtEnd && Peek() != '\n' && IsWhitespace(Peek()))
            {
                sb.Append(Advance());
            }

            return new Token(TokenKind.Whitespace, sb.ToString(), start);
        }

        switch (c)
        {
            case ',': Advance(); return new Token(TokenKind.Comma, ",", start);
            case ':': Advance(); return new Token(TokenKind.Colon, ":", start);
            case '=': Advance(); return new Token(TokenKind.Equals, "=", start);
            case '{': Advance(); return new Token(TokenKind.OpenBrace, "{", start);
            case '}': Advance(); return new Token(TokenKind.CloseBrace, "}", start);
            case '[': Advance(); return new Token(TokenKind.OpenBracket, "[", start);
            case ']': Advance(); return new Token(TokenKind.CloseBracket, "]", start);
            case '"': return ReadQuoted(start);
            case '+':
                if (Peek(1) != '=')
                {
                    throw new HoconException(start, "'+' is reserved: use '+=' to append to an array, or quote the string");
                }

                Advance();
                Advance();
                return new Token(TokenKind.PlusEquals, "+=", start);
            case '$':
                if (insideSubstitution)
                {
                    throw new HoconException(start, "substitutions cannot be nested inside substitutions");
                }

                return ReadSubstitution(start);
        }

        if (Forbidden.Contains(c))
        {
            throw new HoconException(start,
                $"the character '{c}' is reserved and cannot appear in an unquoted string; put the string in double quotes");
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            var length = JsonNumberPrefixLength();
            if (length > 0)
            {
                var number = new StringBuilder();
                for (var i = 0; i < length; i++)
                {
                    number.Append(Advance());
                }

                return new Token(TokenKind.Number, number.ToString(), start);
            }
        }

        foreach (var (word, kind) in Keywords)
        {
            if (string.CompareOrdinal(_text, _index, word, 0, word.Length) == 0)
            {
                for (var i = 0; i < word.Length; i++)
                {
                    Advance();
                }

                return new Token(kind, word, start);
            }
        }

        return ReadUnquoted(start);
    }

    private static readonly (string Word, TokenKind Kind)[] Keywords =
    {
        ("true", TokenKind.True), ("false", TokenKind.False), ("null", TokenKind.Null),
    };

    /// <summary>Length of the longest prefix at the cursor that is a JSON number, or 0.</summary>
    private int JsonNumberPrefixLength()
    {
        var i = _index;
        if (Peek(i - _index) == '-')
        {
            i++;
        }

        if (i >= _text.Length || !char.IsAsciiDigit(_text[i]))
        {
            return 0;
        }

        if (_text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < _text.Length && char.IsAsciiDigit(_text[i]))
            {
                i++;
            }
        }

        var end = i;
        if (i + 1 < _text.Length && _text[i] == '.' && char.IsAsciiDigit(_text[i + 1]))
        {
            i++;
            while (i < _text.Length && char.IsAsciiDigit(_text[i]))
            {
                i++;
            }

            end = i;
        }

        if (i < _text.Length && _text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < _text.Length && _text[j] is '+' or '-')
            {
                j++;
            }

            if (j < _text.Length && char.IsAsciiDigit(_text[j]))
            {
                while (j < _text.Length && char.IsAsciiDigit(_text[j]))
                {
                    j++;
                }

                end = j;
            }
        }

        return end - _index;
    }

    private Token ReadUnquoted(HoconPosition start)
    {
        var sb = new StringBuilder();
        while (!AtEnd && !IsForbiddenInUnquoted(Peek()) && !(Peek() == '/' && Peek(1) == '/'))
        {
            sb.Append(Advance());
        }

        return new Token(TokenKind.UnquotedString, sb.ToString(), start);
    }

    private Token ReadSubstitution(HoconPosition start)
    {
        Advance();
        if (Peek() != '{')
        {
            throw new HoconException(start, "'$' must start a substitution '${path}'; to write a literal '$', put the string in double quotes");
        }

        Advance();
        var optional = false;
        if (Peek() == '?')
        {
            Advance();
            optional = true;
        }

        var pathTokens = new List<Token>();
        while (true)
        {
            if (AtEnd)
            {
                throw new HoconException(start, "unterminated substitution: the closing '}' is missing");
            }

            if (Peek() == '}')
            {
                Advance();
                break;
            }

            var token = Next(insideSubstitution: true);
            if (!token.IsSimpleValue && token.Kind != TokenKind.Whitespace)
            {
                throw new HoconException(token.Position, token.Kind == TokenKind.Newline
                    ? "unterminated substitution: the closing '}' is missing before the end of the line"
                    : $"{token.Describe()} is not allowed in the path of a substitution");
            }

            pathTokens.Add(token);
        }

        if (pathTokens.All(t => t.Kind == TokenKind.Whitespace))
        {
            throw new HoconException(start, "a substitution needs a path, as in ${a.b}");
        }

        return new Token(TokenKind.Substitution, optional ? "${?}" : "${}", start) { PathTokens = pathTokens, Optional = optional };
    }
}
