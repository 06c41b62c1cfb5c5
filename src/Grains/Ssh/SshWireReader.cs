using System.Buffers.Binary;
using System.Text;

namespace GitIntegration.Grains.Ssh;

/// <summary>Reads SSH wire-format data (RFC 4251 section 5); throws <see cref="FormatException"/> on truncated input.</summary>
internal sealed class SshWireReader(ReadOnlyMemory<byte> data)
{
    private int _position;

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4).Span);

    public ReadOnlyMemory<byte> ReadString()
    {
        var length = ReadUInt32();
        if (length > data.Length - _position)
            throw new FormatException("The SSH data ends inside a string.");
        return Take((int)length);
    }

    public string ReadAsciiString() => Encoding.ASCII.GetString(ReadString().Span);

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > data.Length - _position)
            throw new FormatException("The SSH data ends too early.");
        var slice = data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
