using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>Where training and evaluation jobs run: in this process, or on workers behind a RabbitMQ broker.</summary>
public enum ClusterMode
{
    Local,
    RabbitMq,
}

/// <summary>
/// The <c>fedactors.cluster</c> section. In <see cref="ClusterMode.RabbitMq"/> mode the trainer pool publishes its
/// jobs to <paramref name="Queue"/> on <paramref name="Broker"/> and <c>fedactors worker</c> processes run them.
/// </summary>
/// <param name="Broker">amqp://user:password@host:port/vhost (or amqps:// for TLS); empty in local mode.</param>
/// <param name="Secret">The HMAC key every job and result is signed with; empty in local mode.</param>
/// <param name="DeliveryLimit">How often a job may be redelivered (its worker died) before it is dead-lettered and its client counted as failed.</param>
/// <param name="MaxMessageBytes">Results (and fetch requests) larger than this are rejected.</param>
public sealed record ClusterSettings(
    ClusterMode Mode,
    string Broker,
    string Secret,
    string Queue,
    int DeliveryLimit,
    long MaxMessageBytes,
    TimeSpan ConnectTimeout)
{
    /// <summary>The names <c>fedactors.cluster.mode</c> accepts.</summary>
    public static IReadOnlyList<string> Modes { get; } = ["local", "rabbitmq"];

    /// <summary>The shortest <c>cluster.secret</c> accepted: an HMAC key should not be guessable.</summary>
    public const int MinSecretLength = 16;

    /// <summary>Everything in this process (reference.conf's default).</summary>
    public static ClusterSettings Local { get; } =
        new(ClusterMode.Local, string.Empty, string.Empty, "fedactors.jobs", 3, 256L << 20, TimeSpan.FromSeconds(30));

    private const string Section = "fedactors.cluster";

    /// <summary>Reads and checks <c>fedactors.cluster</c> of a resolved configuration.</summary>
    public static ClusterSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.HasPath(Section))
        {
            return Local;
        }

        var mode = OneOf(config, $"{Section}.mode", Modes) == "rabbitmq" ? ClusterMode.RabbitMq : ClusterMode.Local;
        var queue = config.HasPath($"{Section}.queue") ? NonEmptyString(config, $"{Section}.queue") : Local.Queue;
        var limit = config.HasPath($"{Section}.delivery-limit") ? IntAtLeast(config, $"{Section}.delivery-limit", 1) : Local.DeliveryLimit;
        var maxBytes = config.HasPath($"{Section}.max-message-bytes") ? config.GetBytes($"{Section}.max-message-bytes") : Local.MaxMessageBytes;
        if (maxBytes < 1024)
        {
            throw Violation(config, $"{Section}.max-message-bytes", $"{Section}.max-message-bytes must be at least 1 KiB");
        }

        var connect = config.HasPath($"{Section}.connect-timeout") ? config.GetDuration($"{Section}.connect-timeout") : Local.ConnectTimeout;
        if (connect <= TimeSpan.Zero)
        {
            throw Violation(config, $"{Section}.connect-timeout", $"{Section}.connect-timeout must be positive");
        }

        if (mode == ClusterMode.Local)
        {
            return Local with { Queue = queue, DeliveryLimit = limit, MaxMessageBytes = maxBytes, ConnectTimeout = connect };
        }

        var broker = config.HasPath($"{Section}.broker") ? config.GetString($"{Section}.broker") : string.Empty;
        if (string.IsNullOrWhiteSpace(broker))
        {
            throw Violation(config, config.HasPath($"{Section}.broker") ? $"{Section}.broker" : $"{Section}.mode",
                $"{Section}.broker must be set when {Section}.mode = rabbitmq (amqp://user:password@host:5672/vhost, or the FEDACTORS_BROKER environment variable)");
        }

        if (!Uri.TryCreate(broker, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw Violation(config, $"{Section}.broker", $"{Section}.broker must be an amqp:// or amqps:// URI (amqp://user:password@host:5672/vhost)");
        }

        var secret = config.HasPath($"{Section}.secret") ? config.GetString($"{Section}.secret") : string.Empty;
        if (secret.Length < MinSecretLength)
        {
            throw Violation(config, config.HasPath($"{Section}.secret") ? $"{Section}.secret" : $"{Section}.mode",
                $"{Section}.secret must be set to at least {MinSecretLength} characters when {Section}.mode = rabbitmq " +
                "(the key that signs every job and result; or the FEDACTORS_CLUSTER_SECRET environment variable)");
        }

        return new ClusterSettings(ClusterMode.RabbitMq, broker, secret, queue, limit, maxBytes, connect);
    }
}
