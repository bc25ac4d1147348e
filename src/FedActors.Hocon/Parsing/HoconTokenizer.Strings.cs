using System.Globalization;
using System.Text;

namespace FedActors.Hocon;

/// <summary>Quoted (JSON) and triple-quoted strings.</summary>
internal sealed partial class HoconTokenizer
{
    private Token ReadQuoted(HoconPosition start)
    {
        Advance();
        if (Peek() == '"' && Peek(1) == '"')
        {
            Advance();
            Advance();
            return ReadTripleQuoted(start);
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new HoconException(start, "unterminated quoted string: the closing '\"' is missing");
            }

            var here = Here;
            var c = Advance();
            if (c == '"')
            {
                return new Token(TokenKind.QuotedString, sb.ToString(), start);
            }

            if (c == '\\')
            {
                sb.Append(ReadEscape(here));
            }
            else if (c < 0x20)
            {
                throw new HoconException(here, c == '\n'
                    ? "a quoted string cannot span lines; close it on this line, write \\n, or use a \"\"\"triple-quoted\"\"\" string"
                    : $"a quoted string cannot contain the control character U+{(int)c:X4}; escape it as \\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private string ReadEscape(HoconPosition backslash)
    {
        if (AtEnd)
        {
            throw new HoconException(backslash, "unterminated escape sequence at the end of the input");
        }

        var c = Advance();
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                var hex = new StringBuilder(4);
                for (var i = 0; i < 4; i++)
                {
                    if (AtEnd || !char.IsAsciiHexDigit(Peek()))
                    {
                        throw new HoconException(backslash, "\\u must be followed by exactly four hexadecimal digits");
                    }

                    hex.Append(Advance());
                }

                return ((char)int.Parse(hex.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString();
            default:
                throw new HoconException(backslash,
                    $"'\\{(c == '\n' ? "<newline>" : c.ToString())}' is not a valid escape; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
    }

    /// <summary>Spec: "any sequence of at least three quotes ends the multi-line string, and any 'extra' quotes are part of the string".</summary>
    private Token ReadTripleQuoted(HoconPosition start)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new HoconException(start, "unterminated triple-quoted string: the closing \"\"\" is missing");
            }

            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                var run = 0;
                while (Peek() == '"')
                {
                    Advance();
                    run++;
                }

                sb.Append('"', run - 3);
                return new Token(TokenKind.QuotedString, sb.ToString(), start);
            }

            sb.Append(Advance());
        }
    }
}
