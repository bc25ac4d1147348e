using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FedActors.Cli.Run;
using FedActors.Simulation;

namespace FedActors.Cli.Tests.Run;

/// <summary>
/// <c>cluster.mode = rabbitmq</c> end to end, with <c>fedactors worker</c> processes and the RabbitMQ node scripts/test.sh
/// starts: the cluster run ends with the local run's model hash, also when a worker is killed mid-round.
/// </summary>
public sealed class ClusterRunTests
{
    private const string Secret = "cluster-run-test-secret-42";

    // Enough clients per round that the queue holds jobs when a worker is killed, and enough local epochs that
    // a job takes a while.
    private const string Conf = """
        fedactors {
          run { name = cluster, seed = 11, rounds = 5, clients = 24, clients-per-round = 12, round-timeout = 120s }
          data { name = synthetic }
          model { name = mlp, hidden = [32] }
          trainer { workers = 1, learning-rate = 0.1, local-epochs = 8 }
          attack { type = label-flip, malicious-clients = 4, label-flip { source = 1, target = 5 } }
        }
        """;

    private static string Broker => Variable("FEDACTORS_TEST_RABBITMQ");

    [Fact]
    public async Task TwoWorkers_EndWithTheLocalRunsHash_AndAKilledWorkersJobsAreRedelivered()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("cluster.conf", Conf);
        var local = Path.Combine(dir.Path, "local");
        var reference = CliProcess.Run("run", conf, "--out", local);
        Assert.True(reference.ExitCode == 0, reference.Error);

        // Both workers stay up: the same hash, and both did some of the work. The run starts once both are connected
        // and waiting for its queue, so neither can miss the run by starting slowly.
        var queue = $"fedactors.test.{Guid.NewGuid():N}";
        var (first, second) = (new StringBuilder(), new StringBuilder());
        using (var workerA = StartWorker(queue, first))
        using (var workerB = StartWorker(queue, second))
        {
            const string Waiting = "waiting for a coordinator";
            await WaitUntil(() => Contains(first, Waiting) && Contains(second, Waiting), () => $"worker A:\n{first}\nworker B:\n{second}");
            var clustered = RunOnCluster(conf, Path.Combine(dir.Path, "cluster"), queue);
            Assert.True(clustered.ExitCode == 0, clustered.Error);
            Assert.Equal(FinalHash(local), FinalHash(Path.Combine(dir.Path, "cluster")));
            Assert.Equal(Accuracies(local), Accuracies(Path.Combine(dir.Path, "cluster")));
            Assert.Contains("cluster messages:", clustered.Error, StringComparison.Ordinal);
            Stop(workerA, workerB);
        }

        Assert.True(DoneCount(first) > 0 && DoneCount(second) > 0, $"worker A:\n{first}\nworker B:\n{second}");

        // One worker is killed (SIGKILL) while the run goes on: its unacked job goes to the other one. The kill can
        // land between two jobs, when there is nothing to redeliver; then the scenario is tried again.
        for (var attempt = 0; ; attempt++)
        {
            queue = $"fedactors.test.{Guid.NewGuid():N}";
            var (victimLog, survivorLog) = (new StringBuilder(), new StringBuilder());
            var output = Path.Combine(dir.Path, $"killed-{attempt}");
            using var victim = StartWorker(queue, victimLog);
            using var survivor = StartWorker(queue, survivorLog);
            var run = Task.Run(() => RunOnCluster(conf, output, queue));
            await WaitUntil(() => DoneCount(victimLog) >= 8 || run.IsCompleted, () => $"the worker did no jobs:\n{victimLog}");

            victim.Kill(entireProcessTree: true);
            var result = await run;
            Stop(survivor);
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Equal(FinalHash(local), FinalHash(output));
            if (survivorLog.ToString().Contains("(redelivered)", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(attempt < 4, $"no job was redelivered in 5 attempts; survivor:\n{survivorLog}");
        }
    }

    [Fact]
    public void AWrongPassword_IsOneClearLine_ForTheRunAndTheWorker()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("cluster.conf", Conf);
        var wrong = new UriBuilder(Broker) { Password = "not-the-password-77" }.Uri.ToString();
        var environment = new Dictionary<string, string> { ["FEDACTORS_CLUSTER_SECRET"] = Secret };

        var run = CliProcess.Run(environment, "run", conf, "--out", Path.Combine(dir.Path, "run"),
            "--set", "fedactors.cluster.mode = rabbitmq", "--set", $"fedactors.cluster.broker = \"{wrong}\"");
        var worker = CliProcess.Run(environment, "worker", "--broker", wrong);

        Assert.Equal(ExitCodes.ClusterError, run.ExitCode);
        Assert.Equal(ExitCodes.ClusterError, worker.ExitCode);
        foreach (var error in new[] { run.Error, worker.Error.Split('\n', 2)[1] })
        {
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("refused the login", line, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-password-77", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OverAmqps_TheRunAndItsWorker_EndWithTheLocalRunsHash_AndAnUntrustedCertificateIsOneClearLine()
    {
        // The test node's TLS listener has a certificate for localhost from a throwaway CA; SSL_CERT_FILE makes the
        // processes trust that CA (and only it).
        var tls = Variable("FEDACTORS_TEST_RABBITMQS");
        var trusting = new Dictionary<string, string>
        {
            ["FEDACTORS_CLUSTER_SECRET"] = Secret,
            ["SSL_CERT_FILE"] = Variable("FEDACTORS_TEST_RABBITMQ_CA"),
        };
        using var dir = new TempDirectory();
        var conf = dir.Write("cluster.conf", Conf + "\nfedactors.run.rounds = 2\n");
        var local = Path.Combine(dir.Path, "local");
        Assert.Equal(0, CliProcess.Run("run", conf, "--out", local).ExitCode);

        var queue = $"fedactors.test.{Guid.NewGuid():N}";
        var log = new StringBuilder();
        using (var worker = CliProcess.Start(["worker", "--broker", tls, "--queue", queue], log, trusting))
        {
            var output = Path.Combine(dir.Path, "tls");
            var run = CliProcess.Run(trusting, "run", conf, "--out", output, "--set", "fedactors.cluster.mode = rabbitmq",
                "--set", $"fedactors.cluster.broker = \"{tls}\"", "--set", $"fedactors.cluster.queue = \"{queue}\"");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Equal(FinalHash(local), FinalHash(output));
            Stop(worker);
        }

        Assert.True(DoneCount(log) > 0, log.ToString());
        Assert.Contains("amqps://", log.ToString(), StringComparison.Ordinal);

        // Without the CA the certificate is not trusted: one line at once, not a retry until the connect timeout. Each
        // bound is what a retry would take at the least, however slowly the process starts on a loaded machine: the
        // run's connect timeout is set above CliProcess.Limit, which fails the test when it runs out, and the worker has
        // the fixed connect timeout of a local cluster's settings.
        var untrusting = new Dictionary<string, string> { ["FEDACTORS_CLUSTER_SECRET"] = Secret };
        var refused = CliProcess.Run(untrusting, "run", conf, "--out", Path.Combine(dir.Path, "untrusted"), "--set", "fedactors.cluster.mode = rabbitmq",
            "--set", $"fedactors.cluster.broker = \"{tls}\"", "--set", $"fedactors.cluster.connect-timeout = {2 * CliProcess.Limit.TotalSeconds}s");
        var watch = Stopwatch.StartNew();
        var refusedWorker = CliProcess.Run(untrusting, "worker", "--broker", tls);
        Assert.True(watch.Elapsed < ClusterSettings.Local.ConnectTimeout, $"the worker took {watch.Elapsed}");
        Assert.Equal(ExitCodes.ClusterError, refused.ExitCode);
        Assert.Equal(ExitCodes.ClusterError, refusedWorker.ExitCode);
        var password = new Uri(tls).UserInfo.Split(':')[1];
        foreach (var error in new[] { refused.Error, refusedWorker.Error.Split('\n', 2)[1] })
        {
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("TLS handshake failed", line, StringComparison.Ordinal);
            Assert.Contains("SSL_CERT_FILE", line, StringComparison.Ordinal);
            Assert.DoesNotContain(password, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheBrokerRestartedMidRun_TheRunAndItsWorkerReconnect_AndEndWithTheLocalRunsHash()
    {
        // A node of its own, since the other cluster tests share the first: its RabbitMQ application is stopped and
        // started again while the run has jobs queued and in flight. Every connection drops, the port refuses for a
        // while, and the coordinator's reply queue is gone; the durable job queue keeps its jobs.
        var broker = Variable("FEDACTORS_TEST_RESTARTED_RABBITMQ");
        var ctl = Variable("FEDACTORS_TEST_RESTARTED_RABBITMQCTL");
        var environment = new Dictionary<string, string> { ["FEDACTORS_CLUSTER_SECRET"] = Secret };
        using var dir = new TempDirectory();

        // Jobs long enough (200 local epochs, tens of milliseconds each) that the worker is still busy with the run
        // when the test sees its first job done.
        var conf = dir.Write("cluster.conf", Conf + "\nfedactors.trainer.local-epochs = 200\nfedactors.run.rounds = 4\n");
        var local = Path.Combine(dir.Path, "local");
        Assert.Equal(0, CliProcess.Run("run", conf, "--out", local).ExitCode);

        // Should every job be done before the worker is paused, the scenario is tried again.
        for (var attempt = 0; ; attempt++)
        {
            var queue = $"fedactors.test.{Guid.NewGuid():N}";
            var output = Path.Combine(dir.Path, $"restarted-{attempt}");
            var log = new StringBuilder();
            using var worker = CliProcess.Start(["worker", "--broker", broker, "--queue", queue], log, environment);
            var run = Task.Run(() => CliProcess.Run(environment, "run", conf, "--out", output, "--set", "fedactors.cluster.mode = rabbitmq",
                "--set", $"fedactors.cluster.broker = \"{broker}\"", "--set", $"fedactors.cluster.queue = \"{queue}\""));
            await WaitUntil(() => DoneCount(log) >= 1 || run.IsCompleted, () => $"the worker did no jobs:\n{log}");

            // The run's only worker is paused (SIGSTOP) while the node stops and starts, so the run cannot finish in
            // the meantime, however long rabbitmqctl takes on a loaded machine; then it goes on (SIGCONT) and finds
            // its connection gone.
            Signal(worker, "STOP");
            int doneBefore;
            try
            {
                Ctl(ctl, "stop_app");
                doneBefore = DoneCount(log);
                Ctl(ctl, "start_app");
            }
            finally
            {
                Signal(worker, "CONT");
            }

            var result = await run;
            Stop(worker);
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Equal(FinalHash(local), FinalHash(output));
            Assert.Equal(Accuracies(local), Accuracies(output));

            // The run needs every job done, so jobs done after the restart show the worker came back and did the rest.
            if (DoneCount(log) > doneBefore)
            {
                break;
            }

            Assert.True(attempt < 2, $"every job was done before the worker was paused, 3 times; it did {doneBefore} jobs:\n{log}\nthe run:\n{result.Error}");
        }
    }

    [Fact]
    public void ClusterMode_WithoutASecret_IsAConfigurationError_AndTheRecordedConfigHoldsNoSecrets()
    {
        using var dir = new TempDirectory();
        var conf = dir.Write("cluster.conf", Conf);
        var noSecret = CliProcess.Run(
            new Dictionary<string, string> { ["FEDACTORS_CLUSTER_SECRET"] = string.Empty },
            "run", conf, "--out", Path.Combine(dir.Path, "a"), "--set", "fedactors.cluster.mode = rabbitmq", "--set", $"fedactors.cluster.broker = \"{Broker}\"");
        Assert.Equal(ExitCodes.ConfigurationError, noSecret.ExitCode);
        Assert.Contains("fedactors.cluster.secret must be set", noSecret.Error, StringComparison.Ordinal);

        var config = Cli.ConfigLoader.Load(conf, ["fedactors.cluster.mode = rabbitmq", "fedactors.cluster.broker = \"amqp://me:pw-123@h:5672/v\"", $"fedactors.cluster.secret = \"{Secret}\""], withReference: true);
        var recorded = RunDirectory.RecordedJson(config);
        Assert.DoesNotContain("pw-123", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, recorded, StringComparison.Ordinal);
        Assert.Contains("amqp://me@h:5672/v", recorded, StringComparison.Ordinal);
    }

    private static string Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set: run scripts/test.sh, which starts the RabbitMQ nodes");

    /// <summary>Runs <paramref name="ctl"/> (rabbitmqctl against one test node) with <paramref name="command"/>; fails the test when it fails.</summary>
    private static void Ctl(string ctl, string command)
    {
        using var process = Process.Start(new ProcessStartInfo(ctl, [command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"rabbitmqctl {command} did not finish");
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {command} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    /// <summary>Sends the signal <paramref name="name"/> (STOP, CONT, TERM) to <paramref name="process"/>.</summary>
    private static void Signal(Process process, string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -{name} {process.Id} failed ({kill.ExitCode})");
    }

    private static Process StartWorker(string queue, StringBuilder log) =>
        CliProcess.Start(["worker", "--broker", Broker, "--queue", queue], log, new Dictionary<string, string> { ["FEDACTORS_CLUSTER_SECRET"] = Secret });

    private static (int ExitCode, string Output, string Error) RunOnCluster(string conf, string output, string queue) =>
        CliProcess.Run(
            new Dictionary<string, string> { ["FEDACTORS_CLUSTER_SECRET"] = Secret },
            "run", conf, "--out", output,
            "--set", "fedactors.cluster.mode = rabbitmq",
            "--set", $"fedactors.cluster.broker = \"{Broker}\"",
            "--set", $"fedactors.cluster.queue = \"{queue}\"");

    private static void Stop(params Process[] workers)
    {
        foreach (var worker in workers)
        {
            // SIGTERM: the worker stops consuming and exits 0.
            Signal(worker, "TERM");
        }

        foreach (var worker in workers)
        {
            if (!worker.WaitForExit(30_000))
            {
                worker.Kill(entireProcessTree: true);
                Assert.Fail("a worker did not stop on SIGTERM");
            }

            // The timed wait returns when the process exits; this one also waits until its stderr is read to the end.
            worker.WaitForExit();
            Assert.Equal(0, worker.ExitCode);
        }
    }

    private static bool Contains(StringBuilder log, string text)
    {
        lock (log)
        {
            return log.ToString().Contains(text, StringComparison.Ordinal);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 5 ms; after CliProcess.Limit fails the test, saying <paramref name="context"/>.</summary>
    private static async Task WaitUntil(Func<bool> condition, Func<string> context)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < CliProcess.Limit, $"waited {CliProcess.Limit}:\n{context()}");
            await Task.Delay(5);
        }
    }

    private static int DoneCount(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString().Split('\n').Count(l => l.Contains(" done in ", StringComparison.Ordinal));
        }
    }

    private static string FinalHash(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "results.json"))).RootElement.GetProperty("summary").GetProperty("finalModelSha256").GetString()!;

    private static double[] Accuracies(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "results.json"))).RootElement.GetProperty("rounds")
            .EnumerateArray().Select(r => r.GetProperty("accuracy").GetDouble()).ToArray();
}
