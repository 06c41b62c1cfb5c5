namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>RFC 7009 token revocation.</summary>
public static class TokenRevocation
{
    /// <summary>
    /// Revokes the token if it belongs to the authenticated client. An unknown token is not an error (RFC 7009 §2.2).
    /// Revoking a refresh token also revokes its access token; <paramref name="revokePairAlways"/> makes revoking an
    /// access token revoke its refresh token too (GitLab/Doorkeeper keep both in one grant row).
    /// </summary>
    public static OAuthError? Revoke(ProviderInstance instance, OAuthParameters p, bool revokePairAlways)
    {
        var (client, error) = ClientAuthentication.Identify(instance, p);
        if (client is null)
        {
            return error!.Kind == OAuthErrorKind.UnknownClient ? new OAuthError(OAuthErrorKind.InvalidClient) : error;
        }

        if (client.App.IsConfidential && !client.SecretPresented)
        {
            return new OAuthError(OAuthErrorKind.InvalidClient, "client authentication is required");
        }

        var value = p["token"];
        if (value is null)
        {
            return new OAuthError(OAuthErrorKind.InvalidRequest, "token is missing");
        }

        var token = instance.Tokens.Find(value);
        if (token is null || token.Kind is not (TokenKind.Access or TokenKind.Refresh))
        {
            return null;
        }

        if (token.ClientId != client.App.ClientId)
        {
            return new OAuthError(OAuthErrorKind.UnauthorizedClient, "You are not authorized to revoke this token");
        }

        instance.Tokens.Revoke(token, instance.Now, withPair: revokePairAlways || token.Kind == TokenKind.Refresh);
        return null;
    }
}
