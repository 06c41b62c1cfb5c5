using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GitIntegration.Actors.Hosting;
using GitIntegration.Benchmarks;
using GitIntegration.Benchmarks.Actors;

// Usage: GitIntegration.Benchmarks [suite ...]; suites: actors (default: all).
var suites = args.Length == 0 ? ["actors"] : args;
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

Report.Print();
