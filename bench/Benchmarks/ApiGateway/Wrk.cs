using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>One wrk run's figures.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors)
{
    /// <summary>For a median: each round's requests per second, to show the spread.</summary>
    public double[] Rounds { get; init; } = [];

    public override string ToString() => $"{RequestsPerSecond:N0} req/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.00} ms"
        + (Rounds.Length > 1 ? $" (rounds {string.Join("/", Rounds.Select(r => r.ToString("N0")))})" : "");
}

/// <summary>Runs /usr/bin/wrk with latency percentiles and reads its report.</summary>
public static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(string url, TimeSpan duration, int connections, IReadOnlyDictionary<string, string> headers)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency" })
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in headers)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add($"{name}: {value}");
        }
        start.ArgumentList.Add(url);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; install it (apt package wrk).");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed: {await process.StandardError.ReadToEndAsync()}");
        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        var rate = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(rate, Percentile(output, "50%"), Percentile(output, "99%"), errors);
    }

    private static double Percentile(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NonSuccess();
}
