using System.Text.Json;
using GitIntegration.Grains.Providers.Configuration;

namespace GitIntegration.ApiGateway.Contracts;

/// <summary>
/// Coder's agentsdk.ExternalAuthResponse, the one object of GET /api/v2/workspaceagents/me/external-auth. When the
/// user must link first only Url is set. TokenExtra is null when the provider keeps no extra token fields.
/// </summary>
public sealed record AgentExternalAuthResponse(
    string AccessToken,
    IReadOnlyDictionary<string, JsonElement>? TokenExtra,
    string Url,
    string Type,
    string Username,
    string Password)
{
    public static AgentExternalAuthResponse LinkRequired(string url) => new("", null, url, "", "", "");

    /// <summary>Coder's createExternalAuthResponse: the username and password git is given over HTTPS, by type.</summary>
    public static AgentExternalAuthResponse ForToken(string type, string token, IReadOnlyDictionary<string, JsonElement>? extra) => type switch
    {
        ProviderTypeNames.GitLab => new(token, extra, "", type, "oauth2", token),
        ProviderTypeNames.BitbucketCloud or ProviderTypeNames.BitbucketServer => new(token, extra, "", type, "x-token-auth", token),
        _ => new(token, extra, "", type, token, ""),
    };
}
