namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>The system clock moved forward by a chosen amount, to step past a cache age without waiting for it.</summary>
public sealed class AdjustableTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
