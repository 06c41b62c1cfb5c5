using GitIntegration.Actors.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Runtime;

/// <summary>
/// Deactivates activations idle for longer than the collection age, and, when the catalog holds more
/// than MaxActivations, the least recently used idle ones until it is back under 90 % of the bound.
/// </summary>
internal sealed class ActivationCollector : IAsyncDisposable
{
    private readonly Catalog _catalog;
    private readonly ActorsOptions _options;
    private readonly ILogger<ActivationCollector> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public ActivationCollector(Catalog catalog, IOptions<ActorsOptions> options, ILogger<ActivationCollector> logger)
    {
        _catalog = catalog;
        _options = options.Value;
        _logger = logger;
        _catalog.CapacityExceeded += () =>
        {
            if (_wake.CurrentCount == 0)
            {
                try { _wake.Release(); }
                catch (SemaphoreFullException) { }
            }
        };
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        var nextIdleScan = Environment.TickCount64 + (long)_options.CollectionQuantum.TotalMilliseconds;
        while (!_stop.IsCancellationRequested)
        {
            var wait = Math.Max(0, nextIdleScan - Environment.TickCount64);
            try { await _wake.WaitAsync(TimeSpan.FromMilliseconds(wait), _stop.Token); }
            catch (OperationCanceledException) { return; }
            try
            {
                if (_catalog.Count > _options.MaxActivations)
                    EvictLeastRecentlyUsed();
                if (Environment.TickCount64 >= nextIdleScan)
                {
                    CollectIdle();
                    nextIdleScan = Environment.TickCount64 + (long)_options.CollectionQuantum.TotalMilliseconds;
                }
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "Activation collection failed");
            }
        }
    }

    /// <summary>Deactivates every activation idle for at least the collection age; returns how many.</summary>
    public int CollectIdle()
    {
        var cutoff = Environment.TickCount64 - (long)_options.CollectionAge.TotalMilliseconds;
        var reason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"idle for {_options.CollectionAge}");
        var collected = 0;
        foreach (var activation in _catalog.Activations)
        {
            if (!activation.Class.KeepAlive && _catalog.DeactivateIfIdle(activation, cutoff, reason))
                collected++;
        }
        return collected;
    }

    private void EvictLeastRecentlyUsed()
    {
        var target = (int)(_options.MaxActivations * 0.9);
        var excess = _catalog.Count - target;
        if (excess <= 0)
            return;
        var reason = new DeactivationReason(DeactivationReasonCode.CapacityExceeded, $"more than {_options.MaxActivations} activations");
        var evicted = 0;
        foreach (var activation in _catalog.Activations.OrderBy(a => a.LastActive))
        {
            if (evicted >= excess)
                break;
            if (_catalog.DeactivateIfIdle(activation, long.MaxValue, reason))
                evicted++;
        }
        _logger.LogInformation("Evicted {Count} idle activations to stay under {Max}", evicted, _options.MaxActivations);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
            await _loop;
    }
}
