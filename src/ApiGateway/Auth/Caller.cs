using System.Security.Claims;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.ApiGateway.Auth;

/// <summary>Who is calling: a user (with the session key used), or the bootstrap admin token (no user).</summary>
public sealed record Caller(string? UserId, string Role, string? ApiKeyId)
{
    public bool IsAdmin => Role == Roles.Admin;

    public const string UserIdClaim = "gitintegration:user_id";
    public const string KeyIdClaim = "gitintegration:key_id";

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>(3) { new(ClaimTypes.Role, Role) };
        if (UserId is not null)
            claims.Add(new Claim(UserIdClaim, UserId));
        if (ApiKeyId is not null)
            claims.Add(new Claim(KeyIdClaim, ApiKeyId));
        return new CallerPrincipal(this, new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The caller of an authenticated request; null for an anonymous one.</summary>
    public static Caller? FromPrincipal(ClaimsPrincipal principal) => principal switch
    {
        CallerPrincipal { Caller: var caller } => caller,
        { Identity.IsAuthenticated: true } => new Caller(principal.FindFirstValue(UserIdClaim),
            principal.FindFirstValue(ClaimTypes.Role) ?? Roles.Member, principal.FindFirstValue(KeyIdClaim)),
        _ => null,
    };

    /// <summary>Carries the Caller itself, so the rate limiter and every endpoint read it without parsing claims again.</summary>
    private sealed class CallerPrincipal(Caller caller, ClaimsIdentity identity) : ClaimsPrincipal(identity)
    {
        public Caller Caller { get; } = caller;
    }
}

public static class CallerHttpContextExtensions
{
    /// <summary>The authenticated caller; endpoints behind the authorization policy always have one.</summary>
    public static Caller Caller(this HttpContext context) =>
        global::GitIntegration.ApiGateway.Auth.Caller.FromPrincipal(context.User)
        ?? throw new InvalidOperationException("The endpoint allows anonymous callers; use Caller.FromPrincipal.");
}
