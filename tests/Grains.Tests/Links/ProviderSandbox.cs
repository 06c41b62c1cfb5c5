using System.Web;
using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// One provider of one type on the emulator, set up the way an operator would: an instance with an OAuth app
/// (or an OAuth 1 consumer), an account that approves automatically, and the GitIntegration:Providers:N:*
/// settings that point the service at it.
/// </summary>
public sealed class ProviderSandbox
{
    private ProviderSandbox(EmulatorHost emulator, string kind, string providerId, string instance, IReadOnlyDictionary<string, string?> settings)
    {
        Emulator = emulator;
        Kind = kind;
        ProviderId = providerId;
        Instance = instance;
        ProviderSettings = settings;
    }

    /// <summary>Every kind the service supports for the web flow.</summary>
    public static readonly string[] Kinds =
    [
        "github-classic", "github-oauth-app", "github-app", "gitlab", "bitbucket-cloud", "bitbucket-server", "bitbucket-server-oauth1",
        "gitea", "azure-devops-entra", "generic",
    ];

    public const string Login = "octo";
    public const string Email = "octo@example.test";
    public const string ClientSecret = "emulator-client-secret";

    public EmulatorHost Emulator { get; }
    public EmulatorClient Client => Emulator.Client;
    public string Kind { get; }
    public string ProviderId { get; }
    public string Instance { get; }
    public IReadOnlyDictionary<string, string?> ProviderSettings { get; }
    public string CallbackUrl => $"http://127.0.0.1:9/external-auth/{ProviderId}/callback";

    /// <summary>The login the link reports: Azure DevOps knows its users by their e-mail address (UPN).</summary>
    public string ExpectedLogin => Kind == "azure-devops-entra" ? Email : Login;

    public bool UsesOAuth1 => Kind == "bitbucket-server-oauth1";
    public bool HasSshKeyApi => Kind is not ("azure-devops-entra" or "generic");
    public bool HasRevocation => Kind is "github-classic" or "github-oauth-app" or "github-app" or "gitlab" or "generic";
    /// <summary>Whether tokens expire and come with a refresh token (classic GitHub OAuth App and OAuth 1 tokens do not).</summary>
    public bool HasRefresh => Kind is not ("bitbucket-server-oauth1" or "github-classic");
    /// <summary>Providers whose refresh kills the old access token at once (the emulator's rotation rule).</summary>
    public bool RefreshKillsOldAccessToken => Kind is "github-oauth-app" or "github-app" or "gitlab" or "bitbucket-server";

    /// <summary>Creates instance, app and account. <paramref name="accessTokenSeconds"/> sets the instance's token lifetime.</summary>
    public static async Task<ProviderSandbox> CreateAsync(EmulatorHost emulator, string kind, int? accessTokenSeconds = null, string? providerId = null)
    {
        providerId ??= kind;
        var instance = "i-" + providerId;
        var (type, appKind) = kind switch
        {
            "github-oauth-app" or "github-classic" => ("github", "oauth-app"),
            "github-app" => ("github", "github-app"),
            "bitbucket-server" or "bitbucket-server-oauth1" => ("bitbucket-server", null),
            "bitbucket-cloud" => ("bitbucket", null),
            "azure-devops-entra" => ("entra", null),
            "generic" => ("oauth2", null),
            _ => (kind, (string?)null),
        };
        var client = emulator.Client;
        await client.CreateInstanceAsync(instance, type, new InstanceSettingsDto(AccessTokenLifetimeSeconds: accessTokenSeconds, AutoApprove: Login));
        await client.CreateAccountAsync(instance, Login, "Octo Cat", Email);
        var root = emulator.InstanceUrl(instance);
        var callback = $"http://127.0.0.1:9/external-auth/{providerId}/callback";
        var clientId = "client-" + providerId;
        if (kind != "bitbucket-server-oauth1")
            await client.RegisterAppAsync(instance, new RegisterAppRequest(clientId, ClientSecret, [callback], appKind,
                ExpiringTokens: type == "github" ? kind != "github-classic" : null, Name: "GitIntegration " + providerId));

        var settings = new Dictionary<string, string?>
        {
            ["Id"] = providerId,
            ["Type"] = kind switch
            {
                "github-classic" or "github-oauth-app" or "github-app" => "github",
                "bitbucket-server-oauth1" => "bitbucket-server",
                _ => kind,
            },
            ["ClientId"] = clientId,
            ["ClientSecret"] = ClientSecret,
        };
        switch (kind)
        {
            case "github-classic" or "github-oauth-app" or "github-app" or "gitea":
                settings["AuthUrl"] = root + "/login/oauth/authorize";
                break;
            case "gitlab":
                settings["AuthUrl"] = root + "/oauth/authorize";
                break;
            case "bitbucket-cloud":
                settings["AuthUrl"] = root + "/site/oauth2/authorize";
                break;
            case "bitbucket-server":
                settings["AuthUrl"] = root + "/rest/oauth2/latest/authorize";
                break;
            case "bitbucket-server-oauth1":
                settings["AuthUrl"] = root + "/plugins/servlet/oauth/authorize";
                settings.Remove("ClientId");
                settings.Remove("ClientSecret");
                break;
            case "azure-devops-entra":
                settings["AuthUrl"] = root + "/organizations/oauth2/v2.0/authorize";
                settings["ApiBaseUrl"] = root;
                break;
            case "generic":
                settings["AuthUrl"] = root + "/authorize";
                settings["TokenUrl"] = root + "/token";
                settings["ValidateUrl"] = root + "/userinfo";
                settings["RevokeUrl"] = root + "/revoke";
                settings["Scopes"] = "openid profile email offline_access";
                break;
        }
        return new ProviderSandbox(emulator, kind, providerId, instance, settings);
    }

    /// <summary>The settings of several providers as GitIntegration:Providers:N:*.</summary>
    public static Dictionary<string, string?> Configuration(params ProviderSandbox[] providers)
    {
        var all = new Dictionary<string, string?>();
        for (var i = 0; i < providers.Length; i++)
            foreach (var (key, value) in providers[i].ProviderSettings)
                all[$"GitIntegration:Providers:{i}:{key}"] = value;
        return all;
    }

    /// <summary>OAuth 1 application links sign with the service's RSA key; the admin registers its public half.</summary>
    public async Task PrepareAsync(LinkSilo silo)
    {
        if (UsesOAuth1)
        {
            var pem = await silo.Grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog).GetBitbucketServerPublicKeyAsync();
            await Client.RegisterOAuth1ConsumerAsync(Instance, pem);
        }
    }

    /// <summary>Runs the browser's part of the web flow: the emulator approves at once and redirects to the callback.</summary>
    public async Task<WebFlowCallback> AuthorizeAsync(string authorizeUrl)
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

    /// <summary>Begins the web flow at the link, approves it at the emulator and completes it.</summary>
    public async Task<WebFlowResult> LinkByWebFlowAsync(IGitLinkGrain link, string? returnTo = "/settings/git")
    {
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(CallbackUrl, returnTo));
        return await link.CompleteWebFlowAsync(await AuthorizeAsync(start.AuthorizeUrl));
    }
}
