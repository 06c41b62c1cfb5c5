using System.Globalization;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Users;
using GitIntegration.ApiGateway.Validation;
using GitIntegration.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>This service's additions under /api/v2/external-auth/{externalauth}: personal tokens, repositories, SSH key sync.</summary>
public static class ExternalAuthExtensionEndpoints
{
    private const int MaxQueryLength = 256;
    private const int MaxPage = 1000;

    public static IEndpointRouteBuilder MapExternalAuthExtensionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v2/external-auth/{externalauth}").RequireAuthorization().WithTags("External auth")
            .ProducesSessionErrors().ProducesError(StatusCodes.Status404NotFound);
        group.MapPut("/token", SetPersonalTokenAsync)
            .WithName("SetPersonalToken").WithSummary("Link with a personal access token or app password (validated at the provider)");
        group.MapGet("/repositories", ListRepositoriesAsync)
            .WithName("ListRepositories").WithSummary("The linked account's repositories (q filters, page pages)");
        group.MapGet("/ssh-key", GetSshKeyAsync).WithName("GetLinkSshKey").WithSummary("Whether the user's SSH key is on the provider account");
        group.MapPost("/ssh-key", SyncSshKeyAsync).WithName("SyncLinkSshKey").WithSummary("Upload the user's SSH key to the provider account now");
        return routes;
    }

    /// <summary>Links by personal access token or app password, validated at the provider first (400 when refused).</summary>
    private static async Task<Results<Ok<ExternalAuthLink>, BadRequest<ApiError>>> SetPersonalTokenAsync(
        string externalauth, [FromBody] PersonalTokenBody body, HttpContext context, LinkAccess access)
    {
        FieldLimits.Check(body);
        if (string.IsNullOrWhiteSpace(body.Token))
            return ApiResults.InvalidField("token", "required");
        if (body.Token.Any(char.IsControl))
            return ApiResults.InvalidField("token", "printable characters only");
        var link = await access.LinkAsync(context.Caller(), externalauth, context.RequestAborted);
        var status = await link.SetPersonalTokenAsync(new PersonalTokenRequest(body.Token.Trim(), string.IsNullOrEmpty(body.Username) ? null : body.Username))
            .WaitAsync(context.RequestAborted);
        return TypedResults.Ok(ContractMapping.ToLink(status));
    }

    private static async Task<Results<Ok<Repository[]>, BadRequest<ApiError>>> ListRepositoriesAsync(
        string externalauth, string? q, string? page, HttpContext context, LinkAccess access)
    {
        var pageNumber = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber is < 1 or > MaxPage))
            return ApiResults.InvalidField("page", $"a whole number from 1 to {MaxPage}");
        if (q is { Length: > MaxQueryLength })
            return ApiResults.InvalidField("q", $"at most {MaxQueryLength} characters");
        var link = await access.LinkAsync(context.Caller(), externalauth, context.RequestAborted);
        var repositories = await link.ListRepositoriesAsync(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), pageNumber).WaitAsync(context.RequestAborted);
        return TypedResults.Ok(repositories.Select(ContractMapping.ToRepository).ToArray());
    }

    private static async Task<Ok<ProviderSshKey>> GetSshKeyAsync(string externalauth, HttpContext context, LinkAccess access)
    {
        var config = await access.ProviderAsync(externalauth, context.RequestAborted);
        var status = await access.Link(context.Caller(), externalauth).GetSshKeyStatusAsync().WaitAsync(context.RequestAborted);
        return TypedResults.Ok(ContractMapping.ToProviderSshKey(status, config));
    }

    private static async Task<Ok<ProviderSshKey>> SyncSshKeyAsync(string externalauth, HttpContext context, LinkAccess access)
    {
        var config = await access.ProviderAsync(externalauth, context.RequestAborted);
        var status = await access.Link(context.Caller(), externalauth).SyncSshKeyAsync().WaitAsync(context.RequestAborted);
        return TypedResults.Ok(ContractMapping.ToProviderSshKey(status, config));
    }
}
