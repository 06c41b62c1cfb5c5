namespace GitIntegration.Actors;

/// <summary>A grain's identity: its type name and its key, printed as <c>type/key</c>.</summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    public GrainId(string type, string key)
    {
        Type = type;
        Key = key;
    }

    public string Type { get; }
    public string Key { get; }

    /// <summary>The partition this grain belongs to; stable across processes and machines.</summary>
    public int Partition => PartitionHash.PartitionOf(Type, Key);

    public bool Equals(GrainId other) =>
        ReferenceEquals(Type, other.Type) || string.Equals(Type, other.Type, StringComparison.Ordinal)
            ? string.Equals(Key, other.Key, StringComparison.Ordinal)
            : false;

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    // In-process only (dictionaries); placement uses PartitionHash, never this.
    public override int GetHashCode() => HashCode.Combine(Type, Key);

    public override string ToString() => $"{Type}/{Key}";

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);
    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
