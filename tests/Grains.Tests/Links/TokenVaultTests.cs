using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Links;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Tests.Links;

public sealed class TokenVaultTests
{
    private const string Access = "ghu_16C7e42F292c6912E7710c838347Ae178B4a";
    private const string Refresh = "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498";
    private static readonly GrainId Link = GrainId.Create("gitlink", "u1/github");
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static TokenSet Tokens => new()
    {
        AccessToken = Access,
        RefreshToken = Refresh,
        ExpiresAt = Now.AddHours(8),
        Scopes = "repo",
        Extra = new Dictionary<string, string> { ["id_token"] = "eyJhbGciOiJub25lIn0.e30." },
    };

    [Fact]
    public void Tokens_round_trip_and_the_stored_state_shows_none_of_them()
    {
        var vault = new TokenVault(NewProtector(out _));

        var state = vault.WithTokens(new LinkState { Account = new ExternalAccount("1", "octocat") }, Tokens, Link, Now);
        var json = JsonSerializer.Serialize(state, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var back = vault.ToTokenSet(JsonSerializer.Deserialize<LinkState>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!, Link)!;

        Assert.Equal(Access, back.AccessToken);
        Assert.Equal(Refresh, back.RefreshToken);
        Assert.Equal("eyJhbGciOiJub25lIn0.e30.", back.Extra!["id_token"]);
        Assert.Equal(Now.AddHours(8), back.ExpiresAt);
        foreach (var secret in new[] { Access, Refresh, "eyJhbGciOiJub25lIn0" })
        {
            Assert.DoesNotContain(secret, json);
            Assert.DoesNotContain(secret, state.ToString());
        }
    }

    [Fact]
    public void A_value_does_not_decrypt_in_another_field_or_another_link()
    {
        var vault = new TokenVault(NewProtector(out _));
        var state = vault.WithTokens(new LinkState(), Tokens, Link, Now);

        Assert.Throws<SecretDecryptionException>(() => vault.Reveal(state.AccessToken, Link, TokenVault.RefreshTokenField));
        Assert.Throws<SecretDecryptionException>(() => vault.Reveal(state.AccessToken, GrainId.Create("gitlink", "u2/github"), TokenVault.AccessTokenField));
        Assert.Throws<SecretDecryptionException>(() => vault.ToTokenSet(state with { RefreshToken = state.AccessToken }, Link));
    }

    [Fact]
    public void Values_under_a_retired_key_are_rewritten_under_the_current_one()
    {
        var oldVault = new TokenVault(NewProtector(out var oldKey));
        var state = oldVault.WithTokens(new LinkState(), Tokens, Link, Now) with
        {
            PendingWebFlow = new PendingWebFlow("hash", Now, "http://127.0.0.1/cb", null,
                oldVault.Protect("verifier", Link, TokenVault.CodeVerifierField), null),
        };
        var newKey = SecretKeyRing.GenerateKey();
        var rotated = new TokenVault(new SecretProtector(SecretKeyRing.Parse([newKey, oldKey])));

        Assert.True(rotated.HasStaleKeys(state));
        var rewritten = rotated.Reencrypt(state, Link);

        Assert.False(rotated.HasStaleKeys(rewritten));
        var onlyNew = new TokenVault(new SecretProtector(SecretKeyRing.Parse([newKey])));
        Assert.Equal(Access, onlyNew.ToTokenSet(rewritten, Link)!.AccessToken);
        Assert.Equal(Refresh, onlyNew.ToTokenSet(rewritten, Link)!.RefreshToken);
        Assert.Equal("verifier", onlyNew.Reveal(rewritten.PendingWebFlow!.CodeVerifier, Link, TokenVault.CodeVerifierField));
    }

    private static SecretProtector NewProtector(out string key)
    {
        key = SecretKeyRing.GenerateKey();
        return new SecretProtector(SecretKeyRing.Parse([key]));
    }
}
