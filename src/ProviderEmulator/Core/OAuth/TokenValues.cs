using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitIntegration.ProviderEmulator.Core.Accounts;

namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>Random token values in each provider's shape (prefixes and lengths clients may see in the wild).</summary>
public static class TokenValues
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Base64UrlChars = Base62 + "-_";

    /// <summary>Entra's resource id for Azure DevOps; tokens for it carry this audience.</summary>
    public const string AzureDevOpsResource = "499b84ac-1321-427f-aa17-267ca6975798";

    public static string Random(int length, string alphabet = Base62) => RandomNumberGenerator.GetString(alphabet, length);

    public static string Hex(int length) => RandomNumberGenerator.GetHexString(length, lowercase: true);

    public static string AccessToken(ProviderInstance instance, OAuthApp app, Account account, DateTimeOffset now, DateTimeOffset? expiresAt, string scope) =>
        instance.Type switch
        {
            ProviderType.GitHub => (app.Kind == AppKind.GitHubApp ? "ghu_" : "gho_") + Random(36),
            ProviderType.GitLab => Hex(64),
            // Since 2026 Bitbucket Cloud tokens are often longer than 2,500 characters.
            ProviderType.BitbucketCloud => Random(2600, Base64UrlChars),
            ProviderType.BitbucketServer => Random(44, Base64UrlChars),
            ProviderType.Gitea => Jwt(new Dictionary<string, object> { ["gnt"] = account.Id, ["tt"] = 0, ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = (expiresAt ?? now.AddYears(1)).ToUnixTimeSeconds() }),
            ProviderType.Entra => Jwt(EntraClaims(instance, app, account, now, expiresAt, scope)),
            _ => Random(43, Base64UrlChars),
        };

    public static string RefreshToken(ProviderInstance instance) => instance.Type switch
    {
        ProviderType.GitHub => "ghr_" + Random(76),
        ProviderType.GitLab => Hex(64),
        ProviderType.BitbucketCloud => Random(2600, Base64UrlChars),
        ProviderType.Gitea => Jwt(new Dictionary<string, object> { ["tt"] = 1, ["jti"] = Hex(16) }),
        ProviderType.Entra => "1.A" + Random(900, Base64UrlChars),
        _ => Random(48, Base64UrlChars),
    };

    public static string PersonalAccessToken(ProviderInstance instance) => instance.Type switch
    {
        ProviderType.GitHub => "ghp_" + Random(36),
        ProviderType.GitLab => "glpat-" + Random(20, Base64UrlChars),
        ProviderType.Gitea => Hex(40),
        // Atlassian API token (replacement of app passwords).
        ProviderType.BitbucketCloud => "ATATT3x" + Random(185, Base64UrlChars),
        ProviderType.BitbucketServer => "BBDC-" + Random(44, Base62),
        // Azure DevOps PAT: 84 characters.
        ProviderType.Entra => Random(84, "abcdefghijklmnopqrstuvwxyz0123456789"),
        _ => "pat_" + Random(40),
    };

    public static string AuthorizationCode(ProviderType type) => type switch
    {
        ProviderType.GitHub => Hex(20),
        ProviderType.GitLab => Hex(64),
        ProviderType.Entra => "1.A" + Random(300, Base64UrlChars),
        _ => Random(43, Base64UrlChars),
    };

    public static string DeviceCode(ProviderType type) => type switch
    {
        ProviderType.GitHub => Hex(40),
        ProviderType.Entra => "DAQABAAEAAA" + Random(200, Base64UrlChars),
        _ => Random(43, Base64UrlChars),
    };

    /// <summary>User codes: GitHub "WDJB-MJHT", Entra nine letters, others "XXXX-XXXX".</summary>
    public static string UserCode(ProviderType type)
    {
        const string letters = "BCDFGHJKLMNPQRSTVWXZ";
        return type switch
        {
            ProviderType.Entra => Random(9, letters),
            ProviderType.GitLab => Random(8, letters + "0123456789"),
            _ => Random(4, letters + "0123456789") + "-" + Random(4, letters + "0123456789"),
        };
    }

    /// <summary>A JWT-shaped value (header.payload.signature). The signature is random: clients must treat it as opaque.</summary>
    public static string Jwt(IDictionary<string, object> claims)
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return header + "." + payload + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(256));
    }

    public static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static Dictionary<string, object> EntraClaims(ProviderInstance instance, OAuthApp app, Account account, DateTimeOffset now, DateTimeOffset? expiresAt, string scope)
    {
        var tenant = instance.TenantId;
        var audience = scope.Contains(AzureDevOpsResource, StringComparison.OrdinalIgnoreCase) ? AzureDevOpsResource : "00000003-0000-0000-c000-000000000000";
        return new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["iss"] = $"https://sts.windows.net/{tenant}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (expiresAt ?? now.AddHours(1)).ToUnixTimeSeconds(),
            ["appid"] = app.ClientId,
            ["name"] = account.Name,
            ["oid"] = account.Uuid.ToString("D"),
            ["tid"] = tenant,
            ["upn"] = account.Email,
            ["scp"] = string.Join(' ', scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => s[(s.LastIndexOf('/') + 1)..])),
            ["uti"] = Hex(16),
            ["ver"] = "1.0",
        };
    }
}
