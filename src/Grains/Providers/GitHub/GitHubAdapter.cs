using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.OAuth;
using Octokit;
using NotFoundException = Octokit.NotFoundException;

namespace GitIntegration.Grains.Providers.GitHub;

/// <summary>
/// GitHub.com and GitHub Enterprise Server, OAuth Apps and GitHub App user tokens, through Octokit: the user and
/// emails, SSH keys, installations and their repositories, and the OAuth calls Octokit has (code exchange without
/// PKCE, device authorization, token renewal). Octokit's answers to errors are classified by the base rules.
/// </summary>
public sealed class GitHubAdapter(ProviderConfig config, Http.ProviderHttp http) : OAuth2Adapter(config, http)
{
    private const int PageSize = 100;
    private const int MaxPages = 10;

    private readonly GitHubConnections _github = new(config, http);
    private readonly GitHubOAuth _oauth = new(config, http);

    public override bool SupportsSshKeys => true;
    public override bool SupportsInstallations => Config.AppInstallationsUrl is not null;

    public override Task<TokenSet> CompleteAuthorizeAsync(AuthorizeCompletion completion, CancellationToken cancellationToken) =>
        _oauth.ExchangeCodeAsync(CallbackCode(completion), completion, cancellationToken);

    public override async Task<TokenSet> RefreshAsync(TokenSet current, CancellationToken cancellationToken)
    {
        if (!SupportsRefresh || current.RefreshToken is null || current.Kind != TokenKind.OAuth2)
            throw new ProviderTokenException($"{Config.Id}: the token cannot be refreshed (no refresh token, or refreshing is off).",
                ProviderErrorKind.Permanent, "refresh_unavailable");
        return KeepRefreshTokenUnlessRotated(current, await _oauth.RenewAsync(current.RefreshToken, cancellationToken));
    }

    public override Task<DeviceStart> StartDeviceFlowAsync(CancellationToken cancellationToken) =>
        SupportsDeviceFlow
            ? _oauth.StartDeviceFlowAsync(cancellationToken)
            : throw new ProviderFeatureException($"{Config.DisplayName} ({Config.Id}) has no device flow configured.");

    public override Task<DevicePoll> PollDeviceFlowAsync(string deviceCode, CancellationToken cancellationToken) =>
        SupportsDeviceFlow
            ? _oauth.PollDeviceFlowAsync(deviceCode, cancellationToken)
            : throw new ProviderFeatureException($"{Config.DisplayName} ({Config.Id}) has no device flow configured.");

    /// <summary>Deletes the whole grant (Coder's default): every token of the app for this user goes, and with it the
    /// SSH keys the app created.</summary>
    public override Task<RevocationResult> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (!SupportsRevocation)
            return Task.FromResult(new RevocationResult(false, null));
        if (tokens.Kind == TokenKind.PersonalToken)
            return Task.FromResult(new RevocationResult(false, "a personal access token is left alone; delete it at the provider if it is no longer needed"));
        if (Config.ClientSecret is null)
            return Task.FromResult(new RevocationResult(false, "revoking needs the client secret, which is not configured"));
        return _oauth.DeleteGrantAsync(tokens.AccessToken, cancellationToken);
    }

    /// <summary>/user, and when the profile hides the address, the primary verified one of /user/emails.</summary>
    public override async Task<ValidationResult> ValidateAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (Expired(tokens) is { } expired)
            return expired;
        using var httpClient = _github.NewHttpClient();
        var client = _github.User(httpClient, tokens);
        try
        {
            var user = await client.User.Current();
            if (user is null || user.Id == 0 || string.IsNullOrEmpty(user.Login))
                return new ValidationResult(ValidationOutcome.Unavailable, null, $"{Config.Id} validate: the answer is not a GitHub user (not JSON, or no id and login).");
            var email = string.IsNullOrEmpty(user.Email) ? await PrimaryEmailAsync(client) : user.Email;
            return new ValidationResult(ValidationOutcome.Valid,
                new ExternalAccount(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Login, user.Name, email, user.AvatarUrl, user.HtmlUrl), null);
        }
        catch (ApiException e) when (e.HttpResponse is { } answer)
        {
            return ClassifyValidationFailure(OctokitFailures.Response(answer));
        }
        catch (Exception e) when (Http.Translate($"{Config.Id} validate", e, cancellationToken) is { } failure)
        {
            return new ValidationResult(ValidationOutcome.Unavailable, null, failure.Message);
        }
    }

    /// <summary>Without the user:email scope (or the GitHub App permission) there is no address to read: none.</summary>
    private async Task<string?> PrimaryEmailAsync(GitHubClient client)
    {
        try
        {
            var emails = OctokitFailures.Required($"{Config.Id} emails", await client.User.Email.GetAll());
            return emails.Where(e => e.Primary && e.Verified).Select(e => e.Email).FirstOrDefault();
        }
        catch (Exception e) when (e is AuthorizationException or ForbiddenException or NotFoundException)
        {
            return null;
        }
    }

    public override Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken) =>
        CallAsync("list ssh keys", tokens, cancellationToken, async client =>
        {
            var keys = await client.User.GitSshKey.GetAllForCurrent(new ApiOptions { PageSize = PageSize, PageCount = MaxPages });
            return (IReadOnlyList<ProviderSshKey>)OctokitFailures.Required($"{Config.Id} list ssh keys", keys)
                .Select(k => new ProviderSshKey(Id(k.Id), k.Key ?? "", k.Title)).ToList();
        });

    /// <summary>422 naming the key field means the key is already in use (here or on another account).</summary>
    public override Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken) =>
        CallAsync("add ssh key", tokens, cancellationToken, async client =>
        {
            try
            {
                var key = OctokitFailures.Required($"{Config.Id} add ssh key", await client.User.GitSshKey.Create(new NewPublicKey(title, publicKey)));
                return new ProviderSshKey(Id(key.Id), key.Key ?? publicKey, key.Title);
            }
            catch (ApiValidationException e) when (e.ApiError?.Errors?.Any(x => x.Field == "key") == true)
            {
                throw new DuplicateSshKeyException($"{Config.Id}: the SSH key is already registered on GitHub (HTTP 422: {e.ApiError.Errors[0].Message}).");
            }
        });

    /// <summary>A key that is already gone counts as deleted.</summary>
    public override Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(keyId, out var id))
            throw new ProviderApiException($"{Config.Id}: '{keyId}' is not a GitHub key id.", null, transient: false);
        return CallAsync("delete ssh key", tokens, cancellationToken, async client =>
        {
            try
            {
                await client.User.GitSshKey.Delete(id);
            }
            catch (NotFoundException)
            {
                // Already gone.
            }
            return true;
        });
    }

    /// <summary>GitHub App installations the user can see; other tokens (OAuth Apps, PATs) are refused here: none.</summary>
    public override async Task<IReadOnlyList<AppInstallation>> ListInstallationsAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (!SupportsInstallations)
            return [];
        // A refusal (401, 403, 404: not a GitHub App token) is a ProviderApiException: the caller reports the app as not installable.
        return await CallAsync("installations", tokens, cancellationToken, async client =>
        {
            var answer = await client.GitHubApps.GetAllInstallationsForCurrentUser(new ApiOptions { PageSize = PageSize, PageCount = 1 });
            return (IReadOnlyList<AppInstallation>)(OctokitFailures.Required($"{Config.Id} installations", answer).Installations ?? [])
                .Select(i => new AppInstallation(i.Id, Account(i.Account), i.HtmlUrl)).ToList();
        });
    }

    /// <summary>The repositories of one installation the user can see (GET /user/installations/{id}/repositories).</summary>
    public Task<IReadOnlyList<RepositoryInfo>> ListInstallationRepositoriesAsync(TokenSet tokens, long installationId, CancellationToken cancellationToken) =>
        CallAsync("installation repositories", tokens, cancellationToken, async client =>
        {
            var answer = await client.GitHubApps.Installation.GetAllRepositoriesForCurrentUser(installationId,
                new ApiOptions { PageSize = PageSize, PageCount = MaxPages });
            return (IReadOnlyList<RepositoryInfo>)(OctokitFailures.Required($"{Config.Id} installation repositories", answer).Repositories ?? [])
                .Select(Repository).ToList();
        });

    /// <summary>/user/repos, most recently updated first; a query filters the page by name.</summary>
    public override Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken) =>
        CallAsync("repositories", tokens, cancellationToken, async client =>
        {
            var repositories = await client.Repository.GetAllForCurrent(
                new RepositoryRequest { Sort = RepositorySort.Updated, Direction = SortDirection.Descending },
                new ApiOptions { PageSize = 30, PageCount = 1, StartPage = Math.Max(1, page) });
            return (IReadOnlyList<RepositoryInfo>)OctokitFailures.Required($"{Config.Id} repositories", repositories)
                .Select(Repository)
                .Where(r => string.IsNullOrEmpty(query) || r.FullName.Contains(query, StringComparison.OrdinalIgnoreCase))
                .ToList();
        });

    /// <summary>Any non-empty username works with a token; the login is the conventional one.</summary>
    public override GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) =>
        new(account?.Login ?? "x-access-token", tokens.AccessToken);

    /// <summary>Runs an API call with the user's token; Octokit's failures become <see cref="ProviderApiException"/>.</summary>
    private async Task<T> CallAsync<T>(string operation, TokenSet tokens, CancellationToken cancellationToken, Func<GitHubClient, Task<T>> call)
    {
        using var httpClient = _github.NewHttpClient();
        try
        {
            return await call(_github.User(httpClient, tokens));
        }
        catch (Exception e) when (e is not (DuplicateSshKeyException or ProviderApiException)
                                  && OctokitFailures.ApiFailure($"{Config.Id}: {operation}", e, Http, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private static ExternalAccount Account(User? owner) =>
        new(owner is null ? "" : Id(owner.Id), owner?.Login ?? "", owner?.Name, null, owner?.AvatarUrl, owner?.HtmlUrl);

    private static RepositoryInfo Repository(Repository r) =>
        new(r.FullName ?? "", r.HtmlUrl ?? "", r.CloneUrl ?? "", r.SshUrl ?? "", r.Private, r.DefaultBranch);

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
