using System.Net.Http.Headers;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Core.Api;

public enum CredentialScheme
{
    None,
    Bearer,
    /// <summary>"Authorization: token X" (GitHub, Gitea).</summary>
    Token,
    Basic,
    /// <summary>GitLab's PRIVATE-TOKEN header.</summary>
    PrivateToken,
    OAuth1,
}

/// <summary>The credential an API request carries, before any lookup.</summary>
public sealed record ApiCredential(CredentialScheme Scheme, string? Token, string? User = null)
{
    public static ApiCredential Read(HttpRequest request)
    {
        if (request.Headers.TryGetValue("PRIVATE-TOKEN", out var privateToken) && privateToken.Count > 0)
        {
            return new ApiCredential(CredentialScheme.PrivateToken, privateToken.ToString());
        }

        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return new ApiCredential(CredentialScheme.None, null);
        }

        if (header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase))
        {
            return new ApiCredential(CredentialScheme.OAuth1, null);
        }

        if (!AuthenticationHeaderValue.TryParse(header, out var parsed) || string.IsNullOrEmpty(parsed.Parameter))
        {
            return new ApiCredential(CredentialScheme.None, null);
        }

        return parsed.Scheme.ToLowerInvariant() switch
        {
            "bearer" => new ApiCredential(CredentialScheme.Bearer, parsed.Parameter),
            "token" => new ApiCredential(CredentialScheme.Token, parsed.Parameter),
            "basic" => FromBasic(request),
            _ => new ApiCredential(CredentialScheme.None, null),
        };
    }

    private static ApiCredential FromBasic(HttpRequest request)
    {
        var (user, password) = OAuthParameters.ReadBasic(request);
        return user is null ? new ApiCredential(CredentialScheme.None, null) : new ApiCredential(CredentialScheme.Basic, password, user);
    }

    /// <summary>Git-style Basic: the token is the password, or the username when the password is empty or "x-oauth-basic".</summary>
    public string? TokenFromBasicEitherHalf() =>
        string.IsNullOrEmpty(Token) || Token == "x-oauth-basic" ? User : Token;
}
