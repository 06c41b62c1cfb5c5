using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using Octokit;
using Octokit.Internal;

namespace GitIntegration.Grains.Providers.GitHub;

/// <summary>
/// GitHub's OAuth calls through Octokit's OAuth client where it has them, and through an Octokit connection by
/// hand where it does not (each such call says why). Errors with HTTP 200 are read by <see cref="GitHubTokens"/>.
/// </summary>
public sealed class GitHubOAuth(ProviderConfig config, ProviderHttp http)
{
    private const int DefaultDeviceInterval = 5;

    private readonly GitHubConnections _github = new(config, http);

    private DateTimeOffset Now => http.Time.GetUtcNow();

    public Task<TokenSet> ExchangeCodeAsync(string code, AuthorizeCompletion completion, CancellationToken cancellationToken) =>
        TokenCallAsync("code exchange", cancellationToken, (client, connection) =>
        {
            if (completion.CodeVerifier is null && config.ClientSecret is not null)
                return client.Oauth.CreateAccessToken(
                    new OauthTokenRequest(config.ClientId, config.ClientSecret, code) { RedirectUri = new Uri(completion.CallbackUrl) }, cancellationToken);
            // By hand: Octokit's OauthTokenRequest has no code_verifier (PKCE) and insists on a client secret.
            return PostFormAsync(connection, cancellationToken, Form(("code", code), ("redirect_uri", completion.CallbackUrl),
                ("code_verifier", completion.CodeVerifier)));
        });

    /// <summary>GitHub App user tokens (and expiring OAuth App tokens): a new pair; the old one stops working.</summary>
    public Task<TokenSet> RenewAsync(string refreshToken, CancellationToken cancellationToken) =>
        TokenCallAsync("refresh", cancellationToken, (client, connection) =>
            config.ClientSecret is not null
                ? client.Oauth.CreateAccessTokenFromRenewalToken(new OauthTokenRenewalRequest(config.ClientId, config.ClientSecret, refreshToken), cancellationToken)
                // By hand: Octokit's renewal request insists on a client secret, which device-flow tokens do not need.
                : PostFormAsync(connection, cancellationToken, Form(("grant_type", "refresh_token"), ("refresh_token", refreshToken))));

    /// <summary>GitHub's device authorization takes only client_id and scope (GitHub Apps ignore the scope).</summary>
    public async Task<DeviceStart> StartDeviceFlowAsync(CancellationToken cancellationToken)
    {
        using var httpClient = _github.NewHttpClient();
        var client = _github.Anonymous(httpClient);
        OauthDeviceFlowResponse? start;
        try
        {
            var request = new OauthDeviceFlowRequest(config.ClientId);
            foreach (var scope in config.Scopes)
                request.Scopes.Add(scope);
            start = await client.Oauth.InitiateDeviceFlow(request, cancellationToken);
        }
        catch (Exception e) when (GitHubTokens.Failure($"{config.Id} device authorization", e, http, cancellationToken) is { } failure)
        {
            throw failure;
        }
        // Octokit's model has no error fields: an error GitHub sends with HTTP 200 shows as a missing device_code.
        if (start is null || string.IsNullOrEmpty(start.DeviceCode) || string.IsNullOrEmpty(start.UserCode) || string.IsNullOrEmpty(start.VerificationUri))
            throw new ProviderTokenException(
                $"{config.Id} device authorization: GitHub's answer has no device_code, user_code or verification_uri (check the client id and that the app allows the device flow).",
                ProviderErrorKind.Transient, ProviderAnswerException.ErrorCode, 200);
        return new DeviceStart(start.DeviceCode, start.UserCode, start.VerificationUri,
            start.ExpiresIn > 0 ? start.ExpiresIn : 900, start.Interval > 0 ? start.Interval : DefaultDeviceInterval);
    }

    /// <summary>One poll, by hand: Octokit's CreateAccessTokenForDeviceFlow loops and sleeps until the user decides,
    /// while the grain polls at the client's pace.</summary>
    public async Task<DevicePoll> PollDeviceFlowAsync(string deviceCode, CancellationToken cancellationToken)
    {
        var answer = await TokenAnswerAsync("device poll", cancellationToken, (_, connection) =>
            PostFormAsync(connection, cancellationToken, Form(("device_code", deviceCode), ("grant_type", OAuth.OAuth2Adapter.DeviceGrantType)),
                withSecret: false));
        if (answer?.Error is { } state && IsPollingState(state))
        {
            var code = state == "token_expired" ? "expired_token" : state;
            // Octokit's model drops GitHub's new interval; slow_down adds 5 s (RFC 8628 §3.5).
            return new DevicePoll(null, code, answer.ErrorDescription, code == "slow_down" ? DefaultDeviceInterval + 5 : DefaultDeviceInterval);
        }
        return new DevicePoll(GitHubTokens.Read($"{config.Id} device poll", answer, Now), null, null, 0);
    }

    /// <summary>DELETE /applications/{client_id}/grant with the app's Basic credentials, by hand: Octokit has the
    /// one-token DELETE .../token but not the grant deletion, which also removes what the app created.</summary>
    public async Task<RevocationResult> DeleteGrantAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var httpClient = _github.NewHttpClient();
        try
        {
            var status = await _github.App(httpClient).Delete(new Uri(config.RevokeUrl!), new { access_token = accessToken });
            return status == System.Net.HttpStatusCode.NoContent
                ? new RevocationResult(true, null)
                : new RevocationResult(false, $"failed to revoke token: HTTP {(int)status}");
        }
        catch (ApiException e) when (e.HttpResponse is { } answer)
        {
            return new RevocationResult(false, $"failed to revoke token: {OctokitFailures.Response(answer).Describe()}");
        }
        catch (Exception e) when (http.Translate($"{config.Id} revoke", e, cancellationToken) is { } failure)
        {
            return new RevocationResult(false, failure.Message);
        }
    }

    private static bool IsPollingState(string? error) =>
        error is "authorization_pending" or "slow_down" or "expired_token" or "token_expired" or "access_denied";

    /// <summary>Runs one token-endpoint call and reads the tokens (<see cref="GitHubTokens"/>).</summary>
    private async Task<TokenSet> TokenCallAsync(string operation, CancellationToken cancellationToken, Func<GitHubClient, IConnection, Task<OauthToken?>> call) =>
        GitHubTokens.Read($"{config.Id} {operation}", await TokenAnswerAsync(operation, cancellationToken, call), Now);

    /// <summary>Runs one token-endpoint call; Octokit's failures become a classified <see cref="ProviderTokenException"/>.</summary>
    private async Task<OauthToken?> TokenAnswerAsync(string operation, CancellationToken cancellationToken, Func<GitHubClient, IConnection, Task<OauthToken?>> call)
    {
        using var httpClient = _github.NewHttpClient();
        var client = _github.Anonymous(httpClient);
        try
        {
            return await call(client, client.Connection);
        }
        catch (Exception e) when (GitHubTokens.Failure($"{config.Id} {operation}", e, http, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>POSTs a form to the configured token URL as Octokit's OAuth client does (form body, Accept JSON),
    /// with the client credentials in the body.</summary>
    private async Task<OauthToken?> PostFormAsync(IConnection connection, CancellationToken cancellationToken,
        IEnumerable<KeyValuePair<string, string>> fields, bool withSecret = true)
    {
        var form = new List<KeyValuePair<string, string>>(fields);
        if (!form.Any(f => f.Key == "client_id"))
            form.Add(new("client_id", config.ClientId));
        if (withSecret && config.ClientSecret is not null)
            form.Add(new("client_secret", config.ClientSecret));
        var response = await connection.Post<OauthToken>(new Uri(config.TokenUrl), new FormUrlEncodedContent(form), "application/json", null,
            cancellationToken: cancellationToken);
        return response.Body;
    }

    private static IEnumerable<KeyValuePair<string, string>> Form(params (string Name, string? Value)[] fields) =>
        fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!));
}
