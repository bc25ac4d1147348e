using System.Text.Json;

namespace FedActors.Cli.Tests.Run;

/// <summary>
/// <c>fedactors replay</c> on runs recorded by <c>fedactors run</c> (real aggregator, synthetic data): the timeline
/// matches results.json, the recorded pipeline reproduces the journaled verdicts, another pipeline gives a diff.
/// </summary>
public sealed class ReplayCommandTests : IClassFixture<ReplayCommandTests.RecordedRuns>
{
    private const string Conf = """
        fedactors {
          run { name = replay, seed = 5, rounds = 4, clients = 20, clients-per-round = 6, round-timeout = 120s }
          data { name = synthetic }
          model { name = mlp, hidden = [16] }
          trainer { workers = 1, learning-rate = 0.1 }
          attack { type = label-flip, malicious-clients = 4, label-flip { source = 1, target = 5 } }
          persistence { journal = sqlite, store-updates = on }
        }
        """;

    private readonly RecordedRuns _runs;

    public ReplayCommandTests(RecordedRuns runs)
    {
        _runs = runs;
    }

    [Fact]
    public void Timeline_MatchesResultsJson()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", _runs.Stored, "--json");

        Assert.True(code == 0, stderr);
        using var timeline = JsonDocument.Parse(stdout);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs.Stored, "results.json")));
        var rounds = timeline.RootElement.GetProperty("rounds").EnumerateArray().ToList();
        var reported = results.RootElement.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(4, rounds.Count);
        Assert.Equal(reported.Count, rounds.Count);
        foreach (var (recorded, report) in rounds.Zip(reported))
        {
            Assert.Equal(report.GetProperty("round").GetInt32(), recorded.GetProperty("round").GetInt32());
            Assert.Equal("evaluated", recorded.GetProperty("phase").GetString());
            Assert.Equal(report.GetProperty("accuracy").GetDouble(), recorded.GetProperty("metrics").GetProperty("accuracy").GetDouble());
            Assert.Equal(report.GetProperty("modelHash").GetString(), recorded.GetProperty("outputModel").GetString());
            Assert.Equal(report.GetProperty("received").GetInt32(), recorded.GetProperty("received").GetArrayLength());
            Assert.Equal(6, recorded.GetProperty("selected").GetArrayLength());
            Assert.Equal("fedavg", recorded.GetProperty("stages")[0].GetProperty("stage").GetString());
        }

        Assert.Equal(
            results.RootElement.GetProperty("summary").GetProperty("finalModelSha256").GetString(),
            rounds[^1].GetProperty("outputModel").GetString());
        Assert.Equal(4, timeline.RootElement.GetProperty("malicious").GetArrayLength());
    }

    [Fact]
    public void Timeline_AsText_HasOneRowPerRound()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", _runs.Stored);

        Assert.True(code == 0, stderr);
        Assert.Contains("4 of 4 rounds recorded", stdout, StringComparison.Ordinal);
        var rows = stdout.Split('\n').Where(l => l.Contains("evaluated", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void Round_TheRecordedPipeline_ReproducesTheJournaledVerdictsExactly()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", _runs.Stored, "--round", "2", "--pipeline", "pipeline = [{ type = fedavg }]", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("recordedReproduced").GetBoolean(), stdout);
        Assert.Equal(0, root.GetProperty("differences").GetArrayLength());
        Assert.Equal(0, root.GetProperty("changed").GetInt32());
        Assert.Equal(root.GetProperty("recorded").GetProperty("modelHash").GetString(), root.GetProperty("counterfactual").GetProperty("modelHash").GetString());
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_runs.Stored, "results.json")));
        var round2 = results.RootElement.GetProperty("rounds")[2];
        Assert.Equal(round2.GetProperty("modelHash").GetString(), root.GetProperty("recorded").GetProperty("modelHash").GetString());
        Assert.Equal(round2.GetProperty("accuracy").GetDouble(), root.GetProperty("recorded").GetProperty("accuracy").GetDouble(), 12);
    }

    [Fact]
    public void Round_AnotherPipeline_GivesAVerdictDiffAndAnotherModel()
    {
        // The threshold sits between the round's smallest and largest "largest distance", so some clients must go.
        var (_, round, _) = CliRunner.Run("replay", _runs.Stored, "--round", "1", "--pipeline", "pipeline = [{ type = l2-check, max-distance = 1e9 }, { type = fedavg }]", "--json");
        using var probe = JsonDocument.Parse(round);
        var distances = probe.RootElement.GetProperty("counterfactualStages")[0].GetProperty("diagnostics").EnumerateObject()
            .Where(p => p.Name.StartsWith("max-distance-", StringComparison.Ordinal)).Select(p => p.Value.GetDouble()).Order().ToList();
        var threshold = (distances[0] + distances[^1]) / 2;

        var (code, stdout, stderr) = CliRunner.Run(
            "replay", _runs.Stored, "--round", "1", "--pipeline", $"pipeline = [{{ type = l2-check, max-distance = {threshold:R} }}, {{ type = fedavg }}]", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("recordedReproduced").GetBoolean());
        var clients = root.GetProperty("clients").EnumerateArray().ToList();
        Assert.All(clients, c => Assert.True(c.GetProperty("recorded").GetProperty("kept").GetBoolean()));
        var dropped = clients.Where(c => !c.GetProperty("counterfactual").GetProperty("kept").GetBoolean()).ToList();
        Assert.NotEmpty(dropped);
        Assert.True(dropped.Count < clients.Count);
        Assert.All(dropped, c => Assert.True(c.GetProperty("changed").GetBoolean()));
        Assert.All(dropped, c => Assert.Equal(0.0, c.GetProperty("counterfactual").GetProperty("weight").GetDouble()));
        Assert.NotEqual(root.GetProperty("recorded").GetProperty("modelHash").GetString(), root.GetProperty("counterfactual").GetProperty("modelHash").GetString());
        Assert.InRange(root.GetProperty("counterfactual").GetProperty("accuracy").GetDouble(), 0, 1);
    }

    [Fact]
    public void Round_AStatefulStage_ReplaysWithTheHistoryTheRunHadBuilt()
    {
        // FoolsGold weighs round 3 by each client's summed history of rounds 0-3: a fresh FoolsGold would see round 3 only.
        using var dir = new TempDirectory();
        var conf = dir.Write("fg.conf", Conf);
        var output = Path.Combine(dir.Path, "foolsgold");
        var run = CliRunner.Run("run", conf, "--out", output, "--set", "fedactors.defense.pipeline = [{ type = foolsgold }, { type = fedavg }]");
        Assert.True(run.ExitCode == 0, run.Error);

        var (code, stdout, stderr) = CliRunner.Run("replay", output, "--round", "3", "--pipeline", "pipeline = [{ type = foolsgold }, { type = fedavg }]", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("recordedReproduced").GetBoolean(), stdout);
        Assert.Equal(0, json.RootElement.GetProperty("changed").GetInt32());
    }

    [Fact]
    public void Round_AnAccuracyCheck_ReplaysWithTheServersValidationData()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("ac.conf", Conf);
        var output = Path.Combine(dir.Path, "accuracy-check");
        var pipeline = "[{ type = accuracy-check, tolerance = 0.0, validation-samples = 200 }, { type = fedavg }]";
        var run = CliRunner.Run("run", conf, "--out", output, "--set", $"fedactors.defense.pipeline = {pipeline}");
        Assert.True(run.ExitCode == 0, run.Error);

        var (code, stdout, stderr) = CliRunner.Run("replay", output, "--round", "2", "--pipeline", $"pipeline = {pipeline}", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("recordedReproduced").GetBoolean(), stdout);
        var diagnostics = json.RootElement.GetProperty("counterfactualStages")[0].GetProperty("diagnostics");
        Assert.Equal(6, diagnostics.EnumerateObject().Count(p => p.Name.StartsWith("drop-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Round_WithoutStoredUpdates_SaysStoreUpdatesIsNeeded()
    {
        var (code, _, stderr) = CliRunner.Run("replay", _runs.NotStored, "--round", "0", "--pipeline", "pipeline = [{ type = fedavg }]");

        Assert.Equal(1, code);
        Assert.Contains("persistence.store-updates = on", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void BadInput_IsOneClearLine()
    {
        using var dir = new TempDirectory();
        var unknownStage = CliRunner.Run("replay", _runs.Stored, "--round", "0", "--pipeline", "pipeline = [{ type = krumm }, { type = fedavg }]");
        var noRound = CliRunner.Run("replay", _runs.Stored, "--round", "9", "--pipeline", "pipeline = [{ type = fedavg }]");
        var notARun = CliRunner.Run("replay", dir.Path);
        var pipelineWithoutRound = CliRunner.Run("replay", _runs.Stored, "--pipeline", "pipeline = [{ type = fedavg }]");

        Assert.Equal(ExitCodes.ConfigurationError, unknownStage.ExitCode);
        Assert.Matches(@"^--pipeline:1:\d+: .*'krumm' is unknown; known stages: fedavg, median, trimmed-mean, krum, multi-krum, norm-clip, l2-check, cosine-check, sniper, dp-gaussian, foolsgold, auror, accuracy-check, cross-validation, pdgan", unknownStage.Error);
        Assert.Equal(ExitCodes.ConfigurationError, noRound.ExitCode);
        Assert.Contains("no round 9; it has rounds 0..3", noRound.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigurationError, notARun.ExitCode);
        Assert.Contains("is not a run directory", notARun.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigurationError, pipelineWithoutRound.ExitCode);
        Assert.All(new[] { unknownStage, noRound, notARun, pipelineWithoutRound }, r => Assert.Single(r.Error.TrimEnd().Split('\n')));
    }

    [Fact]
    public void Journal_WithADamagedRow_IsRefusedWithAClearMessage()
    {
        using var dir = new TempDirectory();
        var copy = Path.Combine(dir.Path, "copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(_runs.NotStored))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        SQLitePCL.Batteries_V2.Init();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(copy, "journal.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET payload_json = replace(payload_json, '\"Round\":1', '\"Round\":2') WHERE sequence_nr = (SELECT MIN(sequence_nr) FROM journal WHERE event_type LIKE '%RoundStarted%' AND payload_json LIKE '%\"Round\":1,%');";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var (code, _, stderr) = CliRunner.Run("replay", copy);

        Assert.Equal(ExitCodes.PersistenceError, code);
        Assert.Contains("is corrupted: the SHA-256 of its payload", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    /// <summary>Two recorded runs shared by the tests: one with stored updates, one without.</summary>
    public sealed class RecordedRuns : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public RecordedRuns()
        {
            var conf = _dir.Write("replay.conf", Conf);
            Stored = Path.Combine(_dir.Path, "stored");
            NotStored = Path.Combine(_dir.Path, "not-stored");
            Record(conf, Stored);
            Record(conf, NotStored, "--set", "fedactors.persistence.store-updates = off");
        }

        public string Stored { get; }

        public string NotStored { get; }

        public void Dispose() => _dir.Dispose();

        private static void Record(string conf, string output, params string[] extra)
        {
            var (code, _, stderr) = CliRunner.Run(["run", conf, "--out", output, .. extra]);
            if (code != 0)
            {
                throw new InvalidOperationException($"fedactors run failed ({code}): {stderr}");
            }
        }
    }
}
