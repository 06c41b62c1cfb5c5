namespace GitIntegration.CredentialHelper;

/// <summary>
/// Gets a credential from the service: one plain request (retried briefly when the service has a
/// transient problem), then, when the user still has to link, long polls with <c>listen=true</c>
/// until a credential comes back or the listen limit runs out.
/// </summary>
public sealed class CredentialWaiter(CredentialServiceClient client, TimeSpan listenLimit, TextWriter messages)
{
    private const int FirstRequestAttempts = 3;
    private const int MaxPollSeconds = 60;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>The final answer: <see cref="ServiceAnswer.Credentials"/> or why there is none.</summary>
    public async Task<ServiceAnswer> GetAsync(string remoteUrl, CancellationToken cancellationToken)
    {
        var answer = await FirstAnswerAsync(remoteUrl, cancellationToken);
        if (answer is not ServiceAnswer.LinkRequired link)
            return answer;

        messages.WriteLine($"gitintegration: Open {link.Url} to link your account; waiting…");
        messages.Flush();
        return await ListenAsync(remoteUrl, link, cancellationToken);
    }

    private async Task<ServiceAnswer> FirstAnswerAsync(string remoteUrl, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(FirstBackoff, MaxBackoff);
        ServiceAnswer answer = await client.GetAsync(remoteUrl, null, cancellationToken);
        for (var attempt = 1; attempt < FirstRequestAttempts && answer is ServiceAnswer.Transient; attempt++)
        {
            await Task.Delay(backoff.Next(), cancellationToken);
            answer = await client.GetAsync(remoteUrl, null, cancellationToken);
        }
        return answer;
    }

    private async Task<ServiceAnswer> ListenAsync(string remoteUrl, ServiceAnswer.LinkRequired link, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + listenLimit;
        var backoff = new Backoff(FirstBackoff, MaxBackoff);
        ServiceAnswer last = link;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var remaining = deadline - DateTimeOffset.UtcNow;
            var pollSeconds = (int)Math.Clamp(Math.Ceiling(remaining.TotalSeconds), 1, MaxPollSeconds);
            last = await client.GetAsync(remoteUrl, pollSeconds, cancellationToken);

            // Still not linked, or the service is briefly unavailable: ask again after a pause.
            if (last is not (ServiceAnswer.LinkRequired or ServiceAnswer.Transient))
                return last;

            remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero)
                break;
            var pause = backoff.Next();
            await Task.Delay(pause < remaining ? pause : remaining, cancellationToken);
        }
        var why = last is ServiceAnswer.Transient transient ? $" (last error: {transient.Reason})" : "";
        return new ServiceAnswer.Failed(
            $"gave up waiting for the account link after {(int)listenLimit.TotalSeconds} seconds{why}");
    }
}
