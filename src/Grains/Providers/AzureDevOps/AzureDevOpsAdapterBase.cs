using System.Net.Http.Headers;
using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Providers.AzureDevOps;

/// <summary>
/// What both Azure DevOps flavours share: the profile API as who-am-I, personal access tokens sent as Basic with
/// an empty user name, and git's "any user name, token as password". Azure DevOps has no public API for a user's
/// SSH keys, so keys are added by hand (SupportsSshKeys is false) and repositories are not listed.
/// </summary>
public abstract class AzureDevOpsAdapterBase(ProviderConfig config, ProviderHttp http) : OAuth2Adapter(config, http)
{
    public const string PersonalTokenUsername = "pat";

    protected override void Authorize(HttpRequestMessage request, TokenSet tokens) =>
        request.Headers.Authorization = tokens.Kind == TokenKind.PersonalToken
            ? Basic("", tokens.AccessToken)
            : new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

    /// <summary>GET _apis/profile/profiles/me: id, displayName, emailAddress, publicAlias.</summary>
    protected override Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Json() is not { ValueKind: JsonValueKind.Object } profile || profile.Text("id") is not { } id)
            return Task.FromResult<ExternalAccount?>(null);
        var login = profile.Text("emailAddress") ?? profile.Text("publicAlias") ?? id;
        return Task.FromResult<ExternalAccount?>(new ExternalAccount(id, login, profile.Text("displayName"), profile.Text("emailAddress")));
    }

    public override GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) =>
        new(tokens.Username ?? (tokens.Kind == TokenKind.PersonalToken ? PersonalTokenUsername : account?.Login ?? PersonalTokenUsername), tokens.AccessToken);
}
