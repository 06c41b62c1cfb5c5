using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Core.Web;

/// <summary>A validated authorization request.</summary>
public sealed record AuthorizeRequest(
    OAuthApp App,
    string? RequestedRedirectUri,
    string RedirectUri,
    string Scope,
    string? State,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? Nonce,
    string? LoginHint);

/// <summary>What to do with an authorize request: show an error page, redirect an error to the client, or proceed.</summary>
public abstract record AuthorizeValidation
{
    public sealed record ErrorPage(string Message) : AuthorizeValidation;

    public sealed record RedirectError(string RedirectUri, string Error, string Description, string? State) : AuthorizeValidation;

    public sealed record Valid(AuthorizeRequest Request) : AuthorizeValidation;
}

public static class AuthorizeValidator
{
    public static AuthorizeValidation Validate(ProviderInstance instance, IQueryCollection query)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) && v.Count > 0 && v[0]!.Length > 0 ? v[0] : null;

        var app = instance.Apps.Find(Get("client_id"));
        if (app is null)
        {
            return new AuthorizeValidation.ErrorPage(Get("client_id") is null ? "client_id is missing." : "The client_id is not registered with this instance.");
        }

        var state = Get("state");
        var requested = Get("redirect_uri");
        string redirect;
        if (requested is not null)
        {
            if (!RedirectUris.Allowed(instance, app, requested))
            {
                // GitHub sends the user back to the registered callback URL with redirect_uri_mismatch.
                return instance.Type == ProviderType.GitHub && app.RedirectUris.Count > 0
                    ? new AuthorizeValidation.RedirectError(app.RedirectUris[0], "redirect_uri_mismatch",
                        "The redirect_uri MUST match the registered callback URL for this application.", state)
                    : new AuthorizeValidation.ErrorPage("The redirect_uri does not match a redirect URI registered for this application.");
            }

            redirect = requested;
        }
        else if (instance.Profile.RedirectUriRequired || app.RedirectUris.Count == 0)
        {
            return new AuthorizeValidation.ErrorPage("redirect_uri is missing.");
        }
        else
        {
            redirect = app.RedirectUris[0];
        }

        if (instance.Profile.ResponseTypeRequired && Get("response_type") != "code")
        {
            return new AuthorizeValidation.RedirectError(redirect, "unsupported_response_type",
                "The authorization server does not support obtaining an authorization code using this method.", state);
        }

        var challenge = Get("code_challenge");
        var method = Get("code_challenge_method");
        if (challenge is null && method is not null)
        {
            return new AuthorizeValidation.RedirectError(redirect, "invalid_request", "code_challenge is required with code_challenge_method.", state);
        }

        if (challenge is not null)
        {
            method ??= "plain";
            if (!instance.Profile.PkceMethods.Contains(method))
            {
                return new AuthorizeValidation.RedirectError(redirect, "invalid_request",
                    $"code_challenge_method '{method}' is not supported; use {string.Join(" or ", instance.Profile.PkceMethods)}.", state);
            }
        }

        var scope = NormalizeScope(Get("scope"));
        if (instance.Type == ProviderType.Entra && scope.Length == 0)
        {
            return new AuthorizeValidation.RedirectError(redirect, "invalid_request",
                "AADSTS900144: The request body must contain the following parameter: 'scope'.", state);
        }

        if (instance.Type == ProviderType.GitHub && app.Kind == AppKind.GitHubApp)
        {
            scope = ""; // GitHub Apps ignore scopes: permissions come from the app
        }

        return new AuthorizeValidation.Valid(new AuthorizeRequest(app, requested, redirect, scope, state, challenge, method,
            Get("nonce"), Get("login") ?? Get("login_hint")));
    }

    /// <summary>Scopes separated by spaces or commas, stored space-separated.</summary>
    public static string NormalizeScope(string? scope) =>
        string.Join(' ', (scope ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries));
}
