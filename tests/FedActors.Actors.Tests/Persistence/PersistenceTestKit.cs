using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests.Persistence;

/// <summary>The test kit of the persistence tests: expectations on what a <see cref="ListActor"/> tells its observer.</summary>
public abstract class PersistenceTestKit(ActorSystemSettings? settings = null) : TestKit.TestKit(settings)
{
    /// <summary>Stops <paramref name="actor"/> and waits until it has stopped, so its persistence id is free again.</summary>
    protected void StopAndAwaitTermination(IActorRef actor)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(actor);
        Sys.Stop(actor);
        watcher.ExpectTerminated(actor);
    }

    /// <summary>Writes events straight into <paramref name="journal"/>, numbered from 1, as if an earlier incarnation had persisted them.</summary>
    internal static Task SeedAsync(IEventJournal journal, string persistenceId, params string[] values) =>
        journal.WriteMessagesAsync(values.Select((v, i) => new PersistentRepresentation(persistenceId, i + 1, new Added(v))).ToList());

    internal Applied ExpectApplied(string value, long sequenceNr, TestProbe? probe = null)
    {
        var applied = probe is null ? ExpectMsg<Applied>() : probe.ExpectMsg<Applied>();
        Assert.Equal((value, sequenceNr), (applied.Value, applied.SequenceNr));
        return applied;
    }

    internal void ExpectRecovered(string value, long sequenceNr)
    {
        var recovered = ExpectMsg<Recovered>();
        Assert.Equal((value, sequenceNr), (recovered.Value, recovered.SequenceNr));
    }

    internal void ExpectRecoveryFinished(long lastSequenceNr, params string[] items)
    {
        var finished = ExpectMsg<RecoveryFinished>();
        Assert.Equal(items, finished.Items);
        Assert.Equal(lastSequenceNr, finished.LastSequenceNr);
    }

    internal void ExpectState(long lastSequenceNr, params string[] items)
    {
        var state = ExpectMsg<ListState>();
        Assert.Equal(items, state.Items);
        Assert.Equal(lastSequenceNr, state.LastSequenceNr);
    }

    internal void ExpectWritten(params long[] sequenceNrs) =>
        Assert.Equal(sequenceNrs, ExpectMsg<GatedJournal.Written>().SequenceNrs);
}
