using System.Buffers.Text;
using System.Security.Cryptography;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// Secrets that all-in-one mode makes for itself on first start when they are not configured:
/// data/encryption.key and data/admin-token, readable by the owner only (0600).
/// </summary>
public static class LocalSecrets
{
    public const string EncryptionKeyFile = "encryption.key";
    public const string AdminTokenFile = "admin-token";

    /// <summary>Reads the file, or creates it with <paramref name="generate"/>; <paramref name="created"/> says which.</summary>
    public static string ReadOrCreate(string dataDirectory, string fileName, Func<string> generate, out bool created)
    {
        var path = Path.GetFullPath(Path.Combine(dataDirectory, fileName));
        if (File.Exists(path))
        {
            created = false;
            return File.ReadAllText(path).Trim();
        }
        DataFolder.CreateFolder(Path.GetDirectoryName(path)!);
        var value = generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, options))
            writer.WriteLine(value);
        created = true;
        return value;
    }

    public static string NewAdminToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
