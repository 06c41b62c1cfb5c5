using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>A user made through the gateway's HTTP API, with a session key.</summary>
public sealed record GatewayUser(string UserId, string SessionKey);

/// <summary>Users, links and credentials through the gateway's HTTP API, as an administrator and git see them.</summary>
public static class GatewayUsers
{
    /// <summary>Creates the user and a session key with the admin token, then links the user's account at the
    /// emulated provider by the web flow (<see cref="WebFlowLink"/>).</summary>
    public static async Task<GatewayUser> CreateLinkedAsync(ClusterProcesses cluster, string username)
    {
        using var admin = Client(cluster, cluster.AdminToken);
        using var created = await admin.PostAsJsonAsync("/api/v2/users", new { username, role = "member" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var userId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var key = await admin.PostAsJsonAsync($"/api/v2/users/{userId}/keys", new { token_name = "silo tests" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var user = new GatewayUser(userId, JsonDocument.Parse(await key.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!);
        await WebFlowLink.LinkAsync(cluster.GatewayUrl, user.SessionKey, ClusterProcesses.ProviderId);
        return user;
    }

    /// <summary>GET /api/v2/git/credentials for a repository of the provider: the password git would use.</summary>
    public static async Task<string> GitPasswordAsync(ClusterProcesses cluster, GatewayUser user)
    {
        using var http = Client(cluster, user.SessionKey);
        using var response = await http.GetAsync("/api/v2/git/credentials?url=" + Uri.EscapeDataString("https://git.cluster.test/group/project.git"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("password").GetString()!;
    }

    private static HttpClient Client(ClusterProcesses cluster, string bearer)
    {
        var http = new HttpClient { BaseAddress = new Uri(cluster.GatewayUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return http;
    }
}
