using System.Diagnostics;

namespace GitIntegration.ProviderEmulator.Tests.Support;

/// <summary>A key pair made by the real ssh-keygen in a temp folder, with the fingerprint ssh-keygen -lf prints.</summary>
public sealed record GeneratedKey(string PublicKey, string Fingerprint);

public static class SshKeygen
{
    public static GeneratedKey Generate(string type = "ed25519", string comment = "test@example")
    {
        var dir = Directory.CreateTempSubdirectory("emulator-ssh-");
        try
        {
            var path = Path.Combine(dir.FullName, "key");
            var bits = type == "rsa" ? "-b 2048 " : "";
            Run($"-q -t {type} {bits}-N \"\" -C {comment} -f \"{path}\"");
            var publicKey = File.ReadAllText(path + ".pub").Trim();
            // "256 SHA256:xxxx comment (ED25519)"
            var fingerprint = Run($"-lf \"{path}.pub\"").Split(' ')[1];
            return new GeneratedKey(publicKey, fingerprint);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ssh-keygen", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ssh-keygen {arguments} failed: {process.StandardError.ReadToEnd()}");
        return output.Trim();
    }
}
