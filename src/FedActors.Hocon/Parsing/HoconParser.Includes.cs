namespace FedActors.Hocon;

/// <summary>Include statements.</summary>
internal sealed partial class HoconParser
{
    /// <summary>
    /// <c>include "file"</c>, <c>include file("file")</c>, <c>include required("file")</c> or
    /// <c>include required(file("file"))</c>. Spec: "The keys from the root object are conceptually substituted for
    /// the include statement in the including file."
    /// </summary>
    private void ParseInclude(ObjectNode target, HoconPath? path, Token keyword)
    {
        SkipWhitespaceAndNewlines();
        var required = false;
        var opened = 0;
        string? name = null;
        while (name is null)
        {
            var token = Take();
            if (token.Kind == TokenKind.QuotedString)
            {
                name = token.Text;
            }
            else if (token.Kind == TokenKind.UnquotedString && token.Text.EndsWith('('))
            {
                // `required(file(` is one unquoted token, since '(' may appear in unquoted text.
                var column = token.Position.Column;
                foreach (var word in token.Text.Split('(', StringSplitOptions.None)[..^1])
                {
                    var at = token.Position with { Column = column };
                    OpenIncludeWrapper(word, at, ref required, ref opened);
                    column += word.Length + 1;
                }

                SkipWhitespace();
            }
            else
            {
                throw new HoconException(token.Position,
                    $"include must be followed by a quoted file name, as in include \"other.conf\" or include required(\"other.conf\"); found {token.Describe()}");
            }
        }

        for (var i = 0; i < opened; i++)
        {
            SkipWhitespace();
            var close = Current;
            if (close.Kind != TokenKind.UnquotedString || !close.Text.StartsWith(')'))
            {
                throw new HoconException(close.Position, $"expected ')' to close the include, found {close.Describe()}");
            }

            if (close.Text.Length == 1)
            {
                Take();
            }
            else
            {
                var rest = close.Text[1..];
                if (rest.Any(ch => ch != ')'))
                {
                    throw new HoconException(close.Position, $"unexpected '{rest}' after ')' in the include");
                }

                _tokens[_index] = close with
                {
                    Text = rest,
                    Position = close.Position with { Column = close.Position.Column + 1 },
                };
            }
        }

        var included = _includer.Include(name, required, _origin, keyword.Position, path);
        foreach (var key in included.Keys)
        {
            foreach (var definition in included.DefinitionsOf(key))
            {
                target.Add(key, definition);
            }
        }
    }

    private static void OpenIncludeWrapper(string word, HoconPosition at, ref bool required, ref int opened)
    {
        switch (word)
        {
            case "url" or "classpath":
                throw new HoconException(at,
                    $"include {word}(...) is not supported: FedActors includes files only; use include \"file\" or include file(\"file\")");
            case "required" when required || opened > 0:
                throw new HoconException(at, "required( must be the outermost part of an include");
            case "required":
                required = true;
                break;
            case "file" when opened > (required ? 1 : 0):
                throw new HoconException(at, "file( cannot be nested in file(");
            case "file":
                break;
            default:
                throw new HoconException(at,
                    $"'{word}(' is not an include form; use include \"file\", file(\"file\") or required(\"file\")");
        }

        opened++;
    }
}
