namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>All tokens of one instance, looked up by value.</summary>
public sealed class TokenStore(Lock gate)
{
    private readonly Dictionary<string, TokenRecord> _tokens = new(StringComparer.Ordinal);
    private long _nextId = 1;

    public long NextId()
    {
        lock (gate)
        {
            return ++_nextId;
        }
    }

    public void Add(TokenRecord token)
    {
        lock (gate)
        {
            _tokens.Add(token.Value, token);
        }
    }

    public TokenRecord? Find(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        lock (gate)
        {
            return _tokens.GetValueOrDefault(value);
        }
    }

    /// <summary>Revokes a token and, when asked, the other half of its pair.</summary>
    public void Revoke(TokenRecord token, DateTimeOffset now, bool withPair)
    {
        lock (gate)
        {
            token.RevokedAt ??= now;
            if (withPair && token.PairedValue is { } paired && _tokens.TryGetValue(paired, out var other))
            {
                other.RevokedAt ??= now;
            }
        }
    }

    /// <summary>Revokes every token the app holds for the account (a grant deletion). Returns how many were live.</summary>
    public int RevokeGrant(long accountId, string clientId, DateTimeOffset now)
    {
        lock (gate)
        {
            var count = 0;
            foreach (var token in _tokens.Values)
            {
                if (token.AccountId == accountId && token.ClientId == clientId && token.RevokedAt is null)
                {
                    token.RevokedAt = now;
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Live access tokens of one grant, oldest first (for GitHub's 10-tokens-per-grant limit).</summary>
    public IReadOnlyList<TokenRecord> LiveAccessTokens(long accountId, string clientId, string scope, DateTimeOffset now)
    {
        lock (gate)
        {
            return _tokens.Values
                .Where(t => t.Kind == TokenKind.Access && t.AccountId == accountId && t.ClientId == clientId &&
                            t.Scope == scope && t.IsActive(now))
                .OrderBy(t => t.IssuedAt).ThenBy(t => t.Id)
                .ToList();
        }
    }
}
