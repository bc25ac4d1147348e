using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FedActors.Cli.Run;

/// <summary>
/// A run's directory: <c>run.json</c> (the journal's persistence id, the backend, when the run was created) and
/// <c>config.json</c> (the resolved configuration) are written before the first event, so <c>fedactors run --resume</c>
/// and <c>fedactors replay</c> find the run again; <c>journal.db</c> holds the SQLite journal and blobs; results.json,
/// metrics.csv and report.html are written at the end.
/// </summary>
public sealed class RunDirectory
{
    public const string RunFile = "run.json";
    public const string ConfigFile = "config.json";
    public const string JournalFile = "journal.db";

    private RunDirectory(string path, string persistenceId)
    {
        Path = path;
        PersistenceId = persistenceId;
    }

    public string Path { get; }

    /// <summary>The journal stream of the run's aggregator: unique per run, so runs can share a PostgreSQL database.</summary>
    public string PersistenceId { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, ConfigFile);

    public string JournalPath => System.IO.Path.Combine(Path, JournalFile);

    /// <summary>The environment variable whose connection string (with its password) a recorded run's PostgreSQL journal uses.</summary>
    public const string PostgresVariable = "FEDACTORS_POSTGRES";

    /// <summary>The environment variable with the broker URI (with its password) a recorded cluster run uses.</summary>
    public const string BrokerVariable = "FEDACTORS_BROKER";

    /// <summary>The environment variable with the cluster's HMAC secret, which a run never records.</summary>
    public const string ClusterSecretVariable = "FEDACTORS_CLUSTER_SECRET";

    private const string ConnectionStringPath = "fedactors.persistence.postgres.connection-string";

    /// <summary>
    /// The configuration as a run records it (config.json, results.json): the resolved configuration with the
    /// PostgreSQL and broker passwords and the cluster secret left out, so no secret lands in a file that is shared with results.
    /// </summary>
    public static string RecordedJson(Hocon.Config config, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        var json = JsonNode.Parse(config.ToJson(indented: false))!;
        if (json["fedactors"]?["persistence"]?["postgres"] is JsonObject postgres
            && postgres["connection-string"]?.GetValue<string>() is { Length: > 0 } connection)
        {
            postgres["connection-string"] = Persistence.PostgresConnection.WithoutPassword(connection);
        }

        if (json["fedactors"]?["cluster"] is JsonObject cluster)
        {
            if (cluster["broker"]?.GetValue<string>() is { Length: > 0 } broker)
            {
                cluster["broker"] = Cluster.Broker.WithoutPassword(broker);
            }

            cluster.Remove("secret");
        }

        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }

    /// <summary>
    /// The run's recorded configuration over the reference defaults; when <c>FEDACTORS_POSTGRES</c> is set, its connection
    /// string (which has the password the recording left out) replaces the recorded one, and likewise
    /// <c>FEDACTORS_BROKER</c> and <c>FEDACTORS_CLUSTER_SECRET</c> for a cluster run.
    /// </summary>
    public Hocon.Config LoadConfig(IReadOnlyList<string>? overrides = null)
    {
        var layers = new List<string>();
        if (Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } connection)
        {
            layers.Add($"{ConnectionStringPath} = {JsonSerializer.Serialize(connection)}");
        }

        if (Environment.GetEnvironmentVariable(BrokerVariable) is { Length: > 0 } broker)
        {
            layers.Add($"fedactors.cluster.broker = {JsonSerializer.Serialize(broker)}");
        }

        if (Environment.GetEnvironmentVariable(ClusterSecretVariable) is { Length: > 0 } secret)
        {
            layers.Add($"fedactors.cluster.secret = {JsonSerializer.Serialize(secret)}");
        }

        layers.AddRange(overrides ?? []);
        return ConfigLoader.Load(ConfigPath, layers, withReference: true);
    }

    /// <summary>True when <paramref name="path"/> already holds a run (its <c>run.json</c>).</summary>
    public static bool Exists(string path) => File.Exists(System.IO.Path.Combine(path, RunFile));

    /// <summary>Creates the directory of a new run and records its configuration.</summary>
    /// <exception cref="IOException">The directory already holds a run.</exception>
    public static RunDirectory Create(string path, string runName, string configJson)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(configJson);
        if (Exists(path))
        {
            throw new IOException($"{path} already holds a run; continue it with `fedactors run --resume {path}` or choose another --out");
        }

        Directory.CreateDirectory(path);
        var persistenceId = $"run-{runName}-{Guid.NewGuid():N}";
        var run = new JsonObject
        {
            ["persistenceId"] = persistenceId,
            ["createdAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        WriteAtomically(System.IO.Path.Combine(path, ConfigFile), configJson);
        WriteAtomically(System.IO.Path.Combine(path, RunFile), run.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new RunDirectory(path, persistenceId);
    }

    /// <summary>Opens the directory of an existing run.</summary>
    /// <exception cref="IOException">It is not a run directory, or its run.json is damaged.</exception>
    public static RunDirectory Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var runFile = System.IO.Path.Combine(path, RunFile);
        if (!Directory.Exists(path))
        {
            throw new IOException($"{path}: no such run directory");
        }

        if (!File.Exists(runFile) || !File.Exists(System.IO.Path.Combine(path, ConfigFile)))
        {
            throw new IOException($"{path} is not a run directory: it has no {RunFile} and {ConfigFile} (they are written when `fedactors run` starts)");
        }

        try
        {
            var id = JsonNode.Parse(File.ReadAllText(runFile))?["persistenceId"]?.GetValue<string>();
            return string.IsNullOrWhiteSpace(id)
                ? throw new IOException($"{runFile}: persistenceId is missing")
                : new RunDirectory(path, id);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new IOException($"{runFile} is damaged: {e.Message}", e);
        }
    }

    /// <summary>Writes through a temporary file and a rename, so a crash leaves either the old file or the new one.</summary>
    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
