namespace FedActors.Persistence.Tests;

/// <summary>Type names that survive version changes, round trips, clear errors.</summary>
public sealed class JsonEventSerializerTests
{
    [Fact]
    public void Serialize_Record_RecordsFullNameAndAssemblyNameWithoutVersion()
    {
        // Arrange
        var serializer = new JsonEventSerializer();

        // Act
        var serialized = serializer.Serialize(new RoundStarted(3, "go"));

        // Assert
        Assert.Equal("FedActors.Persistence.Tests.RoundStarted, FedActors.Persistence.Tests", serialized.EventType);
        Assert.Equal("{\"Round\":3,\"Note\":\"go\"}", serialized.PayloadJson);
    }

    [Fact]
    public void Deserialize_WhatWasSerialized_ReturnsAnEqualPayload()
    {
        // Arrange
        var serializer = new JsonEventSerializer();
        var payloads = new object[] { "text", 42L, new RoundStarted(1, "a"), new CounterState(5) };

        // Act
        var back = payloads.Select(p => serializer.Deserialize(serializer.Serialize(p))).ToList();

        // Assert
        Assert.Equal(payloads, back);
    }

    [Fact]
    public void Deserialize_UnknownType_ThrowsNamingIt()
    {
        // Arrange
        var serializer = new JsonEventSerializer();

        // Act
        var error = Assert.Throws<PersistenceException>(() => serializer.Deserialize(new SerializedEvent("No.Such.Type, Nowhere", "{}")));

        // Assert
        Assert.Contains("No.Such.Type, Nowhere", error.Message);
    }

    [Fact]
    public void Deserialize_JsonThatDoesNotFit_ThrowsNamingTheType()
    {
        // Arrange
        var serializer = new JsonEventSerializer();
        var type = JsonEventSerializer.StableName(typeof(CounterState));

        // Act
        var error = Assert.Throws<PersistenceException>(() => serializer.Deserialize(new SerializedEvent(type, "{\"Count\":\"many\"}")));

        // Assert
        Assert.Contains(type, error.Message);
    }
}
