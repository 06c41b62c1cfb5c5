using System.Text;

namespace GitIntegration.Actors;

/// <summary>
/// Maps a grain id to one of <see cref="PartitionCount"/> partitions with a hash that is the same in
/// every process (FNV-1a over UTF-8, then a murmur finalizer for spread). Never string.GetHashCode.
/// </summary>
public static class PartitionHash
{
    public const int PartitionCount = 1024;

    public static int PartitionOf(string grainType, string key)
    {
        var hash = 2166136261u;
        hash = Mix(hash, grainType);
        hash = (hash ^ '/') * 16777619u;
        hash = Mix(hash, key);
        return (int)(Finalize(hash) % PartitionCount);
    }

    public static uint Hash(string text) => Finalize(Mix(2166136261u, text));

    private static uint Mix(uint hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
            hash = (hash ^ b) * 16777619u;
        return hash;
    }

    private static uint Finalize(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6bu;
        h ^= h >> 13;
        h *= 0xc2b2ae35u;
        h ^= h >> 16;
        return h;
    }
}
