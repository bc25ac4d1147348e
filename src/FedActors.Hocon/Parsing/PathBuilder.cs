using System.Text;

namespace FedActors.Hocon;

/// <summary>
/// Turns the tokens of a path expression into keys. Spec: "any <c>.</c> characters outside quoted strings are
/// understood as path separators, while inside quoted strings <c>.</c> has no special meaning".
/// </summary>
internal static class PathBuilder
{
    public static HoconPath FromTokens(IReadOnlyList<Token> tokens, HoconPosition where)
    {
        var start = 0;
        var end = tokens.Count;
        while (start < end && tokens[start].Kind == TokenKind.Whitespace)
        {
            start++;
        }

        while (end > start && tokens[end - 1].Kind == TokenKind.Whitespace)
        {
            end--;
        }

        if (start == end)
        {
            throw new HoconException(where, "expected a path expression, found nothing");
        }

        var elements = new List<string>();
        var current = new StringBuilder();
        var currentHasContent = false;
        HoconPosition? separatorBefore = null;
        for (var i = start; i < end; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.QuotedString)
            {
                current.Append(token.Text);
                currentHasContent = true;
                continue;
            }

            if (!token.IsSimpleValue && token.Kind != TokenKind.Whitespace)
            {
                throw new HoconException(token.Position, $"{token.Describe()} is not allowed in a path expression");
            }

            var text = token.Text;
            var partStart = 0;
            for (var dot = text.IndexOf('.'); dot >= 0; dot = text.IndexOf('.', partStart))
            {
                current.Append(text, partStart, dot - partStart);
                currentHasContent |= dot > partStart;
                var dotPosition = token.Position with { Column = token.Position.Column + dot };
                Finish(elements, current, currentHasContent, dotPosition);
                current.Clear();
                currentHasContent = false;
                separatorBefore = dotPosition;
                partStart = dot + 1;
            }

            current.Append(text, partStart, text.Length - partStart);
            currentHasContent |= text.Length > partStart;
        }

        Finish(elements, current, currentHasContent, separatorBefore ?? where);
        return new HoconPath(elements);
    }

    /// <param name="where">The '.' after the element (or, for the last element, the one before it).</param>
    private static void Finish(List<string> elements, StringBuilder current, bool hasContent, HoconPosition where)
    {
        if (!hasContent)
        {
            throw new HoconException(where,
                "a path expression has an empty element (as in 'a..b' or a leading or trailing '.'); quote an empty key as \"\"");
        }

        elements.Add(current.ToString());
    }
}
