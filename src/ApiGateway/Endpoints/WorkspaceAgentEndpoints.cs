using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// Coder's workspace-agent route, as Coder's agent and <c>coder external-auth access-token</c> call it:
/// GET /api/v2/workspaceagents/me/external-auth?id=&amp;match=[&amp;listen] (and the legacy /gitauth?url=), answered
/// with Coder's one object. Here the caller is the user (this service's session token) rather than an agent.
/// </summary>
public static class WorkspaceAgentEndpoints
{
    private const int MaxMatchLength = 2048;

    public static IEndpointRouteBuilder MapWorkspaceAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v2/workspaceagents/me").RequireAuthorization().WithTags("Agents")
            .ProducesSessionErrors().ProducesError(StatusCodes.Status408RequestTimeout, StatusCodes.Status503ServiceUnavailable);
        // listen waits for the user to link; it bounds itself by Limits:MaxListenSeconds.
        group.MapGet("/external-auth", GetAsync).DisableRequestTimeout()
            .WithName("GetWorkspaceAgentExternalAuth")
            .WithSummary("A token for git, as Coder's agent asks for it")
            .WithDescription("Exactly one of id (provider id) or match (a remote URL tested against each provider's regex, the last match wins); " +
                             "listen, when present, waits until the user has linked. 200 with the token, or with url when the user must link first.");
        group.MapGet("/gitauth", GetAsync).DisableRequestTimeout()
            .WithName("GetWorkspaceAgentGitAuth")
            .WithSummary("The legacy form of /external-auth (?url=)");
        return routes;
    }

    private static async Task<Results<Ok<AgentExternalAuthResponse>, BadRequest<ApiError>, NotFound<ApiError>, JsonHttpResult<ApiError>, RetryAfterResult>> GetAsync(
        HttpContext context, IProviderDirectory providers, LinkAccess access, PublicUrls urls, IOptions<GatewayOptions> options)
    {
        var query = context.Request.Query;
        // The agent always sends both id= and match=, one of them empty; "url" is the legacy name of match.
        var match = NonEmpty(query["match"]) ?? NonEmpty(query["url"]);
        var id = NonEmpty(query["id"]);
        if (match is null && id is null)
            return ApiResults.BadRequest("'url' or 'id' must be provided!");
        if (match is not null && id is not null)
            return ApiResults.BadRequest("'url' and 'id' cannot be provided together!");
        if (match is { Length: > MaxMatchLength } || match?.Any(char.IsControl) == true)
            return ApiResults.BadRequest("Invalid 'match'.", $"At most {MaxMatchLength} printable characters.");

        var provider = id is null || ProviderIds.IsValid(id) ? await providers.MatchAsync(match ?? "", id, context.RequestAborted) : null;
        if (provider is null)
            return id is null
                ? ApiResults.NotFound($"No matching external auth provider found for the url \"{match}\".", await RegexesAsync(providers, context.RequestAborted))
                : ApiResults.NotFound($"No external auth provider with the id \"{id}\".");

        // Coder checks only that listen is present: "listen", "listen=true" and even "listen=false" all wait.
        var listen = query.ContainsKey("listen");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(options.Value.Limits.MaxListenSeconds);
        var token = await LinkTokens.GetAsync(access.Link(context.Caller(), provider.Id), listen, deadline, context.RequestAborted);
        return token.Outcome switch
        {
            TokenOutcome.Valid => TypedResults.Ok(AgentExternalAuthResponse.ForToken(
                provider.TypeName, token.AccessToken ?? "", TokenExtraJson.From(provider, token.Extra))),
            // Coder's askpass takes any 200 while listening as the token: a wait that ran out must be an error, which it retries.
            _ when listen => ApiResults.Status(StatusCodes.Status408RequestTimeout, "Timed out waiting for the external auth link.",
                $"Nothing was linked within {options.Value.Limits.MaxListenSeconds} seconds; ask again."),
            TokenOutcome.TemporarilyUnavailable => RetryAfterResult.Unavailable(token),
            _ => TypedResults.Ok(AgentExternalAuthResponse.LinkRequired(urls.LinkPage(provider.Id))),
        };
    }

    /// <summary>Coder's detail for a URL no provider matches: every provider's regex, so the admin sees why.</summary>
    private static async Task<string> RegexesAsync(IProviderDirectory providers, CancellationToken cancellationToken)
    {
        var all = await providers.GetAllAsync(cancellationToken);
        if (all.Count == 0)
            return "External auth provider not found.";
        var regexes = all.Where(p => p.Regex is not null).Select(p => $"{p.Id}=\"{p.Regex}\"");
        return $"The configured external auth providers have regex filters that do not match the url. Provider url regex: {string.Join(",", regexes)}";
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrEmpty(value.ToString()) ? null : value.ToString();
}
