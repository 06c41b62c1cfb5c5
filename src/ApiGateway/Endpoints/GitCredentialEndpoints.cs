using System.Globalization;
using System.Text.Json;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.ApiGateway.Validation;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// The git credential helper's endpoints: GET /api/v2/git/credentials (200 credentials, 200 {"url"} when the
/// user must link first, 404 when no provider matches; with listen=true it waits until the link is valid) and
/// POST /api/v2/git/credentials/erase (git rejected the token).
/// </summary>
public static class GitCredentialEndpoints
{
    private const int MaxUrlLength = 2048;
    private const int DefaultListenSeconds = 60;

    public static IEndpointRouteBuilder MapGitCredentialEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v2/git/credentials").RequireAuthorization().WithTags("Git").ProducesSessionErrors();
        // A long poll bounds itself by its own timeout parameter.
        group.MapGet("/", GetAsync)
            .WithName("GetGitCredentials")
            .WithSummary("Credentials for a remote URL (or provider id), as the git credential helper asks")
            .WithDescription("200 with the credentials; 200 with {\"url\"} (where to link) when the user has no valid link; " +
                             "with listen=true it waits up to timeout seconds for the link to become valid.")
            .Produces<GitCredentials>()
            .ProducesError(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)
            .DisableRequestTimeout();
        group.MapPost("/erase", EraseAsync)
            .WithName("EraseGitCredentials").WithSummary("git rejected the token: validate again before handing it out");
        return routes;
    }

    private static async Task<IResult> GetAsync(
        string? url, string? id, string? listen, string? timeout, HttpContext context,
        IProviderDirectory providers, LinkAccess access, PublicUrls urls, IOptions<GatewayOptions> options)
    {
        if (string.IsNullOrEmpty(url) && string.IsNullOrEmpty(id))
            return ApiResults.InvalidField("url", "'url' or 'id' must be provided");
        if (url is { Length: > MaxUrlLength } || url?.Any(char.IsControl) == true)
            return ApiResults.InvalidField("url", $"at most {MaxUrlLength} printable characters");
        var waitSeconds = DefaultListenSeconds;
        if (!string.IsNullOrEmpty(timeout) && (!int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out waitSeconds)
                                               || waitSeconds < 1 || waitSeconds > options.Value.Limits.MaxListenSeconds))
            return ApiResults.InvalidField("timeout", $"whole seconds from 1 to {options.Value.Limits.MaxListenSeconds}");
        if (id is not null && !ProviderIds.IsValid(id))
            return ApiResults.NotFound($"No external auth provider '{id}'.");

        var provider = await providers.MatchAsync(url ?? "", id, context.RequestAborted);
        if (provider is null)
            return ApiResults.NotFound("No matching external auth provider found for the url.");

        var link = access.Link(context.Caller(), provider.Id);
        var waiting = listen is not null && !string.Equals(listen, "false", StringComparison.OrdinalIgnoreCase);
        var token = await LinkTokens.GetAsync(link, waiting, DateTimeOffset.UtcNow.AddSeconds(waitSeconds), context.RequestAborted);
        return token.Outcome switch
        {
            TokenOutcome.Valid => TypedResults.Ok(new GitCredentials(
                provider.Id,
                provider.TypeName,
                token.GitUsername ?? "",
                token.GitPassword ?? "",
                token.AccessToken ?? "",
                ContractMapping.UtcOrNull(token.ExpiresAt),
                TokenExtraJson.From(provider, token.Extra) ?? new Dictionary<string, JsonElement>())),
            TokenOutcome.TemporarilyUnavailable => RetryAfterResult.Unavailable(token),
            _ => TypedResults.Ok(new GitCredentialsLinkRequired(urls.LinkPage(provider.Id))),
        };
    }

    /// <summary>git said the token was rejected: the link validates again before handing it out.</summary>
    private static async Task<Results<NoContent, BadRequest<ApiError>, NotFound<ApiError>>> EraseAsync([FromBody] GitCredentialsErase body, HttpContext context, IProviderDirectory providers, LinkAccess access)
    {
        FieldLimits.Check(body);
        if (string.IsNullOrEmpty(body.Url))
            return ApiResults.InvalidField("url", "required");
        var provider = await providers.MatchAsync(body.Url, null, context.RequestAborted);
        if (provider is null)
            return ApiResults.NotFound("No matching external auth provider found for the url.");
        await access.Link(context.Caller(), provider.Id).ReportRejectedAsync(body.Password);
        return TypedResults.NoContent();
    }
}
