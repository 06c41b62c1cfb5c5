namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// A gateway keeps trying to reach the cluster until it is stopped: silos may start after it (or all be restarting),
/// and it has nothing better to do meanwhile. Each failure is logged so an operator sees why it is not ready.
/// </summary>
internal sealed class RetryUntilStopped(ILogger<RetryUntilStopped> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        logger.LogWarning("No silo of the cluster could be reached yet ({Failure}: {Message}); trying again", exception.GetType().Name, exception.Message);
        await Task.Delay(Delay, cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
