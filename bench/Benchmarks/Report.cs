namespace GitIntegration.Benchmarks;

/// <summary>Collects figures with their same-run baselines and prints them as one table at the end.</summary>
public static class Report
{
    private static readonly List<(string Name, string Value, string Baseline, string Ratio, string Target)> Rows = [];

    public static void Add(string name, string value, string baseline, double ratio, string target)
    {
        Rows.Add((name, value, baseline, ratio.ToString("0.00") + "x", target));
        Console.WriteLine($"[bench] {name}: {value} (baseline {baseline}, ratio {ratio:0.00}x; target {target})");
    }

    public static void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| benchmark | measured | baseline (same run) | ratio | target |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var row in Rows)
            Console.WriteLine($"| {row.Name} | {row.Value} | {row.Baseline} | {row.Ratio} | {row.Target} |");
    }
}
