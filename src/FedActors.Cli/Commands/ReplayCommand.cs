using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FedActors.Cli.Replay;
using FedActors.Cli.Run;
using FedActors.Data;
using FedActors.Hocon;
using FedActors.Persistence;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Commands;

/// <summary>
/// <c>fedactors replay DIR [--json]</c>: the recorded run's timeline, read from its journal.
/// <c>fedactors replay DIR --round N [--pipeline FILE|HOCON]</c>: round N in detail; with a pipeline, its recorded
/// updates re-run through the recorded pipeline (which must reproduce the journal) and through the given one, with the
/// per-client verdict diff and both models' accuracy.
/// </summary>
public static class ReplayCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var directory = new Argument<string>("run-dir") { Description = "The run's directory (the --out of fedactors run)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var round = new Option<int?>("--round") { Description = "Show this round (0-based) in detail." };
        var pipeline = new Option<string>("--pipeline")
        {
            Description = "With --round: a defense pipeline to re-run the round's recorded updates through, as a file or inline HOCON, " +
                "e.g. 'pipeline = [{ type = fedavg, weighting = uniform }]' (needs persistence.store-updates = on in the run).",
        };
        var command = new Command("replay", "Show a recorded run's rounds, or re-run one round's updates through another defense pipeline.")
        {
            directory, json, round, pipeline,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var pipelineText = parse.GetValue(pipeline);
            var roundNumber = parse.GetValue(round);
            if (pipelineText is not null && roundNumber is null)
            {
                error.WriteLine("replay: --pipeline needs --round N: the round whose updates to re-run");
                return ExitCodes.ConfigurationError;
            }

            SimulationSettings settings;
            RunDirectory run;
            DefenseSettings? counterfactual = null;
            try
            {
                run = RunDirectory.Open(parse.GetValue(directory)!);
                settings = SimulationSettings.FromConfig(run.LoadConfig());
                if (pipelineText is not null)
                {
                    counterfactual = PipelineOption.Read(pipelineText);
                }
            }
            catch (HoconException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.ConfigurationError;
            }
            catch (IOException e)
            {
                error.WriteLine($"replay: {e.Message}");
                return ExitCodes.ConfigurationError;
            }

            if (settings.Persistence.Journal == JournalKind.InMemory)
            {
                error.WriteLine($"replay: {run.Path} ran with persistence.journal = in-memory, so nothing of it was recorded");
                return ExitCodes.ConfigurationError;
            }

            if (settings.Persistence.Journal == JournalKind.Sqlite && !File.Exists(run.JournalPath))
            {
                error.WriteLine($"replay: {run.JournalPath} is missing: the run stopped before writing its journal");
                return ExitCodes.PersistenceError;
            }

            try
            {
                using var storage = RunStorage.Open(settings.Persistence, run);
                var timeline = RunTimeline.ReadAsync(storage.Journal, run.PersistenceId).GetAwaiter().GetResult();
                if (roundNumber is not { } n)
                {
                    output.Write(parse.GetValue(json) ? TimelineJson(timeline) : TimelineText(timeline, settings));
                    return ExitCodes.Success;
                }

                var record = timeline.Rounds.FirstOrDefault(r => r.Round == n);
                if (record is null)
                {
                    error.WriteLine($"replay: the journal has no round {n}; it has rounds 0..{timeline.Rounds[^1].Round}");
                    return ExitCodes.ConfigurationError;
                }

                if (counterfactual is null)
                {
                    output.Write(parse.GetValue(json) ? RoundJson(record, timeline) : RoundText(record, timeline));
                    return ExitCodes.Success;
                }

                var result = Counterfactual.RunAsync(settings, timeline, record, new ModelStore(storage.Blobs), counterfactual).GetAwaiter().GetResult();
                output.Write(parse.GetValue(json) ? CounterfactualJson(result) : CounterfactualText(result));
                return ExitCodes.Success;
            }
            catch (PersistenceException e)
            {
                error.WriteLine($"replay: {e.Message}");
                return ExitCodes.PersistenceError;
            }
            catch (TorchException e)
            {
                error.WriteLine($"replay: {e.Message}");
                return ExitCodes.NativeLibraryError;
            }
            catch (DataException e)
            {
                error.WriteLine($"replay: {e.Message}");
                return ExitCodes.DataFetchFailed;
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or NotSupportedException)
            {
                error.WriteLine($"replay: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static string TimelineText(RunTimeline timeline, SimulationSettings settings)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"run {settings.Run.Name} ({timeline.PersistenceId}): {timeline.Rounds.Count} of {settings.Run.Rounds} rounds recorded\n");
        text.Append(CultureInfo.InvariantCulture, $"malicious clients: [{string.Join(", ", timeline.Malicious)}]\n");
        var header = new[] { "round", "phase", "selected", "received", "rejected", "timed-out", "dropped", "stages", "accuracy", "ASR", "model" };
        var rows = timeline.Rounds.Select(r => new[]
        {
            r.Round.ToString(CultureInfo.InvariantCulture),
            r.Phase.ToString().ToLowerInvariant(),
            r.Selected.Count.ToString(CultureInfo.InvariantCulture),
            r.Received.Count.ToString(CultureInfo.InvariantCulture),
            r.Rejected.Count.ToString(CultureInfo.InvariantCulture),
            r.TimedOut.Count.ToString(CultureInfo.InvariantCulture),
            Ids(r.Dropped),
            string.Join(" ", r.Stages.Select(s => s.Stage)),
            r.Metrics.TryGetValue("accuracy", out var accuracy) ? Formats.Percent(accuracy, "-") : "-",
            r.Metrics.TryGetValue("attack-success-rate", out var asr) ? Formats.Percent(asr / 100, "-") : "-",
            r.OutputModelHash is { } hash ? hash[..12] : "-",
        }).ToList();
        TextTable.Append(text, header, rows);
        return text.ToString();
    }

    private static string RoundText(RoundRecord record, RunTimeline timeline)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"round {record.Round} ({record.Phase.ToString().ToLowerInvariant()}): model {record.InputModelHash[..12]} -> {(record.OutputModelHash is { } h ? h[..12] : "-")}\n");
        text.Append(CultureInfo.InvariantCulture, $"selected [{string.Join(", ", record.Selected)}]; timed out [{string.Join(", ", record.TimedOut)}]\n");
        foreach (var (client, reason) in record.Rejected)
        {
            text.Append(CultureInfo.InvariantCulture, $"rejected {client}: {reason}\n");
        }

        var malicious = timeline.Malicious.ToHashSet();
        var header = new List<string> { "client", "malicious", "samples", "norm" };
        header.AddRange(record.Stages.Select(s => s.Stage));
        header.Add("weight");
        var rows = record.Received.Select(r =>
        {
            var row = new List<string>
            {
                r.Key.ToString(CultureInfo.InvariantCulture),
                malicious.Contains(r.Key) ? "yes" : "no",
                r.Value.NumSamples.ToString(CultureInfo.InvariantCulture),
                r.Value.Norm.ToString("0.####", CultureInfo.InvariantCulture),
            };
            row.AddRange(record.Stages.Select(s => Verdict(s.Decisions.FirstOrDefault(d => d.ClientId == r.Key))));
            row.Add(record.Weights.TryGetValue(r.Key, out var w) ? w.ToString("0.####", CultureInfo.InvariantCulture) : "-");
            return row.ToArray();
        }).ToList();
        TextTable.Append(text, header.ToArray(), rows);
        foreach (var (key, value) in record.Metrics)
        {
            text.Append(CultureInfo.InvariantCulture, $"{key} = {value.ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        return text.ToString();
    }

    private static string CounterfactualText(CounterfactualResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"round {result.Round}: recorded [{string.Join(", ", result.RecordedPipeline)}] vs counterfactual [{string.Join(", ", result.CounterfactualPipeline)}]\n");
        text.Append(result.RecordedReproduced
            ? "re-running the recorded pipeline reproduces the journaled verdicts and model exactly\n"
            : "re-running the recorded pipeline does NOT reproduce the journal:\n");
        foreach (var difference in result.Differences)
        {
            text.Append("  ").Append(difference).Append('\n');
        }

        var rows = result.Clients.Select(c => new[]
        {
            c.ClientId.ToString(CultureInfo.InvariantCulture),
            c.Malicious ? "yes" : "no",
            c.RecordedKept ? $"kept {c.RecordedWeight.ToString("0.####", CultureInfo.InvariantCulture)}" : "dropped",
            c.CounterfactualKept ? $"kept {c.CounterfactualWeight.ToString("0.####", CultureInfo.InvariantCulture)}" : "dropped",
            c.Changed ? "*" : string.Empty,
        }).ToList();
        TextTable.Append(text, ["client", "malicious", "recorded", "counterfactual", "changed"], rows);
        text.Append(CultureInfo.InvariantCulture, $"{result.Clients.Count(c => c.Changed)} of {result.Clients.Count} verdicts changed\n");
        TextTable.Append(text, ["model", "hash", "accuracy", "ASR"],
        [
            ["recorded", result.Recorded.ModelHash[..12], Formats.Percent(result.Recorded.Accuracy, "-"), Formats.Percent(result.Recorded.AttackSuccessRate / 100, "-")],
            ["counterfactual", result.Counterfactual.ModelHash[..12], Formats.Percent(result.Counterfactual.Accuracy, "-"), Formats.Percent(result.Counterfactual.AttackSuccessRate / 100, "-")],
        ]);
        return text.ToString();
    }

    private static string Verdict(ClientDecision? decision) =>
        decision is null ? "-" : decision.Keep ? $"kept {decision.Weight.ToString("0.####", CultureInfo.InvariantCulture)}" : "dropped";

    private static string Ids(IReadOnlyList<int> ids) => ids.Count == 0 ? "-" : string.Join(",", ids);

    private static string TimelineJson(RunTimeline timeline)
    {
        var rounds = new JsonArray();
        foreach (var record in timeline.Rounds)
        {
            rounds.Add(RoundNode(record));
        }

        var root = new JsonObject
        {
            ["persistenceId"] = timeline.PersistenceId,
            ["malicious"] = new JsonArray(timeline.Malicious.Select(m => (JsonNode)m).ToArray()),
            ["rounds"] = rounds,
        };
        return root.ToJsonString(Indented) + "\n";
    }

    private static string RoundJson(RoundRecord record, RunTimeline timeline)
    {
        var node = RoundNode(record);
        node["malicious"] = new JsonArray(timeline.Malicious.Select(m => (JsonNode)m).ToArray());
        return node.ToJsonString(Indented) + "\n";
    }

    private static JsonObject RoundNode(RoundRecord record)
    {
        var received = new JsonArray();
        foreach (var (client, update) in record.Received)
        {
            received.Add(new JsonObject
            {
                ["client"] = client,
                ["samples"] = update.NumSamples,
                ["norm"] = update.Norm,
                ["sha256"] = update.Sha256,
            });
        }

        var rejected = new JsonArray();
        foreach (var (client, reason) in record.Rejected)
        {
            rejected.Add(new JsonObject { ["client"] = client, ["reason"] = reason });
        }

        var stages = new JsonArray();
        foreach (var stage in record.Stages)
        {
            stages.Add(ResultsWriter.StageNode(stage.Stage, stage.Decisions, stage.Diagnostics));
        }

        var weights = new JsonObject();
        foreach (var (client, weight) in record.Weights)
        {
            weights[client.ToString(CultureInfo.InvariantCulture)] = weight;
        }

        return new JsonObject
        {
            ["round"] = record.Round,
            ["phase"] = record.Phase.ToString().ToLowerInvariant(),
            ["selected"] = new JsonArray(record.Selected.Select(c => (JsonNode)c).ToArray()),
            ["inputModel"] = record.InputModelHash,
            ["received"] = received,
            ["rejected"] = rejected,
            ["timedOut"] = new JsonArray(record.TimedOut.Select(c => (JsonNode)c).ToArray()),
            ["stages"] = stages,
            ["weights"] = weights,
            ["dropped"] = new JsonArray(record.Dropped.Select(c => (JsonNode)c).ToArray()),
            ["outputModel"] = record.OutputModelHash,
            ["metrics"] = ResultsWriter.Numbers(record.Metrics),
        };
    }

    private static string CounterfactualJson(CounterfactualResult result)
    {
        var clients = new JsonArray();
        foreach (var c in result.Clients)
        {
            clients.Add(new JsonObject
            {
                ["client"] = c.ClientId,
                ["malicious"] = c.Malicious,
                ["recorded"] = new JsonObject { ["kept"] = c.RecordedKept, ["weight"] = c.RecordedWeight },
                ["counterfactual"] = new JsonObject { ["kept"] = c.CounterfactualKept, ["weight"] = c.CounterfactualWeight },
                ["changed"] = c.Changed,
            });
        }

        var stages = new JsonArray();
        foreach (var stage in result.CounterfactualStages)
        {
            stages.Add(ResultsWriter.StageNode(stage.Stage, stage.Decisions, stage.Diagnostics));
        }

        JsonObject Model(ModelOutcome m) => new()
        {
            ["modelHash"] = m.ModelHash,
            ["accuracy"] = m.Accuracy,
            ["attackSuccessRate"] = m.AttackSuccessRate,
        };

        var root = new JsonObject
        {
            ["round"] = result.Round,
            ["recordedPipeline"] = new JsonArray(result.RecordedPipeline.Select(s => (JsonNode)s).ToArray()),
            ["counterfactualPipeline"] = new JsonArray(result.CounterfactualPipeline.Select(s => (JsonNode)s).ToArray()),
            ["recordedReproduced"] = result.RecordedReproduced,
            ["differences"] = new JsonArray(result.Differences.Select(d => (JsonNode)d).ToArray()),
            ["clients"] = clients,
            ["changed"] = result.Clients.Count(c => c.Changed),
            ["counterfactualStages"] = stages,
            ["recorded"] = Model(result.Recorded),
            ["counterfactual"] = Model(result.Counterfactual),
        };
        return root.ToJsonString(Indented) + "\n";
    }
}
