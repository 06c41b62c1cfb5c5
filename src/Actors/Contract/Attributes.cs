namespace GitIntegration.Actors;

/// <summary>Pins the grain type name used in storage and on the wire, so renames do not orphan state.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Requests to a grain of this class may interleave at await points (still one thread at a time).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>This interface method interleaves with any other request.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>Exempts the grain from idle collection.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KeepAliveAttribute : Attribute;

/// <summary>Marks a grain constructor parameter as a named persistent state.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;
    public string? StorageName { get; } = storageName;
}
