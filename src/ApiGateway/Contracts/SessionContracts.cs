namespace GitIntegration.ApiGateway.Contracts;

// The web UI's sign-in: a pasted key becomes the session cookie; the sign-in page lists the providers it can offer.

public sealed record CreateSessionRequest(string? Key);

public sealed record SignInProvider(string Id, string DisplayName, string DisplayIcon);

public sealed record SignInProviders(IReadOnlyList<SignInProvider> Providers);

/// <summary>GET /login/token?key= for an API caller: whom the sign-in link signs in (the link stays unused).</summary>
public sealed record SignInLinkAccount(string Username, DateTime? ExpiresAt);
