using System.Buffers.Text;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private const string Token = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
    private const string Row = "link/alice/github:access_token";

    private static readonly string KeyA = SecretKeyRing.GenerateKey();
    private static readonly string KeyB = SecretKeyRing.GenerateKey();

    private static SecretProtector Protector(params string[] keys) => new(SecretKeyRing.Parse(keys));

    [Theory]
    [InlineData(Token)]
    [InlineData("")]
    [InlineData("ünïcødé ✓ \n -----BEGIN OPENSSH PRIVATE KEY-----")]
    public void A_value_round_trips(string plaintext)
    {
        var protector = Protector(KeyA);

        var protectedValue = protector.Protect(plaintext, Row);

        Assert.Equal(plaintext, protector.Unprotect(protectedValue, Row));
    }

    [Fact]
    public void The_protected_value_is_a_compact_printable_string_without_the_plaintext()
    {
        var protector = Protector(KeyA);

        var protectedValue = protector.Protect(Token, Row);

        Assert.Matches($"^v1\\.{protector.KeyRing.CurrentKeyId}\\.[A-Za-z0-9_-]+$", protectedValue);
        Assert.DoesNotContain(Token, protectedValue);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Token)), protectedValue);
    }

    [Fact]
    public void The_same_plaintext_encrypts_differently_each_time()
    {
        var protector = Protector(KeyA);

        Assert.NotEqual(protector.Protect(Token, Row), protector.Protect(Token, Row));
    }

    [Fact]
    public void Other_associated_data_cannot_decrypt_the_value()
    {
        var protector = Protector(KeyA);
        var protectedValue = protector.Protect(Token, Row);

        var error = Assert.Throws<SecretDecryptionException>(
            () => protector.Unprotect(protectedValue, "link/mallory/github:access_token"));

        Assert.Contains("failed authentication", error.Message);
    }

    [Theory]
    [InlineData(0)] // nonce
    [InlineData(12)] // first ciphertext byte
    [InlineData(-1)] // last tag byte
    public void A_tampered_value_fails_without_revealing_anything(int position)
    {
        var protector = Protector(KeyA);
        var protectedValue = protector.Protect(Token, Row);
        var parts = protectedValue.Split('.');
        var payload = Base64Url.DecodeFromChars(parts[2]);
        payload[position < 0 ? payload.Length + position : position] ^= 0x01;
        var tampered = $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(payload)}";

        var error = Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(tampered, Row));

        Assert.Contains("failed authentication", error.Message);
        Assert.DoesNotContain(Token, error.Message);
        Assert.DoesNotContain(KeyA, error.Message);
        Assert.DoesNotContain(parts[2], error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gho_plaintext")]
    [InlineData("v2.abcdef01.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.abcdef01.AAAA")]
    [InlineData("v1.ABCDEF01.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1.abcdef01.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+/")]
    [InlineData("v1.abcdef01.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")] // stray bits after the last byte
    [InlineData("v1.abcdef01.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra")]
    public void A_value_that_is_not_in_the_format_is_refused(string value)
    {
        var protector = Protector(KeyA);

        var error = Assert.Throws<SecretDecryptionException>(() => protector.Unprotect(value, Row));

        Assert.Equal("The value is not an encrypted secret in the v1 format.", error.Message);
        Assert.Throws<SecretDecryptionException>(() => protector.IsCurrentKey(value));
    }

    [Fact]
    public void Rotation_old_values_still_decrypt_are_reported_not_current_and_move_to_the_new_key()
    {
        var underA = Protector(KeyA).Protect(Token, Row);
        var rotated = Protector(KeyB, KeyA);
        var idA = SecretKeyRing.Parse([KeyA]).CurrentKeyId;
        var idB = SecretKeyRing.Parse([KeyB]).CurrentKeyId;

        Assert.Equal(Token, rotated.Unprotect(underA, Row));
        Assert.False(rotated.IsCurrentKey(underA));

        var underB = rotated.Reprotect(underA, Row);

        Assert.StartsWith($"v1.{idB}.", underB);
        Assert.True(rotated.IsCurrentKey(underB));
        Assert.Same(underB, rotated.Reprotect(underB, Row));
        Assert.Equal(Token, Protector(KeyB).Unprotect(underB, Row));

        var error = Assert.Throws<SecretDecryptionException>(() => Protector(KeyB).Unprotect(underA, Row));
        Assert.Equal(idA, error.KeyId);
        Assert.Contains($"key id '{idA}'", error.Message);
        Assert.Contains("not in GitIntegration:EncryptionKeys", error.Message);
        Assert.DoesNotContain(Token, error.Message);
    }
}
