using System.Diagnostics;
using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// A silo process (tests/LinkTestHost) refreshes an expired link and is killed with Process.Kill the moment the
/// rotated pair is in storage, before it hands the token to anyone. The next silo on the same SQLite file must use
/// the new pair and never present the spent refresh token again.
/// </summary>
public sealed class CrashAfterRefreshTests
{
    private const string Signal = "ROTATED-TOKEN-PERSISTED";

    [Fact]
    public async Task A_silo_killed_right_after_persisting_a_refresh_comes_back_with_the_new_token()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab", accessTokenSeconds: 6, links: ("RefreshMarginFraction", "0.01"));
        await scenario.StartSiloAsync();
        var linked = await scenario.LinkUserAsync();
        var first = await scenario.Link.GetTokenAsync();
        await scenario.StopSiloAsync();
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new InstanceSettingsDto(AccessTokenLifetimeSeconds: 3600));
        await LinkScenario.WaitUntilPastAsync(linked.Status.ExpiresAt!.Value);

        await RunUntilRotatedThenKillAsync(scenario);

        Assert.Equal(new RefreshOutcomeCount(scenario.Provider.Instance, 1, 0), await scenario.RefreshesAsync());
        Assert.False((await scenario.Client.IntrospectAsync(first.AccessToken!)).Active); // GitLab killed the old pair

        await scenario.StartSiloAsync();
        var after = await scenario.Link.GetTokenAsync();

        Assert.Equal(TokenOutcome.Valid, after.Outcome);
        Assert.NotEqual(first.AccessToken, after.AccessToken);
        Assert.True((await scenario.Client.IntrospectAsync(after.AccessToken!)).Active);
        Assert.False((await scenario.Link.GetStatusAsync(refresh: true)).NeedsReauthentication);
        Assert.Equal(new RefreshOutcomeCount(scenario.Provider.Instance, 1, 0), await scenario.RefreshesAsync());
        var presented = Assert.Single(await scenario.RefreshTokenPresentationsAsync());
        Assert.Equal(1, presented.Presented); // the spent refresh token was presented once, by the killed process
    }

    private static async Task RunUntilRotatedThenKillAsync(LinkScenario scenario)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GitIntegration.LinkTestHost.dll"));
        start.ArgumentList.Add("--SqlitePath");
        start.ArgumentList.Add(scenario.Store.SqlitePath);
        start.ArgumentList.Add("--SiloPort");
        start.ArgumentList.Add(TestSupport.FreePort.Next().ToString());
        start.ArgumentList.Add("--ServiceId");
        start.ArgumentList.Add(TestSilo.ServiceId);
        start.ArgumentList.Add("--Link");
        start.ArgumentList.Add(scenario.LinkKey);
        // Configuration (encryption key included) goes through the environment, as in a deployment.
        foreach (var (key, value) in scenario.Settings)
            start.Environment[key.Replace(":", "__")] = value;
        for (var i = 0; i < scenario.Keys.Count; i++)
            start.Environment[$"GitIntegration__EncryptionKeys__{i}"] = scenario.Keys[i];

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = new List<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                output.Add(line);
                if (line == Signal)
                    break;
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.True(output.Contains(Signal), $"The test host never persisted a rotation. Output: {string.Join(" | ", output)} Errors: {await errors}");
    }
}
