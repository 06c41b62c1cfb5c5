using System.Text.Json.Serialization;

namespace GitIntegration.ApiGateway.Contracts;

// Coder's /api/v2/external-auth shapes (codersdk/externalauth.go); property names become snake_case.

public sealed record ListUserExternalAuthResponse(
    IReadOnlyList<ExternalAuthLinkProvider> Providers,
    IReadOnlyList<ExternalAuthLink> Links);

public sealed record ExternalAuthLinkProvider(
    string Id,
    string Type,
    bool Device,
    string DisplayName,
    string DisplayIcon,
    bool AllowRefresh,
    bool AllowValidate,
    bool SupportsRevocation,
    IReadOnlyList<string> CodeChallengeMethodsSupported);

/// <summary>Expires is Go's zero time (0001-01-01T00:00:00Z) when the token does not expire.</summary>
public sealed record ExternalAuthLink(
    string ProviderId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool HasRefreshToken,
    DateTime Expires,
    bool Authenticated,
    string ValidateError);

public sealed record ExternalAuth(
    bool Authenticated,
    bool Device,
    string DisplayName,
    bool SupportsRevocation,
    ExternalAuthUser? User,
    bool AppInstallable,
    IReadOnlyList<ExternalAuthAppInstallation> Installations,
    string AppInstallUrl);

/// <summary>Id is always a JSON number, as Coder's int64: 0 when the provider's account id is not numeric (Bitbucket's
/// uuids, say). This service's additions: AccountId, the provider's account id as text whatever its form, and Email,
/// the account's primary verified email, for git's user.email.</summary>
public sealed record ExternalAuthUser(
    long Id,
    string AccountId,
    string Login,
    string AvatarUrl,
    string ProfileUrl,
    string Name,
    string Email);

public sealed record ExternalAuthAppInstallation(long Id, ExternalAuthUser Account, string ConfigureUrl);

public sealed record DeleteExternalAuthByIdResponse(
    bool TokenRevoked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenRevocationError);

public sealed record ExternalAuthDevice(string DeviceCode, string UserCode, string VerificationUri, int ExpiresIn, int Interval);

/// <summary>Read as JSON whatever the Content-Type (<see cref="LenientJsonBody"/>).</summary>
public sealed record ExternalAuthDeviceExchange(string? DeviceCode)
{
    public static ValueTask<ExternalAuthDeviceExchange?> BindAsync(HttpContext context) => LenientJsonBody.ReadAsync<ExternalAuthDeviceExchange>(context);
}
