using System.Net;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.TestSupport;
using Npgsql;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>/readyz follows the storage: 503 with the error body while PostgreSQL cannot be reached, 200 again once
/// it can; /healthz stays 200 throughout (the process is alive, so it is not restarted for a database outage).</summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task Ready_is_503_while_PostgreSQL_is_cut_off_and_200_when_it_is_back()
    {
        var database = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync());
        await using var network = new TcpProxy(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = network.Port;
        await using var gateway = await TestGateway.StartAsync(new GatewaySetup
        {
            Settings =
            {
                ["GitIntegration:Storage:Provider"] = "Postgres",
                ["ConnectionStrings:Postgres"] = database.ConnectionString,
            },
        });
        using var client = gateway.Client();
        var ready = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", (await Json.ReadAsync(ready))["status"]!.GetValue<string>());

        network.Cut();
        var notReady = await WaitForAsync(client, HttpStatusCode.ServiceUnavailable);
        var body = await Json.ReadAsync(notReady);
        Assert.Equal(Json.Sorted("message", "detail"), Json.Fields(body));
        Assert.Equal("Not ready.", body["message"]!.GetValue<string>());
        Assert.Contains("storage: PostgreSQL is not reachable.", body["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);

        network.Restore();
        await WaitForAsync(client, HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> WaitForAsync(HttpClient client, HttpStatusCode status)
    {
        var giveUpAt = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            var response = await client.GetAsync("readyz");
            if (response.StatusCode == status)
                return response;
            Assert.True(DateTime.UtcNow < giveUpAt, $"/readyz still answers {(int)response.StatusCode}, not {(int)status}, after {WaitLimit.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
