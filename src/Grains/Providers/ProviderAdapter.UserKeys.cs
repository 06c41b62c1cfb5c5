using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Providers;

// The /user/keys API that GitHub, GitLab and Gitea share: a paged list, add {title, key, ...}, delete by id.
// They differ only in the page-size parameter, extra fields and how a duplicate key is refused.
public abstract partial class ProviderAdapter
{
    private const int UserKeysMaxPages = 10;

    protected async Task<IReadOnlyList<ProviderSshKey>> ListUserKeysAsync(TokenSet tokens, string pageSizeParameter, int pageSize, CancellationToken cancellationToken)
    {
        var keys = new List<ProviderSshKey>();
        for (var page = 1; page <= UserKeysMaxPages; page++)
        {
            var json = await GetJsonAsync("list ssh keys", Api($"/user/keys?{pageSizeParameter}={pageSize}&page={page}"), tokens, cancellationToken);
            var items = json.Items().ToList();
            keys.AddRange(items.Select(k => new ProviderSshKey(k.Text("id")!, k.Text("key") ?? "", k.Text("title"))));
            if (items.Count < pageSize)
                break;
        }
        return keys;
    }

    /// <summary>Adds the key; <paramref name="isDuplicate"/> recognises the provider's "already registered" answer.</summary>
    protected async Task<ProviderSshKey> AddUserKeyAsync(TokenSet tokens, IReadOnlyDictionary<string, object?> body, string publicKey,
        Func<ProviderResponse, bool> isDuplicate, string providerName, CancellationToken cancellationToken)
    {
        var response = await SendApiAsync("add ssh key", () => ApiRequest(HttpMethod.Post, Api("/user/keys"), tokens, body), cancellationToken);
        if (isDuplicate(response))
            throw new DuplicateSshKeyException($"{Config.Id}: the SSH key is already registered on {providerName} ({response.Describe()}).");
        if (!response.IsSuccess || response.Json() is not { } key)
            throw ApiFailure(response, "add ssh key");
        return new ProviderSshKey(key.Text("id")!, key.Text("key") ?? publicKey, key.Text("title"));
    }

    /// <summary>A key that is already gone (404) counts as deleted.</summary>
    protected async Task DeleteUserKeyAsync(TokenSet tokens, string keyId, CancellationToken cancellationToken)
    {
        var response = await SendApiAsync("delete ssh key",
            () => ApiRequest(HttpMethod.Delete, Api($"/user/keys/{Uri.EscapeDataString(keyId)}"), tokens), cancellationToken);
        if (!response.IsSuccess && response.Status != 404)
            throw ApiFailure(response, "delete ssh key");
    }
}
