using GitIntegration.Grains.Ssh;

namespace GitIntegration.Grains.Tests.Ssh;

public sealed class SshKeyGeneratorTests
{
    public static TheoryData<SshKeyAlgorithm> Algorithms => [SshKeyAlgorithm.Ed25519, SshKeyAlgorithm.Ecdsa, SshKeyAlgorithm.Rsa4096];

    private static string KeyType(SshKeyAlgorithm algorithm) => algorithm switch
    {
        SshKeyAlgorithm.Ed25519 => "ssh-ed25519",
        SshKeyAlgorithm.Ecdsa => "ecdsa-sha2-nistp256",
        _ => "ssh-rsa",
    };

    // The type label at the end of `ssh-keygen -l` output.
    private static string TypeLabel(SshKeyAlgorithm algorithm) => algorithm switch
    {
        SshKeyAlgorithm.Ed25519 => "(ED25519)",
        SshKeyAlgorithm.Ecdsa => "(ECDSA)",
        _ => "(RSA)",
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Ssh_keygen_reads_the_private_key_and_derives_the_same_public_key(SshKeyAlgorithm algorithm)
    {
        var pair = SshKeyGenerator.Generate(algorithm, "alice@gitintegration");
        using var keygen = new SshKeygen();
        var privateKeyFile = keygen.WriteFile("id", pair.PrivateKeyPem);

        var derived = keygen.Run("-y", "-f", privateKeyFile).Trim();

        Assert.Equal(algorithm, pair.Algorithm);
        Assert.StartsWith(KeyType(algorithm) + " ", pair.PublicKey);
        Assert.EndsWith(" alice@gitintegration", pair.PublicKey);
        Assert.Equal(TypeAndBlob(pair.PublicKey), TypeAndBlob(derived));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void The_fingerprint_is_the_one_ssh_keygen_prints(SshKeyAlgorithm algorithm)
    {
        var pair = SshKeyGenerator.Generate(algorithm, "bob@gitintegration");
        using var keygen = new SshKeygen();
        var publicKeyFile = keygen.WriteFile("id.pub", pair.PublicKey + "\n");

        var listed = keygen.Run("-l", "-E", "sha256", "-f", publicKeyFile).Trim();

        // "<bits> SHA256:<hash> <comment> (<TYPE>)"
        var fields = listed.Split(' ');
        Assert.Equal(pair.Fingerprint, fields[1]);
        Assert.Equal(TypeLabel(algorithm), fields[^1]);
        Assert.Equal(SshPublicKey.Parse(pair.PublicKey).Fingerprint, pair.Fingerprint);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_signature_made_with_the_private_key_verifies_against_the_public_key(SshKeyAlgorithm algorithm)
    {
        var pair = SshKeyGenerator.Generate(algorithm, "carol@gitintegration");
        using var keygen = new SshKeygen();
        var privateKeyFile = keygen.WriteFile("id", pair.PrivateKeyPem);
        var message = keygen.WriteFile("message.txt", "commit to sign\n");
        var allowedSigners = keygen.WriteFile("allowed_signers", $"carol@example.com {TypeAndBlob(pair.PublicKey)}\n");

        keygen.Run("-Y", "sign", "-f", privateKeyFile, "-n", "git", message);
        var verified = keygen.RunWithInput("commit to sign\n",
            "-Y", "verify", "-f", allowedSigners, "-I", "carol@example.com", "-n", "git", "-s", message + ".sig");

        Assert.Contains("Good \"git\" signature for carol@example.com", verified);
    }

    [Fact]
    public void The_rsa_key_has_4096_bits()
    {
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Rsa4096, "dave@gitintegration");
        using var keygen = new SshKeygen();
        var privateKeyFile = keygen.WriteFile("id", pair.PrivateKeyPem);

        var listed = keygen.Run("-l", "-f", privateKeyFile);

        Assert.StartsWith("4096 ", listed);
    }

    [Fact]
    public void The_private_key_has_the_armour_and_line_length_ssh_keygen_writes()
    {
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "erin@gitintegration");
        using var keygen = new SshKeygen();
        keygen.Run("-t", "ed25519", "-N", "", "-C", "erin@gitintegration", "-f", Path.Combine(keygen.Directory, "real"));
        var real = keygen.ReadFile("real");

        var ours = pair.PrivateKeyPem.Split('\n');
        var theirs = real.Split('\n');
        Assert.Equal(theirs[0], ours[0]);
        Assert.Equal(theirs[^2], ours[^2]);
        Assert.Equal(theirs.Length, ours.Length);
        Assert.Equal(theirs.Select(l => l.Length), ours.Select(l => l.Length));
    }

    [Fact]
    public void Key_pairs_never_show_the_private_key_in_ToString()
    {
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "frank@gitintegration");

        Assert.DoesNotContain("PRIVATE", pair.ToString());
        Assert.Contains(pair.Fingerprint, pair.ToString());
    }

    [Fact]
    public void Each_call_generates_a_different_key()
    {
        var first = SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "x");
        var second = SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "x");

        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void A_multi_line_comment_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "a\nb"));
    }

    private static string TypeAndBlob(string line) => string.Join(' ', line.Split(' ').Take(2));
}
