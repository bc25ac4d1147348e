using System.Globalization;

namespace FedActors.Cli.Bench;

/// <summary>
/// The settings of hocon/quickstart.conf (MNIST IID, an <c>mlp</c> with 200 hidden units, 2 local epochs at batch 32,
/// 10% label-flipping attackers 1 -> 5, FedAvg) at any size, for the benchmarks that play whole runs; kept here rather
/// than read from hocon/, so that a benchmark runs from any working directory.
/// </summary>
internal static class QuickstartRecipe
{
    /// <summary>
    /// Quickstart with <paramref name="clients"/> clients, <paramref name="perRound"/> of them per round, a tenth of them
    /// attackers (none without <paramref name="attack"/>: every round is plain benign work), <paramref name="rounds"/>
    /// rounds and a generous round timeout (a busy machine must not time clients out). <paramref name="model"/> names
    /// another zoo model in place of the <c>mlp</c> (with its own default shape).
    /// </summary>
    public static string Hocon(string name, int clients, int perRound, int rounds, bool attack = true, string? model = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perRound, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perRound, clients);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            fedactors {
              run { name = {{name}}, rounds = {{rounds}}, clients = {{clients}}, clients-per-round = {{perRound}}, round-timeout = 600s }
              data { name = mnist, partition = iid }
              {{(model is null ? "model { name = mlp, hidden = [200] }" : $"model {{ name = {model} }}")}}
              trainer { local-epochs = 2, batch-size = 32, learning-rate = 0.05, momentum = 0.5 }
              {{(attack ? LabelFlip(clients) : "attack { type = none }")}}
              defense { pipeline = [{ type = fedavg, weighting = samples }] }
            }
            """);
    }

    private static string LabelFlip(int clients) => string.Create(CultureInfo.InvariantCulture, $$"""
        attack {
            type = label-flip
            malicious-clients = {{clients / 10}}
            start-round = 1
            label-flip { source = 1, target = 5, fraction = 1.0 }
          }
        """);
}
