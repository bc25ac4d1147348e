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
            else if (token.Kind == TokenKind.UnquotedString && token.Text is "required(" or "file(" or "url(" or "classpath(")
            {
                if (token.Text is "url(" or "classpath(")
                {
                    throw new HoconException(token.Position,
                        $"include {token.Text}...) is not supported: FedActors includes files only; use include \"file\" or include file(\"file\")");
                }

                if (token.Text == "required(")
                {
                    if (required || opened > 0)
                    {
                        throw new HoconException(token.Position, "required( must be the outermost part of an include");
                    }

                    required = true;
                }
                else if (opened > (required ? 1 : 0))
                {
                    throw new HoconException(token.Position, "file( cannot be nested in file(");
                }

                opened++;
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
}
