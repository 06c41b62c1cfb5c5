namespace GitIntegration.Actors;

/// <summary>
/// Delivering this method more than once has the same effect as once, so a cluster client may send it again
/// when the silo it went to died before answering. Other methods are at most once: such a failure surfaces.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute;
