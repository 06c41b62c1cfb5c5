using System.Net.Http.Headers;
using System.Text.Json;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ProviderEmulator.Tests.Support;

/// <summary>
/// Base for tests: an emulator and a fake client redirect URI on loopback, an HttpClient that follows redirects and
/// one that does not, and helpers to set up accounts and apps.
/// </summary>
public abstract class ProviderTest : IAsyncLifetime
{
    protected EmulatorHost Emulator { get; private set; } = null!;
    protected CallbackServer Callback { get; private set; } = null!;
    protected HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = true });
    protected HttpClient NoRedirect { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    protected EmulatorClient Control => Emulator.Client;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync();
        Callback = await CallbackServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        NoRedirect.Dispose();
        await Callback.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    protected string Url(string instance, string path) => Emulator.InstanceUrl(instance) + path;

    /// <summary>Creates an account and a confidential app, and turns auto-approve on for that account.</summary>
    protected async Task<OAuthClient> SetUpAsync(string instance, string login = "alice", RegisterAppRequest? app = null, InstanceSettingsDto? settings = null)
    {
        await Control.CreateAccountAsync(instance, login, login.ToUpperInvariant() + " Example");
        var registered = app ?? new RegisterAppRequest("client-" + instance, "secret-" + instance, [Callback.RedirectUri]);
        await Control.RegisterAppAsync(instance, registered);
        await Control.UpdateSettingsAsync(instance, (settings ?? new InstanceSettingsDto()) with { AutoApprove = login });
        return new OAuthClient(Http, registered.ClientId, registered.ClientSecret, registered.RedirectUris?.FirstOrDefault() ?? Callback.RedirectUri);
    }

    protected static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    protected async Task<HttpResponseMessage> GetWithBearer(string url, string token, string scheme = "Bearer")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        return await Http.SendAsync(request);
    }

    protected async Task<HttpResponseMessage> SendJson(HttpMethod method, string url, string token, object? body, string scheme = "Bearer")
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        return await Http.SendAsync(request);
    }

    protected static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password)));
}
