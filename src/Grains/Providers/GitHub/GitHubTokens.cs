using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;
using Octokit;

namespace GitIntegration.Grains.Providers.GitHub;

/// <summary>
/// GitHub's token endpoint answers through Octokit: OAuth errors come with HTTP 200 in <see cref="OauthToken.Error"/>
/// (Octokit does not throw for them), so the error is checked before anything else.
/// </summary>
public static class GitHubTokens
{
    public static TokenSet Read(string operation, OauthToken? token, DateTimeOffset now)
    {
        if (token is null)
            throw new ProviderTokenException($"{operation}: the answer is not JSON (empty, or another content type).",
                ProviderErrorKind.Transient, ProviderAnswerException.ErrorCode, 200);
        if (token.Error is { Length: > 0 } error)
            throw new ProviderTokenException(
                $"{operation} failed: {error}{(string.IsNullOrEmpty(token.ErrorDescription) ? "" : " (" + token.ErrorDescription + ")")}, HTTP 200.",
                TokenResponses.Classify(200, error), error, 200);
        if (string.IsNullOrEmpty(token.AccessToken))
            throw new ProviderTokenException($"{operation}: the answer (HTTP 200) has no access_token.",
                ProviderErrorKind.Transient, ProviderAnswerException.ErrorCode, 200);
        return new TokenSet
        {
            AccessToken = token.AccessToken,
            RefreshToken = string.IsNullOrEmpty(token.RefreshToken) ? null : token.RefreshToken,
            ExpiresAt = token.ExpiresIn > 0 ? now.AddSeconds(token.ExpiresIn) : null,
            RefreshTokenExpiresAt = token.RefreshTokenExpiresIn > 0 ? now.AddSeconds(token.RefreshTokenExpiresIn) : null,
            Scopes = token.Scope is { Count: > 0 } scopes ? string.Join(',', scopes) : null,
        };
    }

    /// <summary>A failed OAuth call as a classified <see cref="ProviderTokenException"/>; null when the exception is not the provider's doing.</summary>
    public static ProviderTokenException? Failure(string operation, Exception error, ProviderHttp http, CancellationToken cancellationToken)
    {
        if (error is ApiException { HttpResponse: { } answer })
        {
            var response = OctokitFailures.Response(answer);
            try
            {
                TokenResponses.ThrowIfError(response, TokenResponses.Fields(response), operation, http.Time.GetUtcNow());
            }
            catch (ProviderTokenException refusal)
            {
                return refusal;
            }
        }
        return http.Translate(operation, error, cancellationToken) is { } failure
            ? new ProviderTokenException(failure.Message, ProviderErrorKind.Transient,
                failure is ProviderAnswerException ? ProviderAnswerException.ErrorCode : null, inner: failure)
            : null;
    }
}
