using System.Security.Cryptography;
using System.Text;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Benchmarks.Measure;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>
/// Where a credentials request's time goes inside the all-in-one process: each step the endpoint takes, called one
/// after another in this process (no HTTP), against the bare ping grain in the same silo.
/// </summary>
public static class GatewayBreakdown
{
    private const int Rounds = 9;
    private const int CallsPerRound = 10_000;

    public static async Task RunAsync(WebApplication gateway, string sessionKey)
    {
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        var validator = gateway.Services.GetRequiredService<SessionValidator>();
        var providers = gateway.Services.GetRequiredService<IProviderDirectory>();
        var caller = await validator.ValidateAsync(sessionKey) ?? throw new InvalidOperationException("the session key is not valid");
        var linkKey = GrainKeys.Link(caller.UserId!, "github");
        var ping = grains.GetGrain<IPingGrain>("ping");
        var apiKey = GrainKeys.ApiKey(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey))));

        var ns = await AlternatingRounds.MeasureAsync(Rounds, CallsPerRound,
            new("ping", () => ping.PingAsync(1)),
            new("session", () => validator.ValidateAsync(sessionKey)),
            new("hash", () => { _ = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey))); return Task.CompletedTask; }),
            new("apikey", () => grains.GetGrain<IApiKeyGrain>(apiKey).GetAsync()),
            new("user", () => grains.GetGrain<IUserGrain>(caller.UserId!).GetAsync()),
            new("provider", () => providers.MatchAsync("", "github")),
            new("getgrain", () => { grains.GetGrain<IGitLinkGrain>(linkKey); return Task.CompletedTask; }),
            new("token", () => grains.GetGrain<IGitLinkGrain>(linkKey).GetTokenAsync()));
        var baseline = $"{ns["ping"]:N0} ns bare ping grain call, same process";
        Report.Add("  credentials step: session validation (SHA-256, session-key grain, user grain)", $"{ns["session"]:N0} ns", baseline,
            ns["session"] / ns["ping"], "(breakdown)");
        Report.Add("  of which: SHA-256 of the session key, as hex", $"{ns["hash"]:N0} ns", baseline, ns["hash"] / ns["ping"], "(breakdown)");
        Report.Add("  of which: session-key grain GetAsync", $"{ns["apikey"]:N0} ns", baseline, ns["apikey"] / ns["ping"], "(breakdown)");
        Report.Add("  of which: user grain GetAsync", $"{ns["user"]:N0} ns", baseline, ns["user"] / ns["ping"], "(breakdown)");
        Report.Add("  credentials step: GetGrain<IGitLinkGrain>(key) alone, no call", $"{ns["getgrain"]:N0} ns", baseline, ns["getgrain"] / ns["ping"], "(breakdown)");
        Report.Add("  credentials step: link GetTokenAsync, GetGrain included", $"{ns["token"]:N0} ns", baseline, ns["token"] / ns["ping"], "(breakdown)");
        Report.Add("  credentials step: provider lookup (cached directory)", $"{ns["provider"]:N0} ns", baseline, ns["provider"] / ns["ping"], "(breakdown)");
    }
}
