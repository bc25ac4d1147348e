using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using FedActors.Torch;

namespace FedActors.Cluster.Tests;

/// <summary>Coordinator and worker against the real RabbitMQ node scripts/test.sh starts, with a fake trainer behind the worker.</summary>
public sealed class ClusterBrokerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Jobs_RunOnTheWorker_AndComeBackWithTheirResults()
    {
        var queue = TestBroker.NewQueue();
        await using var coordinator = await RabbitMqTrainer.StartAsync(TestBroker.Coordinator(queue));
        var fake = new FakeTrainer();
        byte[]? recipe = null;
        await using var worker = new ClusterWorker(TestBroker.Worker(queue), r =>
        {
            recipe = r;
            return fake;
        }, _ => { });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        var state = Enumerable.Range(0, 1000).Select(i => i * 0.5f).ToArray();
        var jobs = Enumerable.Range(1, 6).Select(seed => TestBroker.Train(state, samples: seed, seed: (ulong)seed)).ToArray();
        var results = await Task.WhenAll(jobs.Select(j => coordinator.TrainAsync(j))).WaitAsync(Limit);
        var eval = await coordinator.EvaluateAsync(new Torch.EvalJob(WireTests.Model, "d", state, new Torch.SampleSelection([1, 2, 3, 4]))).WaitAsync(Limit);

        for (var k = 0; k < jobs.Length; k++)
        {
            Assert.Equal(FakeTrainer.Expected(jobs[k]), results[k].State);
            Assert.Equal(jobs[k].Samples.Count, results[k].Samples);
            Assert.Equal(0.25, results[k].MeanLoss);
        }

        Assert.Equal(4, eval.Confusion[0, 0]);
        Assert.Equal(4, eval.Confusion.Total);
        Assert.True(double.IsNaN(eval.MeanLoss));
        Assert.Equal("{\"recipe\": 1}", System.Text.Encoding.UTF8.GetString(recipe!));
        Assert.Equal(2, worker.Counters["fetches"]); // the recipe, then the one state every job shares
        Assert.Equal(7, coordinator.Counters["results"]);
        Assert.Equal(2, coordinator.Counters["states-hashed"]); // once for the six jobs in flight together, once for the evaluation after them
        Assert.Equal(0, coordinator.InFlight);
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task ForgedMalformedUnknownAndReplayedResults_AreRejectedAndCounted_AndTheRealResultWins()
    {
        var queue = TestBroker.NewQueue();
        await using var coordinator = await RabbitMqTrainer.StartAsync(TestBroker.Coordinator(queue));
        await using var attacker = await Broker.ConnectAsync(TestBroker.Uri, "attacker", TimeSpan.FromSeconds(20));
        var key = SignedMessage.Key(TestBroker.Secret);
        var state = new float[] { 1, 2, 3, 4 };
        var pending = coordinator.TrainAsync(TestBroker.Train(state, seed: 5));

        // The one job in the queue is job 1 of the coordinator's session: take it to learn the session.
        var session = await PeekSessionAsync(attacker, queue);
        var poisoned = MemoryMarshal.AsBytes(new float[] { 666, 666, 666, 666 }.AsSpan()).ToArray();
        JsonObject Result(long job) => new() { ["type"] = Wire.TrainResultType, ["session"] = session, ["job"] = job, ["worker"] = "mallory", ["samples"] = 3, ["meanLoss"] = 0.1 };

        // Forged: the right fields, signed with another key.
        await attacker.PublishAsync(coordinator.ReplyQueue, SignedMessage.Encode(Result(1), poisoned), SignedMessage.Key("not-the-cluster-secret!!"), "f", mandatory: false);
        // Malformed: signed, but the payload is not 4 floats, and another with no job field.
        await attacker.PublishAsync(coordinator.ReplyQueue, SignedMessage.Encode(Result(1), poisoned.AsSpan(0, 12)), key, "m", mandatory: false);
        var noJob = Result(1);
        noJob.Remove("job");
        await attacker.PublishAsync(coordinator.ReplyQueue, SignedMessage.Encode(noJob, poisoned), key, "m2", mandatory: false);
        // Not a frame at all.
        await attacker.PublishAsync(coordinator.ReplyQueue, "hello"u8.ToArray(), key, "m3", mandatory: false);
        // Unknown: a job this coordinator never issued.
        await attacker.PublishAsync(coordinator.ReplyQueue, SignedMessage.Encode(Result(99), poisoned), key, "u", mandatory: false);
        TestBroker.WaitUntil(() => coordinator.Counters["rejected-unknown"] == 1, Limit, "the unknown result being counted");
        Assert.Equal(1, coordinator.Counters["rejected-forged"]);
        Assert.Equal(3, coordinator.Counters["rejected-malformed"]);
        Assert.False(pending.IsCompleted);

        // The real worker answers; a replay of a result for the finished job is dropped as a duplicate.
        await using var worker = new ClusterWorker(TestBroker.Worker(queue), _ => new FakeTrainer(), _ => { });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        var result = await pending.WaitAsync(Limit);
        Assert.Equal(new float[] { 6, 7, 8, 9 }, result.State);
        await attacker.PublishAsync(coordinator.ReplyQueue, SignedMessage.Encode(Result(1), poisoned), key, "r", mandatory: false);
        TestBroker.WaitUntil(() => coordinator.Counters["duplicates"] == 1, Limit, "the replayed result being counted");
        Assert.Equal(1, coordinator.Counters["results"]);
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task ForgedAndMalformedJobs_AreNeverTrainedOn()
    {
        var queue = TestBroker.NewQueue();
        await using var coordinator = await RabbitMqTrainer.StartAsync(TestBroker.Coordinator(queue));
        await using var attacker = await Broker.ConnectAsync(TestBroker.Uri, "attacker", TimeSpan.FromSeconds(20));
        var fake = new FakeTrainer();
        await using var worker = new ClusterWorker(TestBroker.Worker(queue), _ => fake, _ => { });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        var state = new float[] { 1, 2, 3, 4 };
        var job = Wire.TrainHeader("s", 1, coordinator.ReplyQueue, coordinator.FetchQueue, "h", TestBroker.Train(state), ModelHash.Sha256(state));

        await attacker.PublishAsync(queue, SignedMessage.Encode(job, []), SignedMessage.Key("not-the-cluster-secret!!"), "forged", mandatory: true);
        await attacker.PublishAsync(queue, "garbage"u8.ToArray(), SignedMessage.Key(TestBroker.Secret), "garbage", mandatory: true);
        var unsigned = new BasicProperties { Persistent = true };
        await attacker.PublishRawAsync(queue, SignedMessage.Encode(job, []), unsigned);
        TestBroker.WaitUntil(() => worker.Counters["rejected-forged"] == 2 && worker.Counters["rejected-malformed"] == 1, Limit, "the bad jobs being counted");

        // A real job after them still runs.
        var result = await coordinator.TrainAsync(TestBroker.Train(state, seed: 2)).WaitAsync(Limit);
        Assert.Equal(new float[] { 3, 4, 5, 6 }, result.State);
        Assert.Equal(1, fake.Calls);
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task AJobOverTheWorkersLimits_IsRefused_AndTheCoordinatorIsTold()
    {
        var queue = TestBroker.NewQueue();
        await using var coordinator = await RabbitMqTrainer.StartAsync(TestBroker.Coordinator(queue));
        var fake = new FakeTrainer();
        await using var worker = new ClusterWorker(TestBroker.Worker(queue, maxSamples: 2), _ => fake, _ => { });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        var error = await Assert.ThrowsAsync<ClusterException>(() => coordinator.TrainAsync(TestBroker.Train([1, 2, 3, 4], samples: 5)).WaitAsync(Limit));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 samples", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
        Assert.Equal(1, worker.Counters["refused"]);
        stop.Cancel();
        await running;
    }

    [Fact]
    public async Task AJobGivenBackTooOften_IsDeadLettered_AndFails()
    {
        var queue = TestBroker.NewQueue();
        await using var coordinator = await RabbitMqTrainer.StartAsync(TestBroker.Coordinator(queue, deliveryLimit: 2));
        await using var dying = await Broker.ConnectAsync(TestBroker.Uri, "dying-worker", TimeSpan.FromSeconds(20));
        var channel = await dying.Connection.CreateChannelAsync();
        var deliveries = 0;
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            // A worker that dies holding the job, every time.
            Interlocked.Increment(ref deliveries);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);

        var error = await Assert.ThrowsAsync<ClusterException>(() => coordinator.TrainAsync(TestBroker.Train([1, 2])).WaitAsync(Limit));

        Assert.Contains("dead-lettered", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, Volatile.Read(ref deliveries));
        Assert.Equal(1, coordinator.Counters["dead-lettered"]);
        await channel.CloseAsync();
    }

    [Fact]
    public async Task AWrongPassword_IsAClearError_WithoutThePassword()
    {
        var uri = new UriBuilder(TestBroker.Uri) { Password = "wrong-password-123" }.Uri.ToString();

        var error = await Assert.ThrowsAsync<ClusterException>(() => Broker.ConnectAsync(uri, "t", TimeSpan.FromSeconds(20)));

        Assert.Contains("refused the login", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task NothingListening_IsAClearError()
    {
        var error = await Assert.ThrowsAsync<ClusterException>(() => Broker.ConnectAsync("amqp://u:p@127.0.0.1:1/", "t", TimeSpan.FromSeconds(1)));

        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
        Assert.Contains("rabbitmq-server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheBrokerDropsTheConnections_CoordinatorAndWorkerReconnect_AndThePendingJobIsPublishedAgain()
    {
        var queue = TestBroker.NewQueue();
        await using var coordinator = await RabbitMqTrainer.StartAsync(TestBroker.Coordinator(queue));
        var pending = coordinator.TrainAsync(TestBroker.Train([1, 2, 3], seed: 4));
        TestBroker.WaitUntil(() => coordinator.Counters["published"] == 1, Limit, "the job being published");

        // The broker closes the coordinator's connection (as in a broker restart): its exclusive reply queue goes
        // with it, so the job is published again once the connection has recovered.
        TestBroker.CloseConnection($"fedactors-coordinator-{coordinator.Session}");
        TestBroker.WaitUntil(() => coordinator.Counters["republished"] >= 1, Limit, "the coordinator publishing the job again");

        var fake = new FakeTrainer();
        await using var worker = new ClusterWorker(TestBroker.Worker(queue), _ => fake, _ => { });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        var result = await pending.WaitAsync(Limit);
        Assert.Equal(new float[] { 5, 6, 7 }, result.State);

        // The worker's connection is dropped too; it recovers and goes on consuming.
        TestBroker.CloseConnection($"fedactors-worker-{worker.Id}");
        var again = await coordinator.TrainAsync(TestBroker.Train([1, 2, 3], seed: 6)).WaitAsync(Limit);
        Assert.Equal(new float[] { 7, 8, 9 }, again.State);
        Assert.Equal(0, coordinator.InFlight);
        stop.Cancel();
        await running;
    }

    /// <summary>Takes the first job off <paramref name="queue"/> (without acking, so it goes back) and returns its session.</summary>
    private static async Task<string> PeekSessionAsync(Broker broker, string queue)
    {
        var channel = await broker.Connection.CreateChannelAsync();
        try
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var got = await channel.BasicGetAsync(queue, autoAck: false);
                if (got is not null)
                {
                    var session = SignedMessage.Decode(got.Body.ToArray()).RequireString("session");
                    await channel.BasicNackAsync(got.DeliveryTag, multiple: false, requeue: true);
                    return session;
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"no job arrived on {queue}");
        }
        finally
        {
            await channel.CloseAsync();
        }
    }
}
