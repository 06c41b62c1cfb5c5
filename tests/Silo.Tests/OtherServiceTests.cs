using GitIntegration.Grains.Interfaces;
using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests;

/// <summary>
/// Another .NET service calls the grains directly (SPEC section 9): samples/TokenClient, a process of its own with
/// nothing of the product but the grain interfaces and the Orleans client, against two silo processes.
/// </summary>
public sealed class OtherServiceTests
{
    [PostgresFact]
    public async Task The_sample_gets_through_the_Orleans_client_the_token_the_gateway_hands_to_git()
    {
        await using var cluster = await ClusterProcesses.CreateAsync();
        await cluster.AddSilosAsync(2);
        await cluster.StartGatewayAsync();
        var user = await GatewayUsers.CreateLinkedAsync(cluster, "alice");
        var served = await GatewayUsers.GitPasswordAsync(cluster, user);

        var sample = await TokenClientSample.RunAsync(cluster, user.UserId);

        Assert.True(sample.ExitCode == 0, sample.Output);
        Assert.Equal(served, sample.LastLine);

        var stranger = await TokenClientSample.RunAsync(cluster, GrainKeys.NewUserId());
        Assert.Equal(2, stranger.ExitCode);
        Assert.Equal("NotLinked: not linked", stranger.LastLine);
    }
}
