using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// The math of client-side cross-validation (000 §4): splitting the updates into sub-models, delegating them to
/// evaluators (Algs. 2 and 4), turning evaluators' confusion matrices into report bits, the penalizing coefficient
/// (Eq. 2) and the aggregation (Eq. 3).
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// c(r) of Eq. 2: 1 without reports, else max(v − 4v(r − 1)²/(e − 2)², 0), so c(1) = v and c = 0 from r ≥ e/2.
    /// </summary>
    public static double PenalizingCoefficient(int reports, int evaluators, double v)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(evaluators, 3);
        ArgumentOutOfRangeException.ThrowIfNegative(reports);
        if (reports == 0)
        {
            return 1.0;
        }

        var spread = (evaluators - 2.0) * (evaluators - 2.0);
        return Math.Max(v - (4 * v * (reports - 1) * (reports - 1) / spread), 0);
    }

    /// <summary>
    /// Shuffles positions 0..count−1 with <paramref name="random"/> and cuts them into <paramref name="groups"/>
    /// consecutive parts whose sizes differ by at most one (the first count mod groups parts are the larger).
    /// </summary>
    public static int[][] Split(int count, int groups, StableRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentNullException.ThrowIfNull(random);
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order.AsSpan());
        var result = new int[groups][];
        var start = 0;
        for (var g = 0; g < groups; g++)
        {
            var size = (count / groups) + (g < count % groups ? 1 : 0);
            result[g] = order[start..(start + size)];
            start += size;
        }

        return result;
    }

    /// <summary>The weighted mean of the updates at <paramref name="group"/> (Δ̄_i of sub-model i; all weights 1 in the paper).</summary>
    public static float[] SubModelDelta(IReadOnlyList<float[]> updates, IReadOnlyList<double> weights, IReadOnlyList<int> group)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Count == 0)
        {
            throw new ArgumentException("a sub-model needs at least one update", nameof(group));
        }

        var total = group.Sum(k => weights[k]);
        var sum = new double[updates[group[0]].Length];
        foreach (var k in group)
        {
            var weight = total > 0 ? weights[k] / total : 1.0 / group.Count;
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += weight * updates[k][i];
            }
        }

        return sum.Select(x => (float)x).ToArray();
    }

    /// <summary>
    /// IID delegation (Alg. 2): for each sub-model, <paramref name="evaluators"/> distinct clients of
    /// <paramref name="candidates"/> that did not contribute to it and evaluate fewer than <paramref name="maxLoad"/>
    /// sub-models so far, drawn at random among the least loaded (which keeps the loads even, so a feasible delegation
    /// is rarely missed).
    /// </summary>
    /// <param name="contributors">The client ids inside each sub-model.</param>
    /// <exception cref="ArgumentException">Some sub-model cannot get its evaluators; the message says which and why.</exception>
    public static int[][] DelegateIid(IReadOnlyList<IReadOnlyCollection<int>> contributors, IReadOnlyList<int> candidates, int evaluators, int maxLoad, StableRandom random)
    {
        ArgumentNullException.ThrowIfNull(contributors);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        var load = candidates.ToDictionary(c => c, _ => 0);
        var result = new int[contributors.Count][];
        for (var i = 0; i < contributors.Count; i++)
        {
            var eligible = LeastLoadedFirst(candidates.Where(c => !contributors[i].Contains(c) && load[c] < maxLoad), load, random);
            if (eligible.Count < evaluators)
            {
                throw new ArgumentException(
                    $"cannot delegate sub-model {i} of {contributors.Count}: it needs e = {evaluators} evaluators among the round's " +
                    $"{candidates.Count} clients outside its {contributors[i].Count} contributors with fewer than m = {maxLoad} sub-models " +
                    $"each, but only {eligible.Count} remain; lower sub-models or evaluators, or raise max-load");
            }

            result[i] = eligible.Take(evaluators).ToArray();
            foreach (var c in result[i])
            {
                load[c]++;
            }
        }

        return result;
    }

    /// <summary>
    /// Non-IID delegation (Alg. 4): for each sub-model and each class someone holds, evaluators until
    /// <paramref name="evaluators"/> of its evaluators hold that class, reusing one already chosen for another class it
    /// also holds, never a contributor, each client evaluating at most <paramref name="maxLoad"/> sub-models. Where too
    /// few holders are left, the class gets fewer; <paramref name="shortfall"/> counts the evaluators missing.
    /// </summary>
    /// <param name="holds">Each candidate's class bits (true: it holds at least min-class-samples of that class).</param>
    public static int[][] DelegateNonIid(
        IReadOnlyList<IReadOnlyCollection<int>> contributors,
        IReadOnlyList<int> candidates,
        IReadOnlyDictionary<int, bool[]> holds,
        int evaluators,
        int maxLoad,
        StableRandom random,
        out int shortfall)
    {
        ArgumentNullException.ThrowIfNull(contributors);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(holds);
        ArgumentNullException.ThrowIfNull(random);
        var classes = holds.Values.Select(b => b.Length).DefaultIfEmpty(0).Max();
        var load = candidates.ToDictionary(c => c, _ => 0);
        bool Holds(int client, int j) => holds.TryGetValue(client, out var bits) && j < bits.Length && bits[j];
        shortfall = 0;
        var result = new int[contributors.Count][];
        for (var i = 0; i < contributors.Count; i++)
        {
            var chosen = new List<int>();
            for (var j = 0; j < classes; j++)
            {
                if (!candidates.Any(c => Holds(c, j)))
                {
                    continue;
                }

                var need = evaluators - chosen.Count(c => Holds(c, j));
                if (need <= 0)
                {
                    continue;
                }

                var eligible = LeastLoadedFirst(candidates.Where(c => Holds(c, j) && !contributors[i].Contains(c) && !chosen.Contains(c) && load[c] < maxLoad), load, random);
                var taken = eligible.Take(need).ToList();
                shortfall += need - taken.Count;
                foreach (var c in taken)
                {
                    chosen.Add(c);
                    load[c]++;
                }
            }

            result[i] = [.. chosen];
        }

        return result;
    }

    /// <summary>The sub-model count of non-IID delegation: min over held classes of their holders (Alg. 4), capped by <paramref name="cap"/>, at least 1.</summary>
    public static int NonIidSubModels(IEnumerable<bool[]> holds, int cap)
    {
        ArgumentNullException.ThrowIfNull(holds);
        var bits = holds.ToList();
        var classes = bits.Select(b => b.Length).DefaultIfEmpty(0).Max();
        var counts = Enumerable.Range(0, classes).Select(j => bits.Count(b => j < b.Length && b[j])).Where(n => n > 0).ToList();
        return Math.Max(1, Math.Min(cap, counts.Count == 0 ? cap : counts.Min()));
    }

    /// <summary>The class bits an evaluator reports about its data: true for each class with at least <paramref name="minSamples"/> samples.</summary>
    public static bool[] ClassBits(ConfusionMatrix confusion, int minSamples)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        return Enumerable.Range(0, confusion.Classes).Select(j => confusion.RowTotal(j) >= minSamples).ToArray();
    }

    /// <summary>
    /// r_i under non-IID delegation: per class, how many of the sub-model's evaluators report a drop on that class; the
    /// largest of those counts. <b>Reading:</b> Alg. 4 has e holders evaluate each class, and Eq. 2 is stated for e
    /// evaluators, so reports are counted per class; counting every evaluator's report together would put a
    /// sub-model's ~e·classes evaluators against Eq. 2's e and zero almost every coefficient.
    /// </summary>
    public static int ReportsPerClass(IEnumerable<bool[]> evaluatorBits)
    {
        ArgumentNullException.ThrowIfNull(evaluatorBits);
        var counts = new Dictionary<int, int>();
        foreach (var bits in evaluatorBits)
        {
            for (var j = 0; j < bits.Length; j++)
            {
                if (bits[j])
                {
                    counts[j] = counts.GetValueOrDefault(j) + 1;
                }
            }
        }

        return counts.Count == 0 ? 0 : counts.Values.Max();
    }

    /// <summary>
    /// An evaluator's report bits on a sub-model: for each class it has at least <paramref name="minSamples"/> samples of,
    /// true when the sub-model's accuracy on that class is below the global model's by more than <paramref name="classDrop"/>.
    /// </summary>
    public static bool[] ReportBits(ConfusionMatrix global, ConfusionMatrix subModel, int minSamples, double classDrop)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(subModel);
        return Enumerable.Range(0, global.Classes)
            .Select(j => global.RowTotal(j) >= minSamples && j < subModel.Classes && subModel.RowTotal(j) > 0
                && global.ClassAccuracy(j) - subModel.ClassAccuracy(j) > classDrop)
            .ToArray();
    }

    /// <summary>
    /// Eq. 3: w + (1/d) Σ c_i Δ̄_i, or with <paramref name="normalize"/> w + Σ c_i Δ̄_i / Σ c_i (w itself when every c_i is 0).
    /// </summary>
    public static float[] Aggregate(float[] global, IReadOnlyList<float[]> subModelDeltas, IReadOnlyList<double> coefficients, bool normalize)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(subModelDeltas);
        ArgumentNullException.ThrowIfNull(coefficients);
        var denominator = Denominator(coefficients, normalize);
        var sum = new double[global.Length];
        for (var i = 0; i < subModelDeltas.Count && denominator > 0; i++)
        {
            for (var x = 0; x < sum.Length; x++)
            {
                sum[x] += coefficients[i] * subModelDeltas[i][x];
            }
        }

        return global.Select((w, x) => denominator > 0 ? (float)(w + (sum[x] / denominator)) : w).ToArray();
    }

    /// <summary>What Eq. 3 divides Σ c_i Δ̄_i by: d, or Σ c_i with <paramref name="normalize"/>.</summary>
    public static double Denominator(IReadOnlyList<double> coefficients, bool normalize)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        return normalize ? coefficients.Sum() : coefficients.Count;
    }

    private static List<int> LeastLoadedFirst(IEnumerable<int> eligible, IReadOnlyDictionary<int, int> load, StableRandom random)
    {
        var shuffled = eligible.ToArray();
        random.Shuffle(shuffled.AsSpan());
        return [.. shuffled.OrderBy(c => load[c])]; // a stable sort: ties stay in their random order
    }
}
