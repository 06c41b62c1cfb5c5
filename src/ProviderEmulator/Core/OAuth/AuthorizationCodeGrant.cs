namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>grant_type=authorization_code: single use, short-lived codes, redirect_uri and PKCE checks.</summary>
public static class AuthorizationCodeGrant
{
    public static (IssuedTokens? Tokens, OAuthError? Error) Redeem(ProviderInstance instance, ClientCredentials client, OAuthParameters p)
    {
        var value = p["code"];
        if (value is null)
        {
            return Fail(OAuthErrorKind.InvalidRequest, "code is missing");
        }

        lock (instance.Gate)
        {
            var now = instance.Now;
            var code = instance.Codes.Find(value);
            if (code is null || code.ClientId != client.App.ClientId)
            {
                return Fail(OAuthErrorKind.CodeInvalid);
            }

            if (code.Redeemed)
            {
                return Fail(OAuthErrorKind.CodeRedeemed);
            }

            if (now >= code.ExpiresAt)
            {
                return Fail(OAuthErrorKind.CodeExpired);
            }

            if (!RedirectMatches(instance, code, p["redirect_uri"]))
            {
                return Fail(OAuthErrorKind.RedirectUriMismatch);
            }

            if (code.CodeChallenge is not null)
            {
                if (!Pkce.Verify(code.CodeChallenge, code.CodeChallengeMethod ?? "plain", p["code_verifier"]))
                {
                    return Fail(OAuthErrorKind.PkceMismatch);
                }
            }
            else if (!client.App.IsConfidential)
            {
                return Fail(OAuthErrorKind.UnauthorizedClient, "a public client must use PKCE");
            }

            if (client.App.IsConfidential && !client.SecretPresented)
            {
                return Fail(OAuthErrorKind.InvalidClient, "client_secret is missing");
            }

            var account = instance.Accounts.FindById(code.AccountId);
            if (account is null)
            {
                return Fail(OAuthErrorKind.CodeInvalid);
            }

            code.Redeemed = true;
            return (TokenIssuer.IssuePair(instance, client.App, account, code.Scope, viaDevice: false, code.Nonce), null);
        }
    }

    /// <summary>
    /// RFC 6749 §4.1.3: if the authorize request carried redirect_uri, the token request must carry the same.
    /// GitHub and Bitbucket Cloud treat it as optional on the token request but reject a different one.
    /// </summary>
    private static bool RedirectMatches(ProviderInstance instance, AuthorizationCode code, string? given)
    {
        var optional = instance.Type is ProviderType.GitHub or ProviderType.BitbucketCloud;
        if (given is null)
        {
            return optional || code.RequestedRedirectUri is null;
        }

        return given == code.EffectiveRedirectUri;
    }

    private static (IssuedTokens?, OAuthError?) Fail(OAuthErrorKind kind, string? detail = null) => (null, new OAuthError(kind, detail));
}
