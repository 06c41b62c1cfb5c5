using GitIntegration.Grains.Ssh;

namespace GitIntegration.Grains.Tests.Ssh;

public sealed class SshKeyAlgorithmTests
{
    [Theory]
    [InlineData("ed25519", SshKeyAlgorithm.Ed25519)]
    [InlineData("ecdsa", SshKeyAlgorithm.Ecdsa)]
    [InlineData("rsa4096", SshKeyAlgorithm.Rsa4096)]
    [InlineData(" RSA4096 ", SshKeyAlgorithm.Rsa4096)]
    public void Setting_strings_parse_and_round_trip(string setting, SshKeyAlgorithm expected)
    {
        var algorithm = SshKeyAlgorithmNames.Parse(setting);

        Assert.Equal(expected, algorithm);
        Assert.Equal(setting.Trim().ToLowerInvariant(), algorithm.ToSettingString());
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("dsa")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_values_are_refused_with_the_accepted_ones_named(string? setting)
    {
        var error = Assert.Throws<FormatException>(() => SshKeyAlgorithmNames.Parse(setting));

        Assert.Contains("ed25519", error.Message);
        Assert.Contains("ecdsa", error.Message);
        Assert.Contains("rsa4096", error.Message);
        Assert.False(SshKeyAlgorithmNames.TryParse(setting, out _));
    }

    [Fact]
    public void Ed25519_is_the_default()
    {
        Assert.Equal(SshKeyAlgorithm.Ed25519, default(SshKeyAlgorithm));
    }
}
