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
        var group = routes.MapGroup("/api/v2/external-auth").RequireAuthorization().WithTags("External auth").ProducesSessionErrors();
        group.MapGet("/", ListAsync).WithName("ListExternalAuth").WithSummary("Every provider and the caller's links");
        group.MapGet("/{externalauth}", GetAsync).ProducesError(StatusCodes.Status404NotFound)
            .WithName("GetExternalAuth").WithSummary("One provider and the caller's link to it");
        group.MapDelete("/{externalauth}", UnlinkAsync)
            .WithName("UnlinkExternalAuth").WithSummary("Unlink: revoke at the provider, forget the tokens and the uploaded SSH key");
        group.MapGet("/{externalauth}/device", StartDeviceAsync).ProducesError(StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable)
            .WithName("StartExternalAuthDevice").WithSummary("Start the device flow: a user code to enter at the provider");
        group.MapPost("/{externalauth}/device", PollDeviceAsync).Accepts<ExternalAuthDeviceExchange>("application/json")
            .ProducesError(StatusCodes.Status404NotFound)
            .WithName("PollExternalAuthDevice").WithSummary("Poll the device flow: 204 once linked");
        return routes;
    }

    /// <summary>Every provider and every link of the caller. Links due for refresh are refreshed first and
    /// authenticated is checked with the provider, as Coder does, at most every 30 s per link (<see cref="LinkValidationCache"/>).</summary>
    private static async Task<Ok<ListUserExternalAuthResponse>> ListAsync(
        HttpContext context, IProviderDirectory directory, UserLookup users, IGrainFactory grains, LinkValidationCache validation)
    {
        var caller = context.Caller();
        var providers = await directory.GetAllAsync(context.RequestAborted);
        var profile = await users.MeAsync(caller);
        var configured = providers.Select(p => p.Id).ToHashSet();
        // Links to providers no longer configured are listed too, so they can be unlinked.
        var statuses = await Task.WhenAll(profile.LinkedProviders.Select(id =>
            {
                var key = GrainKeys.Link(profile.Id, id);
                var link = grains.GetGrain<IGitLinkGrain>(key);
                return configured.Contains(id) ? validation.StatusAsync(key, link) : link.GetStatusAsync(refresh: false);
            }))
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
            // Coder: true only when the installations call succeeded for the linked token.
            AppInstallable: linked && details!.AppInstallable,
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

    /// <summary>
    /// Coder's messages. The provider refusing to start (device flow disabled for the app, say) is 502 with its
    /// reason, not Coder's 500: the fault is upstream. A provider that cannot be reached is 503, to retry.
    /// </summary>
    private static async Task<Results<Ok<ExternalAuthDevice>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> StartDeviceAsync(
        string externalauth, HttpContext context, LinkAccess access)
    {
        var config = await access.ProviderAsync(externalauth, context.RequestAborted);
        if (!config.DeviceFlow)
            return ApiResults.BadRequest("Git auth device flow not supported.");
        try
        {
            var start = await access.Link(context.Caller(), externalauth).StartDeviceFlowAsync().WaitAsync(context.RequestAborted);
            return TypedResults.Ok(new ExternalAuthDevice(start.DeviceCode, start.UserCode, start.VerificationUri, start.ExpiresIn, start.Interval));
        }
        catch (ProviderFeatureException e)
        {
            return ApiResults.Status(StatusCodes.Status502BadGateway, "Failed to authorize device.", e.Message);
        }
        catch (ProviderUnavailableException e)
        {
            return ApiResults.Status(StatusCodes.Status503ServiceUnavailable, "Failed to authorize device.", e.Message);
        }
    }

    /// <summary>204 once linked; otherwise 400 with the provider's code (authorization_pending, slow_down, ...) as detail.
    /// The body is JSON whatever the Content-Type (some of Coder's clients send none).</summary>
    private static async Task<Results<NoContent, BadRequest<ApiError>>> PollDeviceAsync(
        string externalauth, ExternalAuthDeviceExchange? body, HttpContext context, LinkAccess access)
    {
        var config = await access.ProviderAsync(externalauth, context.RequestAborted);
        if (!config.DeviceFlow)
            return ApiResults.BadRequest("Git auth provider does not support device flow.");
        if (string.IsNullOrEmpty(body?.DeviceCode))
            return ApiResults.InvalidField("device_code", "required");
        FieldLimits.Check(body);
        var result = await access.Link(context.Caller(), externalauth).PollDeviceFlowAsync(body.DeviceCode).WaitAsync(context.RequestAborted);
        return result.Linked
            ? TypedResults.NoContent()
            : ApiResults.BadRequest("Failed to exchange device code.", result.Error ?? "unknown_error");
    }
}
