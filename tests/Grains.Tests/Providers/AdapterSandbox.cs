using System.Web;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Links;
using GitIntegration.Grains.Providers;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>
/// A fresh emulator instance of one provider kind with an app (or OAuth 1 consumer), the account "octo" that
/// approves automatically, and the adapter configured against it as an operator would.
/// </summary>
public sealed class AdapterSandbox
{
    public const string Login = "octo";
    public const string ClientSecret = "sandbox-client-secret";

    private AdapterSandbox(AdapterFixture fixture, string kind, string instance, IProviderAdapter adapter)
    {
        Fixture = fixture;
        Kind = kind;
        Instance = instance;
        Adapter = adapter;
    }

    public AdapterFixture Fixture { get; }
    public string Kind { get; }
    public string Instance { get; }
    public IProviderAdapter Adapter { get; }
    public EmulatorClient Control => Fixture.Control;
    public string Root => Fixture.Emulator.InstanceUrl(Instance);
    public string CallbackUrl => $"{AdapterFixture.PublicUrl}/external-auth/{Adapter.Config.Id}/callback";

    /// <param name="kind">github-oauth-app, github-app, gitlab, bitbucket-cloud, bitbucket-server, bitbucket-server-oauth1,
    /// gitea, azure-devops-entra, azure-devops (legacy; PAT and URLs only), generic.</param>
    /// <param name="serverAuthMethod">The app's token_endpoint_auth_method at the emulator (null: either).</param>
    /// <param name="clientAuthMethod">The provider's ClientAuthMethod setting (null: the type's default).</param>
    public static async Task<AdapterSandbox> CreateAsync(AdapterFixture fixture, string kind, InstanceSettingsDto? settings = null,
        Func<ProviderDefinition, ProviderDefinition>? configure = null, bool deviceFlow = false, string? serverAuthMethod = null,
        string? clientAuthMethod = null)
    {
        var instance = $"{kind.Replace("-", "")[..Math.Min(8, kind.Replace("-", "").Length)]}{Guid.NewGuid():N}"[..20];
        var (type, appKind) = kind switch
        {
            "github-oauth-app" => ("github", "oauth-app"),
            "github-app" => ("github", "github-app"),
            "bitbucket-server" or "bitbucket-server-oauth1" => ("bitbucket-server", null),
            "bitbucket-cloud" => ("bitbucket", null),
            "azure-devops-entra" or "azure-devops" => ("entra", null),
            "generic" => ("oauth2", null),
            _ => (kind, (string?)null),
        };
        var control = fixture.Control;
        await control.CreateInstanceAsync(instance, type, (settings ?? new InstanceSettingsDto()) with { AutoApprove = Login });
        await control.CreateAccountAsync(instance, Login, "Octo Cat", "octo@example.test");
        var root = fixture.Emulator.InstanceUrl(instance);
        var id = "p-" + instance;
        var clientId = "client-" + instance;
        if (kind == "bitbucket-server-oauth1")
            await control.RegisterOAuth1ConsumerAsync(instance, fixture.OAuth1Key.ExportSubjectPublicKeyInfoPem());
        else
            await control.RegisterAppAsync(instance, new RegisterAppRequest(clientId, ClientSecret,
                [$"{AdapterFixture.PublicUrl}/external-auth/{id}/callback"], appKind, DeviceFlow: deviceFlow ? true : null,
                TokenEndpointAuthMethod: serverAuthMethod));

        var definition = new ProviderDefinition
        {
            Id = id,
            Type = kind switch
            {
                "github-oauth-app" or "github-app" => "github",
                "bitbucket-server-oauth1" => "bitbucket-server",
                _ => kind,
            },
            ClientId = kind == "bitbucket-server-oauth1" ? null : clientId,
            ClientSecret = kind == "bitbucket-server-oauth1" ? null : ClientSecret,
            DeviceFlow = deviceFlow,
            AuthUrl = kind switch
            {
                "github-oauth-app" or "github-app" or "gitea" => root + "/login/oauth/authorize",
                "gitlab" => root + "/oauth/authorize",
                "bitbucket-cloud" => root + "/site/oauth2/authorize",
                "bitbucket-server" => root + "/rest/oauth2/latest/authorize",
                "bitbucket-server-oauth1" => root + "/plugins/servlet/oauth/authorize",
                "azure-devops-entra" => root + "/organizations/oauth2/v2.0/authorize",
                "azure-devops" => root + "/oauth2/authorize",
                _ => root + "/authorize",
            },
            ApiBaseUrl = kind is "azure-devops-entra" or "azure-devops" ? root : null,
            TokenUrl = kind == "generic" ? root + "/token" : null,
            ValidateUrl = kind == "generic" ? root + "/userinfo" : null,
            RevokeUrl = kind == "generic" ? root + "/revoke" : null,
            DeviceCodeUrl = kind == "generic" ? root + "/device_authorization" : null,
            Scopes = kind == "generic" ? "openid profile email offline_access" : null,
        };
        var adapter = fixture.CreateAdapter(configure?.Invoke(definition) ?? definition, clientAuthMethod);
        return new AdapterSandbox(fixture, kind, instance, adapter);
    }

    /// <summary>Runs the whole web flow as the browser would: authorize (auto-approved), callback, code exchange.</summary>
    public async Task<TokenSet> LinkByWebFlowAsync()
    {
        var (callback, verifier, pending) = await AuthorizeAsync();
        return await Adapter.CompleteAuthorizeAsync(new AuthorizeCompletion(callback, CallbackUrl, verifier, pending), CancellationToken.None);
    }

    /// <summary>Starts the flow and follows the provider's redirect back to the callback.</summary>
    public async Task<(WebFlowCallback Callback, string? Verifier, string? PendingSecret)> AuthorizeAsync()
    {
        var state = OAuthNonces.NewState();
        var verifier = Adapter.Config.UsePkce ? OAuthNonces.NewCodeVerifier() : null;
        var start = await Adapter.BeginAuthorizeAsync(
            new AuthorizeRequest(state, CallbackUrl, verifier is null ? null : OAuthNonces.S256Challenge(verifier)), CancellationToken.None);
        var callback = await FollowAsync(start.Url);
        Assert.Equal(state, callback.State);
        return (callback, verifier, start.PendingSecret);
    }

    public async Task<WebFlowCallback> FollowAsync(string authorizeUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(authorizeUrl);
        var location = response.Headers.Location
                       ?? throw new InvalidOperationException($"The authorize URL answered {(int)response.StatusCode} without a redirect.");
        Assert.StartsWith(CallbackUrl, location.ToString());
        var query = HttpUtility.ParseQueryString(location.Query);
        var parameters = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!);
        return new WebFlowCallback(query["state"] ?? "", query["code"], query["error"], query["error_description"], parameters);
    }

    public async Task<bool> IsActiveAsync(string token) => (await Control.IntrospectAsync(token)).Active;

    public async Task<long> CallsAsync(string endpoint) =>
        (await Control.GetCountersAsync()).Endpoints.Where(e => e.Instance == Instance && e.Endpoint == endpoint).Sum(e => e.Count);

    public Task AddFaultAsync(string endpoint, int status, int count, int? retryAfter = null, bool rateLimitHeaders = false, bool timeout = false,
        string? body = null, string? contentType = null, bool afterProcessing = false, bool drop = false) =>
        Control.AddFaultAsync(new FaultSpec(Instance: Instance, Endpoint: endpoint, Status: status == 0 ? null : status, Count: count,
            RetryAfter: retryAfter, RateLimitHeaders: rateLimitHeaders, Timeout: timeout ? true : null, Body: body, ContentType: contentType,
            AfterProcessing: afterProcessing ? true : null, Drop: drop ? true : null));

    /// <summary>How many times the emulator saw this refresh token presented (counted when the grant is processed).</summary>
    public Task<long> PresentationsAsync(string refreshToken) => Control.GetRefreshTokenPresentationsAsync(refreshToken);

    public async Task<ExternalAccount> AccountAsync(TokenSet tokens)
    {
        var result = await Adapter.ValidateAsync(tokens, CancellationToken.None);
        Assert.Equal(ValidationOutcome.Valid, result.Outcome);
        return result.Account!;
    }
}
