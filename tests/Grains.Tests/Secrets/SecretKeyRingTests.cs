using GitIntegration.Grains.Secrets;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Tests.Secrets;

public sealed class SecretKeyRingTests
{
    [Fact]
    public void The_first_key_is_current_and_every_key_has_an_id_derived_from_it()
    {
        string a = SecretKeyRing.GenerateKey(), b = SecretKeyRing.GenerateKey();

        var ring = SecretKeyRing.Parse([a, b]);

        Assert.Equal(SecretKeyRing.ComputeKeyId(Convert.FromBase64String(a)), ring.CurrentKeyId);
        Assert.Equal([ring.CurrentKeyId, SecretKeyRing.ComputeKeyId(Convert.FromBase64String(b))], ring.KeyIds);
        Assert.Matches("^[0-9a-f]{8}$", ring.CurrentKeyId);
        Assert.Equal(ring.KeyIds, SecretKeyRing.Parse([a, b]).KeyIds);
    }

    [Fact]
    public void Generated_keys_are_base64_of_32_random_bytes()
    {
        var key = SecretKeyRing.GenerateKey();

        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.NotEqual(key, SecretKeyRing.GenerateKey());
    }

    [Fact]
    public void A_key_that_is_not_base64_is_named_by_its_position()
    {
        var error = Assert.Throws<SecretKeyConfigurationException>(
            () => SecretKeyRing.Parse([SecretKeyRing.GenerateKey(), "not base64!"]));

        Assert.Equal("GitIntegration:EncryptionKeys:1 is not valid base64: expected a base64 32-byte key.", error.Message);
    }

    [Fact]
    public void A_key_of_the_wrong_length_says_how_long_it_is()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);

        var error = Assert.Throws<SecretKeyConfigurationException>(() => SecretKeyRing.Parse([shortKey]));

        Assert.Equal("GitIntegration:EncryptionKeys:0 is 16 bytes long: expected 32 bytes (AES-256), base64-encoded.", error.Message);
        Assert.DoesNotContain(shortKey, error.Message);
    }

    [Fact]
    public void A_key_listed_twice_is_refused()
    {
        var a = SecretKeyRing.GenerateKey();

        var error = Assert.Throws<SecretKeyConfigurationException>(
            () => SecretKeyRing.Parse([a, SecretKeyRing.GenerateKey(), a]));

        Assert.Equal("GitIntegration:EncryptionKeys:2 is the same key as GitIntegration:EncryptionKeys:0.", error.Message);
        Assert.DoesNotContain(a, error.Message);
    }

    [Theory]
    [InlineData(new string[0], "GitIntegration:EncryptionKeys is empty")]
    [InlineData(new[] { " " }, "GitIntegration:EncryptionKeys:0 is empty")]
    public void No_key_at_all_is_refused(string[] keys, string expected)
    {
        var error = Assert.Throws<SecretKeyConfigurationException>(() => SecretKeyRing.Parse(keys));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Configuration_is_read_as_a_list_or_as_one_comma_separated_value()
    {
        string a = SecretKeyRing.GenerateKey(), b = SecretKeyRing.GenerateKey();
        var expected = SecretKeyRing.Parse([a, b]).KeyIds;

        var asList = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitIntegration:EncryptionKeys:0"] = a,
            ["GitIntegration:EncryptionKeys:1"] = b,
        }).Build();
        var asOneValue = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitIntegration:EncryptionKeys"] = $"{a}, {b}",
        }).Build();

        Assert.Equal(expected, SecretKeyRing.FromConfiguration(asList)!.KeyIds);
        Assert.Equal(expected, SecretKeyRing.FromConfiguration(asOneValue)!.KeyIds);
        Assert.Null(SecretKeyRing.FromConfiguration(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void ToString_shows_key_ids_only()
    {
        var key = SecretKeyRing.GenerateKey();
        var ring = SecretKeyRing.Parse([key]);

        Assert.DoesNotContain(key, ring.ToString());
        Assert.Contains(ring.CurrentKeyId, ring.ToString());
    }
}
