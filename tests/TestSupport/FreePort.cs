using System.Net;
using System.Net.Sockets;

namespace GitIntegration.TestSupport;

public static class FreePort
{
    /// <summary>A loopback port free right now (for servers that must know their address before they start).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
