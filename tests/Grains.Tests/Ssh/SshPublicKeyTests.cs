using GitIntegration.Grains.Ssh;

namespace GitIntegration.Grains.Tests.Ssh;

public sealed class SshPublicKeyTests
{
    [Theory]
    [InlineData("ed25519", "ssh-ed25519")]
    [InlineData("ecdsa", "ecdsa-sha2-nistp256")]
    [InlineData("rsa", "ssh-rsa")]
    public void A_key_made_by_ssh_keygen_parses_and_has_the_fingerprint_ssh_keygen_prints(string type, string keyType)
    {
        using var keygen = new SshKeygen();
        var keyFile = Path.Combine(keygen.Directory, "id");
        keygen.Run("-q", "-t", type, "-N", "", "-C", "someone@laptop", "-f", keyFile);
        var line = keygen.ReadFile("id.pub");

        var key = SshPublicKey.Parse(line);
        var listed = keygen.Run("-l", "-f", keyFile + ".pub").Split(' ');

        Assert.Equal(keyType, key.KeyType);
        Assert.Equal("someone@laptop", key.Comment);
        Assert.Equal(listed[1], key.Fingerprint);
        Assert.Equal(line.Trim(), key.ToAuthorizedKeysLine());
    }

    [Fact]
    public void The_same_key_matches_without_or_with_another_comment()
    {
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Ecdsa, "mine");
        var providerListing = string.Join(' ', pair.PublicKey.Split(' ').Take(2)); // providers often drop the comment

        var listed = SshPublicKey.Parse(providerListing);
        var ours = SshPublicKey.Parse(pair.PublicKey);

        Assert.Null(listed.Comment);
        Assert.True(listed.IsSameKeyAs(ours));
        Assert.Equal(pair.Fingerprint, listed.Fingerprint);
        Assert.False(listed.IsSameKeyAs(SshPublicKey.Parse(SshKeyGenerator.Generate(SshKeyAlgorithm.Ecdsa, "mine").PublicKey)));
    }

    [Fact]
    public void A_comment_with_spaces_is_kept_whole()
    {
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "work laptop (2024)");

        Assert.Equal("work laptop (2024)", SshPublicKey.Parse(pair.PublicKey + "\n").Comment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 not*base64")]
    [InlineData("ssh-ed25519 AAAA")]
    public void Malformed_lines_are_refused(string line)
    {
        Assert.Throws<FormatException>(() => SshPublicKey.Parse(line));
        Assert.False(SshPublicKey.TryParse(line, out _));
    }

    [Fact]
    public void A_line_whose_type_differs_from_its_key_data_is_refused()
    {
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "x");
        var lying = "ssh-rsa " + pair.PublicKey.Split(' ')[1];

        var error = Assert.Throws<FormatException>(() => SshPublicKey.Parse(lying));
        Assert.Contains("ssh-ed25519", error.Message);
    }
}
