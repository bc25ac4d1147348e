using System.CommandLine;
using System.Runtime.InteropServices;
using FedActors.Cli.Run;
using FedActors.Cli.Worker;
using FedActors.Cluster;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Commands;

/// <summary>
/// <c>fedactors worker --broker amqp://user:pass@host:5672/vhost [--concurrency N]</c>: runs training and evaluation
/// jobs from a cluster coordinator (<c>cluster.mode = rabbitmq</c>) until stopped with Ctrl-C or SIGTERM.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var broker = new Option<string?>("--broker")
        {
            Description = $"The broker, amqp://user:password@host:5672/vhost or amqps://... (default: ${RunDirectory.BrokerVariable}).",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Jobs run at once (the prefetch count); each runs on its own thread.",
            DefaultValueFactory = _ => 1,
        };
        var secretFile = new Option<string?>("--secret-file")
        {
            Description = $"A file holding the cluster secret (default: ${RunDirectory.ClusterSecretVariable}); it must match the coordinator's cluster.secret.",
        };
        var queue = new Option<string>("--queue")
        {
            Description = "The job queue (the coordinator's cluster.queue).",
            DefaultValueFactory = _ => ClusterSettings.Local.Queue,
        };
        var maxJobBytes = new Option<long>("--max-job-bytes")
        {
            Description = "Job messages larger than this are dropped unread.",
            DefaultValueFactory = _ => 64L << 20,
        };
        var maxSamples = new Option<int>("--max-samples")
        {
            Description = "Jobs naming more samples are refused (the coordinator is told why).",
            DefaultValueFactory = _ => 1_000_000,
        };
        var maxParameters = new Option<long>("--max-parameters")
        {
            Description = "Jobs whose model has more parameters are refused.",
            DefaultValueFactory = _ => 100_000_000,
        };
        var fetchTimeout = new Option<double>("--fetch-timeout")
        {
            Description = "Seconds to wait for the coordinator to send a model or the run's recipe before giving the job back.",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command("worker", "Run training and evaluation jobs for cluster.mode = rabbitmq coordinators until stopped (Ctrl-C).")
        {
            broker, concurrency, secretFile, queue, maxJobBytes, maxSamples, maxParameters, fetchTimeout,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var uri = parse.GetValue(broker) ?? Environment.GetEnvironmentVariable(RunDirectory.BrokerVariable);
            if (string.IsNullOrWhiteSpace(uri))
            {
                error.WriteLine($"worker: give --broker amqp://user:password@host:5672/vhost (or set {RunDirectory.BrokerVariable})");
                return ExitCodes.ConfigurationError;
            }

            string? secret;
            try
            {
                secret = parse.GetValue(secretFile) is { } path
                    ? File.ReadAllText(path).Trim()
                    : Environment.GetEnvironmentVariable(RunDirectory.ClusterSecretVariable);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"worker: cannot read the secret file: {e.Message}");
                return ExitCodes.ConfigurationError;
            }

            if (secret is null || secret.Length < ClusterSettings.MinSecretLength)
            {
                error.WriteLine($"worker: the cluster secret (--secret-file or {RunDirectory.ClusterSecretVariable}) must have at least {ClusterSettings.MinSecretLength} characters and match the coordinator's cluster.secret");
                return ExitCodes.ConfigurationError;
            }

            var options = new ClusterWorkerOptions(
                uri,
                secret,
                parse.GetValue(queue)!,
                parse.GetValue(concurrency),
                parse.GetValue(maxJobBytes),
                parse.GetValue(maxSamples),
                parse.GetValue(maxParameters),
                TimeSpan.FromSeconds(parse.GetValue(fetchTimeout)),
                ClusterSettings.Local.ConnectTimeout);
            if (options.Concurrency < 1 || options.MaxJobBytes < 1024 || options.MaxSamples < 1 || options.MaxStateFloats < 1 || options.FetchTimeout <= TimeSpan.Zero)
            {
                error.WriteLine("worker: --concurrency, --max-samples, --max-parameters and --fetch-timeout must be positive, --max-job-bytes at least 1024");
                return ExitCodes.ConfigurationError;
            }

            try
            {
                error.WriteLine($"worker: libtorch {TorchRuntime.LibtorchVersion}, {TorchRuntime.IntraOpThreads} intra-op thread(s) per job");
            }
            catch (TorchException e)
            {
                error.WriteLine($"worker: {e.Message}");
                return ExitCodes.NativeLibraryError;
            }

            using var stop = new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            var log = TextWriter.Synchronized(error);
            var worker = new ClusterWorker(options, WorkerTrainers.Create, log.WriteLine);
            try
            {
                worker.RunAsync(stop.Token).GetAwaiter().GetResult();
                return ExitCodes.Success;
            }
            catch (ClusterException e)
            {
                error.WriteLine($"worker: {e.Message}");
                return ExitCodes.ClusterError;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            finally
            {
                worker.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        return command;
    }
}
