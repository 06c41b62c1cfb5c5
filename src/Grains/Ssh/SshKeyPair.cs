namespace GitIntegration.Grains.Ssh;

/// <summary>
/// A generated SSH key pair. <see cref="PrivateKeyPem"/> is an unencrypted OpenSSH private key:
/// keep it only encrypted at rest. <see cref="ToString"/> never shows it.
/// </summary>
public sealed class SshKeyPair
{
    public required SshKeyAlgorithm Algorithm { get; init; }

    /// <summary>The authorized_keys line: <c>ssh-ed25519 AAAA... comment</c>.</summary>
    public required string PublicKey { get; init; }

    /// <summary>The private key as ssh-keygen writes it: <c>-----BEGIN OPENSSH PRIVATE KEY-----</c> ... (unencrypted).</summary>
    public required string PrivateKeyPem { get; init; }

    /// <summary><c>SHA256:&lt;base64 without padding&gt;</c>, as <c>ssh-keygen -lf</c> prints it.</summary>
    public required string Fingerprint { get; init; }

    public override string ToString() => $"SshKeyPair({Algorithm.ToSettingString()}, {Fingerprint})";
}
