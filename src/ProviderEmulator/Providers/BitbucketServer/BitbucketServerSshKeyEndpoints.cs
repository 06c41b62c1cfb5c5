using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.SshKeys;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketServer;

/// <summary>Bitbucket DC SSH keys (/rest/ssh/latest or /rest/ssh/1.0): list, add (201, duplicate 409), delete (204 even when missing).</summary>
public static class BitbucketServerSshKeyEndpoints
{
    public static void Map(RouteGroupBuilder ssh)
    {
        ssh.MapGet("/keys", (HttpContext context, ProviderInstance instance, string? user, int? start, int? limit) =>
            BitbucketServerApi.RunAsync(context, instance, p =>
                IsSelf(p!, user)
                    ? BitbucketServerApi.Paged(instance.SshKeys.ForAccount(p!.Account.Id), start, limit, Key)
                    : NotPermitted())).Named("keys_list");

        ssh.MapPost("/keys", AddKey).Named("keys_add");

        ssh.MapDelete("/keys/{id:long}", (HttpContext context, ProviderInstance instance, long id) =>
            BitbucketServerApi.RunAsync(context, instance, p =>
            {
                if (instance.SshKeys.Find(id) is { } key && key.AccountId == p!.Account.Id)
                {
                    instance.SshKeys.Remove(id);
                }

                return Results.NoContent();
            })).Named("keys_delete");
    }

    private static async Task<IResult> AddKey(HttpContext context, ProviderInstance instance, string? user)
    {
        var body = await JsonBody.ReadAsync(context);
        return await BitbucketServerApi.RunAsync(context, instance, p =>
        {
            if (!IsSelf(p!, user))
            {
                return NotPermitted();
            }

            if (!SshPublicKey.TryParse(body.String("text"), out var key, out _) || key.Algorithm.StartsWith("sk-", StringComparison.Ordinal) ||
                (key.Algorithm == "ssh-rsa" && key.Bits < 2048))
            {
                return BitbucketServerApi.Errors("The key is not a valid RSA, DSA, ECDSA or Ed25519 key of a supported length.", 400, context: "text");
            }

            var expiryDays = body.Int("expiryDays");
            var (result, record) = instance.SshKeys.Add(p!.Account.Id, body.String("label") ?? key.Comment, key, instance.Now, p.Token.ClientId,
                expiresAt: expiryDays is > 0 ? instance.Now.AddDays(expiryDays.Value) : null);
            if (result == SshKeyAddResult.Duplicate)
            {
                return BitbucketServerApi.Errors("This SSH key is already in use and cannot be added again.", StatusCodes.Status409Conflict,
                    "com.atlassian.bitbucket.ssh.DuplicateSshKeyException");
            }

            return ProviderJson.Json(Key(record!), StatusCodes.Status201Created);
        });
    }

    private static bool IsSelf(ApiPrincipal principal, string? user) =>
        string.IsNullOrEmpty(user) || string.Equals(user, principal.Account.Slug, StringComparison.OrdinalIgnoreCase);

    private static IResult NotPermitted() =>
        BitbucketServerApi.Errors("You are not permitted to access this resource", 401, "com.atlassian.bitbucket.AuthorisationException");

    private static object Key(SshKeyRecord key) => new Dictionary<string, object?>
    {
        ["id"] = key.Id,
        ["text"] = key.Key.FullText,
        ["label"] = key.Title,
        ["fingerprint"] = key.Key.Sha256Fingerprint,
        ["algorithmType"] = key.Key.Algorithm switch
        {
            "ssh-rsa" => "RSA",
            "ssh-dss" => "DSA",
            "ssh-ed25519" => "ED25519",
            _ => "ECDSA",
        },
        ["bitLength"] = key.Key.Bits,
        ["createdDate"] = key.CreatedAt.ToUnixTimeMilliseconds(),
        ["expiryDays"] = key.ExpiresAt is { } at ? (int?)Math.Round((at - key.CreatedAt).TotalDays) : null,
        ["lastAuthenticated"] = null,
    };
}
