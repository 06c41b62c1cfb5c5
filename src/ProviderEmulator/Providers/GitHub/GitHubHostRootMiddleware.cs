using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>
/// Octokit addresses GitHub at a host root: its OAuth client posts to /login/oauth/access_token and
/// /login/device/code on the API host with the path stripped, and GitHubClient(header, uri) puts an Enterprise API
/// at /api/v3/. The emulator keeps instances side by side under /{instance}, so a request to one of those root
/// paths is sent to the GitHub instance that knows its client_id (OAuth) or its token (REST), as github.com knows
/// its apps and tokens. Runs before routing.
/// </summary>
public sealed class GitHubHostRootMiddleware(RequestDelegate next, EmulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (IsRootPath(path) && await FindInstanceAsync(context, path) is { } instance)
        {
            context.Request.Path = "/" + instance.Name + path;
        }

        await next(context);
    }

    private bool IsRootPath(string path)
    {
        var first = path.TrimStart('/').Split('/')[0];
        return state.Find(first) is null &&
               (path is "/login/oauth/access_token" or "/login/device/code" || path.StartsWith("/api/v3/", StringComparison.Ordinal));
    }

    private async Task<ProviderInstance?> FindInstanceAsync(HttpContext context, string path)
    {
        var gitHubs = state.All().Where(i => i.Type == ProviderType.GitHub).ToList();
        if (path.StartsWith("/login/", StringComparison.Ordinal))
        {
            var clientId = await ClientIdAsync(context.Request);
            return gitHubs.FirstOrDefault(i => i.Apps.Find(clientId) is not null);
        }

        const string applications = "/api/v3/applications/";
        if (path.StartsWith(applications, StringComparison.Ordinal))
        {
            var clientId = Uri.UnescapeDataString(path[applications.Length..].Split('/')[0]);
            return gitHubs.FirstOrDefault(i => i.Apps.Find(clientId) is not null);
        }

        var token = GitHubApi.TokenOf(ApiCredential.Read(context.Request));
        return token is null ? null : gitHubs.FirstOrDefault(i => i.Tokens.Find(token) is not null);
    }

    private static async Task<string?> ClientIdAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return Core.OAuth.OAuthParameters.ReadBasic(request).User;
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        return form["client_id"].ToString() is { Length: > 0 } id ? id : Core.OAuth.OAuthParameters.ReadBasic(request).User;
    }
}
