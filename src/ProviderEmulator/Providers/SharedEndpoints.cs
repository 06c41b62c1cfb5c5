using System.Security.Cryptography;
using System.Text;
using GitIntegration.ProviderEmulator.Core;

namespace GitIntegration.ProviderEmulator.Providers;

/// <summary>Endpoints every instance has: generated avatars, so pages and UIs need no external assets.</summary>
public static class SharedEndpoints
{
    public static void MapSharedEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/{instance}").MapGet("/avatars/{login}", (ProviderInstance instance, string login) =>
        {
            var hue = SHA256.HashData(Encoding.UTF8.GetBytes(login))[0] * 360 / 256;
            var letter = System.Net.WebUtility.HtmlEncode(login.Length > 0 ? login[..1].ToUpperInvariant() : "?");
            var svg = $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"96\" viewBox=\"0 0 96 96\">" +
                      $"<rect width=\"96\" height=\"96\" fill=\"hsl({hue},55%,50%)\"/>" +
                      $"<text x=\"48\" y=\"62\" font-size=\"44\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">{letter}</text></svg>";
            return Results.Content(svg, "image/svg+xml");
        }).Named("avatar");
    }
}
