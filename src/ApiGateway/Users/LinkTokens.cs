using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Telemetry;

namespace GitIntegration.ApiGateway.Users;

/// <summary>A link's token for git, now or, when asked to wait, once the user has linked (the long poll of the git
/// credentials route and of Coder's agent route).</summary>
public static class LinkTokens
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The token; with <paramref name="wait"/>, polls the link until it is valid or the deadline passes.</summary>
    public static async Task<TokenResult> GetAsync(IGitLinkGrain link, bool wait, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            // No WaitAsync(cancellationToken) around the grain call: these routes are the hot path, bounded by the deadline.
            var token = await link.GetTokenAsync();
            if (token.Outcome == TokenOutcome.Valid || !wait || DateTimeOffset.UtcNow >= deadline)
            {
                GitIntegrationMetrics.TokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeTag(token.Outcome)));
                return token;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static string OutcomeTag(TokenOutcome outcome) => outcome switch
    {
        TokenOutcome.Valid => "valid",
        TokenOutcome.NotLinked => "not_linked",
        TokenOutcome.ReauthenticationRequired => "reauthentication_required",
        _ => "unavailable",
    };
}
