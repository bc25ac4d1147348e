using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>Reading the <c>pdgan</c> stage (kept apart from the other stages' readers for the file's length).</summary>
public sealed partial record DefenseSettings
{
    private static readonly string[] PdganKeys =
    [
        "type", "d-iter", "threshold", "threshold-mode", "auxiliary-classes", "auxiliary-samples", "generated-samples", "gan-steps",
        "batch-size", "learning-rate", "noise-dim",
    ];

    private static PdganStageSettings ReadPdgan(HoconObject stage, string path)
    {
        CheckKeys(stage, path, PdganStageSettings.TypeName, PdganKeys);
        int Whole(string key, int fallback, int min) => stage.TryGetValue(key, out var value) ? WholeNumber(value, $"{path}.{key}", min) : fallback;

        var mode = PdganThresholdMode.Absolute;
        if (stage.TryGetValue("threshold-mode", out var modeValue))
        {
            var text = Text(modeValue, $"{path}.threshold-mode");
            mode = text switch
            {
                "absolute" => PdganThresholdMode.Absolute,
                "relative" => PdganThresholdMode.Relative,
                _ => throw new HoconException(modeValue.Position, $"{path}.threshold-mode = '{text}' is unknown; use one of absolute, relative"),
            };
        }

        var thresholdValue = Required(stage, path, "threshold",
            "pdgan needs η, the accuracy on the generated samples below which a client is dropped (002 Alg. 1; in [0, 1], or a share of the median with threshold-mode = relative)");
        var threshold = Number(thresholdValue, $"{path}.threshold");
        if (!(threshold >= 0 && threshold <= 1))
        {
            throw Violation(thresholdValue, $"{path}.threshold", "must be in [0, 1]");
        }

        var classesValue = Required(stage, path, "auxiliary-classes", "pdgan needs the classes of the server's auxiliary real data, e.g. [0, 4] (002 §5.3)");
        if (classesValue is not HoconArray { Items.Count: > 0 } array)
        {
            throw Violation(classesValue, $"{path}.auxiliary-classes", "must be a non-empty list of class labels, e.g. [0, 4]");
        }

        var classes = new List<int>(array.Items.Count);
        for (var i = 0; i < array.Items.Count; i++)
        {
            var label = WholeNumber(array.Items[i], $"{path}.auxiliary-classes[{i}]", 0);
            if (classes.Contains(label))
            {
                throw Violation(array.Items[i], $"{path}.auxiliary-classes[{i}]", "must differ from the other classes");
            }

            classes.Add(label);
        }

        var learningRate = stage.TryGetValue("learning-rate", out var rateValue) ? Positive(rateValue, $"{path}.learning-rate") : 2e-4;
        return new PdganStageSettings(
            Whole("d-iter", 10, 0),
            threshold,
            mode,
            classes,
            Whole("auxiliary-samples", 1000, 1),
            Whole("generated-samples", 500, 1),
            Whole("gan-steps", 50, 1),
            Whole("batch-size", 32, 2),
            learningRate,
            Whole("noise-dim", 100, 1),
            stage.Position);
    }
}
