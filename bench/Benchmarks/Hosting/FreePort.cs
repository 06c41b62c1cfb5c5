using System.Net;
using System.Net.Sockets;

namespace GitIntegration.Benchmarks.Hosting;

public static class FreePort
{
    /// <summary>A loopback port nothing listens on now (other engineers' silos may hold Orleans' default ports).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
