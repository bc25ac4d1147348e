using System.Diagnostics;
using FedActors.Torch;

namespace FedActors.Cluster.Tests;

/// <summary>The RabbitMQ node scripts/test.sh starts, and helpers for tests against it.</summary>
internal static class TestBroker
{
    public const string Secret = "cluster-test-secret-0123456789";

    public static string Uri => Environment.GetEnvironmentVariable("FEDACTORS_TEST_RABBITMQ") is { Length: > 0 } uri
        ? uri
        : throw new InvalidOperationException("FEDACTORS_TEST_RABBITMQ is not set: run scripts/test.sh, which starts a RabbitMQ node");

    /// <summary>A job queue of its own for each test, so tests never see each other's jobs.</summary>
    public static string NewQueue() => $"fedactors.test.{Guid.NewGuid():N}";

    public static RabbitMqTrainerOptions Coordinator(string queue, int deliveryLimit = 3) =>
        new(Uri, Secret, queue, deliveryLimit, 1L << 20, TimeSpan.FromSeconds(20), "{\"recipe\": 1}"u8.ToArray());

    /// <summary>A worker on the test node; its state fetches wait a minute, so a loaded broker never makes one give up.</summary>
    public static ClusterWorkerOptions Worker(string queue, int maxSamples = 1000) =>
        new(Uri, Secret, queue, 1, 1L << 20, maxSamples, 1_000_000, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));

    public static TrainJob Train(float[] state, int samples = 3, ulong seed = 1) =>
        new(WireTests.Model, "d", state, new SampleSelection(Enumerable.Range(0, samples).ToArray()), new TrainingHyperParameters(), seed);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> passes.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{what} did not happen within {limit}");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Has the broker close the connection whose client-provided name is <paramref name="name"/>.</summary>
    public static void CloseConnection(string name)
    {
        var listing = Ctl("list_connections", "pid", "client_properties", "-q");
        var line = listing.Split('\n').SingleOrDefault(l => l.Contains(name, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no connection named {name} in:\n{listing}");
        Ctl("close_connection", line.Split('\t')[0], "test: connection dropped");
    }

    /// <summary>Runs rabbitmqctl against the test node (FEDACTORS_TEST_RABBITMQCTL) and returns its output.</summary>
    public static string Ctl(params string[] args)
    {
        var ctl = Environment.GetEnvironmentVariable("FEDACTORS_TEST_RABBITMQCTL") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("FEDACTORS_TEST_RABBITMQCTL is not set: run scripts/test.sh");
        using var process = Process.Start(new ProcessStartInfo(ctl, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rabbitmqctl {string.Join(' ', args)} did not finish");
        }

        Assert.True(process.ExitCode == 0, $"rabbitmqctl {string.Join(' ', args)}: {output.Result}{error.Result}");
        return output.Result;
    }
}

/// <summary>A trainer whose answer is a pure function of the job: each parameter + the seed, and the samples counted.</summary>
internal sealed class FakeTrainer : ITrainer
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public static float[] Expected(TrainJob job) => job.InitialState.Select(v => v + job.Seed).ToArray();

    public TrainResult Train(TrainJob job)
    {
        Interlocked.Increment(ref _calls);
        return new TrainResult(Expected(job), job.Samples.Count, 0.25);
    }

    public EvalResult Evaluate(EvalJob job)
    {
        Interlocked.Increment(ref _calls);
        var counts = new long[job.Model.Classes * job.Model.Classes];
        counts[0] = job.Samples.Count;
        return new EvalResult(new ConfusionMatrix(job.Model.Classes, counts)) { MeanLoss = double.NaN };
    }
}
