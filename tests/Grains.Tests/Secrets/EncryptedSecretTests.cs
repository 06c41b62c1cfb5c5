using System.Text.Json;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Tests.Secrets;

public sealed class EncryptedSecretTests
{
    private const string Token = "glpat-xP9d3Kq7RzT2vW8mN4bC";
    private const string RefreshToken = "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c";

    private sealed record LinkState(string ProviderId, EncryptedSecret AccessToken, EncryptedSecret? RefreshToken, DateTimeOffset? Expires);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly SecretProtector _protector = new(SecretKeyRing.Parse([SecretKeyRing.GenerateKey()]));

    [Fact]
    public void State_json_holds_the_protected_strings_and_never_the_plaintext()
    {
        var state = new LinkState("gitlab",
            _protector.Encrypt(Token, "alice:gitlab:access"),
            _protector.Encrypt(RefreshToken, "alice:gitlab:refresh"),
            null);

        var json = JsonSerializer.Serialize(state, Web);

        Assert.DoesNotContain(Token, json);
        Assert.DoesNotContain(RefreshToken, json);
        Assert.Contains($"\"accessToken\":\"{state.AccessToken.Value}\"", json);
        Assert.DoesNotContain(Token, state.ToString());
        Assert.DoesNotContain(Token, state.AccessToken.ToString());
        Assert.DoesNotContain(state.AccessToken.Value, state.AccessToken.ToString());
    }

    [Fact]
    public void State_json_reads_back_and_decrypts()
    {
        var state = new LinkState("gitlab", _protector.Encrypt(Token, "alice:gitlab:access"), null, DateTimeOffset.UnixEpoch);

        var restored = JsonSerializer.Deserialize<LinkState>(JsonSerializer.Serialize(state, Web), Web)!;

        Assert.Equal(state, restored);
        Assert.Null(restored.RefreshToken);
        Assert.Equal(Token, _protector.Decrypt(restored.AccessToken, "alice:gitlab:access"));
        Assert.True(_protector.IsCurrentKey(restored.AccessToken));
    }

    [Fact]
    public void Json_holding_a_plain_string_where_a_secret_belongs_is_refused()
    {
        var json = $$"""{"providerId":"gitlab","accessToken":"{{Token}}","refreshToken":null,"expires":null}""";

        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LinkState>(json, Web));

        Assert.DoesNotContain(Token, error.Message);
    }

    [Fact]
    public void Reencrypt_moves_a_secret_to_the_current_key()
    {
        var oldKey = SecretKeyRing.GenerateKey();
        var old = new SecretProtector(SecretKeyRing.Parse([oldKey])).Encrypt(Token, "row");
        var rotated = new SecretProtector(SecretKeyRing.Parse([SecretKeyRing.GenerateKey(), oldKey]));

        var moved = rotated.Reencrypt(old, "row");

        Assert.False(rotated.IsCurrentKey(old));
        Assert.Equal(rotated.KeyRing.CurrentKeyId, moved.KeyId);
        Assert.Equal(Token, rotated.Decrypt(moved, "row"));
    }
}
