using FedActors.Actors.TestKit;

namespace FedActors.Actors.Tests.Persistence;

/// <summary>The journal contract on <see cref="InMemoryJournal"/>.</summary>
public sealed class InMemoryJournalTests : JournalSpec
{
    protected override IEventJournal CreateJournal() => new InMemoryJournal();

    [Fact]
    public async Task WriteMessages_NullBatch_IsRefused()
    {
        // Arrange, Act, Assert
        await Assert.ThrowsAsync<ArgumentNullException>(() => Journal.WriteMessagesAsync(null!));
    }
}
