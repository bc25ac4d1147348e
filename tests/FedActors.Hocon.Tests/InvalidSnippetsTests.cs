namespace FedActors.Hocon.Tests;

/// <summary>
/// Malformed input is rejected with a <see cref="HoconException"/> that points at the offending character. Spec:
/// "It should be clear what's invalid and invalid files should generate errors."
/// </summary>
public sealed class InvalidSnippetsTests
{
    public static TheoryData<string, int, int, string> Snippets => new()
    {
        // Commas.
        { "a = [1,2,3,,]", 1, 12, "two commas in a row" },
        { "a = [,1,2,3]", 1, 6, "expected an array element" },
        { "a = [1,,2,3]", 1, 8, "two commas in a row" },
        { "{ a : 1,, b : 2 }", 1, 9, "two commas in a row" },
        { "{ , a : 1 }", 1, 3, "expected a key" },
        { "a = 1,\n,", 2, 1, "two commas in a row" },
        // Braces and brackets.
        { "a : 1 }", 1, 7, "unbalanced '}'" },
        { "{ a : 1", 1, 8, "never closed" },
        { "a = [1, 2", 1, 10, "never closed" },
        { "a = [\n1", 2, 2, "never closed" },
        { "a { b = 1 ]", 1, 11, "found ']'" },
        { "a = [1}", 1, 7, "found '}'" },
        { "a = [1, 2]]", 1, 11, "found ']'" },
        { "{ a : 1 } b : 2", 1, 11, "after the closing '}'" },
        { "[1, 2]", 1, 1, "must be an object, not an array" },
        // Quoted strings.
        { "a = \"unterminated", 1, 5, "unterminated quoted string" },
        { "a = \"line\nbreak\"", 1, 10, "cannot span lines" },
        { "a = \"bad \\q escape\"", 1, 10, "not a valid escape" },
        { "a = \"\\u12\"", 1, 6, "four hexadecimal digits" },
        { "a = \"x\u0001\"", 1, 7, "control character" },
        { "a = \"\"\"never closed", 1, 5, "unterminated triple-quoted" },
        { "a = \"x\"y\"", 1, 9, "unterminated quoted string" },
        // Substitutions.
        { "a = ${", 1, 5, "unterminated substitution" },
        { "a = ${}", 1, 5, "needs a path" },
        { "a = ${b", 1, 5, "unterminated substitution" },
        { "a = ${ ?b}", 1, 8, "reserved" },
        { "a = ${b.${c}}", 1, 9, "cannot be nested" },
        { "a = ${b\n}", 1, 8, "closing '}' is missing" },
        { "a = $b", 1, 5, "'$' must start a substitution" },
        { "a = ${b..c}", 1, 9, "empty element" },
        { "${a} = 1", 1, 1, "not allowed in keys" },
        { "a.${b} = 1", 1, 3, "not allowed in keys" },
        // Reserved characters in unquoted text.
        { "a = b + c", 1, 7, "'+' is reserved" },
        { "a = hello!", 1, 10, "'!' is reserved" },
        { "a = x@y", 1, 6, "'@' is reserved" },
        { "a = x*y", 1, 6, "'*' is reserved" },
        { "a = x&y", 1, 6, "'&' is reserved" },
        { "a = x^y", 1, 6, "'^' is reserved" },
        { "a = x`y", 1, 6, "'`' is reserved" },
        { "a = x?y", 1, 6, "'?' is reserved" },
        { "a = x\\y", 1, 6, "'\\' is reserved" },
        // Keys and separators.
        { "a..b = 1", 1, 3, "empty element" },
        { ".a = 1", 1, 1, "empty element" },
        { "a. = 1", 1, 2, "empty element" },
        { "a = 1\nb", 2, 2, "after the key 'b'" },
        { "a b", 1, 4, "after the key '\"a b\"'" },
        { "a = ", 1, 5, "has no value" },
        { "a = 1 = 2", 1, 7, "unexpected '='" },
        { "a: b: c", 1, 5, "unexpected ':'" },
        { "[a] = 1", 1, 1, "must be an object" },
        { "a [1] = 2", 1, 3, "an array cannot be a key" },
        // Includes.
        { "include foo", 1, 9, "quoted file name" },
        { "include", 1, 8, "quoted file name" },
        { "include url(\"http://example.org/a.conf\")", 1, 9, "not supported" },
        { "include classpath(\"a.conf\")", 1, 9, "not supported" },
        { "include required(\"x\"", 1, 21, "expected ')'" },
        { "include \"/nonexistent/x.conf\" y", 1, 31, "after the field" },
        { "a = { include \"x.conf\" }", 1, 7, "relative include" },
        // Resolution: concatenation, undefined and circular substitutions.
        { "a = {b = 1} [2]", 1, 5, "cannot concatenate an object with an array" },
        { "a = [1] foo", 1, 9, "cannot concatenate" },
        { "a = {x: 1} foo", 1, 12, "cannot concatenate" },
        { "a = 1\na += 2", 2, 3, "'+=' appends to an array, but 'a' is the number 1" },
        { "a = ${missing}", 1, 5, "could not resolve ${missing}" },
        { "a = ${x}\nx = ${a}", 2, 5, "circular reference" },
        { "a : { b : ${a} }", 1, 11, "circular reference" },
        { "a : [${a}]", 1, 6, "circular reference" },
        { "foo : ${foo}", 1, 7, "circular reference" },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Load_InvalidSnippet_ThrowsAtTheOffendingCharacter(string snippet, int line, int column, string reason)
    {
        // Act
        var error = Assert.Throws<HoconException>(() => ConfigurationFactory.Load(snippet, _ => null));

        // Assert
        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"string:{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }
}
