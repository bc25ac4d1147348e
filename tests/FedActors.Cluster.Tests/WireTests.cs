using System.Text.Json.Nodes;
using FedActors.Torch;

namespace FedActors.Cluster.Tests;

public sealed class WireTests
{
    internal static readonly ModelSpec Model = new("tiny", [4], 3, ["linear 4 3"]);

    [Fact]
    public void TrainJob_RoundTripsThroughItsHeader()
    {
        var state = new float[] { 0.5f, -1, 2, 3 };
        var samples = new SampleSelection([3, 1, 4])
        {
            Labels = [2, 0, 1],
            Triggered = [true, false, true],
            Trigger = new PixelTrigger(1, 2, 3, 4, 0.75f),
        };
        var hyper = new TrainingHyperParameters { Optimizer = OptimizerKind.Adam, LearningRate = 0.02, Momentum = 0.5, Epochs = 3, BatchSize = 7, LrDecay = 0.9 };
        var job = new TrainJob(Model, "mnist-train", state, samples, hyper, ulong.MaxValue - 3);

        var header = Reread(Wire.TrainHeader("s", 12, "reply", "fetch", "recipe-hash", job, ModelHash.Sha256(state)));
        var back = Wire.ReadTrain(header, state);

        Assert.Equal(job.Model.Name, back.Model.Name);
        Assert.Equal(job.Model.InputShape, back.Model.InputShape);
        Assert.Equal(job.Model.Layers, back.Model.Layers);
        Assert.Equal(job.Model.Classes, back.Model.Classes);
        Assert.Equal(job.Dataset, back.Dataset);
        Assert.Equal(job.Samples.Indices, back.Samples.Indices);
        Assert.Equal(job.Samples.Labels, back.Samples.Labels);
        Assert.Equal(job.Samples.Triggered, back.Samples.Triggered);
        Assert.Equal(job.Samples.Trigger, back.Samples.Trigger);
        Assert.Equal(job.Hyper, back.Hyper);
        Assert.Equal(job.Seed, back.Seed);
        Assert.Equal(ModelHash.Sha256(state), header.RequireString("state"));
        Assert.Equal(4, header.RequireLong("stateLength"));
    }

    [Fact]
    public void EvalJob_RoundTripsThroughItsHeader()
    {
        var state = new float[] { 1, 2 };
        var job = new EvalJob(Model, "mnist-test", state, new SampleSelection([0, 5]), BatchSize: 64);

        var back = Wire.ReadEval(Reread(Wire.EvalHeader("s", 1, "r", "f", "h", job, ModelHash.Sha256(state))), state);

        Assert.Equal(job.Samples.Indices, back.Samples.Indices);
        Assert.Null(back.Samples.Labels);
        Assert.Equal(64, back.BatchSize);
        Assert.Equal("mnist-test", back.Dataset);
    }

    [Theory]
    [InlineData("seed", "\"-1\"", "seed")]
    [InlineData("indices", "[]", "at least one sample")]
    [InlineData("indices", "[-1]", "indices")]
    [InlineData("labels", "[1]", "labels for")]
    [InlineData("dataset", "3", "dataset")]
    [InlineData("hyper", "{}", "optimizer")]
    public void ReadTrain_NamesTheBadField(string field, string json, string expected)
    {
        var state = new float[] { 1 };
        var job = new TrainJob(Model, "d", state, new SampleSelection([0, 1]), new TrainingHyperParameters(), 1);
        var header = Reread(Wire.TrainHeader("s", 1, "r", "f", "h", job, ModelHash.Sha256(state)));
        header[field] = JsonNode.Parse(json);

        var error = Assert.Throws<MalformedMessageException>(() => Wire.ReadTrain(header, state));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Floats_RefuseAPayloadOfTheWrongSize()
    {
        Assert.Equal(new float[] { 1, 2 }, Wire.Floats(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 1, 2 }.AsSpan()), 2, "x"));
        Assert.Throws<MalformedMessageException>(() => Wire.Floats(new byte[7], 2, "x"));
        Assert.Throws<MalformedMessageException>(() => Wire.Longs(new byte[8], 4, "x"));
    }

    [Fact]
    public void Number_CarriesNaNAsNull()
    {
        var header = new JsonObject { ["a"] = Wire.Number(double.NaN), ["b"] = Wire.Number(0.25) };
        header = Reread(header);

        Assert.True(double.IsNaN(Wire.ReadNumber(header, "a")));
        Assert.Equal(0.25, Wire.ReadNumber(header, "b"));
        Assert.True(double.IsNaN(Wire.ReadNumber(header, "missing")));
    }

    /// <summary>The header as a receiver sees it: serialized and parsed again.</summary>
    private static JsonObject Reread(JsonObject header) => SignedMessage.Decode(SignedMessage.Encode(header, [])).Header;
}
