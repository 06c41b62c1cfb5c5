using System.Text;
using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.OAuth1;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketServer;

/// <summary>
/// OAuth 1.0a application links (Bitbucket Server 7.19 and older): request token, user authorization, access token.
/// Every request is RSA-SHA1 signed with the consumer's private key and checked against its registered public key.
/// </summary>
public static class BitbucketServerOAuth1Endpoints
{
    private static readonly TimeSpan RequestTokenLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromDays(5 * 365);

    public static void Map(RouteGroupBuilder server)
    {
        server.MapMethods("/plugins/servlet/oauth/request-token", ["GET", "POST"], RequestToken).Named("oauth1_request_token");
        server.MapGet("/plugins/servlet/oauth/authorize", Authorize).Named("oauth1_authorize");
        server.MapPost("/plugins/servlet/oauth/authorize", Decide).Named("oauth1_authorize");
        server.MapMethods("/plugins/servlet/oauth/access-token", ["GET", "POST"], AccessToken).Named("oauth1_access_token");
    }

    private static async Task<IResult> RequestToken(HttpContext context, ProviderInstance instance)
    {
        var check = await OAuth1Verifier.VerifyAsync(context, instance);
        if (!check.Ok)
        {
            return Problem(context, check.Problem!);
        }

        var token = new OAuth1RequestToken
        {
            Token = TokenValues.Random(32),
            ConsumerKey = check.Consumer!.Key,
            Callback = check.Parameters.GetValueOrDefault("oauth_callback") ?? "oob",
            ExpiresAt = instance.Now + RequestTokenLifetime,
        };
        instance.OAuth1.AddRequestToken(token);
        return Form([("oauth_token", token.Token), ("oauth_token_secret", TokenValues.Random(32)), ("oauth_callback_confirmed", "true")]);
    }

    private static IResult Authorize(HttpContext context, ProviderInstance instance)
    {
        var token = instance.OAuth1.FindRequestToken(context.Request.Query["oauth_token"].ToString());
        if (token is null || token.Exchanged || instance.Now >= token.ExpiresAt)
        {
            return Html.Error("Bitbucket: OAuth", "The request token is invalid or has expired.");
        }

        if (instance.Settings.AutoApprove is { } login)
        {
            var account = instance.Accounts.FindByLogin(login);
            return account is null
                ? Html.Error("Bitbucket: OAuth", $"auto_approve names the account '{login}', which does not exist on this instance.")
                : Finish(instance, token, account.Id, approve: true);
        }

        var consumer = instance.OAuth1.FindConsumer(token.ConsumerKey);
        var body =
            $"<h1 id=\"title\">Authorize <span id=\"app-name\">{Html.Encode(consumer?.Name ?? token.ConsumerKey)}</span></h1>" +
            $"<p>This application wants to read and write data on Bitbucket (<span id=\"instance\">{Html.Encode(instance.Name)}</span>) on your behalf.</p>" +
            "<form id=\"authorize-form\" method=\"post\">" + Html.AccountChooser(instance, instance.Accounts.All().FirstOrDefault()?.Login) + Html.Buttons + "</form>";
        return Html.Page("Authorize application", body);
    }

    private static async Task<IResult> Decide(HttpContext context, ProviderInstance instance)
    {
        var token = instance.OAuth1.FindRequestToken(context.Request.Query["oauth_token"].ToString());
        if (token is null || token.Exchanged || instance.Now >= token.ExpiresAt)
        {
            return Html.Error("Bitbucket: OAuth", "The request token is invalid or has expired.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var approve = form["decision"] == "approve";
        var account = approve ? Html.ChosenAccount(instance, form) : null;
        return Finish(instance, token, account?.Id, approve && account is not null);
    }

    /// <summary>Records the decision and sends the user back to the callback with oauth_token and oauth_verifier.</summary>
    private static IResult Finish(ProviderInstance instance, OAuth1RequestToken token, long? accountId, bool approve)
    {
        lock (instance.Gate)
        {
            token.AccountId = accountId;
            token.Denied = !approve;
            token.Verifier = approve ? TokenValues.Random(24) : null;
        }

        if (token.Callback == "oob")
        {
            return approve
                ? Html.Page("Access approved", $"<h1 id=\"title\">Access approved</h1><p>Verification code: <code id=\"verifier\">{Html.Encode(token.Verifier)}</code></p>")
                : Html.Page("Access denied", "<h1 id=\"title\">Access denied</h1><p id=\"result\">You denied access to this application.</p>");
        }

        return Results.Redirect(RedirectUris.WithQuery(token.Callback, [("oauth_token", token.Token), ("oauth_verifier", approve ? token.Verifier : "denied")]));
    }

    private static async Task<IResult> AccessToken(HttpContext context, ProviderInstance instance)
    {
        var check = await OAuth1Verifier.VerifyAsync(context, instance);
        if (!check.Ok)
        {
            return Problem(context, check.Problem!);
        }

        lock (instance.Gate)
        {
            var request = instance.OAuth1.FindRequestToken(check.Token);
            if (request is null || request.ConsumerKey != check.Consumer!.Key)
            {
                return Problem(context, "token_rejected");
            }

            if (request.Exchanged)
            {
                return Problem(context, "token_used");
            }

            if (instance.Now >= request.ExpiresAt)
            {
                return Problem(context, "token_expired");
            }

            if (request.Denied)
            {
                return Problem(context, "permission_denied");
            }

            if (request.Verifier is null || request.AccountId is null)
            {
                return Problem(context, "permission_unknown");
            }

            if (check.Parameters.GetValueOrDefault("oauth_verifier") != request.Verifier)
            {
                return Problem(context, "token_rejected");
            }

            request.Exchanged = true;
            var now = instance.Now;
            var access = new TokenRecord
            {
                Value = TokenValues.Random(32),
                Kind = TokenKind.OAuth1Access,
                AccountId = request.AccountId.Value,
                ClientId = request.ConsumerKey,
                IssuedAt = now,
                ExpiresAt = now + AccessTokenLifetime,
                Id = instance.Tokens.NextId(),
            };
            instance.Tokens.Add(access);
            return Form(
            [
                ("oauth_token", access.Value),
                ("oauth_token_secret", TokenValues.Random(32)),
                ("oauth_expires_in", ((long)AccessTokenLifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("oauth_authorization_expires_in", ((long)AccessTokenLifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]);
        }
    }

    private static IResult Form(IEnumerable<(string Name, string? Value)> fields, int status = StatusCodes.Status200OK) =>
        Results.Content(string.Join('&', fields.Select(f => OAuth1Signature.Encode(f.Name) + "=" + OAuth1Signature.Encode(f.Value ?? ""))),
            "application/x-www-form-urlencoded", Encoding.UTF8, status);

    /// <summary>OAuth Problem Reporting: 401 with oauth_problem in the body and the WWW-Authenticate challenge.</summary>
    private static IResult Problem(HttpContext context, string problem)
    {
        context.Response.Headers.WWWAuthenticate = $"OAuth realm=\"{context.Request.Scheme}://{context.Request.Host}\", oauth_problem=\"{problem}\"";
        return Form([("oauth_problem", problem)], StatusCodes.Status401Unauthorized);
    }
}
