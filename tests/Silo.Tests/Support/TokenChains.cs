namespace GitIntegration.Silo.Tests.Support;

/// <summary>The token exchanges of one link in order: the code exchange, then each refresh that spent the refresh
/// token the previous exchange issued.</summary>
public sealed record TokenChain(LinkedUser User, IReadOnlyList<TokenExchange> Exchanges)
{
    /// <summary>The exchange that issued the pair the link should hold now.</summary>
    public TokenExchange Last => Exchanges[^1];

    public override string ToString() => string.Join('\n', Exchanges.Select(e =>
        $"  {e.GrantType} by {e.Silo}: received {e.ReceivedAt:HH:mm:ss.fff}, answered {e.AnsweredAt:HH:mm:ss.fff} {e.Status}, " +
        $"spent {e.PresentedRefreshToken?[..8] ?? "-"}, issued {e.IssuedAccessToken?[..8] ?? "-"}/{e.IssuedRefreshToken?[..8] ?? "-"}"));
}

/// <summary>
/// Rebuilds every link's history from what the taps saw. Providers rotate: a refresh answers a new pair and kills
/// the old, so a link's pairs form a chain, and the chain's last pair is the only live one. A link that holds
/// anything else lost a rotation.
/// </summary>
public static class TokenChains
{
    public static IReadOnlyList<TokenChain> Follow(IReadOnlyList<TokenExchange> exchanges, IReadOnlyList<LinkedUser> users)
    {
        var byIssuedAccess = exchanges.Where(e => e.Succeeded).ToDictionary(e => e.IssuedAccessToken!);
        // At most one successful spend per refresh token: the provider refuses the second (counted elsewhere).
        var bySpent = exchanges.Where(e => e is { IsRefresh: true, Succeeded: true })
            .GroupBy(e => e.PresentedRefreshToken!).ToDictionary(g => g.Key, g => g.First());
        return users.Select(user =>
        {
            Assert.True(byIssuedAccess.TryGetValue(user.FirstAccessToken, out var first), $"no tap saw the code exchange of {user.UserId}");
            var chain = new List<TokenExchange> { first };
            while (chain[^1].IssuedRefreshToken is { } refresh && bySpent.TryGetValue(refresh, out var next))
                chain.Add(next);
            return new TokenChain(user, chain);
        }).ToList();
    }
}
