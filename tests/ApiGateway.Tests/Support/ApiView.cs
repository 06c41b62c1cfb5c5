using System.Text;

namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>
/// What the API shows of the provider catalog and of some users (profile, keys, SSH key, links), to prove a run of
/// requests stored nothing. Read through the API, not the tables, so it holds whatever the storage is.
/// </summary>
public static class ApiView
{
    public static async Task<string> TakeAsync(TestGateway gateway, params TestUser[] users)
    {
        var view = new StringBuilder();
        foreach (var path in new[] { "api/v2/admin/external-auth", "api/v2/admin/ssh" })
            view.AppendLine(await gateway.Admin.GetStringAsync(path));
        foreach (var user in users)
        {
            foreach (var path in new[] { "", "/keys", "/gitsshkey" })
                view.AppendLine(await gateway.Admin.GetStringAsync($"api/v2/users/{user.Username}{path}"));
            view.AppendLine(await user.Api.GetStringAsync("api/v2/external-auth"));
        }
        return view.ToString();
    }
}
