namespace FedActors.Hocon.Tests;

/// <summary>
/// Seeded random corruptions of valid documents: each either loads or fails with a positioned
/// <see cref="HoconException"/>; none crashes with another exception or hangs.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Corpus =
    {
        "fedactors { run { name = \"x\", seed = 42, rounds = 10 }\n defense.pipeline = [ { type = krum, f = 2 } ] }",
        "a = 1\nb = ${a} apples\nc = [1, 2] [3]\nd = { x : 1 } { y : 2 }\ne += 3\ne += ${?a}",
        "path = [ /bin ]\npath = ${path} [ /usr/bin ]\nt = \"\"\"multi\n line\"\"\"\n# comment\n// another\nf = 10.5e3",
        "{ \"quoted.key\" : true, nested { deep { deeper = null } }, list = [ { a = 1 }\n { b = ${nested.deep} } ] }",
        "x = ${?ENV_THAT_IS_NOT_SET}\ny = 30s\nz = 512K\nbar : { foo : 42, baz : ${bar.foo} }\nbar : { foo : 43 }",
    };

    private const string Specials = "{}[]:=,+$\"#/\\ \n\t.?!@*&^`-0123456789abcdefxyz";

    [Fact]
    public async Task Load_CorruptedDocuments_FailOnlyWithPositionedHoconErrors()
    {
        // Arrange
        var random = new Random(20261121);
        var failures = new List<string>();

        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var text = Mutate(Corpus[iteration % Corpus.Length], random);

            // Act
            var attempt = Task.Run(() =>
            {
                try
                {
                    ConfigurationFactory.Load(text, _ => null).ToJson();
                    return null;
                }
                catch (HoconException e) when (e.Position.Line >= 1 && e.Position.Column >= 1)
                {
                    return null;
                }
                catch (Exception e)
                {
                    return $"{e.GetType().Name}: {e.Message}";
                }
            });

            // Assert
            if (await Task.WhenAny(attempt, Task.Delay(TimeSpan.FromSeconds(10))) != attempt)
            {
                failures.Add($"hang on {Escape(text)}");
                break;
            }

            if (await attempt is { } failure)
            {
                failures.Add($"{failure} on {Escape(text)}");
            }
        }

        Assert.Empty(failures);
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0 when chars.Count > 0 && at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Specials[random.Next(Specials.Length)]);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 8), chars.Count - Math.Min(at, chars.Count));
                    chars.InsertRange(random.Next(chars.Count + 1), chars.Skip(Math.Min(at, chars.Count)).Take(length).ToList());
                    break;
            }
        }

        return new string(chars.ToArray());
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);
}
