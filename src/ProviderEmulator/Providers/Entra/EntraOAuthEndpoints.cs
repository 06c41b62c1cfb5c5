using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.Entra;

/// <summary>
/// Microsoft Entra ID v2 endpoints under /{tenant}/oauth2/v2.0: authorize, token (form body only) and devicecode,
/// plus the /devicelogin page. No RFC 7009 revocation.
/// </summary>
public static class EntraOAuthEndpoints
{
    private static readonly string[] TenantAliases = ["common", "organizations", "consumers"];

    public static void Map(RouteGroupBuilder entra)
    {
        entra.MapGet("/{tenant}/oauth2/v2.0/authorize", (HttpContext context, ProviderInstance instance, string tenant) =>
            KnownTenant(instance, tenant) ? AuthorizeEndpoint.Get(context, instance) : UnknownTenantPage(tenant)).Named("authorize");
        entra.MapPost("/{tenant}/oauth2/v2.0/authorize", async (HttpContext context, ProviderInstance instance, string tenant) =>
            KnownTenant(instance, tenant) ? await AuthorizeEndpoint.Post(context, instance) : UnknownTenantPage(tenant)).Named("authorize");
        entra.MapPost("/{tenant}/oauth2/v2.0/token", Token).Named("token");
        entra.MapPost("/{tenant}/oauth2/v2.0/devicecode", DeviceCode).Named("device_code");
        entra.MapGet("/devicelogin", DeviceVerificationEndpoint.Get).Named("device_page");
        entra.MapPost("/devicelogin", DeviceVerificationEndpoint.Post).Named("device_page");
    }

    private static async Task<IResult> Token(HttpContext context, ProviderInstance instance, string tenant)
    {
        if (!KnownTenant(instance, tenant))
        {
            return UnknownTenant(context, instance, tenant);
        }

        var p = await OAuthParameters.ReadAsync(context, fromQuery: false, fromJson: false);
        var (tokens, error) = TokenGrants.Handle(instance, p);
        return tokens is not null
            ? EntraResponses.Tokens(context, instance, tokens)
            : EntraResponses.Error(context, instance, error!, p.BasicUser ?? p["client_id"]);
    }

    private static async Task<IResult> DeviceCode(HttpContext context, ProviderInstance instance, string tenant)
    {
        if (!KnownTenant(instance, tenant))
        {
            return UnknownTenant(context, instance, tenant);
        }

        var p = await OAuthParameters.ReadAsync(context, fromQuery: false, fromJson: false);
        var app = instance.Apps.Find(p["client_id"]);
        if (app is null)
        {
            return EntraResponses.Error(context, instance, new OAuthError(p["client_id"] is null ? OAuthErrorKind.InvalidRequest : OAuthErrorKind.UnknownClient, "client_id"), p["client_id"]);
        }

        var scope = AuthorizeValidator.NormalizeScope(p["scope"]);
        if (scope.Length == 0)
        {
            return EntraResponses.Error(context, instance, new OAuthError(OAuthErrorKind.InvalidRequest, "scope"), app.ClientId);
        }

        var (authorization, error) = DeviceCodeGrant.Start(instance, app, scope);
        if (authorization is null)
        {
            return EntraResponses.Error(context, instance, error!, app.ClientId);
        }

        var verification = instance.BaseUrl(context) + "/devicelogin";
        return ProviderJson.Json(new Dictionary<string, object?>
        {
            ["user_code"] = authorization.UserCode,
            ["device_code"] = authorization.DeviceCode,
            ["verification_uri"] = verification,
            ["expires_in"] = DeviceCodeGrant.ExpiresIn(instance, authorization),
            ["interval"] = authorization.IntervalSeconds,
            ["message"] = $"To sign in, use a web browser to open the page {verification} and enter the code {authorization.UserCode} to authenticate.",
        });
    }

    private static bool KnownTenant(ProviderInstance instance, string tenant) =>
        TenantAliases.Contains(tenant, StringComparer.OrdinalIgnoreCase) || string.Equals(tenant, instance.TenantId, StringComparison.OrdinalIgnoreCase);

    private static IResult UnknownTenant(HttpContext context, ProviderInstance instance, string tenant) =>
        EntraResponses.AadstsError(context, instance, 400, "invalid_request", 90002,
            $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    private static IResult UnknownTenantPage(string tenant) =>
        Html.Error("Sign in", $"AADSTS90002: Tenant '{tenant}' not found.");
}
