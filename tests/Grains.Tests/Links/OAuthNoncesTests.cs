using System.Security.Cryptography;
using System.Text;
using GitIntegration.Grains.Links;

namespace GitIntegration.Grains.Tests.Links;

public sealed class OAuthNoncesTests
{
    [Fact]
    public void State_and_verifier_are_fresh_url_safe_values_and_the_challenge_is_S256()
    {
        var verifier = OAuthNonces.NewCodeVerifier();

        Assert.Matches("^[A-Za-z0-9_-]{43}$", verifier);
        Assert.NotEqual(verifier, OAuthNonces.NewCodeVerifier());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", OAuthNonces.NewState());
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, OAuthNonces.S256Challenge(verifier));
    }

    [Fact]
    public void Only_the_value_whose_hash_was_stored_matches()
    {
        var state = OAuthNonces.NewState();
        var stored = OAuthNonces.Hash(state);

        Assert.True(OAuthNonces.Matches(state, stored));
        Assert.False(OAuthNonces.Matches(state + "x", stored));
        Assert.False(OAuthNonces.Matches(null, stored));
        Assert.DoesNotContain(state, stored);
    }

    [Theory]
    [InlineData("/settings/git", "/settings/git")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/x", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("https://evil.example/", null)]
    [InlineData("settings", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_local_paths_are_return_targets(string? returnTo, string? expected) =>
        Assert.Equal(expected, OAuthNonces.LocalPathOrNull(returnTo));
}
