namespace GitIntegration.CredentialHelper;

/// <summary>Delays that double from <c>first</c> up to <c>max</c>.</summary>
public sealed class Backoff(TimeSpan first, TimeSpan max)
{
    private TimeSpan _next = first;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = _next * 2 < max ? _next * 2 : max;
        return delay;
    }
}
