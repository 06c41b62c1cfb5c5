using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.ApiGateway.Validation;
using GitIntegration.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>/api/v2/users: creating users, roles, session keys and sign-in links.</summary>
public static class UserEndpoints
{
    private static readonly TimeSpan MaxKeyLifetime = TimeSpan.FromDays(3650);

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/v2/users").RequireAuthorization().WithTags("Users").ProducesSessionErrors();
        users.MapPost("/", CreateAsync).RequireAuthorization(AuthPolicies.Admin).ProducesAdminErrors()
            .WithName("CreateUser").WithSummary("Create a user (admin)");
        users.MapGet("/{user}", GetAsync).ProducesError(StatusCodes.Status404NotFound)
            .WithName("GetUser").WithSummary("A user by id, username or \"me\"");
        users.MapPut("/{user}/roles", SetRolesAsync).RequireAuthorization(AuthPolicies.Admin).ProducesAdminErrors()
            .ProducesError(StatusCodes.Status404NotFound).WithName("SetUserRoles").WithSummary("Set a user's roles (admin)");
        users.MapGet("/{user}/keys", ListKeysAsync).ProducesError(StatusCodes.Status404NotFound)
            .WithName("ListUserKeys").WithSummary("A user's session keys (never the keys themselves)");
        users.MapPost("/{user}/keys", CreateKeyAsync).ProducesError(StatusCodes.Status404NotFound)
            .WithName("CreateUserKey").WithSummary("Create a session key for a user");
        users.MapDelete("/{user}/keys/{id}", RevokeKeyAsync)
            .WithName("RevokeUserKey").WithSummary("Revoke a user's session key");
        users.MapPost("/{user}/login-link", CreateSignInLinkAsync).RequireAuthorization(AuthPolicies.Admin).ProducesAdminErrors()
            .ProducesError(StatusCodes.Status404NotFound).WithName("CreateSignInLink").WithSummary("A single-use sign-in link for a user (admin)");
        return routes;
    }

    private static async Task<Results<Created<User>, BadRequest<ApiError>>> CreateAsync(
        [FromBody] CreateUserRequest body, UserAccounts accounts)
    {
        FieldLimits.Check(body);
        if (string.IsNullOrEmpty(body.Username))
            return ApiResults.InvalidField("username", "required");
        var role = body.Role ?? Roles.Member;
        if (role is not (Roles.Admin or Roles.Member))
            return ApiResults.InvalidField("role", $"'{role}' is not {Roles.Admin} or {Roles.Member}");
        var profile = await accounts.CreateAsync(body.Username, role);
        return TypedResults.Created($"/api/v2/users/{profile.Id}", ContractMapping.ToUser(profile));
    }

    private static async Task<Ok<User>> GetAsync(string user, HttpContext context, UserLookup lookup) =>
        TypedResults.Ok(ContractMapping.ToUser(await lookup.ResolveAsync(context.Caller(), user)));

    private static async Task<Results<Ok<User>, BadRequest<ApiError>>> SetRolesAsync(
        string user, [FromBody] UpdateRolesRequest body, HttpContext context, UserLookup lookup, IGrainFactory grains)
    {
        FieldLimits.Check(body);
        var roles = body.Roles ?? [];
        if (roles.Any(r => r is not (Roles.Admin or Roles.Member)))
            return ApiResults.InvalidField("roles", $"each role must be {Roles.Admin} or {Roles.Member}");
        var profile = await lookup.ResolveAsync(context.Caller(), user);
        var updated = await grains.GetGrain<IUserGrain>(profile.Id).SetRoleAsync(roles.Contains(Roles.Admin) ? Roles.Admin : Roles.Member);
        return TypedResults.Ok(ContractMapping.ToUser(updated));
    }

    private static async Task<Ok<ApiKey[]>> ListKeysAsync(string user, HttpContext context, UserLookup lookup, IGrainFactory grains)
    {
        var profile = await lookup.ResolveAsync(context.Caller(), user);
        var keys = await grains.GetGrain<IUserGrain>(profile.Id).ListApiKeysAsync();
        return TypedResults.Ok(keys.Select(ContractMapping.ToApiKey).ToArray());
    }

    private static async Task<Results<Created<GenerateApiKeyResponse>, BadRequest<ApiError>>> CreateKeyAsync(
        string user, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateKeyRequest? body,
        HttpContext context, UserLookup lookup, IGrainFactory grains)
    {
        FieldLimits.Check(body);
        TimeSpan? lifetime = null;
        if (body?.LifetimeSeconds is { } seconds)
        {
            if (seconds < 60 || seconds > MaxKeyLifetime.TotalSeconds)
                return ApiResults.InvalidField("lifetime_seconds", $"must be between 60 and {MaxKeyLifetime.TotalSeconds:0}");
            lifetime = TimeSpan.FromSeconds(seconds);
        }
        var name = body?.TokenName;
        if (name == UserAccounts.SignInLinkKeyName)
            return ApiResults.InvalidField("token_name", "a reserved name");
        var profile = await lookup.ResolveAsync(context.Caller(), user);
        var created = await grains.GetGrain<IUserGrain>(profile.Id).CreateApiKeyAsync(new CreateApiKeyRequest(name, lifetime));
        return TypedResults.Created($"/api/v2/users/{profile.Id}/keys/{created.Id}", new GenerateApiKeyResponse(created.Key));
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> RevokeKeyAsync(
        string user, string id, HttpContext context, UserLookup lookup, IGrainFactory grains)
    {
        var profile = await lookup.ResolveAsync(context.Caller(), user);
        return await grains.GetGrain<IUserGrain>(profile.Id).RevokeApiKeyAsync(id)
            ? TypedResults.NoContent()
            : ApiResults.NotFound($"Key '{id}' not found.");
    }

    private static async Task<Created<SignInLink>> CreateSignInLinkAsync(
        string user, HttpContext context, UserLookup lookup, UserAccounts accounts, PublicUrls urls)
    {
        var profile = await lookup.ResolveAsync(context.Caller(), user);
        var key = await accounts.NewSignInLinkKeyAsync(profile.Id);
        return TypedResults.Created((string?)null, new SignInLink(SignInEndpoints.TokenLink(urls, key.Key), ContractMapping.UtcOrNull(key.ExpiresAt)));
    }
}
