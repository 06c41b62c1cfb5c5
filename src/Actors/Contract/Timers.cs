namespace GitIntegration.Actors;

/// <summary>Options for <see cref="Grain.RegisterGrainTimer"/> (Orleans 8.2+ shape).</summary>
public sealed record GrainTimerCreationOptions
{
    public TimeSpan DueTime { get; init; }

    /// <summary>Infinite for a single tick. Measured from the end of the previous callback.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>When false (default) the callback runs as a turn, like a non-reentrant call.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true a tick counts as activity for idle collection.</summary>
    public bool KeepAlive { get; init; }
}

/// <summary>A timer that lives and dies with its activation.</summary>
public interface IGrainTimer : IDisposable
{
    void Change(TimeSpan dueTime, TimeSpan period);
}
