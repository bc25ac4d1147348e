using FedActors.Data;
using FedActors.Hocon;
using static FedActors.Simulation.SettingsReader;

namespace FedActors.Simulation;

/// <summary>The <c>fedactors.data</c> section: the dataset and how it is split over clients.</summary>
public sealed record DataSettings(string Name, string CacheDir, PartitionSettings Partition)
{
    /// <summary>The names <c>fedactors.data.name</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mnist", "fashion-mnist", "cifar10", "kddcup99", "synthetic"];

    private const string Section = "fedactors.data";

    /// <summary>
    /// When not empty, the run keeps only the train and test samples of these labels (001 §III's binary tasks, e.g.
    /// 6 vs 2). Reading: labels keep their numbers (no remapping), so attack classes read the same and the model keeps
    /// <see cref="Classes"/> outputs.
    /// </summary>
    public IReadOnlyList<int> Labels { get; init; } = [];

    /// <summary>Number of classes of the dataset: 23 for kddcup99 (normal and 22 attacks), 10 for the others.</summary>
    public int Classes => ClassesOf(Name);

    /// <summary>Reads and checks <c>fedactors.data</c> of a resolved configuration.</summary>
    public static DataSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = OneOf(config, $"{Section}.name", Names);
        var cacheDir = NonEmptyString(config, $"{Section}.cache-dir");
        var classes = ClassesOf(name);
        var labelsPath = $"{Section}.per-label-labels";
        var labels = IntList(config, labelsPath, 0, classes, $"the {name} class count");
        if (labels.Count == 0)
        {
            throw Violation(config, labelsPath, "must be a non-empty list of labels");
        }

        var duplicate = labels.Select((label, index) => (label, index)).GroupBy(x => x.label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = duplicate.Skip(1).First().index;
            throw Violation(config.GetList(labelsPath)[second], $"{labelsPath}[{second}]", "must differ from the other labels");
        }

        var subsetPath = $"{Section}.labels";
        var subset = IntList(config, subsetPath, 0, classes, $"the {name} class count");
        var repeated = subset.Select((label, index) => (label, index)).GroupBy(x => x.label).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            var second = repeated.Skip(1).First().index;
            throw Violation(config.GetList(subsetPath)[second], $"{subsetPath}[{second}]", "must differ from the other labels");
        }

        var partition = new PartitionSettings(OneOf(config, $"{Section}.partition", Partitioners.Kinds))
        {
            DirichletAlpha = DoubleAbove(config, $"{Section}.dirichlet-alpha", 0),
            PerLabelLabels = labels,
            PerLabelCount = IntAtLeast(config, $"{Section}.per-label-count", 1),
            QuantitySkewBeta = DoubleAbove(config, $"{Section}.quantity-skew-beta", 0),
        };
        return new DataSettings(name, cacheDir, partition) { Labels = subset };
    }

    private static int ClassesOf(string name) => name == "kddcup99" ? 23 : 10;
}
