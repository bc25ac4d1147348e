using System.Text;
using FedActors.Cli.Run;
using FedActors.Hocon;
using FedActors.Simulation;
using FedActors.Torch;

namespace FedActors.Cli.Worker;

/// <summary>
/// Builds a worker's trainer from a run's recipe (the config.json the coordinator recorded): the same data, loaded from
/// this machine's data cache, registered under the same names as in the run, on the run's trainer device.
/// </summary>
internal static class WorkerTrainers
{
    public static ITrainer Create(byte[] recipe)
    {
        Config config;
        try
        {
            // The recipe carries no secrets, so its cluster section is read as local: this worker needs none of it.
            config = ConfigurationFactory.ParseString("fedactors.cluster.mode = local", "worker")
                .WithFallback(ConfigurationFactory.ParseString(Encoding.UTF8.GetString(recipe), "run recipe"))
                .WithFallback(ConfigLoader.Reference())
                .Resolve();
        }
        catch (HoconException e)
        {
            throw new InvalidOperationException($"the run's recipe is not a configuration this worker can read: {e.Message}");
        }

        return SimulationRunner.LocalTrainerWithData(SimulationSettings.FromConfig(config)).Trainer;
    }
}
