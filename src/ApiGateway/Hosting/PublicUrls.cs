using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// The URLs this service hands out (OAuth callbacks, link pages, sign-in links): from PublicUrl, else from the
/// address Kestrel bound. Never from the request's Host header, which the caller controls.
/// </summary>
public sealed class PublicUrls(IOptions<GatewayOptions> options, IServer server)
{
    public string Base => options.Value.PublicUrl?.TrimEnd('/') ?? BoundAddress();

    public bool IsHttps => Base.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public string Callback(string providerId) => $"{Base}/external-auth/{Uri.EscapeDataString(providerId)}/callback";

    /// <summary>The web UI's page for linking one provider (what Coder calls the external-auth page).</summary>
    public string LinkPage(string providerId) => $"{Base}/external-auth/{Uri.EscapeDataString(providerId)}";

    private string BoundAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The server has no address yet; set GitIntegration:PublicUrl.");
        return address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://localhost").Replace("://+", "://localhost").TrimEnd('/');
    }
}
