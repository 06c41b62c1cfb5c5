namespace GitIntegration.Grains.Ssh;

/// <summary>The kinds of per-user SSH key the service can generate (setting <c>Ssh:KeygenAlgorithm</c>).</summary>
public enum SshKeyAlgorithm
{
    /// <summary><c>ed25519</c>, the default.</summary>
    Ed25519 = 0,

    /// <summary><c>ecdsa</c>: ECDSA on NIST P-256 (<c>ecdsa-sha2-nistp256</c>).</summary>
    Ecdsa = 1,

    /// <summary><c>rsa4096</c>: 4096-bit RSA (<c>ssh-rsa</c>).</summary>
    Rsa4096 = 2,
}

/// <summary>Converts <see cref="SshKeyAlgorithm"/> to and from its setting strings.</summary>
public static class SshKeyAlgorithmNames
{
    public const string Ed25519 = "ed25519";
    public const string Ecdsa = "ecdsa";
    public const string Rsa4096 = "rsa4096";

    /// <summary>The setting strings, default first.</summary>
    public static IReadOnlyList<string> All { get; } = [Ed25519, Ecdsa, Rsa4096];

    /// <summary>Parses <c>ed25519</c>, <c>ecdsa</c> or <c>rsa4096</c> (case-insensitive, surrounding spaces ignored).</summary>
    public static bool TryParse(string? value, out SshKeyAlgorithm algorithm)
    {
        SshKeyAlgorithm? parsed = value?.Trim().ToLowerInvariant() switch
        {
            Ed25519 => SshKeyAlgorithm.Ed25519,
            Ecdsa => SshKeyAlgorithm.Ecdsa,
            Rsa4096 => SshKeyAlgorithm.Rsa4096,
            _ => null,
        };
        algorithm = parsed ?? SshKeyAlgorithm.Ed25519;
        return parsed is not null;
    }

    /// <summary>Like <see cref="TryParse"/>, but throws a <see cref="FormatException"/> that names the accepted values.</summary>
    public static SshKeyAlgorithm Parse(string? value) =>
        TryParse(value, out var algorithm)
            ? algorithm
            : throw new FormatException(
                $"'{value}' is not an SSH key algorithm: expected {Ed25519} (default), {Ecdsa} or {Rsa4096}.");

    /// <summary>The setting string of an algorithm: <c>ed25519</c>, <c>ecdsa</c> or <c>rsa4096</c>.</summary>
    public static string ToSettingString(this SshKeyAlgorithm algorithm) => algorithm switch
    {
        SshKeyAlgorithm.Ed25519 => Ed25519,
        SshKeyAlgorithm.Ecdsa => Ecdsa,
        SshKeyAlgorithm.Rsa4096 => Rsa4096,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown SSH key algorithm."),
    };
}
