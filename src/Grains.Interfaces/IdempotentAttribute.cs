namespace GitIntegration.Grains.Interfaces;

/// <summary>
/// The method may run twice with the same effect as once, so a caller may repeat it when the silo running it
/// failed before answering (see the gateway's retry filter). Methods without it are never repeated: their
/// outcome is reported as unknown instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute;
