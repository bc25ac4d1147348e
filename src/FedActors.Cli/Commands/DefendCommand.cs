using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedActors.Actors;
using FedActors.Cli.Defend;
using FedActors.Cli.Run;
using FedActors.Hocon;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Commands;

/// <summary>
/// <c>fedactors defend --updates FILE --pipeline FILE|HOCON [--malicious 3,7] [--json]</c>: runs a defense pipeline on
/// update vectors from a file and prints each stage's per-client decision and weight, the aggregate's norm and first
/// values, and, with <c>--malicious</c>, each stage's detection counts.
/// </summary>
/// <remarks>
/// The file has no global model and no sample counts: the pipeline runs from a zero global model (so the new model
/// is the aggregate update) and every update counts one sample. Stages that are not a function of the updates alone
/// (they need a model, data or other rounds) are refused with a message saying so.
/// </remarks>
public static class DefendCommand
{
    private const int FirstValues = 5;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var updates = new Option<string>("--updates")
        {
            Description = "CSV (client_id,v1,v2,... per line) or .npy (float32 K×D, ids 0..K−1) of update vectors.",
            Required = true,
        };
        var pipeline = new Option<string>("--pipeline")
        {
            Description = "The defense pipeline, as a file or inline HOCON, e.g. 'pipeline = [{ type = krum, f = 1 }, { type = fedavg }]'.",
            Required = true,
        };
        var malicious = new Option<string>("--malicious") { Description = "Client ids known to be malicious, e.g. 3,7: adds detection counts." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var command = new Command("defend", "Apply a defense pipeline to update vectors from a file and show each stage's verdicts.")
        {
            updates, pipeline, malicious, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            DefenseSettings settings;
            IReadOnlyList<(int ClientId, float[] Update)> vectors;
            IReadOnlySet<int> bad;
            try
            {
                settings = PipelineOption.Read(parse.GetValue(pipeline)!);
                vectors = UpdateFile.Read(parse.GetValue(updates)!);
                bad = ParseIds(parse.GetValue(malicious));
            }
            catch (HoconException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.ConfigurationError;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
            {
                error.WriteLine($"defend: {e.Message}");
                return ExitCodes.ConfigurationError;
            }

            var unknownIds = bad.Where(id => vectors.All(v => v.ClientId != id)).ToList();
            if (unknownIds.Count > 0)
            {
                error.WriteLine($"defend: --malicious names clients [{string.Join(", ", unknownIds)}] that have no update in the file");
                return ExitCodes.ConfigurationError;
            }

            var impure = settings.Pipeline.Where(s => StageLogics.For(s) is null).Select(s => s.Type).ToList();
            if (impure.Count > 0)
            {
                error.WriteLine($"defend: stage {string.Join(", ", impure)} needs a model, data or earlier rounds, which an update file does not have; " +
                    "run it in an experiment and look at it with fedactors replay");
                return ExitCodes.ConfigurationError;
            }

            try
            {
                var completed = Run(settings, vectors);
                output.Write(parse.GetValue(json) ? Json(completed, vectors, bad) : Text(completed, vectors, bad));
                return ExitCodes.Success;
            }
            catch (InvalidOperationException e)
            {
                error.WriteLine($"defend: {e.Message}");
                return 1;
            }
            catch (TorchException e)
            {
                error.WriteLine($"defend: {e.Message}");
                return ExitCodes.NativeLibraryError;
            }
        });
        return command;
    }

    private static IReadOnlySet<int> ParseIds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new HashSet<int>();
        }

        var ids = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0)
            {
                throw new FormatException($"--malicious: '{part}' is not a client id (a whole number ≥ 0)");
            }

            ids.Add(id);
        }

        return ids;
    }

    private static PipelineCompleted Run(DefenseSettings settings, IReadOnlyList<(int ClientId, float[] Update)> vectors)
    {
        using var system = ActorSystem.Create("fedactors-defend");
        try
        {
            var actor = system.ActorOf(DefensePipeline.Props(settings), "defense");
            var inputs = vectors.Select(v => new PipelineInput(v.ClientId, 1, v.Update)).ToList();
            var reply = actor.Ask<object>(new RunPipeline(0, new float[vectors[0].Update.Length], inputs), TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
            return reply switch
            {
                PipelineCompleted completed => completed,
                PipelineFailed failed => throw new InvalidOperationException(failed.Reason),
                _ => throw new InvalidOperationException($"the pipeline answered {reply.GetType().Name}"),
            };
        }
        finally
        {
            system.Terminate().GetAwaiter().GetResult();
        }
    }

    private static string Text(PipelineCompleted completed, IReadOnlyList<(int ClientId, float[] Update)> vectors, IReadOnlySet<int> bad)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{vectors.Count} updates of {vectors[0].Update.Length} values; every update counts 1 sample; the global model is zero\n");
        var header = new List<string> { "client" };
        if (bad.Count > 0)
        {
            header.Add("malicious");
        }

        header.AddRange(completed.Stages.Select(s => s.Stage));
        header.Add("coefficient");
        var rows = vectors.Select(v =>
        {
            var row = new List<string> { v.ClientId.ToString(CultureInfo.InvariantCulture) };
            if (bad.Count > 0)
            {
                row.Add(bad.Contains(v.ClientId) ? "yes" : "no");
            }

            row.AddRange(completed.Stages.Select(s => Verdict(s.Decisions.First(d => d.ClientId == v.ClientId))));
            row.Add(Number(completed.Coefficients.GetValueOrDefault(v.ClientId)));
            return row.ToArray();
        }).ToList();
        TextTable.Append(text, header.ToArray(), rows);
        text.Append(CultureInfo.InvariantCulture, $"aggregate: norm {Number(TensorMath.L2Norm(completed.NewModel))}, first values [{string.Join(", ", completed.NewModel.Take(FirstValues).Select(v => Number(v)))}]\n");
        foreach (var stage in completed.Stages.Where(s => s.Diagnostics.Count > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"{stage.Stage}: {string.Join(", ", stage.Diagnostics.Select(d => $"{d.Key} = {Number(d.Value)}"))}\n");
        }

        if (bad.Count > 0)
        {
            var detection = Detection(completed, vectors, bad);
            TextTable.Append(text, ["stage", "TP", "FP", "FN", "TN", "precision", "recall"], detection.Select(d => new[]
            {
                d.Stage, $"{d.Counts.TruePositives}", $"{d.Counts.FalsePositives}", $"{d.Counts.FalseNegatives}", $"{d.Counts.TrueNegatives}",
                Number(d.Counts.Precision), Number(d.Counts.Recall),
            }).ToList());
        }

        return text.ToString();
    }

    private static string Json(PipelineCompleted completed, IReadOnlyList<(int ClientId, float[] Update)> vectors, IReadOnlySet<int> bad)
    {
        var stages = new JsonArray();
        foreach (var stage in completed.Stages)
        {
            stages.Add(ResultsWriter.StageNode(stage.Stage, stage.Decisions, stage.Diagnostics));
        }

        var coefficients = new JsonObject();
        foreach (var (client, coefficient) in completed.Coefficients)
        {
            coefficients[client.ToString(CultureInfo.InvariantCulture)] = coefficient;
        }

        var root = new JsonObject
        {
            ["updates"] = vectors.Count,
            ["dimension"] = vectors[0].Update.Length,
            ["stages"] = stages,
            ["coefficients"] = coefficients,
            ["aggregate"] = new JsonObject
            {
                ["norm"] = TensorMath.L2Norm(completed.NewModel),
                ["first"] = new JsonArray(completed.NewModel.Take(FirstValues).Select(v => (JsonNode)(double)v).ToArray()),
            },
        };
        if (bad.Count > 0)
        {
            var detection = new JsonObject();
            foreach (var (stage, counts) in Detection(completed, vectors, bad))
            {
                detection[stage] = ResultsWriter.DetectionNode(counts);
            }

            root["malicious"] = new JsonArray(bad.Order().Select(id => (JsonNode)id).ToArray());
            root["detection"] = detection;
        }

        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary>Per stage (a repeated type is named type#2, ...): a positive is a client that stage dropped.</summary>
    private static IReadOnlyList<(string Stage, DetectionCounts Counts)> Detection(PipelineCompleted completed, IReadOnlyList<(int ClientId, float[] Update)> vectors, IReadOnlySet<int> bad) =>
        DetectionCounts.PerStage(completed.Stages.Select(s => (s.Stage, s.Decisions)), vectors.Select(v => v.ClientId).ToList(), bad);

    private static string Verdict(ClientDecision decision) => decision.Keep ? $"kept {Number(decision.Weight)}" : "dropped";

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
