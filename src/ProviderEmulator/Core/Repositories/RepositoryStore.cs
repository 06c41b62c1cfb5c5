using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ProviderEmulator.Core.Repositories;

public sealed class RepositoryRecord
{
    public required long Id { get; init; }
    public required Guid Uuid { get; init; }
    public required string Name { get; init; }
    /// <summary>Owning user, group, workspace or organization.</summary>
    public required string Owner { get; init; }
    public required bool Private { get; init; }
    public required string DefaultBranch { get; init; }
    /// <summary>Bitbucket Server project key or Azure DevOps project.</summary>
    public string? Project { get; init; }
    public string? CloneUrl { get; init; }
    public string? SshUrl { get; init; }
    public string? HtmlUrl { get; init; }
    public string? Description { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public HashSet<long> Members { get; } = [];

    public string FullName => Owner + "/" + Name;
    public string Slug => Name.ToLowerInvariant();

    public RepositoryInfo ToInfo() => new(Id, Name, Owner, FullName, Private, DefaultBranch, Project);
}

public sealed class InstallationRecord
{
    public required long Id { get; init; }
    public required string AccountLogin { get; init; }
    public required string TargetType { get; init; }
    public required string AppSlug { get; init; }
    /// <summary>Only user tokens of this GitHub App see the installation; null means any app.</summary>
    public string? ClientId { get; init; }
    public required string RepositorySelection { get; init; }
    public required List<long> RepositoryIds { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public HashSet<long> VisibleTo { get; } = [];
}

/// <summary>Repositories (with the accounts that are members) and GitHub App installations of one instance.</summary>
public sealed class RepositoryStore(Lock gate)
{
    private readonly List<RepositoryRecord> _repositories = [];
    private readonly List<InstallationRecord> _installations = [];
    private long _nextRepositoryId = 700000;
    private long _nextInstallationId = 4000000;

    /// <summary>Adds the repository (or finds it by full name) and makes the account a member.</summary>
    public RepositoryRecord AddForMember(long accountId, string defaultOwner, SeedRepository seed, DateTimeOffset now)
    {
        lock (gate)
        {
            var owner = string.IsNullOrWhiteSpace(seed.Owner) ? defaultOwner : seed.Owner;
            var repository = FindByFullName(owner + "/" + seed.Name);
            if (repository is null)
            {
                repository = new RepositoryRecord
                {
                    Id = ++_nextRepositoryId,
                    Uuid = Guid.NewGuid(),
                    Name = seed.Name,
                    Owner = owner,
                    Private = seed.Private,
                    DefaultBranch = string.IsNullOrWhiteSpace(seed.DefaultBranch) ? "main" : seed.DefaultBranch,
                    Project = seed.Project,
                    CloneUrl = seed.CloneUrl,
                    SshUrl = seed.SshUrl,
                    HtmlUrl = seed.HtmlUrl,
                    Description = seed.Description,
                    CreatedAt = now,
                };
                _repositories.Add(repository);
            }

            repository.Members.Add(accountId);
            return repository;
        }
    }

    public RepositoryRecord? FindByFullName(string fullName)
    {
        lock (gate)
        {
            return _repositories.FirstOrDefault(r => string.Equals(r.FullName, fullName, StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<RepositoryRecord> ForMember(long accountId)
    {
        lock (gate)
        {
            return _repositories.Where(r => r.Members.Contains(accountId)).OrderBy(r => r.Id).ToList();
        }
    }

    public IReadOnlyList<RepositoryRecord> ByIds(IEnumerable<long> ids)
    {
        lock (gate)
        {
            var wanted = ids.ToHashSet();
            return _repositories.Where(r => wanted.Contains(r.Id)).OrderBy(r => r.Id).ToList();
        }
    }

    public InstallationRecord AddInstallation(long visibleTo, string defaultAccountLogin, SeedInstallation seed, DateTimeOffset now)
    {
        lock (gate)
        {
            var ids = (seed.Repositories ?? [])
                .Select(name => AddForMember(visibleTo, seed.AccountLogin ?? defaultAccountLogin, ToSeed(name), now).Id)
                .ToList();
            var installation = new InstallationRecord
            {
                Id = seed.Id ?? ++_nextInstallationId,
                AccountLogin = seed.AccountLogin ?? defaultAccountLogin,
                TargetType = seed.TargetType ?? (seed.AccountLogin is null || seed.AccountLogin == defaultAccountLogin ? "User" : "Organization"),
                AppSlug = seed.AppSlug ?? "gitintegration",
                ClientId = seed.ClientId,
                RepositorySelection = seed.RepositorySelection ?? (ids.Count > 0 ? "selected" : "all"),
                RepositoryIds = ids,
                CreatedAt = now,
            };
            installation.VisibleTo.Add(visibleTo);
            _installations.Add(installation);
            return installation;
        }
    }

    public IReadOnlyList<InstallationRecord> InstallationsFor(long accountId, string? clientId)
    {
        lock (gate)
        {
            return _installations
                .Where(i => i.VisibleTo.Contains(accountId) && (i.ClientId is null || i.ClientId == clientId))
                .OrderBy(i => i.Id).ToList();
        }
    }

    /// <summary>The repositories an installation grants: the selected ones, or all the member's repositories of that owner.</summary>
    public IReadOnlyList<RepositoryRecord> InstallationRepositories(InstallationRecord installation, long accountId)
    {
        lock (gate)
        {
            return installation.RepositorySelection == "all"
                ? ForMember(accountId).Where(r => string.Equals(r.Owner, installation.AccountLogin, StringComparison.OrdinalIgnoreCase)).ToList()
                : ByIds(installation.RepositoryIds);
        }
    }

    /// <summary>"owner/name" or "name" as a seed.</summary>
    private static SeedRepository ToSeed(string fullName)
    {
        var slash = fullName.IndexOf('/');
        return slash < 0 ? new SeedRepository(fullName) : new SeedRepository(fullName[(slash + 1)..], fullName[..slash]);
    }
}
