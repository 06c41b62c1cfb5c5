namespace GitIntegration.Benchmarks.Measure;

public static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values.Order().ToArray(), 0.5);

    /// <summary>Nearest-rank percentile of already sorted values; 0 when there are none.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
            return 0;
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
