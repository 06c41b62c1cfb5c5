using System.Globalization;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.ApiGateway.Validation;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Telemetry;
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
    private static readonly TimeSpan ListenPollInterval = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapGitCredentialEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v2/git/credentials").RequireAuthorization().WithTags("Git");
        // A long poll bounds itself by its own timeout parameter.
        group.MapGet("/", GetAsync).DisableRequestTimeout();
        group.MapPost("/erase", EraseAsync);
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
        if (id is not null && !GrainKeys.IsValidProviderId(id))
            return ApiResults.NotFound($"No external auth provider '{id}'.");

        var provider = await providers.MatchAsync(url ?? "", id, context.RequestAborted);
        if (provider is null)
            return ApiResults.NotFound("No matching external auth provider found for the url.");

        var link = access.Link(context.Caller(), provider.Id);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(waitSeconds);
        var waiting = listen is not null && !string.Equals(listen, "false", StringComparison.OrdinalIgnoreCase);
        while (true)
        {
            // No WaitAsync(RequestAborted) here: this route has no request timeout (see Map) and it is the hot path.
            var token = await link.GetTokenAsync();
            if (token.Outcome == TokenOutcome.Valid || !waiting || DateTimeOffset.UtcNow >= deadline)
                return Answer(provider, token, urls);
            await Task.Delay(ListenPollInterval, context.RequestAborted);
        }
    }

    private static IResult Answer(ProviderConfig provider, TokenResult token, PublicUrls urls)
    {
        GitIntegrationMetrics.TokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeTag(token.Outcome)));
        return token.Outcome switch
        {
            TokenOutcome.Valid => TypedResults.Ok(new GitCredentials(
                provider.Id,
                provider.TypeName,
                token.GitUsername ?? "",
                token.GitPassword ?? "",
                token.AccessToken ?? "",
                ContractMapping.UtcOrNull(token.ExpiresAt),
                token.Extra ?? new Dictionary<string, string>())),
            TokenOutcome.TemporarilyUnavailable => Unavailable(token),
            _ => TypedResults.Ok(new GitCredentialsLinkRequired(urls.LinkPage(provider.Id))),
        };
    }

    private static IResult Unavailable(TokenResult token)
    {
        var seconds = (int)Math.Ceiling((token.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds);
        return new RetryAfterResult(ApiResults.Status(StatusCodes.Status503ServiceUnavailable,
            "The provider is unavailable; try again later.", token.Error), seconds);
    }

    private static string OutcomeTag(TokenOutcome outcome) => outcome switch
    {
        TokenOutcome.Valid => "valid",
        TokenOutcome.NotLinked => "not_linked",
        TokenOutcome.ReauthenticationRequired => "reauthentication_required",
        _ => "unavailable",
    };

    /// <summary>git said the token was rejected: the link validates again before handing it out.</summary>
    private static async Task<IResult> EraseAsync([FromBody] GitCredentialsErase body, HttpContext context, IProviderDirectory providers, LinkAccess access)
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

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
