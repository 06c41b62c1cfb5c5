using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.TestSupport;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>What storage and logs hold: the rows, read with plain SQL, never show a token, refresh token,
/// PKCE verifier or private key; values written under a retired key move to the current one.</summary>
public sealed class SecretsAtRestTests
{
    [Fact]
    public Task SQLite_rows_and_logs_hold_no_secret_in_plaintext() => AssertNoPlaintextAsync(postgres: false);

    [PostgresFact]
    public Task PostgreSQL_rows_and_logs_hold_no_secret_in_plaintext() => AssertNoPlaintextAsync(postgres: true);

    private static async Task AssertNoPlaintextAsync(bool postgres)
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab", postgres: postgres);
        var silo = await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        var token = await scenario.Link.GetTokenAsync();
        var privateKey = await silo.Grains.GetGrain<IUserGrain>(scenario.UserId).GetSshPrivateKeyAsync();
        await scenario.Link.BeginWebFlowAsync(new BeginWebFlowRequest(scenario.Provider.CallbackUrl, null)); // a pending flow with its verifier
        await scenario.Link.ValidateAsync();

        var rows = await scenario.Store.ReadStateRowsAsync();
        var link = JsonDocument.Parse(rows.Single(r => r.StateName == "link" && r.Key == scenario.LinkKey).Payload).RootElement;
        var protector = new SecretProtector(SecretKeyRing.Parse(scenario.Keys));
        string Decrypt(JsonElement value, string field) =>
            protector.Decrypt(new EncryptedSecret(value.GetString()!), $"gitlink/{scenario.LinkKey}:{field}");
        var refreshToken = Decrypt(link.GetProperty("refreshToken"), "refreshToken");
        var verifier = Decrypt(link.GetProperty("pendingWebFlow").GetProperty("codeVerifier"), "codeVerifier");
        var keyLines = privateKey.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-----")).ToList();
        string[] secrets = [token.AccessToken!, refreshToken, verifier, string.Concat(keyLines), .. keyLines.Where(l => l.Length >= 16), ProviderSandbox.ClientSecret];

        Assert.Equal(token.AccessToken, Decrypt(link.GetProperty("accessToken"), "accessToken"));
        Assert.Matches(@"^v1\.[0-9a-f]{8}\.", link.GetProperty("accessToken").GetString());
        Assert.Contains(rows, r => r.StateName == "user");
        foreach (var row in rows)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, row.Payload);
        Assert.NotEmpty(silo.Logs.Lines);
        foreach (var line in silo.Logs.Lines)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, line);
    }

    [Fact]
    public async Task Values_under_a_retired_key_still_read_and_are_rewritten_under_the_new_key()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var oldKey = scenario.Keys[0];
        await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        var token = await scenario.Link.GetTokenAsync();
        await scenario.StopSiloAsync();
        var oldId = SecretKeyRing.Parse([oldKey]).CurrentKeyId;
        Assert.Contains($"v1.{oldId}.", await LinkRowAsync(scenario));

        var newKey = SecretKeyRing.GenerateKey();
        var newId = SecretKeyRing.Parse([newKey]).CurrentKeyId;
        scenario.Keys = [newKey, oldKey];
        await scenario.StartSiloAsync();

        Assert.Equal(token.AccessToken, (await scenario.Link.GetTokenAsync()).AccessToken);
        var rewritten = await LinkRowAsync(scenario);
        Assert.DoesNotContain($"v1.{oldId}.", rewritten);
        Assert.Contains($"v1.{newId}.", rewritten);

        scenario.Keys = [newKey]; // the old key is gone for good
        await scenario.StartSiloAsync();

        Assert.Equal(token.AccessToken, (await scenario.Link.GetTokenAsync()).AccessToken);
        Assert.True((await scenario.Link.ValidateAsync()).Authenticated);
    }

    private static async Task<string> LinkRowAsync(LinkScenario scenario) =>
        (await scenario.Store.ReadStateRowsAsync()).Single(r => r.StateName == "link" && r.Key == scenario.LinkKey).Payload;
}
