using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FedActors.Torch;

namespace FedActors.Cluster;

/// <summary>
/// How jobs and results look on the wire: the JSON headers of <see cref="SignedMessage"/> for each message type, and
/// the checked readers for their fields. Models never travel in a job: a job names its state by SHA-256 and
/// workers fetch it once.
/// </summary>
public static class Wire
{
    public const string TrainType = "train";
    public const string EvalType = "eval";
    public const string TrainResultType = "train-result";
    public const string EvalResultType = "eval-result";
    public const string FailedType = "failed";
    public const string FetchType = "fetch";
    public const string BlobType = "blob";

    /// <summary>What a fetch asks for: a model state, or the run's recipe (its resolved configuration).</summary>
    public const string ModelBlob = "model";
    public const string RecipeBlob = "recipe";

    public static string BytesHash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The header of a job: everything but the model state, which is named by <paramref name="stateHash"/>.</summary>
    public static JsonObject TrainHeader(string session, long job, string replyTo, string fetchQueue, string recipe, TrainJob train, string stateHash)
    {
        ArgumentNullException.ThrowIfNull(train);
        var header = JobHeader(TrainType, session, job, replyTo, fetchQueue, recipe, train.Model, train.Dataset, stateHash, train.InitialState.Length, train.Samples);
        var hyper = train.Hyper;
        header["hyper"] = new JsonObject
        {
            ["optimizer"] = hyper.Optimizer.ToString(),
            ["learningRate"] = hyper.LearningRate,
            ["momentum"] = hyper.Momentum,
            ["weightDecay"] = hyper.WeightDecay,
            ["lrDecay"] = hyper.LrDecay,
            ["epochs"] = hyper.Epochs,
            ["batchSize"] = hyper.BatchSize,
            ["adamBeta1"] = hyper.AdamBeta1,
            ["adamBeta2"] = hyper.AdamBeta2,
            ["adamEpsilon"] = hyper.AdamEpsilon,
        };
        header["seed"] = train.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return header;
    }

    public static JsonObject EvalHeader(string session, long job, string replyTo, string fetchQueue, string recipe, EvalJob eval, string stateHash)
    {
        ArgumentNullException.ThrowIfNull(eval);
        var header = JobHeader(EvalType, session, job, replyTo, fetchQueue, recipe, eval.Model, eval.Dataset, stateHash, eval.State.Length, eval.Samples);
        header["batchSize"] = eval.BatchSize;
        return header;
    }

    /// <summary>Rebuilds a train job from its header and the fetched state.</summary>
    public static TrainJob ReadTrain(JsonObject header, float[] state)
    {
        var hyper = header.RequireObject("hyper");
        var optimizer = hyper.RequireString("optimizer");
        var parameters = new TrainingHyperParameters
        {
            Optimizer = Enum.TryParse<OptimizerKind>(optimizer, out var kind) && Enum.IsDefined(kind)
                ? kind
                : throw new MalformedMessageException($"unknown optimizer '{optimizer}'"),
            LearningRate = hyper.RequireDouble("learningRate"),
            Momentum = hyper.RequireDouble("momentum"),
            WeightDecay = hyper.RequireDouble("weightDecay"),
            LrDecay = hyper.RequireDouble("lrDecay"),
            Epochs = (int)hyper.RequireLong("epochs", 1, 1_000_000),
            BatchSize = (int)hyper.RequireLong("batchSize", 1, int.MaxValue),
            AdamBeta1 = hyper.RequireDouble("adamBeta1"),
            AdamBeta2 = hyper.RequireDouble("adamBeta2"),
            AdamEpsilon = hyper.RequireDouble("adamEpsilon"),
        };
        try
        {
            parameters.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new MalformedMessageException($"hyper-parameters: {e.Message}");
        }

        if (!ulong.TryParse(header.RequireString("seed"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed))
        {
            throw new MalformedMessageException("seed is not an unsigned 64-bit integer");
        }

        return new TrainJob(ReadModel(header), header.RequireString("dataset"), state, ReadSamples(header), parameters, seed);
    }

    public static EvalJob ReadEval(JsonObject header, float[] state) =>
        new(ReadModel(header), header.RequireString("dataset"), state, ReadSamples(header), (int)header.RequireLong("batchSize", 1, int.MaxValue));

    /// <summary>The header of any reply to a job.</summary>
    public static JsonObject ReplyHeader(string type, string session, long job, string worker) => new()
    {
        ["type"] = type,
        ["session"] = session,
        ["job"] = job,
        ["worker"] = worker,
    };

    /// <summary>A double that may be NaN (JSON has no NaN: it travels as null).</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static double ReadNumber(JsonObject header, string field) =>
        header.TryGetPropertyValue(field, out var node) && node is not null ? header.RequireDouble(field) : double.NaN;

    /// <summary>The payload as <paramref name="expected"/> floats, in a new array or one rented from <paramref name="pool"/>.</summary>
    public static float[] Floats(ReadOnlySpan<byte> payload, int expected, string what, VectorPool? pool = null)
    {
        if (payload.Length != expected * sizeof(float))
        {
            throw new MalformedMessageException($"{what}: {payload.Length} bytes where {expected} floats ({expected * sizeof(float)} bytes) were expected");
        }

        var values = pool?.Rent(expected) ?? new float[expected];
        payload.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static long[] Longs(ReadOnlySpan<byte> payload, int expected, string what)
    {
        if (payload.Length != expected * sizeof(long))
        {
            throw new MalformedMessageException($"{what}: {payload.Length} bytes where {expected} counts were expected");
        }

        var values = new long[expected];
        payload.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public static string RequireString(this SignedMessage message, string field) => message.Header.RequireString(field);

    public static string RequireString(this JsonObject header, string field) =>
        Field(header, field) is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new MalformedMessageException($"field '{field}' is not a non-empty string");

    public static long RequireLong(this JsonObject header, string field, long min = long.MinValue, long max = long.MaxValue) =>
        Field(header, field) is JsonValue value && value.TryGetValue<long>(out var number) && number >= min && number <= max
            ? number
            : throw new MalformedMessageException($"field '{field}' is not an integer in [{min}, {max}]");

    public static double RequireDouble(this JsonObject header, string field) =>
        Field(header, field) is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number)
            ? number
            : throw new MalformedMessageException($"field '{field}' is not a finite number");

    public static bool RequireBool(this JsonObject header, string field) =>
        Field(header, field) is JsonValue value && value.TryGetValue<bool>(out var flag)
            ? flag
            : throw new MalformedMessageException($"field '{field}' is not a boolean");

    public static JsonObject RequireObject(this JsonObject header, string field) =>
        Field(header, field) as JsonObject ?? throw new MalformedMessageException($"field '{field}' is not an object");

    private static JsonNode? Field(JsonObject header, string field) =>
        header.TryGetPropertyValue(field, out var node) ? node : throw new MalformedMessageException($"field '{field}' is missing");

    private static JsonObject JobHeader(
        string type, string session, long job, string replyTo, string fetchQueue, string recipe, ModelSpec model, string dataset, string stateHash, int stateLength, SampleSelection samples)
    {
        var header = new JsonObject
        {
            ["type"] = type,
            ["session"] = session,
            ["job"] = job,
            ["replyTo"] = replyTo,
            ["fetch"] = fetchQueue,
            ["recipe"] = recipe,
            ["model"] = new JsonObject
            {
                ["name"] = model.Name,
                ["inputShape"] = new JsonArray(model.InputShape.Select(d => (JsonNode?)d).ToArray()),
                ["classes"] = model.Classes,
                ["layers"] = new JsonArray(model.Layers.Select(l => (JsonNode?)l).ToArray()),
            },
            ["dataset"] = dataset,
            ["state"] = stateHash,
            ["stateLength"] = stateLength,
            ["indices"] = new JsonArray(samples.Indices.Select(i => (JsonNode?)i).ToArray()),
        };
        if (samples.Labels is { } labels)
        {
            header["labels"] = new JsonArray(labels.Select(l => (JsonNode?)l).ToArray());
        }

        if (samples.Triggered is { } triggered)
        {
            header["triggered"] = new JsonArray(triggered.Select(t => (JsonNode?)t).ToArray());
        }

        if (samples.Trigger is { } trigger)
        {
            header["trigger"] = new JsonObject
            {
                ["top"] = trigger.Top,
                ["left"] = trigger.Left,
                ["height"] = trigger.Height,
                ["width"] = trigger.Width,
                ["value"] = trigger.Value,
            };
        }

        return header;
    }

    private static ModelSpec ReadModel(JsonObject header)
    {
        var model = header.RequireObject("model");
        return new ModelSpec(
            model.RequireString("name"),
            Ints(model, "inputShape", 1, int.MaxValue),
            (int)model.RequireLong("classes", 1, 1_000_000),
            Strings(model, "layers"));
    }

    private static SampleSelection ReadSamples(JsonObject header)
    {
        var indices = Ints(header, "indices", 0, int.MaxValue);
        if (indices.Length == 0)
        {
            throw new MalformedMessageException("a job needs at least one sample index");
        }

        var selection = new SampleSelection(indices);
        if (header.ContainsKey("labels"))
        {
            var labels = Ints(header, "labels", 0, int.MaxValue);
            selection = labels.Length == indices.Length
                ? selection with { Labels = labels }
                : throw new MalformedMessageException($"{labels.Length} labels for {indices.Length} samples");
        }

        if (header.ContainsKey("triggered"))
        {
            var flags = header.RequireArray("triggered").Select(n => n is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new MalformedMessageException("field 'triggered' holds a non-boolean")).ToArray();
            selection = flags.Length == indices.Length
                ? selection with { Triggered = flags }
                : throw new MalformedMessageException($"{flags.Length} trigger flags for {indices.Length} samples");
        }

        if (header.ContainsKey("trigger"))
        {
            var trigger = header.RequireObject("trigger");
            selection = selection with
            {
                Trigger = new PixelTrigger(
                    (int)trigger.RequireLong("top", 0, int.MaxValue),
                    (int)trigger.RequireLong("left", 0, int.MaxValue),
                    (int)trigger.RequireLong("height", 1, int.MaxValue),
                    (int)trigger.RequireLong("width", 1, int.MaxValue),
                    (float)trigger.RequireDouble("value")),
            };
        }

        return selection;
    }

    private static JsonArray RequireArray(this JsonObject header, string field) =>
        Field(header, field) as JsonArray ?? throw new MalformedMessageException($"field '{field}' is not an array");

    private static int[] Ints(JsonObject header, string field, int min, int max) =>
        header.RequireArray(field)
            .Select(n => n is JsonValue v && v.TryGetValue<int>(out var i) && i >= min && i <= max
                ? i
                : throw new MalformedMessageException($"field '{field}' holds a value that is not an integer in [{min}, {max}]"))
            .ToArray();

    private static string[] Strings(JsonObject header, string field) =>
        header.RequireArray(field)
            .Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new MalformedMessageException($"field '{field}' holds a non-string"))
            .ToArray();
}
