namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>Who the client is and whether it proved it, from HTTP Basic or client_id/client_secret parameters.</summary>
public sealed record ClientCredentials(OAuthApp App, bool SecretPresented);

public static class ClientAuthentication
{
    /// <summary>
    /// Identifies the app. A presented secret must be right; whether a secret is required depends on the grant
    /// and is decided by the caller.
    /// </summary>
    public static (ClientCredentials? Client, OAuthError? Error) Identify(ProviderInstance instance, OAuthParameters p)
    {
        var bodyId = p["client_id"];
        var bodySecret = p["client_secret"];
        if (p.UsedBasic && bodyId is not null && !SameValue(p.BasicUser!, bodyId))
        {
            return (null, new OAuthError(OAuthErrorKind.InvalidRequest, "client_id in request body inconsistent with Authorization header"));
        }

        if (p.UsedBasic && bodySecret is not null && !SameValue(p.BasicPassword!, bodySecret))
        {
            return (null, new OAuthError(OAuthErrorKind.InvalidRequest, "client_secret in request body inconsistent with Authorization header"));
        }

        var id = p.UsedBasic ? p.BasicUser : bodyId;
        if (string.IsNullOrEmpty(id))
        {
            return (null, new OAuthError(OAuthErrorKind.InvalidClient, "client_id is missing"));
        }

        var app = instance.Apps.Find(id) ?? instance.Apps.Find(Unescape(id));
        if (app is null)
        {
            return (null, new OAuthError(OAuthErrorKind.UnknownClient, id));
        }

        if (MethodRefusal(app, p) is { } refusal)
        {
            return (null, refusal);
        }

        var secret = p.UsedBasic ? p.BasicPassword : bodySecret;
        if (string.IsNullOrEmpty(secret))
        {
            return (new ClientCredentials(app, false), null);
        }

        return app.SecretMatches(secret) || app.SecretMatches(Unescape(secret))
            ? (new ClientCredentials(app, true), null)
            : (null, new OAuthError(OAuthErrorKind.InvalidClient, "invalid client secret"));
    }

    /// <summary>A client registered with one method must use it: the other, or none, is invalid_client (RFC 6749 §5.2).</summary>
    private static OAuthError? MethodRefusal(OAuthApp app, OAuthParameters p)
    {
        var usedPost = !p.UsedBasic && p["client_secret"] is not null;
        return app.TokenEndpointAuthMethod switch
        {
            "client_secret_basic" when !p.UsedBasic =>
                new OAuthError(OAuthErrorKind.InvalidClient, "this client authenticates with client_secret_basic (HTTP Basic)"),
            "client_secret_post" when !usedPost =>
                new OAuthError(OAuthErrorKind.InvalidClient, "this client authenticates with client_secret_post (client_secret in the form body)"),
            _ => null,
        };
    }

    private static bool SameValue(string basic, string body) => basic == body || Unescape(basic) == body;

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
