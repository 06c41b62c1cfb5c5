using System.Security.Cryptography;

namespace GitIntegration.ProviderEmulator.Core.OAuth1;

/// <summary>An OAuth 1 consumer registered on an incoming application link.</summary>
public sealed record OAuth1Consumer(string Key, string Name, RSA PublicKey);

public sealed class OAuth1RequestToken
{
    public required string Token { get; init; }
    public required string ConsumerKey { get; init; }
    public required string Callback { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public string? Verifier { get; set; }
    public long? AccountId { get; set; }
    public bool Denied { get; set; }
    public bool Exchanged { get; set; }
}

/// <summary>Consumers, request tokens and seen nonces of a Bitbucket Server instance.</summary>
public sealed class OAuth1Store(Lock gate)
{
    private readonly Dictionary<string, OAuth1Consumer> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OAuth1RequestToken> _requestTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);

    public void AddConsumer(OAuth1Consumer consumer)
    {
        lock (gate)
        {
            _consumers[consumer.Key] = consumer;
        }
    }

    public OAuth1Consumer? FindConsumer(string? key)
    {
        lock (gate)
        {
            return key is null ? null : _consumers.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<OAuth1Consumer> Consumers()
    {
        lock (gate)
        {
            return _consumers.Values.ToList();
        }
    }

    public void AddRequestToken(OAuth1RequestToken token)
    {
        lock (gate)
        {
            _requestTokens[token.Token] = token;
        }
    }

    public OAuth1RequestToken? FindRequestToken(string? token)
    {
        lock (gate)
        {
            return token is null ? null : _requestTokens.GetValueOrDefault(token);
        }
    }

    /// <summary>Records a nonce; false when this consumer already used it with this timestamp (a replay).</summary>
    public bool UseNonce(string consumerKey, string timestamp, string nonce, DateTimeOffset now)
    {
        lock (gate)
        {
            foreach (var stale in _nonces.Where(n => now - n.Value > TimeSpan.FromMinutes(10)).Select(n => n.Key).ToList())
            {
                _nonces.Remove(stale);
            }

            return _nonces.TryAdd($"{consumerKey}\n{timestamp}\n{nonce}", now);
        }
    }
}
