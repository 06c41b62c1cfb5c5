using System.Net.Http.Headers;
using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests;

public sealed class ClusterSpreadTests
{
    private const int Links = 10_000;

    [PostgresFact]
    public async Task Three_silos_and_a_gateway_spread_ten_thousand_links_each_silo_owning_a_third()
    {
        await using var cluster = await ClusterProcesses.CreateAsync();
        for (var i = 0; i < 3; i++)
            await cluster.AddSiloAsync();
        await cluster.StartGatewayAsync();
        await ClusterProcesses.WaitUntilAsync(async () => (await cluster.StatusesAsync()).All(s => s?.Partitions is 341 or 342), "a third of the partitions each");
        var pat = (await cluster.Emulator.Client.IssuePersonalAccessTokenAsync(ClusterProcesses.ProviderId, "octo")).Token;

        // 10,000 users, each linked by personal token, made through the client library as another service would.
        var users = new LinkedUser[Links];
        await Parallel.ForAsync(0, Links, new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, _) =>
        {
            var userId = GrainKeys.NewUserId();
            Assert.True(await cluster.Grains.GetGrain<IUsernameGrain>($"spread{i}").ClaimAsync(userId));
            await cluster.Grains.GetGrain<IUserGrain>(userId).CreateAsync($"spread{i}", Roles.Member);
            await LinkSetup.LinkByPersonalTokenAsync(cluster.Grains, new LinkedUser(userId, ""), pat);
            users[i] = new LinkedUser(userId, "");
        });

        var statuses = await cluster.StatusesAsync();
        Assert.Equal(1024, statuses.Sum(s => s!.Partitions));
        var activations = statuses.Select(s => s!.Activations).ToList();
        var total = activations.Sum();
        Assert.True(total >= 2 * Links, $"{total} activations for {Links} users and links");
        Assert.All(activations, a => Assert.InRange(a, total * 0.28, total * 0.39)); // about a third each

        // Through the gateway: a sample of the users sees its link as authenticated.
        using var http = new HttpClient { BaseAddress = new Uri(cluster.GatewayUrl) };
        foreach (var user in users.Take(20))
        {
            var key = await cluster.Grains.GetGrain<IUserGrain>(user.UserId).CreateApiKeyAsync(new CreateApiKeyRequest("spread", null));
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v2/external-auth/{ClusterProcesses.ProviderId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
            using var response = await http.SendAsync(request);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(body.GetProperty("authenticated").GetBoolean(), body.ToString());
            Assert.Equal("octo", body.GetProperty("user").GetProperty("login").GetString());
        }
    }
}
