namespace GitIntegration.ProviderEmulator.Core.Accounts;

/// <summary>A user account on one provider instance.</summary>
public sealed class Account
{
    public required long Id { get; init; }
    public required string Login { get; init; }
    public required string Name { get; init; }
    public required string Email { get; init; }
    public string? AvatarUrl { get; init; }
    /// <summary>Stable GUID (Bitbucket Cloud uuid, Azure DevOps profile id, Entra object id).</summary>
    public required Guid Uuid { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Bitbucket Cloud's braced uuid form.</summary>
    public string BracedUuid => "{" + Uuid.ToString("D") + "}";

    /// <summary>Atlassian account id in the "557058:uuid" shape.</summary>
    public string AtlassianAccountId => "557058:" + Uuid.ToString("D");

    /// <summary>Bitbucket Server user slug.</summary>
    public string Slug => Login.ToLowerInvariant();
}
