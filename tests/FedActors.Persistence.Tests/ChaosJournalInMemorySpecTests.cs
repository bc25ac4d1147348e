using FedActors.Actors;
using FedActors.Actors.TestKit;

namespace FedActors.Persistence.Tests;

/// <summary>The journal contract on a <see cref="ChaosJournal"/> with no failures over an <see cref="InMemoryJournal"/>.</summary>
public sealed class ChaosJournalInMemorySpecTests : JournalSpec
{
    protected override IEventJournal CreateJournal() =>
        new ChaosJournal(new InMemoryJournal(), new ChaosJournalOptions { Seed = 7 });
}
