using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GitIntegration.Actors.Hosting;
using GitIntegration.Benchmarks;
using GitIntegration.Benchmarks.Actors;
using GitIntegration.Benchmarks.ApiGateway;
using GitIntegration.Benchmarks.Cluster;
using GitIntegration.Benchmarks.Links;

// Usage: GitIntegration.Benchmarks [suite ...]; suites: actors, links, cluster, gateway (default: all).
var suites = args.Length == 0 ? ["actors", "links", "cluster", "gateway"] : args;
var postgres = Environment.GetEnvironmentVariable("GITINTEGRATION_TEST_POSTGRES");
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);

if (suites.Contains("actors"))
{
    var summary = BenchmarkRunner.Run<GrainCallBenchmarks>(config);
    var direct = summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "DirectCall").ResultStatistics!.Mean;
    var grain = summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "GrainCall").ResultStatistics!.Mean;
    Report.Add("warm grain call", $"{grain:N0} ns ({grain - direct:N0} ns added)", $"{direct:N0} ns direct call", grain / direct, "< 2,000 ns added");
    await ActorMeasurements.ThroughputAsync();
    await ActorMeasurements.MemoryPerActivationAsync();
    await ActorMeasurements.ActivationWithStateLoadAsync(StorageProvider.Sqlite, null);
    if (postgres is not null)
        await ActorMeasurements.ActivationWithStateLoadAsync(StorageProvider.Postgres, await BenchDatabase.CreateAsync(postgres));
}

if (suites.Contains("links"))
{
    // Medians: a short run on a shared machine has outliers that move the mean of one side only.
    var summary = BenchmarkRunner.Run<LinkTokenBenchmarks>(config);
    var noOp = summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "NoOpGrainCall").ResultStatistics!.Median;
    var token = summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "WarmTokenRequest").ResultStatistics!.Median;
    Report.Add("token request on a warm link (median)", $"{token:N0} ns ({token - noOp:N0} ns added)", $"{noOp:N0} ns warm no-op grain call", token / noOp,
        "close to the no-op call");
    await LinkMeasurements.ExpiredLinkBurstAsync();
}

if (suites.Contains("cluster") && postgres is not null)
{
    RemoteCallBenchmarks.Postgres = postgres;
    var summary = BenchmarkRunner.Run<RemoteCallBenchmarks>(config);
    var local = summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "InProcessCall").ResultStatistics!.Mean;
    var remote = summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "RemoteCall").ResultStatistics!.Mean;
    Report.Add("grain call from another process (HTTP/2)", $"{remote / 1000:N1} µs", $"{local / 1000:N2} µs in-process call", remote / local, "one loopback round trip");
    await ReminderMeasurements.ManyRemindersAsync(postgres);
    await ClusterGatewayBenchmark.RunAsync(postgres);
}

if (suites.Contains("gateway"))
    await GatewayBenchmark.RunAsync();

Report.Print();
