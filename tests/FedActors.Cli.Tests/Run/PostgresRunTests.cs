using System.Text.Json;
using FedActors.Cli.Run;
using Npgsql;

namespace FedActors.Cli.Tests.Run;

/// <summary>
/// A run on <c>persistence.journal = postgres</c> against the server scripts/test.sh starts: killed and resumed, it
/// ends with the hash of the same run on SQLite; its files hold no password; replay reads it back.
/// </summary>
public sealed class PostgresRunTests
{
    private const string Variable = "FEDACTORS_TEST_POSTGRES";

    private const string Conf = """
        fedactors {
          run { name = pg, seed = 3, rounds = 8, clients = 12, clients-per-round = 4, round-timeout = 120s }
          data { name = synthetic }
          model { name = mlp, hidden = [16] }
          trainer { workers = 1, learning-rate = 0.1 }
          attack { type = label-flip, malicious-clients = 3, label-flip { source = 1, target = 5 } }
          persistence { store-updates = on }
        }
        """;

    [Fact]
    public void KilledAndResumed_OnPostgres_EndsWithTheSqliteRunsHash_AndRecordsNoPassword()
    {
        var connection = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException($"{Variable} is not set: run scripts/test.sh, which starts a PostgreSQL server");
        var password = new NpgsqlConnectionStringBuilder(connection).Password;
        Assert.False(string.IsNullOrEmpty(password), "the test server should require a password");
        var environment = new Dictionary<string, string> { [RunDirectory.PostgresVariable] = connection };
        using var dir = new TempDirectory();
        var conf = dir.Write("pg.conf", Conf);
        var sqlite = Path.Combine(dir.Path, "sqlite");

        var reference = CliProcess.Run("run", conf, "--out", sqlite, "--set", "fedactors.persistence.journal = sqlite");
        Assert.True(reference.ExitCode == 0, reference.Error);

        // Killed once 10 events are journaled (round 1 or so), then resumed with the password from the environment only.
        // On a loaded machine the poll can miss the moment and the run finishes first: then it is tried again.
        string postgres;
        var attempt = 0;
        while (true)
        {
            postgres = Path.Combine(dir.Path, $"postgres-{attempt}");
            var args = new[] { "run", conf, "--out", postgres, "--set", "fedactors.persistence.journal = postgres" };
            var (killedAt, killed) = CrashResumeTests.KillWhen(() => CountEvents(connection, postgres), 10, args, environment);
            var resumed = CliProcess.Run(environment, "run", "--resume", postgres);

            Assert.True(resumed.ExitCode == 0, resumed.Error);
            Assert.Equal(FinalHash(sqlite), FinalHash(postgres));
            if (killed)
            {
                Assert.True(killedAt >= 10, $"killed at {killedAt} events");
                break;
            }

            Assert.True(++attempt < 3, $"three runs finished before the test could kill them (last at {killedAt} events)");
        }

        foreach (var file in new[] { RunDirectory.ConfigFile, "results.json" })
        {
            var text = File.ReadAllText(Path.Combine(postgres, file));
            Assert.DoesNotContain(password!, text, StringComparison.Ordinal);
            Assert.Contains("postgres", text, StringComparison.Ordinal);
        }

        var replay = CliProcess.Run(environment, "replay", postgres, "--round", "2", "--pipeline", "pipeline = [{ type = fedavg }]", "--json");
        Assert.True(replay.ExitCode == 0, replay.Error);
        using var json = JsonDocument.Parse(replay.Output);
        Assert.True(json.RootElement.GetProperty("recordedReproduced").GetBoolean(), replay.Output);

        // Without the password (neither in config.json nor in the environment) the server refuses, in one clear line.
        var refused = CliProcess.Run(new Dictionary<string, string> { [RunDirectory.PostgresVariable] = string.Empty, ["PGPASSWORD"] = string.Empty }, "replay", postgres);
        Assert.Equal(ExitCodes.PersistenceError, refused.ExitCode);
        Assert.Contains("password", refused.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Single(refused.Error.Trim().Split('\n'));
    }

    private static long CountEvents(string connection, string runDirectory)
    {
        if (!RunDirectory.Exists(runDirectory))
        {
            return 0;
        }

        var id = RunDirectory.Open(runDirectory).PersistenceId;
        try
        {
            using var data = NpgsqlDataSource.Create(connection);
            using var command = data.CreateCommand("SELECT COUNT(*) FROM journal WHERE persistence_id = $1");
            command.Parameters.AddWithValue(id);
            return (long)command.ExecuteScalar()!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private static string FinalHash(string runDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "results.json")));
        return json.RootElement.GetProperty("summary").GetProperty("finalModelSha256").GetString()!;
    }
}
