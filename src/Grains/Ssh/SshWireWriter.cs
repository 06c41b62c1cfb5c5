using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.Grains.Ssh;

/// <summary>
/// Builds SSH wire-format data (RFC 4251 section 5): uint32 big-endian, string = uint32 length
/// followed by the bytes, mpint = a two's-complement big-endian string without needless leading bytes.
/// </summary>
internal sealed class SshWireWriter : IDisposable
{
    private readonly MemoryStream _buffer = new();

    public int Length => (int)_buffer.Length;

    public SshWireWriter WriteByte(byte value)
    {
        _buffer.WriteByte(value);
        return this;
    }

    public SshWireWriter WriteBytes(ReadOnlySpan<byte> raw)
    {
        _buffer.Write(raw);
        return this;
    }

    public SshWireWriter WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return WriteBytes(bytes);
    }

    public SshWireWriter WriteString(ReadOnlySpan<byte> value)
    {
        WriteUInt32((uint)value.Length);
        return WriteBytes(value);
    }

    public SshWireWriter WriteString(string value) => WriteString(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// Writes a non-negative integer given as unsigned big-endian bytes: leading zero bytes are
    /// dropped, and one zero byte is put back when the top bit is set so the value stays positive.
    /// </summary>
    public SshWireWriter WriteMpint(ReadOnlySpan<byte> unsignedBigEndian)
    {
        var value = unsignedBigEndian.TrimStart((byte)0);
        var needsZero = value.Length > 0 && value[0] >= 0x80;
        WriteUInt32((uint)(value.Length + (needsZero ? 1 : 0)));
        if (needsZero)
            WriteByte(0);
        return WriteBytes(value);
    }

    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>Overwrites the buffer, for writers that held private key material.</summary>
    public void Dispose()
    {
        if (_buffer.TryGetBuffer(out var segment))
            CryptographicOperations.ZeroMemory(segment.AsSpan());
        _buffer.Dispose();
    }
}
