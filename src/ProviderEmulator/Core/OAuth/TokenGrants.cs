namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>Dispatches a token endpoint request by grant_type after identifying the client.</summary>
public static class TokenGrants
{
    public static (IssuedTokens? Tokens, OAuthError? Error) Handle(ProviderInstance instance, OAuthParameters p)
    {
        // GitHub's code exchange needs no grant_type (Octokit sends none).
        var grantType = p["grant_type"] ?? (instance.Type == ProviderType.GitHub && p["code"] is not null ? "authorization_code" : null);
        if (grantType is null)
        {
            return (null, new OAuthError(OAuthErrorKind.InvalidRequest, "grant_type"));
        }

        var isDevice = grantType is DeviceCodeGrant.GrantType || (instance.Type == ProviderType.Entra && grantType == "device_code");
        if (grantType is not ("authorization_code" or "refresh_token") && !isDevice)
        {
            return (null, new OAuthError(OAuthErrorKind.UnsupportedGrantType, grantType));
        }

        if (isDevice && !instance.Profile.SupportsDeviceFlow)
        {
            return (null, new OAuthError(OAuthErrorKind.UnsupportedGrantType, grantType));
        }

        if (grantType == "refresh_token" && p["refresh_token"] is { } presented)
        {
            instance.Counters.RefreshTokenPresented(instance.Name, presented);
        }

        var (client, clientError) = ClientAuthentication.Identify(instance, p);
        if (client is null)
        {
            if (grantType == "refresh_token")
            {
                instance.Counters.RefreshFailed(instance.Name);
            }

            return (null, clientError);
        }

        return grantType switch
        {
            "authorization_code" => AuthorizationCodeGrant.Redeem(instance, client, p),
            "refresh_token" => RefreshGrant.Refresh(instance, client, p),
            // Entra historically named the parameter "code"; RFC 8628 says device_code.
            _ => DeviceCodeGrant.Poll(instance, client.App, p["device_code"] ?? p["code"]),
        };
    }
}
