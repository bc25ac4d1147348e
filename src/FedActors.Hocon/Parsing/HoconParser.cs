namespace FedActors.Hocon;

/// <summary>
/// Builds the unresolved syntax tree of one HOCON document and the documents it includes. Substitutions, merges of
/// duplicate keys and concatenations are left for <see cref="HoconResolver"/>.
/// </summary>
internal sealed partial class HoconParser
{
    private readonly List<Token> _tokens;
    private readonly string _origin;
    private readonly HoconIncluder _includer;
    private readonly HoconPath? _rootPath;
    private readonly HoconPath? _includePrefix;
    private int _index;

    private HoconParser(string text, string origin, HoconIncluder includer, HoconPath? rootPath)
    {
        _tokens = new HoconTokenizer(text, origin).ReadAll();
        _origin = origin;
        _includer = includer;
        _rootPath = rootPath;
        _includePrefix = rootPath is { IsRoot: false } ? rootPath : null;
    }

    /// <summary>Parses a document whose root must be an object (braces optional).</summary>
    /// <param name="rootPath">
    /// The path of the document's root in the whole configuration: the root for a top-level document, the path of
    /// the include statement's object for an included one, null when that object is inside an array.
    /// </param>
    public static ObjectNode ParseDocument(string text, string origin, HoconIncluder includer, HoconPath? rootPath) =>
        new HoconParser(text, origin, includer, rootPath).ParseRoot();

    private Token Current => _tokens[_index];

    private Token Take() => _tokens[_index++];

    private void SkipWhitespace()
    {
        while (Current.Kind == TokenKind.Whitespace)
        {
            _index++;
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Current.Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            _index++;
        }
    }

    private ObjectNode ParseRoot()
    {
        SkipWhitespaceAndNewlines();
        var start = Current;
        if (start.Kind == TokenKind.OpenBracket)
        {
            throw new HoconException(start.Position, "the root of a configuration must be an object, not an array");
        }

        ObjectNode root;
        if (start.Kind == TokenKind.OpenBrace)
        {
            Take();
            root = ParseObjectBody(new ObjectNode(start.Position), _rootPath, braced: true, start.Position);
            SkipWhitespaceAndNewlines();
            if (Current.Kind != TokenKind.End)
            {
                throw new HoconException(Current.Position,
                    $"unexpected {Current.Describe()} after the closing '}}' of the root object");
            }
        }
        else
        {
            root = ParseObjectBody(new ObjectNode(start.Position), _rootPath, braced: false, start.Position);
        }

        return root;
    }

    /// <summary>Parses fields up to the closing brace (or the end of input when the root braces are omitted).</summary>
    /// <param name="path">The object's path from the root, or null inside arrays where it has none.</param>
    private ObjectNode ParseObjectBody(ObjectNode target, HoconPath? path, bool braced, HoconPosition opened)
    {
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.CloseBrace when braced:
                    Take();
                    return target;
                case TokenKind.CloseBrace:
                    throw new HoconException(token.Position,
                        "unbalanced '}': the file does not start with '{', so it cannot end an object here");
                case TokenKind.End when braced:
                    throw new HoconException(token.Position, $"the object opened at {opened} is never closed: '}}' is missing");
                case TokenKind.End:
                    return target;
                case TokenKind.Comma:
                    throw new HoconException(token.Position, "expected a key, found ','");
            }

            if (token.Kind == TokenKind.UnquotedString && token.Text == "include")
            {
                Take();
                ParseInclude(target, path, token);
            }
            else
            {
                ParseField(target, path);
            }

            AfterElement(TokenKind.CloseBrace, "field");
        }
    }

    /// <summary>
    /// After a field or array element: a comma, a newline, or the closing bracket must follow. Spec: "Values in
    /// arrays, and fields in objects, need not have a comma between them as long as they have at least one ASCII
    /// newline"; "The last element ... may be followed by a single comma".
    /// </summary>
    /// The closing bracket and the end of input are left for the caller, which knows whether they are allowed here.
    private void AfterElement(TokenKind close, string what)
    {
        SkipWhitespace();
        var sawNewline = Current.Kind == TokenKind.Newline;

        // JSON allows a comma on the next line (`1\n, 2`), so look past newlines for one.
        SkipWhitespaceAndNewlines();
        var token = Current;
        if (token.Kind == TokenKind.Comma)
        {
            Take();
            SkipWhitespaceAndNewlines();
            if (Current.Kind == TokenKind.Comma)
            {
                throw new HoconException(Current.Position, "two commas in a row");
            }

            return;
        }

        if (sawNewline || token.Kind == close || token.Kind == TokenKind.End)
        {
            return;
        }

        throw new HoconException(token.Position, $"expected ',' or a newline after the {what}, found {token.Describe()}");
    }

    private void ParseField(ObjectNode target, HoconPath? path)
    {
        var keyStart = Current.Position;
        var keyTokens = new List<Token>();
        while (true)
        {
            var token = Current;
            if (token.IsSimpleValue || token.Kind == TokenKind.Whitespace)
            {
                keyTokens.Add(Take());
                continue;
            }

            if (token.Kind is TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals or TokenKind.OpenBrace)
            {
                break;
            }

            // JSON allows the separator on the next line (`"a"\n: 1`).
            if (token.Kind == TokenKind.Newline && keyTokens.Count > 0 && SeparatorFollowsNewlines() is { } separatorAt)
            {
                _index = separatorAt;
                break;
            }

            if (keyTokens.Count == 0)
            {
                throw new HoconException(token.Position, token.Kind == TokenKind.Substitution
                    ? "substitutions are not allowed in keys"
                    : $"expected a key, found {token.Describe()}");
            }

            throw new HoconException(token.Position, token.Kind switch
            {
                TokenKind.Substitution => "substitutions are not allowed in keys",
                TokenKind.OpenBracket => "an array cannot be a key",
                _ => $"expected ':', '=', '+=' or '{{' after the key '{PathBuilder.FromTokens(keyTokens, keyStart)}', found {token.Describe()}",
            });
        }

        if (keyTokens.All(t => t.Kind == TokenKind.Whitespace))
        {
            throw new HoconException(Current.Position, $"expected a key before {Current.Describe()}");
        }

        var key = PathBuilder.FromTokens(keyTokens, keyStart);
        var fieldPath = path?.Append(key);
        var separator = Current;
        Node value;
        if (separator.Kind == TokenKind.OpenBrace)
        {
            value = ParseValue(fieldPath);
        }
        else
        {
            Take();
            SkipWhitespaceAndNewlines();
            if (Current.Kind is TokenKind.End or TokenKind.Comma or TokenKind.CloseBrace)
            {
                throw new HoconException(Current.Position, $"the key '{key}' has no value after {separator.Describe()}");
            }

            value = ParseValue(fieldPath);
            if (separator.Kind == TokenKind.PlusEquals)
            {
                if (fieldPath is null)
                {
                    throw new HoconException(separator.Position, "'+=' cannot be used in an object inside an array");
                }

                // Spec: "a += b becomes a = ${?a} [b]".
                var self = new SubstitutionNode(fieldPath, optional: true, includePrefix: null, separator.Position);
                value = new ConcatNode(new Node[] { self, new ArrayNode(new[] { value }, value.Position) }, separator.Position, isAppend: true);
            }
        }

        AddAtPath(target, key, 0, value);
    }

    /// <summary>The index of a key-value separator that follows the current newlines and whitespace, or null.</summary>
    private int? SeparatorFollowsNewlines()
    {
        var i = _index;
        while (_tokens[i].Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            i++;
        }

        return _tokens[i].Kind is TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals or TokenKind.OpenBrace ? i : null;
    }

    /// <summary>Spec: "foo.bar : 42 is equivalent to foo { bar : 42 }".</summary>
    private static void AddAtPath(ObjectNode target, HoconPath key, int depth, Node value)
    {
        if (depth == key.Count - 1)
        {
            target.Add(key.Elements[depth], value);
            return;
        }

        var inner = new ObjectNode(value.Position);
        AddAtPath(inner, key, depth + 1, value);
        target.Add(key.Elements[depth], inner);
    }

    /// <summary>
    /// A value: one or more values on one line, concatenated. Spec: "As long as simple values are separated only
    /// by non-newline whitespace, the whitespace between them is preserved"; arrays and objects concatenate too.
    /// </summary>
    private Node ParseValue(HoconPath? path)
    {
        var pieces = new List<Node>();
        var start = Current.Position;
        while (true)
        {
            var token = Current;
            if (token.Kind == TokenKind.Whitespace)
            {
                Take();
                if (pieces.Count > 0)
                {
                    pieces.Add(new WhitespaceNode(token.Text, token.Position));
                }

                continue;
            }

            if (token.IsSimpleValue)
            {
                Take();
                pieces.Add(new LiteralNode(ToLiteral(token)));
            }
            else if (token.Kind == TokenKind.Substitution)
            {
                Take();
                var substitutionPath = PathBuilder.FromTokens(token.PathTokens, token.Position);
                pieces.Add(new SubstitutionNode(substitutionPath, token.Optional, _includePrefix, token.Position));
            }
            else if (token.Kind == TokenKind.OpenBrace)
            {
                Take();
                pieces.Add(ParseObjectBody(new ObjectNode(token.Position), path, braced: true, token.Position));
            }
            else if (token.Kind == TokenKind.OpenBracket)
            {
                Take();
                pieces.Add(ParseArray(token.Position));
            }
            else if (token.Kind is TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals)
            {
                throw new HoconException(token.Position,
                    $"unexpected {token.Describe()} in a value; put a string containing it in double quotes");
            }
            else
            {
                break;
            }
        }

        while (pieces.Count > 0 && pieces[^1] is WhitespaceNode)
        {
            pieces.RemoveAt(pieces.Count - 1);
        }

        if (pieces.Count == 0)
        {
            throw new HoconException(Current.Position, $"expected a value, found {Current.Describe()}");
        }

        return pieces.Count == 1 ? pieces[0] : new ConcatNode(pieces, start);
    }

    private ArrayNode ParseArray(HoconPosition opened)
    {
        var items = new List<Node>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Current;
            if (token.Kind == TokenKind.CloseBracket)
            {
                Take();
                return new ArrayNode(items, opened);
            }

            if (token.Kind == TokenKind.End)
            {
                throw new HoconException(token.Position, $"the array opened at {opened} is never closed: ']' is missing");
            }

            if (token.Kind == TokenKind.Comma)
            {
                throw new HoconException(token.Position, "expected an array element, found ','");
            }

            items.Add(ParseValue(null));
            AfterElement(TokenKind.CloseBracket, "array element");
        }
    }

    private static HoconValue ToLiteral(Token token) => token.Kind switch
    {
        TokenKind.QuotedString or TokenKind.UnquotedString => new HoconString(token.Text, token.Position),
        TokenKind.Number => new HoconNumber(token.Text, token.Position),
        TokenKind.True => new HoconBoolean(true, token.Position),
        TokenKind.False => new HoconBoolean(false, token.Position),
        _ => new HoconNull(token.Position),
    };
}
