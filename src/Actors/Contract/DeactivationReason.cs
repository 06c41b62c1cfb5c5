namespace GitIntegration.Actors;

public enum DeactivationReasonCode
{
    None,
    ShuttingDown,
    ActivationFailed,
    ActivationIdle,
    ApplicationRequested,
    CapacityExceeded,
    PartitionLost,
}

public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    public override string ToString() => $"{ReasonCode}: {Description}";
}
