using GitIntegration.Benchmarks;
using GitIntegration.Benchmarks.ApiGateway;
using GitIntegration.Benchmarks.Cluster;
using GitIntegration.Benchmarks.Links;
using GitIntegration.Benchmarks.Reminders;

// Usage: GitIntegration.Benchmarks [suite ...]; suites: grains, links, memory, gateway, telemetry, cluster, reminders (default: all).
// cluster needs GITINTEGRATION_TEST_POSTGRES (bench/run.sh starts a throwaway PostgreSQL).
if (args is [SiloProcess.Command])
{
    await SiloProcess.RunAsync();
    return 0;
}

string[] all = ["grains", "links", "memory", "gateway", "telemetry", "cluster", "reminders"];
var suites = args.Length == 0 ? all : args;
if (suites.Except(all).ToList() is [_, ..] unknown)
{
    Console.Error.WriteLine($"unknown suite(s): {string.Join(", ", unknown)}; suites: {string.Join(", ", all)}");
    return 2;
}
var postgres = Environment.GetEnvironmentVariable("GITINTEGRATION_TEST_POSTGRES");
if (suites.Contains("cluster") && postgres is null)
{
    Console.Error.WriteLine("the cluster suite needs GITINTEGRATION_TEST_POSTGRES (a PostgreSQL server); bench/run.sh starts one");
    return 2;
}

if (suites.Contains("grains"))
    await WarmCallMeasurements.RunAsync();
if (suites.Contains("links"))
    await ExpiredLinkMeasurements.RunAsync();
if (suites.Contains("memory"))
    await ActivationMemoryMeasurements.RunAsync();
if (suites.Contains("gateway"))
    await GatewayBenchmark.RunAsync();
if (suites.Contains("telemetry"))
    await TelemetryBenchmark.RunAsync();
if (suites.Contains("cluster"))
{
    await ClientCallMeasurements.RunAsync(postgres!);
    await GatewayModeMeasurements.RunAsync(postgres!);
}
if (suites.Contains("reminders"))
    await ReminderMeasurements.RunAsync();

Report.Print();
return 0;
