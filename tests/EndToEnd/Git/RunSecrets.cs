namespace GitIntegration.EndToEnd.Git;

/// <summary>
/// The secrets a test run produced, and the check that none of them reached a log: the gateway's (at Debug level)
/// or what git and the credential helper printed on the users' terminals.
/// </summary>
public static class RunSecrets
{
    /// <summary>
    /// Every access token the git server was shown and the refresh token the emulator issued with it, the
    /// provider's client secret, the admin token, the service's encryption key, and each user's session key and
    /// SSH private key.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CollectAsync(GitTestBed bed, IEnumerable<GitUser> users)
    {
        var secrets = new List<string> { bed.Provider.ClientSecret, bed.Gateway.AdminToken, bed.Gateway.EncryptionKey };
        foreach (var password in bed.GitServer.Requests.Select(r => r.Password).OfType<string>().Distinct())
        {
            secrets.Add(password);
            if (bed.RefreshTokenOf(password) is { } refreshToken)
                secrets.Add(refreshToken);
        }
        foreach (var user in users)
        {
            secrets.Add(user.SessionKey);
            var privateKey = await bed.Gateway.PrivateSshKeyAsync(user.SessionKey);
            // Each line of the key body on its own, so a key logged in pieces or re-wrapped is caught too.
            secrets.AddRange(privateKey.Split('\n').Select(line => line.Trim()).Where(line => line.Length >= 16 && !line.StartsWith("-----")));
        }
        return secrets.Where(secret => secret.Length >= 16).Distinct().ToList();
    }

    /// <summary>Fails naming the log and where the secret sits (the secret itself masked).</summary>
    public static void AssertNoneIn(string logName, string log, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            var at = log.IndexOf(secret, StringComparison.Ordinal);
            if (at < 0)
                continue;
            var start = Math.Max(0, at - 200);
            var context = log[start..Math.Min(log.Length, at + secret.Length + 100)].Replace(secret, "<SECRET>");
            Assert.Fail($"a secret of {secret.Length} characters appears in {logName}: …{context}…");
        }
    }
}
