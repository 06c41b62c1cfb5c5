using System.Security.Cryptography;
using System.Text;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Tests.Catalog;

public sealed class ProviderCatalogGrainTests
{
    private static readonly string Key = SecretKeyRing.GenerateKey();

    private static readonly Dictionary<string, string?> GitHubInConfiguration = new()
    {
        ["GitIntegration:Providers:0:Type"] = "github",
        ["GitIntegration:Providers:0:ClientId"] = "config-client",
    };

    private static ProviderDefinition GitLabCorp(string? secret = "gitlab-corp-client-secret") => new()
    {
        Id = "gitlab-corp",
        Type = "gitlab",
        ClientId = "corp-client",
        ClientSecret = secret,
        AuthUrl = "https://gitlab.corp.example/oauth/authorize",
    };

    [Fact]
    public async Task An_empty_catalog_has_version_zero_and_the_configured_ssh_algorithm()
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key], new Dictionary<string, string?> { ["GitIntegration:Ssh:KeygenAlgorithm"] = "ECDSA" });

        var catalog = await silo.Catalog.GetAsync();

        Assert.Equal(0, catalog.Version);
        Assert.Empty(catalog.Providers);
        Assert.Equal("ecdsa", catalog.SshKeygenAlgorithm);
    }

    [Fact]
    public async Task An_admin_provider_is_kept_with_its_secret_encrypted_at_rest()
    {
        using var store = new CatalogStore();
        await using (var silo = await CatalogSilo.StartAsync(store, [Key]))
        {
            var catalog = await silo.Catalog.UpsertProviderAsync(GitLabCorp());

            Assert.Equal(1, catalog.Version);
            var stored = Assert.Single(catalog.Providers);
            Assert.Equal("gitlab-corp-client-secret", stored.ClientSecret);
            Assert.Equal("ed25519", catalog.SshKeygenAlgorithm);
        }

        var row = await store.ReadCatalogRowAsync();
        Assert.Contains("gitlab-corp", row);
        Assert.DoesNotContain("gitlab-corp-client-secret", row);

        await using var restarted = await CatalogSilo.StartAsync(store, [Key]);
        Assert.Equal("gitlab-corp-client-secret", Assert.Single((await restarted.Catalog.GetAsync()).Providers).ClientSecret);
    }

    [Fact]
    public async Task Upserting_without_a_secret_keeps_the_stored_one_and_every_change_bumps_the_version()
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key]);

        await silo.Catalog.UpsertProviderAsync(GitLabCorp());
        var kept = await silo.Catalog.UpsertProviderAsync(GitLabCorp(secret: null) with { DisplayName = "Corp GitLab" });
        var replaced = await silo.Catalog.UpsertProviderAsync(GitLabCorp(secret: "rotated-secret"));

        Assert.Equal(2, kept.Version);
        Assert.Equal("Corp GitLab", Assert.Single(kept.Providers).DisplayName);
        Assert.Equal("gitlab-corp-client-secret", kept.Providers[0].ClientSecret);
        Assert.Equal(3, replaced.Version);
        Assert.Equal("rotated-secret", Assert.Single(replaced.Providers).ClientSecret);
    }

    [Fact]
    public async Task Configuration_providers_cannot_be_changed_from_the_catalog()
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key], GitHubInConfiguration);

        await Assert.ThrowsAsync<ConflictException>(() => silo.Catalog.UpsertProviderAsync(new ProviderDefinition { Id = "github", Type = "github", ClientId = "x" }));
        await Assert.ThrowsAsync<ConflictException>(() => silo.Catalog.UpsertProviderAsync(new ProviderDefinition { Id = "", Type = "github", ClientId = "x" }));
        await Assert.ThrowsAsync<ConflictException>(() => silo.Catalog.DeleteProviderAsync("github"));
        Assert.Equal(0, (await silo.Catalog.GetAsync()).Version);
    }

    [Theory]
    [InlineData("gitlabb", null, "type: 'gitlabb' is not one of")]
    [InlineData("gitlab", "https://gitlab.corp.example/oauth/authorize", "client_id: required")]
    [InlineData("bitbucket-server", null, "auth_url: required")]
    public async Task A_bad_definition_is_refused_naming_the_field(string type, string? authUrl, string expected)
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key]);
        var definition = new ProviderDefinition { Id = "corp", Type = type, ClientId = expected.StartsWith("client_id") ? null : "c", AuthUrl = authUrl };

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => silo.Catalog.UpsertProviderAsync(definition));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public async Task Deleting_removes_the_provider_once()
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key]);
        await silo.Catalog.UpsertProviderAsync(GitLabCorp());

        Assert.True(await silo.Catalog.DeleteProviderAsync("gitlab-corp"));
        Assert.False(await silo.Catalog.DeleteProviderAsync("gitlab-corp"));
        var catalog = await silo.Catalog.GetAsync();
        Assert.Empty(catalog.Providers);
        Assert.Equal(2, catalog.Version);
    }

    [Fact]
    public async Task The_ssh_algorithm_is_validated_and_survives_a_restart()
    {
        using var store = new CatalogStore();
        await using (var silo = await CatalogSilo.StartAsync(store, [Key]))
        {
            await Assert.ThrowsAsync<InvalidRequestException>(() => silo.Catalog.SetSshKeygenAlgorithmAsync("dsa"));
            var catalog = await silo.Catalog.SetSshKeygenAlgorithmAsync(" RSA4096 ");
            Assert.Equal("rsa4096", catalog.SshKeygenAlgorithm);
            Assert.Equal(1, catalog.Version);
        }

        await using var restarted = await CatalogSilo.StartAsync(store, [Key]);
        Assert.Equal("rsa4096", (await restarted.Catalog.GetAsync()).SshKeygenAlgorithm);
    }

    [Fact]
    public async Task The_bitbucket_server_key_pair_is_made_once_and_its_private_half_is_encrypted()
    {
        using var store = new CatalogStore();
        string publicPem, privatePem;
        await using (var silo = await CatalogSilo.StartAsync(store, [Key]))
        {
            publicPem = await silo.Catalog.GetBitbucketServerPublicKeyAsync();
            privatePem = await silo.Catalog.GetBitbucketServerPrivateKeyAsync();
            Assert.Equal(publicPem, await silo.Catalog.GetBitbucketServerPublicKeyAsync());
        }

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicPem);
        using var signer = RSA.Create();
        signer.ImportFromPem(privatePem);
        using var verifier = RSA.Create();
        verifier.ImportFromPem(publicPem);
        var data = Encoding.UTF8.GetBytes("base string");
        Assert.True(verifier.VerifyData(data, signer.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
            HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));

        var row = await store.ReadCatalogRowAsync();
        var privateBody = privatePem.Split('\n')[1];
        Assert.DoesNotContain("PRIVATE KEY", row);
        Assert.DoesNotContain(privateBody, row);

        await using var restarted = await CatalogSilo.StartAsync(store, [Key]);
        Assert.Equal(publicPem, await restarted.Catalog.GetBitbucketServerPublicKeyAsync());
        Assert.Equal(privatePem, await restarted.Catalog.GetBitbucketServerPrivateKeyAsync());
    }

    [Fact]
    public async Task Secrets_move_to_a_new_encryption_key_when_it_is_put_first()
    {
        using var store = new CatalogStore();
        var oldKey = SecretKeyRing.GenerateKey();
        var newKey = SecretKeyRing.GenerateKey();
        await using (var silo = await CatalogSilo.StartAsync(store, [oldKey]))
        {
            await silo.Catalog.UpsertProviderAsync(GitLabCorp());
            await silo.Catalog.GetBitbucketServerPublicKeyAsync();
        }

        await using (var rotated = await CatalogSilo.StartAsync(store, [newKey, oldKey]))
            Assert.Equal("gitlab-corp-client-secret", Assert.Single((await rotated.Catalog.GetAsync()).Providers).ClientSecret);

        var row = await store.ReadCatalogRowAsync();
        var oldId = SecretKeyRing.Parse([oldKey]).CurrentKeyId;
        var newId = SecretKeyRing.Parse([newKey]).CurrentKeyId;
        Assert.DoesNotContain($"v1.{oldId}.", row);
        Assert.Contains($"v1.{newId}.", row);
        await using var newOnly = await CatalogSilo.StartAsync(store, [newKey]);
        Assert.NotNull(await newOnly.Catalog.GetBitbucketServerPrivateKeyAsync());
    }
}
