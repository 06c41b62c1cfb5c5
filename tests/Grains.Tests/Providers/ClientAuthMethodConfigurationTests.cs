using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using Microsoft.Extensions.Configuration;
using Octokit;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>The ClientAuthMethod setting: each type's default, both spellings of the key, and the types whose
/// protocol fixes the method; and GitHub Enterprise's API base as Octokit builds it.</summary>
public sealed class ClientAuthMethodConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static ProviderConfig One(string type, string? method = null, string authUrl = "https://auth.example/authorize")
    {
        var values = new List<(string, string)> { ("GitIntegration:Providers:0:Type", type), ("GitIntegration:Providers:0:ClientId", "id") };
        if (type is "generic" or "bitbucket-server")
            values.Add(("GitIntegration:Providers:0:AuthUrl", type == "generic" ? authUrl : "https://bb.example/rest/oauth2/latest/authorize"));
        if (type == "generic")
            values.Add(("GitIntegration:Providers:0:TokenUrl", "https://auth.example/token"));
        if (method is not null)
            values.Add(("GitIntegration:Providers:0:ClientAuthMethod", method));
        return Assert.Single(ProviderConfigurationReader.ReadConfigs(Config([.. values]), []));
    }

    [Theory]
    [InlineData("generic", ClientAuthMethod.ClientSecretBasic)]
    [InlineData("bitbucket-cloud", ClientAuthMethod.ClientSecretBasic)]
    [InlineData("github", ClientAuthMethod.ClientSecretPost)]
    [InlineData("gitlab", ClientAuthMethod.ClientSecretPost)]
    [InlineData("gitea", ClientAuthMethod.ClientSecretPost)]
    [InlineData("bitbucket-server", ClientAuthMethod.ClientSecretPost)]
    [InlineData("azure-devops-entra", ClientAuthMethod.ClientSecretPost)]
    public void Each_type_has_its_default(string type, ClientAuthMethod expected) => Assert.Equal(expected, One(type).ClientAuthMethod);

    [Theory]
    [InlineData("generic", "client_secret_post", ClientAuthMethod.ClientSecretPost)]
    [InlineData("gitlab", "CLIENT_SECRET_BASIC", ClientAuthMethod.ClientSecretBasic)]
    [InlineData("gitea", "client_secret_basic", ClientAuthMethod.ClientSecretBasic)]
    public void The_setting_overrides_the_default(string type, string value, ClientAuthMethod expected) =>
        Assert.Equal(expected, One(type, value).ClientAuthMethod);

    [Fact]
    public void Coders_environment_form_is_read_too()
    {
        var config = Assert.Single(ProviderConfigurationReader.ReadConfigs(Config(),
        [
            new("CODER_EXTERNAL_AUTH_0_TYPE", "gitlab"), new("CODER_EXTERNAL_AUTH_0_CLIENT_ID", "id"),
            new("CODER_EXTERNAL_AUTH_0_CLIENT_AUTH_METHOD", "client_secret_basic"),
        ]));

        Assert.Equal(ClientAuthMethod.ClientSecretBasic, config.ClientAuthMethod);
    }

    [Theory]
    [InlineData("generic", "private_key_jwt", "is not client_secret_basic or client_secret_post")]
    [InlineData("github", "client_secret_basic", "only client_secret_post is possible")]
    [InlineData("azure-devops", "client_secret_basic", "only client_secret_post is possible")]
    public void A_bad_or_impossible_method_names_the_key(string type, string value, string problem)
    {
        var error = Assert.Throws<ProviderConfigurationException>(() => One(type, value));

        Assert.Equal("GitIntegration:Providers:0:ClientAuthMethod", error.Key);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("https://ghe.example.com/login/oauth/authorize", "https://ghe.example.com/")]
    [InlineData(null, "https://api.github.com/")]
    public void The_github_api_base_is_the_one_octokit_builds_for_the_host(string? authUrl, string host)
    {
        var values = new List<(string, string)> { ("GitIntegration:Providers:0:Type", "github"), ("GitIntegration:Providers:0:ClientId", "id") };
        if (authUrl is not null)
            values.Add(("GitIntegration:Providers:0:AuthUrl", authUrl));
        var config = Assert.Single(ProviderConfigurationReader.ReadConfigs(Config([.. values]), []));

        var octokit = new GitHubClient(new ProductHeaderValue("test"), new Uri(host));

        Assert.Equal(octokit.Connection.BaseAddress, new Uri(config.ApiBaseUrl + "/"));
    }
}
