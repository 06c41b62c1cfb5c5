using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Core.Web;

/// <summary>
/// The consent screen every provider shows at its authorize URL. GET shows it (or, with auto-approve on, redirects
/// straight back with a code); the form posts back to the same URL, query included.
/// </summary>
public static class AuthorizeEndpoint
{
    public static IResult Get(HttpContext context, ProviderInstance instance)
    {
        var validation = AuthorizeValidator.Validate(instance, context.Request.Query);
        if (validation is not AuthorizeValidation.Valid { Request: var request })
        {
            return Reject(instance, validation);
        }

        if (instance.Settings.AutoApprove is { } login)
        {
            var account = instance.Accounts.FindByLogin(login);
            return account is null
                ? Html.Error("Sign-in failed", $"auto_approve names the account '{login}', which does not exist on this instance.")
                : Results.Redirect(Approve(instance, request, account));
        }

        return Page(instance, request);
    }

    public static async Task<IResult> Post(HttpContext context, ProviderInstance instance)
    {
        var validation = AuthorizeValidator.Validate(instance, context.Request.Query);
        if (validation is not AuthorizeValidation.Valid { Request: var request })
        {
            return Reject(instance, validation);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["decision"] != "approve")
        {
            return Results.Redirect(Deny(instance, request));
        }

        var account = Html.ChosenAccount(instance, form);
        return account is null ? Page(instance, request, "Choose an account.") : Results.Redirect(Approve(instance, request, account));
    }

    /// <summary>Issues a single-use code for the account and returns the redirect back to the client.</summary>
    public static string Approve(ProviderInstance instance, AuthorizeRequest request, Account account)
    {
        var code = new AuthorizationCode
        {
            Value = TokenValues.AuthorizationCode(instance.Type),
            ClientId = request.App.ClientId,
            AccountId = account.Id,
            RequestedRedirectUri = request.RequestedRedirectUri,
            EffectiveRedirectUri = request.RedirectUri,
            Scope = request.Scope,
            CodeChallenge = request.CodeChallenge,
            CodeChallengeMethod = request.CodeChallengeMethod,
            Nonce = request.Nonce,
            ExpiresAt = instance.Now + TokenLifetimes.AuthorizationCode(instance),
        };
        instance.Codes.Add(code);
        return RedirectUris.WithQuery(request.RedirectUri, [("code", code.Value), ("state", request.State)]);
    }

    public static string Deny(ProviderInstance instance, AuthorizeRequest request) =>
        RedirectUris.WithQuery(request.RedirectUri,
            [("error", "access_denied"), ("error_description", instance.Profile.DenyDescription), ("state", request.State)]);

    private static IResult Reject(ProviderInstance instance, AuthorizeValidation validation) => validation switch
    {
        AuthorizeValidation.RedirectError e => Results.Redirect(RedirectUris.WithQuery(e.RedirectUri,
            [("error", e.Error), ("error_description", e.Description), ("state", e.State)])),
        AuthorizeValidation.ErrorPage e => Html.Error($"{instance.Profile.DisplayName}: authorization failed", e.Message),
        _ => Html.Error("Authorization failed", "Unexpected request."),
    };

    private static IResult Page(ProviderInstance instance, AuthorizeRequest request, string? error = null)
    {
        var scope = request.Scope.Length == 0 ? "" :
            $"<p class=\"muted\">Requested scopes: <span id=\"scopes\">{Html.Encode(request.Scope)}</span></p>";
        var errorHtml = error is null ? "" : $"<p id=\"error\" class=\"error\">{Html.Encode(error)}</p>";
        var body =
            $"<h1 id=\"title\">Authorize <span id=\"app-name\">{Html.Encode(request.App.Name)}</span></h1>" +
            $"<p><strong>{Html.Encode(request.App.Name)}</strong> wants to access your {Html.Encode(instance.Profile.DisplayName)} account " +
            $"on <span id=\"instance\">{Html.Encode(instance.Name)}</span>.</p>{scope}{errorHtml}" +
            "<form id=\"authorize-form\" method=\"post\">" +
            Html.AccountChooser(instance, request.LoginHint ?? instance.Accounts.All().FirstOrDefault()?.Login) +
            Html.Buttons + "</form>" +
            $"<p class=\"muted\">You will be redirected to <span id=\"redirect-uri\">{Html.Encode(request.RedirectUri)}</span>.</p>";
        return Html.Page($"Authorize {request.App.Name}", body);
    }
}
