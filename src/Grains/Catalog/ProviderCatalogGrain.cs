using System.Security.Cryptography;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Ssh;

namespace GitIntegration.Grains.Catalog;

/// <summary>
/// The one provider catalog (key "catalog"): admin-managed provider definitions with their client secrets
/// encrypted, the SSH key algorithm, and the RSA pair Bitbucket Server OAuth 1 links sign with (made once, the
/// private key encrypted). Configuration providers are not stored here and cannot be overridden from here.
/// </summary>
[GrainType("providercatalog")]
public sealed class ProviderCatalogGrain(
    [PersistentState("catalog")] IPersistentState<ProviderCatalogState> state,
    SecretProtector protector,
    ConfiguredProviders configured,
    ProviderCatalogOptions options) : Grain, IProviderCatalogGrain
{
    private const int OAuth1KeySize = 2048;

    private ProviderCatalogState State => state.State;

    /// <summary>Secrets under a retired key are re-encrypted under the current one as soon as the catalog wakes.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await state.UpdateAsync(s =>
        {
            var providers = s.Providers.Select(p => p with { ClientSecret = Reencrypt(p.ClientSecret, SecretField(p.Definition.Id)) }).ToList();
            var privateKey = Reencrypt(s.BitbucketServerPrivateKey, PrivateKeyField);
            return providers.SequenceEqual(s.Providers) && privateKey == s.BitbucketServerPrivateKey
                ? s
                : s with { Providers = providers, BitbucketServerPrivateKey = privateKey };
        });
    }

    public Task<ProviderCatalog> GetAsync() => Task.FromResult(Snapshot());

    public async Task<ProviderCatalog> UpsertProviderAsync(ProviderDefinition definition)
    {
        var resolved = Validate(definition);
        var newSecret = string.IsNullOrWhiteSpace(definition.ClientSecret) ? null : protector.Encrypt(definition.ClientSecret.Trim(), SecretField(resolved.Id));
        await SaveAsync(s =>
        {
            var existing = s.Providers.FindIndex(p => p.Definition.Id == resolved.Id);
            var secret = newSecret ?? (existing >= 0 ? s.Providers[existing].ClientSecret : null);
            var stored = new StoredProvider(definition with { Id = resolved.Id, Type = resolved.TypeName, ClientSecret = null }, secret);
            var providers = s.Providers.ToList();
            if (existing >= 0)
                providers[existing] = stored;
            else
                providers.Add(stored);
            return s with { Providers = providers };
        });
        return Snapshot();
    }

    public async Task<bool> DeleteProviderAsync(string providerId)
    {
        if (configured.Find(providerId) is not null)
            throw new ConflictException($"Provider '{providerId}' comes from configuration; change it there.");
        if (State.Providers.All(p => p.Definition.Id != providerId))
            return false;
        await SaveAsync(s => s with { Providers = s.Providers.Where(p => p.Definition.Id != providerId).ToList() });
        return true;
    }

    public async Task<ProviderCatalog> SetSshKeygenAlgorithmAsync(string algorithm)
    {
        if (!SshKeyAlgorithmNames.TryParse(algorithm, out var parsed))
            throw new InvalidRequestException($"keygen_algorithm: '{algorithm}' is not one of {string.Join(", ", SshKeyAlgorithmNames.All)}.");
        if (State.SshKeygenAlgorithm != parsed.ToSettingString())
            await SaveAsync(s => s with { SshKeygenAlgorithm = parsed.ToSettingString() });
        return Snapshot();
    }

    public async Task<string> GetBitbucketServerPublicKeyAsync()
    {
        await EnsureOAuth1KeyAsync();
        return State.BitbucketServerPublicKeyPem!;
    }

    public async Task<string> GetBitbucketServerPrivateKeyAsync()
    {
        await EnsureOAuth1KeyAsync();
        return protector.Decrypt(State.BitbucketServerPrivateKey!, PrivateKeyField);
    }

    private async Task EnsureOAuth1KeyAsync()
    {
        if (State.BitbucketServerPrivateKey is not null && State.BitbucketServerPublicKeyPem is not null)
            return;
        using var rsa = RSA.Create(OAuth1KeySize);
        var publicKey = rsa.ExportSubjectPublicKeyInfoPem();
        var privateKey = protector.Encrypt(rsa.ExportPkcs8PrivateKeyPem(), PrivateKeyField);
        // Made once: if another activation stored a pair meanwhile, that one stands.
        await SaveAsync(s => s.BitbucketServerPrivateKey is not null && s.BitbucketServerPublicKeyPem is not null
            ? s
            : s with { BitbucketServerPublicKeyPem = publicKey, BitbucketServerPrivateKey = privateKey });
    }

    /// <summary>Checks the definition as the directory will resolve it; errors name the admin API field.</summary>
    private ProviderConfig Validate(ProviderDefinition definition)
    {
        ProviderConfig resolved;
        try
        {
            resolved = ProviderConfigResolver.Resolve(definition, ProviderSource.Admin, ProviderSettingKeys.ForAdminApi());
        }
        catch (ProviderConfigurationException e)
        {
            throw new InvalidRequestException(e.Message);
        }
        if (configured.Find(resolved.Id) is not null)
            throw new ConflictException($"Provider '{resolved.Id}' comes from configuration; change it there.");
        return resolved;
    }

    private ProviderCatalog Snapshot() => new(
        State.Version,
        State.Providers.Select(p => p.Definition with
        {
            ClientSecret = p.ClientSecret is null ? null : protector.Decrypt(p.ClientSecret, SecretField(p.Definition.Id)),
        }).ToArray(),
        State.SshKeygenAlgorithm ?? options.DefaultSshKeygenAlgorithm);

    /// <summary>Stores a change with the version bumped, so caches reload (compare-and-swap, re-applied on a conflict).</summary>
    private Task SaveAsync(Func<ProviderCatalogState, ProviderCatalogState> change) =>
        state.UpdateAsync(s => change(s) is var next && ReferenceEquals(next, s) ? s : next with { Version = s.Version + 1 });

    private EncryptedSecret? Reencrypt(EncryptedSecret? secret, string field) => secret is null ? null : protector.Reencrypt(secret, field);

    // Associated data binds each ciphertext to this grain and field, so a value cannot be moved elsewhere.
    private string SecretField(string providerId) => $"{this.GetGrainId()}:providers/{providerId}/clientSecret";

    private string PrivateKeyField => $"{this.GetGrainId()}:bitbucketServerPrivateKey";
}
