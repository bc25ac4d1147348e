using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using FedActors.Torch;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace FedActors.Cluster;

/// <summary>What a worker accepts and how it connects.</summary>
/// <param name="MaxJobBytes">Larger job messages are dropped unread.</param>
/// <param name="MaxSamples">Jobs naming more samples are refused (the coordinator is told).</param>
/// <param name="MaxStateFloats">Jobs whose model state has more parameters are refused.</param>
public sealed record ClusterWorkerOptions(
    string Broker,
    string Secret,
    string Queue,
    int Concurrency,
    long MaxJobBytes,
    int MaxSamples,
    long MaxStateFloats,
    TimeSpan FetchTimeout,
    TimeSpan ConnectTimeout);

/// <summary>Builds the trainer for a run, with its datasets registered, from the run's recipe (its resolved configuration).</summary>
public delegate ITrainer WorkerTrainerFactory(byte[] recipe);

/// <summary>
/// Stateless compute behind the broker: consumes the job queue with prefetch = concurrency, checks each job (size,
/// signature, framing, limits, replays), fetches the run's recipe and the job's model state from the coordinator once
/// (cached by hash), runs the job on a dedicated thread, publishes the signed result and only then acks. A worker
/// that dies leaves its jobs unacked, and the broker hands them to another.
/// </summary>
public sealed class ClusterWorker : IAsyncDisposable
{
    private const int CachedStates = 32;
    private const int RememberedJobs = 100_000;

    private readonly ClusterWorkerOptions _options;
    private readonly WorkerTrainerFactory _trainers;
    private readonly Action<string> _log;
    private readonly byte[] _key;
    private readonly string _name = $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly string _fetchReplies;
    private readonly SemaphoreSlim _acking = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<SignedMessage>> _fetches = new();
    private readonly Dictionary<string, Task<ITrainer>> _recipes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<float[]>> _states = new(StringComparer.Ordinal);
    private readonly Queue<string> _stateOrder = new();
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Queue<string> _doneOrder = new();
    private Broker? _broker;
    private IChannel? _jobs;
    private long _nextFetch;

    public ClusterWorker(ClusterWorkerOptions options, WorkerTrainerFactory trainers, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(trainers);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        _options = options;
        _trainers = trainers;
        _log = log;
        _key = SignedMessage.Key(options.Secret);
        Id = $"{_name}-{Guid.NewGuid():N}";
        _fetchReplies = $"fedactors.worker.{Id}";
    }

    /// <summary>This worker's id on the broker (its connection is named <c>fedactors-worker-ID</c>).</summary>
    public string Id { get; }

    /// <summary>completed, failed, refused, rejected-forged, rejected-malformed, rejected-oversized, replayed, duplicates, fetches.</summary>
    public ClusterCounters Counters { get; } = new();

    /// <summary>Connects and consumes until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="ClusterException">The broker cannot be used; the message says why.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConsumeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            throw new ClusterException($"lost the broker while starting to consume '{_options.Queue}': {e.Message}", e);
        }
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        _broker = await Broker.ConnectAsync(_options.Broker, $"fedactors-worker-{Id}", _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        await _broker.WaitForQueueAsync(
            _options.Queue,
            () => _log($"worker: waiting for a coordinator to declare queue '{_options.Queue}' on {_broker.DisplayUri}"),
            cancellationToken).ConfigureAwait(false);

        var replies = await _broker.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await replies.QueueDeclareAsync(_fetchReplies, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        var replyConsumer = new AsyncEventingBasicConsumer(replies);
        replyConsumer.ReceivedAsync += (_, delivery) =>
        {
            OnFetchReply(delivery);
            return Task.CompletedTask;
        };
        await replies.BasicConsumeAsync(_fetchReplies, autoAck: true, replyConsumer, cancellationToken).ConfigureAwait(false);

        _jobs = await _broker.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _jobs.BasicQosAsync(0, (ushort)Math.Min(_options.Concurrency, ushort.MaxValue), global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(_jobs);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            // The body is only valid during this call: copy it, then work elsewhere so deliveries keep flowing.
            var body = delivery.Body.ToArray();
            var signature = Broker.Signature(delivery.BasicProperties);
            var tag = delivery.DeliveryTag;
            var redelivered = delivery.Redelivered;
            _ = Task.Run(() => HandleAsync(body, signature, tag, redelivered, cancellationToken), CancellationToken.None);
            return Task.CompletedTask;
        };
        await _jobs.BasicConsumeAsync(_options.Queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        _log($"worker {_name}: consuming '{_options.Queue}' on {_broker.DisplayUri} with prefetch {_options.Concurrency}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _log($"worker {_name}: stopping ({Counters})");
        }
        finally
        {
            await Broker.CloseQuietlyAsync(replies).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_jobs is not null)
        {
            await Broker.CloseQuietlyAsync(_jobs).ConfigureAwait(false);
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }

        lock (_recipes)
        {
            foreach (var trainer in _recipes.Values.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result))
            {
                (trainer as IDisposable)?.Dispose();
            }
        }
    }

    private async Task HandleAsync(byte[] body, string? signature, ulong tag, bool redelivered, CancellationToken cancellationToken)
    {
        if (body.Length > _options.MaxJobBytes)
        {
            Counters.Add("rejected-oversized");
            _log($"worker {_name}: dropped a {body.Length}-byte job (limit {_options.MaxJobBytes} bytes)");
            await AckAsync(tag).ConfigureAwait(false);
            return;
        }

        if (!SignedMessage.Verify(body, _key, signature))
        {
            Counters.Add("rejected-forged");
            _log($"worker {_name}: dropped a job whose signature does not verify (forged, or another cluster.secret)");
            await AckAsync(tag).ConfigureAwait(false);
            return;
        }

        SignedMessage message;
        string session, replyTo;
        long job;
        try
        {
            message = SignedMessage.Decode(body);
            session = message.RequireString("session");
            job = message.Header.RequireLong("job");
            replyTo = message.RequireString("replyTo");
        }
        catch (MalformedMessageException e)
        {
            Counters.Add("rejected-malformed");
            _log($"worker {_name}: dropped a malformed job: {e.Message}");
            await AckAsync(tag).ConfigureAwait(false);
            return;
        }

        var key = $"{session}/{job}";
        bool done;
        lock (_done)
        {
            done = _done.Contains(key);
        }

        if (done)
        {
            // Acked-then-redelivered cannot happen, so a job this worker finished is either a broker redelivery
            // after a lost ack (its result went out already) or a replay of a captured message.
            Counters.Add(redelivered ? "duplicates" : "replayed");
            _log($"worker {_name}: job {key} was already done here; {(redelivered ? "redelivery" : "replayed message")} dropped");
            await AckAsync(tag).ConfigureAwait(false);
            return;
        }

        var watch = Stopwatch.StartNew();
        JsonObject reply;
        byte[] answer;
        try
        {
            var type = message.Type;
            var stateLength = message.Header.RequireLong("stateLength", 1, int.MaxValue);
            var samples = message.Header["indices"] is JsonArray indices ? indices.Count : 0;
            if (type != Wire.TrainType && type != Wire.EvalType)
            {
                throw new MalformedMessageException($"a '{type}' message on the job queue");
            }

            if (stateLength > _options.MaxStateFloats || samples > _options.MaxSamples)
            {
                Counters.Add("refused");
                reply = Wire.ReplyHeader(Wire.FailedType, session, job, _name);
                reply["reason"] = $"refused: the job has {stateLength} parameters and {samples} samples; this worker's limits are {_options.MaxStateFloats} and {_options.MaxSamples} (--max-parameters, --max-samples)";
                _log($"worker {_name}: job {key} {reply["reason"]}");
                answer = SignedMessage.Encode(reply, []);
            }
            else
            {
                var trainer = await TrainerAsync(message, cancellationToken).ConfigureAwait(false);
                var state = await StateAsync(message, (int)stateLength, cancellationToken).ConfigureAwait(false);
                if (type == Wire.TrainType)
                {
                    var train = Wire.ReadTrain(message.Header, state);
                    var result = await Compute(() => trainer.Train(train)).ConfigureAwait(false);
                    reply = Wire.ReplyHeader(Wire.TrainResultType, session, job, _name);
                    reply["samples"] = result.Samples;
                    reply["meanLoss"] = Wire.Number(result.MeanLoss);
                    answer = SignedMessage.Encode(reply, MemoryMarshal.AsBytes(result.State.AsSpan()));
                    VectorPool.Release(result.State);
                }
                else
                {
                    var eval = Wire.ReadEval(message.Header, state);
                    var result = await Compute(() => trainer.Evaluate(eval)).ConfigureAwait(false);
                    reply = Wire.ReplyHeader(Wire.EvalResultType, session, job, _name);
                    reply["classes"] = result.Confusion.Classes;
                    reply["meanLoss"] = Wire.Number(result.MeanLoss);
                    answer = SignedMessage.Encode(reply, MemoryMarshal.AsBytes(result.Confusion.Counts));
                }

                Counters.Add("completed");
                _log($"worker {_name}: job {key} {type} ({samples} samples) done in {watch.Elapsed.TotalSeconds:0.00} s{(redelivered ? " (redelivered)" : string.Empty)}");
            }
        }
        catch (Exception e) when (e is TimeoutException or ClusterException || cancellationToken.IsCancellationRequested)
        {
            // The coordinator did not answer a fetch, or this worker is stopping: give the job back for another try.
            _log($"worker {_name}: job {key} given back: {e.Message}");
            await NackAsync(tag).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            Counters.Add(e is MalformedMessageException ? "rejected-malformed" : "failed");
            reply = Wire.ReplyHeader(Wire.FailedType, session, job, _name);
            reply["reason"] = e.Message;
            _log($"worker {_name}: job {key} failed: {e.Message}");
            answer = SignedMessage.Encode(reply, []);
        }

        try
        {
            await _broker!.PublishAsync(replyTo, answer, _key, key, mandatory: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or OperationCanceledException or PublishException)
        {
            // Not published: leave the job unacked, so that it is delivered again.
            _log($"worker {_name}: result of job {key} not published ({e.Message}); the job will be redelivered");
            return;
        }

        lock (_done)
        {
            _done.Add(key);
            _doneOrder.Enqueue(key);
            if (_doneOrder.Count > RememberedJobs)
            {
                _done.Remove(_doneOrder.Dequeue());
            }
        }

        await AckAsync(tag).ConfigureAwait(false);
    }

    private static Task<T> Compute<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private Task<ITrainer> TrainerAsync(SignedMessage job, CancellationToken cancellationToken)
    {
        var hash = job.RequireString("recipe");
        lock (_recipes)
        {
            if (_recipes.TryGetValue(hash, out var known) && !known.IsFaulted && !known.IsCanceled)
            {
                return known;
            }

            var building = BuildTrainerAsync(job, hash, cancellationToken);
            _recipes[hash] = building;
            return building;
        }
    }

    private async Task<ITrainer> BuildTrainerAsync(SignedMessage job, string hash, CancellationToken cancellationToken)
    {
        var reply = await FetchAsync(job, Wire.RecipeBlob, hash, cancellationToken).ConfigureAwait(false);
        var recipe = reply.Payload.ToArray();
        if (Wire.BytesHash(recipe) != hash)
        {
            throw new MalformedMessageException($"the recipe fetched for {hash} hashes to {Wire.BytesHash(recipe)}");
        }

        _log($"worker {_name}: loading the datasets of run recipe {hash[..12]}");
        return await Compute(() => _trainers(recipe)).ConfigureAwait(false);
    }

    /// <summary>
    /// The model state the job names, fetched once per hash: jobs prefetched together at the start of a round (with
    /// <c>--concurrency</c> above 1) share the one fetch in flight, as <see cref="TrainerAsync"/> shares a recipe's.
    /// </summary>
    private Task<float[]> StateAsync(SignedMessage job, int length, CancellationToken cancellationToken)
    {
        var hash = job.RequireString("state");
        lock (_states)
        {
            if (_states.TryGetValue(hash, out var known) && !known.IsFaulted && !known.IsCanceled)
            {
                return known;
            }

            // A failed or cancelled fetch is replaced where it is in the order; a new hash goes last and may evict.
            var fetching = FetchStateAsync(job, hash, length, cancellationToken);
            if (known is null)
            {
                _stateOrder.Enqueue(hash);
            }

            _states[hash] = fetching;
            while (_stateOrder.Count > CachedStates)
            {
                _states.Remove(_stateOrder.Dequeue());
            }

            return fetching;
        }
    }

    private async Task<float[]> FetchStateAsync(SignedMessage job, string hash, int length, CancellationToken cancellationToken)
    {
        var reply = await FetchAsync(job, Wire.ModelBlob, hash, cancellationToken).ConfigureAwait(false);
        var state = Wire.Floats(reply.Payload.Span, length, "fetched model state");
        var fetched = ModelHash.Sha256(state);
        if (fetched != hash)
        {
            throw new MalformedMessageException($"the model state fetched for {hash} hashes to {fetched}");
        }

        return state;
    }

    private async Task<SignedMessage> FetchAsync(SignedMessage job, string kind, string hash, CancellationToken cancellationToken)
    {
        var request = Interlocked.Increment(ref _nextFetch);
        var waiting = new TaskCompletionSource<SignedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _fetches[request] = waiting;
        try
        {
            var header = new JsonObject
            {
                ["type"] = Wire.FetchType,
                ["session"] = job.RequireString("session"),
                ["kind"] = kind,
                ["hash"] = hash,
                ["request"] = request,
                ["replyTo"] = _fetchReplies,
            };
            Counters.Add("fetches");
            await _broker!.PublishAsync(job.RequireString("fetch"), SignedMessage.Encode(header, []), _key, $"fetch/{request}", mandatory: false, cancellationToken).ConfigureAwait(false);
            SignedMessage reply;
            try
            {
                reply = await waiting.Task.WaitAsync(_options.FetchTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the coordinator did not answer a fetch of {kind} {hash[..12]} within {_options.FetchTimeout.TotalSeconds:0} s");
            }

            return reply.Header.RequireBool("found")
                ? reply
                : throw new ClusterException($"the coordinator no longer holds {kind} {hash[..12]}");
        }
        finally
        {
            _fetches.TryRemove(request, out _);
        }
    }

    private void OnFetchReply(BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray();
        if (!SignedMessage.Verify(body, _key, Broker.Signature(delivery.BasicProperties)))
        {
            Counters.Add("rejected-forged");
            return;
        }

        try
        {
            var message = SignedMessage.Decode(body);
            if (message.Type == Wire.BlobType && _fetches.TryGetValue(message.Header.RequireLong("request"), out var waiting))
            {
                waiting.TrySetResult(message);
            }
        }
        catch (MalformedMessageException)
        {
            Counters.Add("rejected-malformed");
        }
    }

    private async Task AckAsync(ulong tag)
    {
        await _acking.WaitAsync().ConfigureAwait(false);
        try
        {
            await _jobs!.BasicAckAsync(tag, multiple: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // The channel was recovered or closed: the broker redelivers, and the duplicate result is dropped.
        }
        finally
        {
            _acking.Release();
        }
    }

    private async Task NackAsync(ulong tag)
    {
        await _acking.WaitAsync().ConfigureAwait(false);
        try
        {
            await _jobs!.BasicNackAsync(tag, multiple: false, requeue: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // Closed anyway: the broker requeues it.
        }
        finally
        {
            _acking.Release();
        }
    }
}
