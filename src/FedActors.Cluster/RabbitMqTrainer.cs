using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using FedActors.Torch;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace FedActors.Cluster;

/// <summary>What the coordinator needs to farm jobs out.</summary>
/// <param name="Recipe">The run's resolved configuration (UTF-8 JSON, without secrets): workers fetch it once and build the run's datasets from their own data cache.</param>
public sealed record RabbitMqTrainerOptions(
    string Broker,
    string Secret,
    string Queue,
    int DeliveryLimit,
    long MaxMessageBytes,
    TimeSpan ConnectTimeout,
    byte[] Recipe);

/// <summary>
/// The coordinator's side of the cluster: an <see cref="IAsyncTrainer"/> that publishes each job (persistent, with
/// publisher confirms) to the durable job queue and completes its task when a worker's signed result arrives on this
/// coordinator's reply queue. Model states travel by SHA-256: the job names the state and workers fetch it from this
/// coordinator's fetch queue, once per worker. Results are checked (signature, session, job, sizes): a forged,
/// malformed, unknown or duplicate one is counted and dropped, never handed on. A dead-lettered job (redelivered past
/// the queue's delivery limit) fails with that reason. After the connection recovers from a broker restart, every job
/// without a result is published again; the duplicates this may cause are dropped by job id.
/// </summary>
public sealed class RabbitMqTrainer : IAsyncTrainer, IAsyncDisposable
{
    private readonly RabbitMqTrainerOptions _options;
    private readonly Broker _broker;
    private readonly byte[] _key;
    private readonly string _session;
    private readonly string _recipeHash;
    private readonly ConcurrentDictionary<long, PendingJob> _pending = new();
    private readonly Dictionary<string, (float[] State, int Jobs)> _states = new(StringComparer.Ordinal);

    // The hash of each array in _states, by reference (guarded by _states' lock). Jobs in flight hold their state
    // unchanged (workers fetch it by this hash), so a held array need not be hashed again: a round's clients all
    // start from one model, hashed once rather than once per job.
    private readonly Dictionary<float[], string> _heldHashes = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IChannel> _channels = [];
    private long _nextJob;

    private RabbitMqTrainer(RabbitMqTrainerOptions options, Broker broker, string session)
    {
        _options = options;
        _session = session;
        _broker = broker;
        _key = SignedMessage.Key(options.Secret);
        _recipeHash = Wire.BytesHash(options.Recipe);
        ReplyQueue = $"fedactors.reply.{_session}";
        FetchQueue = $"fedactors.fetch.{_session}";
    }

    /// <summary>What happened to messages so far: published, republished, results, duplicates, forged, malformed, unknown, dead-lettered, fetches.</summary>
    public ClusterCounters Counters { get; } = new();

    public string ReplyQueue { get; }

    /// <summary>This coordinator's id on the broker: in its queue names, its jobs and its connection's name (<c>fedactors-coordinator-SESSION</c>).</summary>
    public string Session => _session;

    public string FetchQueue { get; }

    /// <summary>Jobs published whose result has not arrived.</summary>
    public int InFlight => _pending.Count;

    /// <summary>Connects, declares the queues and starts consuming results, fetches and dead letters.</summary>
    /// <exception cref="ClusterException">The broker cannot be used; the message says why.</exception>
    public static async Task<RabbitMqTrainer> StartAsync(RabbitMqTrainerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var session = Guid.NewGuid().ToString("N");
        var broker = await Broker.ConnectAsync(options.Broker, $"fedactors-coordinator-{session}", options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var trainer = new RabbitMqTrainer(options, broker, session);
        try
        {
            await broker.DeclareJobQueueAsync(options.Queue, options.DeliveryLimit, cancellationToken).ConfigureAwait(false);
            await trainer.ConsumeAsync(trainer.ReplyQueue, declare: true, trainer.OnReplyAsync, cancellationToken).ConfigureAwait(false);
            await trainer.ConsumeAsync(trainer.FetchQueue, declare: true, trainer.OnFetchAsync, cancellationToken).ConfigureAwait(false);
            await trainer.ConsumeAsync(Broker.DeadLetterQueue(options.Queue), declare: false, trainer.OnDeadLetterAsync, cancellationToken).ConfigureAwait(false);
            broker.Connection.RecoverySucceededAsync += trainer.OnRecoveredAsync;
            return trainer;
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            await trainer.DisposeAsync().ConfigureAwait(false);
            throw new ClusterException($"broker {broker.DisplayUri}: lost the connection while declaring the queues: {e.Message}", e);
        }
        catch
        {
            await trainer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<TrainResult> TrainAsync(TrainJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return (TrainResult)await SubmitAsync(
            job.InitialState, isTrain: true, job.Model.Classes, (id, hash) => Wire.TrainHeader(_session, id, ReplyQueue, FetchQueue, _recipeHash, job, hash), cancellationToken).ConfigureAwait(false);
    }

    public async Task<EvalResult> EvaluateAsync(EvalJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return (EvalResult)await SubmitAsync(
            job.State, isTrain: false, job.Model.Classes, (id, hash) => Wire.EvalHeader(_session, id, ReplyQueue, FetchQueue, _recipeHash, job, hash), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var job))
            {
                job.Done.TrySetException(new ClusterException("the cluster trainer stopped before the job's result arrived"));
            }
        }

        foreach (var channel in _channels)
        {
            await Broker.CloseQuietlyAsync(channel).ConfigureAwait(false);
        }

        await _broker.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Publishes a job whose model state is <paramref name="state"/> (named by its hash) and waits for its result.</summary>
    private Task<object> SubmitAsync(float[] state, bool isTrain, int classes, Func<long, string, JsonObject> header, CancellationToken cancellationToken)
    {
        string? hash;
        lock (_states)
        {
            _heldHashes.TryGetValue(state, out hash);
        }

        if (hash is null)
        {
            hash = ModelHash.Sha256(state);
            Counters.Add("states-hashed");
        }

        var id = Interlocked.Increment(ref _nextJob);
        return RunAsync(new PendingJob(id, SignedMessage.Encode(header(id, hash), []), hash, state, isTrain, classes), cancellationToken);
    }

    private async Task<object> RunAsync(PendingJob job, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        lock (_states)
        {
            if (_states.TryGetValue(job.StateHash, out var held))
            {
                _states[job.StateHash] = (held.State, held.Jobs + 1);
            }
            else
            {
                _states[job.StateHash] = (job.State, 1);
                _heldHashes[job.State] = job.StateHash;
            }
        }

        _pending[job.Id] = job;
        await using var registration = cancellationToken.Register(() =>
        {
            if (_pending.TryRemove(job.Id, out _))
            {
                Release(job);
                job.Done.TrySetCanceled(cancellationToken);
            }
        });
        await PublishAsync(job).ConfigureAwait(false);
        return await job.Done.Task.ConfigureAwait(false);
    }

    private async Task PublishAsync(PendingJob job)
    {
        try
        {
            await _broker.PublishAsync(_options.Queue, job.Body, _key, $"{_session}/{job.Id}", mandatory: true, _stopping.Token).ConfigureAwait(false);
            Counters.Add("published");
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException || !_broker.Connection.IsOpen)
        {
            // The connection is down: the job stays pending and is published again once it recovers.
            Counters.Add("publish-deferred");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            Fail(job.Id, $"could not publish the job to '{_options.Queue}': {e.Message}");
        }
    }

    private async Task OnRecoveredAsync(object sender, AsyncEventArgs args)
    {
        // Jobs confirmed before the outage are still in the durable queue, but results sent to this coordinator's
        // reply queue while it was gone are lost: publish every unfinished job again (duplicates are dropped by id).
        foreach (var job in _pending.Values.OrderBy(j => j.Id).ToList())
        {
            Counters.Add("republished");
            await PublishAsync(job).ConfigureAwait(false);
        }
    }

    private async Task ConsumeAsync(string queue, bool declare, Func<BasicDeliverEventArgs, Task> handle, CancellationToken cancellationToken)
    {
        var channel = await _broker.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _channels.Add(channel);
        if (declare)
        {
            await channel.QueueDeclareAsync(queue, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await channel.BasicQosAsync(0, 64, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                await handle(delivery).ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
                {
                    // The channel went away; the broker requeues the delivery.
                }
            }
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
    }

    private Task OnReplyAsync(BasicDeliverEventArgs delivery)
    {
        if (delivery.Body.Length > _options.MaxMessageBytes)
        {
            Counters.Add("rejected-oversized");
            return Task.CompletedTask;
        }

        // The handler is synchronous and copies the payload out (Wire.Floats, Wire.Longs), so the delivery's body is
        // read where it is.
        var body = delivery.Body;
        if (!SignedMessage.Verify(body.Span, _key, Broker.Signature(delivery.BasicProperties)))
        {
            Counters.Add("rejected-forged");
            return Task.CompletedTask;
        }

        try
        {
            var message = SignedMessage.Decode(body);
            if (message.RequireString("session") != _session)
            {
                Counters.Add("rejected-unknown");
                return Task.CompletedTask;
            }

            var id = message.Header.RequireLong("job");
            if (!_pending.TryGetValue(id, out var job))
            {
                // Job ids only grow: one this coordinator issued that is no longer pending was answered already.
                Counters.Add(id >= 1 && id <= Interlocked.Read(ref _nextJob) ? "duplicates" : "rejected-unknown");
                return Task.CompletedTask;
            }

            var type = message.Type;
            object? result = null;
            string? failure = null;
            switch (type)
            {
                case Wire.TrainResultType when job.IsTrain:
                    result = new TrainResult(
                        Wire.Floats(message.Payload.Span, job.State.Length, "train result", VectorPool.Shared),
                        (int)message.Header.RequireLong("samples", 0, int.MaxValue),
                        Wire.ReadNumber(message.Header, "meanLoss"));
                    break;
                case Wire.EvalResultType when !job.IsTrain:
                    var classes = (int)message.Header.RequireLong("classes", job.Classes, job.Classes);
                    result = new EvalResult(new ConfusionMatrix(classes, Wire.Longs(message.Payload.Span, classes * classes, "confusion matrix")))
                    {
                        MeanLoss = Wire.ReadNumber(message.Header, "meanLoss"),
                    };
                    break;
                case Wire.FailedType:
                    failure = $"worker {message.RequireString("worker")}: {message.RequireString("reason")}";
                    break;
                case Wire.TrainType or Wire.EvalType:
                    // One of this coordinator's own jobs, forwarded from the dead-letter queue.
                    failure = $"job dead-lettered: delivered more than cluster.delivery-limit = {_options.DeliveryLimit} times (its workers died or gave it back)";
                    Counters.Add("dead-lettered");
                    break;
                default:
                    throw new MalformedMessageException($"a '{type}' message does not answer a {(job.IsTrain ? "training" : "evaluation")} job");
            }

            if (!_pending.TryRemove(id, out _))
            {
                Counters.Add("duplicates");
                return Task.CompletedTask;
            }

            Release(job);
            if (failure is not null)
            {
                Counters.Add("failed");
                job.Done.TrySetException(new ClusterException(failure));
            }
            else
            {
                Counters.Add("results");
                job.Done.TrySetResult(result!);
            }
        }
        catch (MalformedMessageException)
        {
            Counters.Add("rejected-malformed");
        }

        return Task.CompletedTask;
    }

    private async Task OnFetchAsync(BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray();
        if (body.Length > 64 * 1024 || !SignedMessage.Verify(body, _key, Broker.Signature(delivery.BasicProperties)))
        {
            Counters.Add("rejected-fetch");
            return;
        }

        try
        {
            var request = SignedMessage.Decode(body);
            if (request.Type != Wire.FetchType || request.RequireString("session") != _session)
            {
                Counters.Add("rejected-fetch");
                return;
            }

            var hash = request.RequireString("hash");
            var kind = request.RequireString("kind");
            var reply = BlobReply(hash, kind, request.Header.RequireLong("request"), out var found);
            Counters.Add(found ? "fetches" : "fetch-missing");
            await _broker.PublishAsync(request.RequireString("replyTo"), reply, _key, $"{_session}/blob/{hash}", mandatory: false, _stopping.Token).ConfigureAwait(false);
        }
        catch (MalformedMessageException)
        {
            Counters.Add("rejected-fetch");
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or OperationCanceledException)
        {
            // The worker asks again when its fetch times out.
        }
    }

    /// <summary>The body of the reply to a fetch: the recipe or a held model state, or found = false.</summary>
    private byte[] BlobReply(string hash, string kind, long request, out bool found)
    {
        // States are never written after a job names them, so they are framed outside the lock, without a copy.
        float[]? state = null;
        if (kind == Wire.ModelBlob)
        {
            lock (_states)
            {
                state = _states.TryGetValue(hash, out var held) ? held.State : null;
            }
        }

        var recipe = kind == Wire.RecipeBlob && hash == _recipeHash;
        found = recipe || state is not null;
        var blob = recipe ? _options.Recipe : state is not null ? MemoryMarshal.AsBytes(state.AsSpan()) : ReadOnlySpan<byte>.Empty;
        var reply = new JsonObject
        {
            ["type"] = Wire.BlobType,
            ["session"] = _session,
            ["hash"] = hash,
            ["request"] = request,
            ["found"] = found,
        };
        return SignedMessage.Encode(reply, blob);
    }

    private async Task OnDeadLetterAsync(BasicDeliverEventArgs delivery)
    {
        // Any coordinator on this queue drains the dead letters and forwards each, signature and all, to the reply
        // queue its job names; the coordinator that signed it verifies it there and fails the job.
        try
        {
            var message = SignedMessage.Decode(delivery.Body);
            var replyTo = message.RequireString("replyTo");
            var properties = new BasicProperties
            {
                Persistent = false,
                Headers = new Dictionary<string, object?> { [SignedMessage.SignatureHeader] = Broker.Signature(delivery.BasicProperties) ?? string.Empty },
            };
            await _broker.PublishRawAsync(replyTo, delivery.Body.ToArray(), properties, _stopping.Token).ConfigureAwait(false);
        }
        catch (MalformedMessageException)
        {
            Counters.Add("rejected-dead-letter");
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or OperationCanceledException or PublishException)
        {
            Counters.Add("rejected-dead-letter");
        }
    }

    private void Fail(long id, string reason)
    {
        if (_pending.TryRemove(id, out var job))
        {
            Release(job);
            Counters.Add("failed");
            job.Done.TrySetException(new ClusterException(reason));
        }
    }

    private void Release(PendingJob job)
    {
        lock (_states)
        {
            if (_states.TryGetValue(job.StateHash, out var held))
            {
                if (held.Jobs <= 1)
                {
                    _states.Remove(job.StateHash);
                    _heldHashes.Remove(held.State);
                }
                else
                {
                    _states[job.StateHash] = (held.State, held.Jobs - 1);
                }
            }
        }
    }

    private sealed record PendingJob(long Id, byte[] Body, string StateHash, float[] State, bool IsTrain, int Classes)
    {
        public TaskCompletionSource<object> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
