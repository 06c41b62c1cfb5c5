using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Users;
using GitIntegration.ApiGateway.Validation;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// Coder's /api/v2/external-auth: list, one provider, unlink, device flow. Calls that reach a provider wait at
/// most until the request's deadline (WaitAsync): the grain finishes its turn on its own, the caller gets 503.
/// </summary>
public static class ExternalAuthEndpoints
{
    public static IEndpointRouteBuilder MapExternalAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v2/external-auth").RequireAuthorization().WithTags("External auth");
        group.MapGet("/", ListAsync);
        group.MapGet("/{externalauth}", GetAsync);
        group.MapDelete("/{externalauth}", UnlinkAsync);
        group.MapGet("/{externalauth}/device", StartDeviceAsync);
        group.MapPost("/{externalauth}/device", PollDeviceAsync);
        return routes;
    }

    /// <summary>Every provider and every link of the caller; links due for refresh are refreshed first (as Coder does).</summary>
    private static async Task<Ok<ListUserExternalAuthResponse>> ListAsync(
        HttpContext context, IProviderDirectory directory, UserLookup users, IGrainFactory grains)
    {
        var caller = context.Caller();
        var providers = await directory.GetAllAsync(context.RequestAborted);
        var profile = await users.MeAsync(caller);
        var configured = providers.Select(p => p.Id).ToHashSet();
        // Links to providers no longer configured are listed too, so they can be unlinked.
        var statuses = await Task.WhenAll(profile.LinkedProviders.Select(id =>
            grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(profile.Id, id)).GetStatusAsync(refresh: configured.Contains(id))))
            .WaitAsync(context.RequestAborted);
        return TypedResults.Ok(new ListUserExternalAuthResponse(
            providers.Select(ContractMapping.ToLinkProvider).ToArray(),
            statuses.Where(s => s.Linked).Select(ContractMapping.ToLink).ToArray()));
    }

    private static async Task<Ok<ExternalAuth>> GetAsync(string externalauth, HttpContext context, LinkAccess access)
    {
        var config = await access.ProviderAsync(externalauth, context.RequestAborted);
        var link = access.Link(context.Caller(), externalauth);
        LinkDetails? details;
        try
        {
            details = await link.GetDetailsAsync().WaitAsync(context.RequestAborted);
        }
        catch (NotFoundException)
        {
            details = null; // not linked: Coder answers 200 with authenticated=false
        }
        var linked = details is { Status.Linked: true };
        return TypedResults.Ok(new ExternalAuth(
            Authenticated: linked && details!.Status.Authenticated,
            Device: config.DeviceFlow,
            DisplayName: config.DisplayName,
            SupportsRevocation: !string.IsNullOrEmpty(config.RevokeUrl),
            User: linked && details!.Status.Account is { } account ? ContractMapping.ToUser(account) : null,
            AppInstallable: details?.AppInstallable ?? !string.IsNullOrEmpty(config.AppInstallUrl),
            Installations: linked
                ? details!.Installations.Select(i => new ExternalAuthAppInstallation(i.Id, ContractMapping.ToUser(i.Account), i.ConfigureUrl ?? "")).ToArray()
                : [],
            AppInstallUrl: details?.AppInstallUrl ?? config.AppInstallUrl ?? ""));
    }

    /// <summary>The link, its tokens and its uploaded SSH key are gone afterwards, whatever the provider answered.</summary>
    private static async Task<Results<Ok<DeleteExternalAuthByIdResponse>, NotFound<ApiError>>> UnlinkAsync(
        string externalauth, HttpContext context, LinkAccess access, UserLookup users)
    {
        var caller = context.Caller();
        var profile = await users.MeAsync(caller);
        if (!profile.LinkedProviders.Contains(externalauth) && await access.FindProviderAsync(externalauth, context.RequestAborted) is null)
            return ApiResults.NotFound($"External auth provider '{externalauth}' not found.");
        var result = await access.Link(caller, externalauth).UnlinkAsync().WaitAsync(context.RequestAborted);
        return TypedResults.Ok(new DeleteExternalAuthByIdResponse(result.TokenRevoked,
            string.IsNullOrEmpty(result.TokenRevocationError) ? null : result.TokenRevocationError));
    }

    private static async Task<Results<Ok<ExternalAuthDevice>, BadRequest<ApiError>>> StartDeviceAsync(
        string externalauth, HttpContext context, LinkAccess access)
    {
        var link = await access.LinkAsync(context.Caller(), externalauth, context.RequestAborted);
        try
        {
            var start = await link.StartDeviceFlowAsync().WaitAsync(context.RequestAborted);
            return TypedResults.Ok(new ExternalAuthDevice(start.DeviceCode, start.UserCode, start.VerificationUri, start.ExpiresIn, start.Interval));
        }
        catch (ProviderFeatureException e)
        {
            return ApiResults.BadRequest("Git auth device flow not supported.", e.Message);
        }
    }

    /// <summary>204 once linked; otherwise 400 with the provider's code (authorization_pending, slow_down, ...) as detail.</summary>
    private static async Task<Results<NoContent, BadRequest<ApiError>>> PollDeviceAsync(
        string externalauth, [FromBody] ExternalAuthDeviceExchange body, HttpContext context, LinkAccess access)
    {
        FieldLimits.Check(body);
        if (string.IsNullOrEmpty(body.DeviceCode))
            return ApiResults.InvalidField("device_code", "required");
        var link = await access.LinkAsync(context.Caller(), externalauth, context.RequestAborted);
        DevicePollResult result;
        try
        {
            result = await link.PollDeviceFlowAsync(body.DeviceCode).WaitAsync(context.RequestAborted);
        }
        catch (ProviderFeatureException e)
        {
            return ApiResults.BadRequest("Git auth device flow not supported.", e.Message);
        }
        return result.Linked
            ? TypedResults.NoContent()
            : ApiResults.BadRequest("Failed to exchange device code.", result.Error ?? "unknown_error");
    }
}
