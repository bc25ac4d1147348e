using System.Numerics;

namespace FedActors.Simulation;

/// <summary>
/// Paper 000 Eq. 4: the probability that a sub-model containing malicious updates evades client-side
/// cross-validation, p_evd(K, p, u, e, t) = Σ_{i=1..u} [C(K(1−p), u−i)·C(Kp, i)/C(K, u)] ·
/// [C(Kp−i, t)·C(K(1−p)−u+i, e−t)/C(K−u, e)]: K clients per round of which Kp are malicious, u updates per
/// sub-model, e evaluators per sub-model of which t are malicious. Computed with exact binomials.
/// </summary>
public static class EvasionProbability
{
    public static double Compute(int clients, double maliciousShare, int updatesPerSubModel, int evaluators, int maliciousEvaluators)
    {
        Require(clients >= 1, $"K = {clients} must be at least 1");
        Require(maliciousShare is >= 0 and <= 1, $"p = {maliciousShare} must be in [0, 1]");
        var maliciousExact = clients * maliciousShare;
        var malicious = (int)Math.Round(maliciousExact);
        Require(Math.Abs(maliciousExact - malicious) <= 1e-9, $"K·p = {maliciousExact} must be a whole number of malicious clients");
        Require(updatesPerSubModel >= 1 && updatesPerSubModel <= clients, $"u = {updatesPerSubModel} must be in [1, K = {clients}]");
        Require(evaluators >= 1 && evaluators <= clients - updatesPerSubModel, $"e = {evaluators} must be in [1, K − u = {clients - updatesPerSubModel}]");
        Require(maliciousEvaluators >= 0 && maliciousEvaluators <= evaluators, $"t = {maliciousEvaluators} must be in [0, e = {evaluators}]");

        var benign = clients - malicious;
        var u = updatesPerSubModel;
        var e = evaluators;
        var t = maliciousEvaluators;
        var total = BigInteger.Zero;
        for (var i = 1; i <= u; i++)
        {
            total += Choose(benign, u - i) * Choose(malicious, i) * Choose(malicious - i, t) * Choose(benign - u + i, e - t);
        }

        var denominator = Choose(clients, u) * Choose(clients - u, e);
        return Ratio(total, denominator);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    /// <summary>C(n, k), 0 outside 0 ≤ k ≤ n.</summary>
    public static BigInteger Choose(int n, int k)
    {
        if (k < 0 || n < 0 || k > n)
        {
            return BigInteger.Zero;
        }

        k = Math.Min(k, n - k);
        var result = BigInteger.One;
        for (var j = 1; j <= k; j++)
        {
            result = result * (n - k + j) / j;
        }

        return result;
    }

    private static double Ratio(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.IsZero)
        {
            return 0;
        }

        // Scale so both fit a double's exponent range before dividing.
        var shift = Math.Max(0, (long)denominator.GetBitLength() - 1000);
        return (double)(numerator >> (int)shift) / (double)(denominator >> (int)shift);
    }
}
