using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Tests.Providers;

public class ProviderConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static ProviderConfig Single(params (string Key, string Value)[] values) =>
        Assert.Single(ProviderConfigurationReader.ReadConfigs(Config(values)));

    [Fact]
    public void GitHub_gets_the_public_defaults()
    {
        var github = Single(("GitIntegration:Providers:0:Type", "github"), ("GitIntegration:Providers:0:ClientId", "abc"));

        Assert.Equal("github", github.Id);
        Assert.Equal(ProviderType.GitHub, github.Type);
        Assert.Equal("GitHub", github.DisplayName);
        Assert.Equal("https://github.com/login/oauth/authorize", github.AuthUrl);
        Assert.Equal("https://github.com/login/oauth/access_token", github.TokenUrl);
        Assert.Equal("https://api.github.com/user", github.ValidateUrl);
        Assert.Equal("https://api.github.com/applications/abc/grant", github.RevokeUrl);
        Assert.Equal("https://api.github.com", github.ApiBaseUrl);
        Assert.Equal("https://github.com/login/device/code", github.DeviceCodeUrl);
        Assert.Equal("https://api.github.com/user/installations", github.AppInstallationsUrl);
        Assert.Contains("repo", github.Scopes);
        Assert.Contains("workflow", github.Scopes);
        Assert.True(github.UsePkce);
        Assert.False(github.DeviceFlow);
        Assert.Equal(ProviderSource.Configuration, github.Source);
        Assert.Matches(github.Regex!, "https://github.com/coder/coder.git");
        Assert.DoesNotMatch(github.Regex!, "https://gitlab.com/coder/coder.git");
    }

    [Fact]
    public void GitHub_Enterprise_is_derived_from_the_auth_url()
    {
        var ghe = Single(("GitIntegration:Providers:0:Type", "github"), ("GitIntegration:Providers:0:Id", "ghe"),
            ("GitIntegration:Providers:0:ClientId", "abc"), ("GitIntegration:Providers:0:AuthUrl", "https://ghe.corp.example/login/oauth/authorize"));

        Assert.Equal("https://ghe.corp.example/login/oauth/access_token", ghe.TokenUrl);
        Assert.Equal("https://ghe.corp.example/api/v3", ghe.ApiBaseUrl);
        Assert.Equal("https://ghe.corp.example/api/v3/user", ghe.ValidateUrl);
        Assert.Equal("https://ghe.corp.example/api/v3/applications/abc/grant", ghe.RevokeUrl);
        Assert.Matches(ghe.Regex!, "https://ghe.corp.example/org/repo");
        Assert.DoesNotMatch(ghe.Regex!, "https://github.com/org/repo");
    }

    [Fact]
    public void Self_managed_GitLab_keeps_its_path_prefix_and_port()
    {
        var gitlab = Single(("GitIntegration:Providers:0:Type", "gitlab"), ("GitIntegration:Providers:0:ClientId", "abc"),
            ("GitIntegration:Providers:0:AuthUrl", "https://git.example:8443/gitlab/oauth/authorize"));

        Assert.Equal("https://git.example:8443/gitlab/oauth/token", gitlab.TokenUrl);
        Assert.Equal("https://git.example:8443/gitlab/oauth/revoke", gitlab.RevokeUrl);
        Assert.Equal("https://git.example:8443/gitlab/api/v4", gitlab.ApiBaseUrl);
        Assert.Equal("https://git.example:8443/gitlab/api/v4/user", gitlab.ValidateUrl);
        Assert.Equal("https://git.example:8443/gitlab/oauth/authorize_device", gitlab.DeviceCodeUrl);
        Assert.Matches(gitlab.Regex!, "https://git.example:8443/gitlab/group/project.git");
        Assert.DoesNotMatch(gitlab.Regex!, "https://git.example:8443/other/group/project.git");
    }

    [Theory]
    [InlineData("gitlab", "https://gitlab.com/oauth/token", "https://gitlab.com/oauth/revoke", true)]
    [InlineData("bitbucket-cloud", "https://bitbucket.org/site/oauth2/access_token", null, false)]
    [InlineData("bitbucket", "https://bitbucket.org/site/oauth2/access_token", null, false)]
    [InlineData("azure-devops", "https://app.vssps.visualstudio.com/oauth2/token", null, false)]
    [InlineData("azure-devops-entra", "https://login.microsoftonline.com/organizations/oauth2/v2.0/token", null, false)]
    [InlineData("gitea", "https://gitea.com/login/oauth/access_token", null, true)]
    public void Each_type_fills_its_token_and_revoke_urls_and_pkce_default(string type, string tokenUrl, string? revokeUrl, bool pkce)
    {
        var config = Single(("GitIntegration:Providers:0:Type", type), ("GitIntegration:Providers:0:ClientId", "abc"));

        Assert.Equal(tokenUrl, config.TokenUrl);
        Assert.Equal(revokeUrl, config.RevokeUrl);
        Assert.Equal(pkce, config.UsePkce);
        Assert.NotNull(config.Regex);
    }

    [Fact]
    public void Legacy_bitbucket_type_is_bitbucket_cloud()
    {
        var config = Single(("GitIntegration:Providers:0:Type", "bitbucket"), ("GitIntegration:Providers:0:ClientId", "abc"));

        Assert.Equal(ProviderType.BitbucketCloud, config.Type);
        Assert.Equal("bitbucket-cloud", config.TypeName);
        Assert.Equal("bitbucket-cloud", config.Id);
        Assert.Equal("https://api.bitbucket.org/2.0/user", config.ValidateUrl);
    }

    [Fact]
    public void Entra_uses_the_azure_devops_resource_scope_and_sits_next_to_its_authorize_url()
    {
        var entra = Single(("GitIntegration:Providers:0:Type", "azure-devops-entra"), ("GitIntegration:Providers:0:ClientId", "abc"),
            ("GitIntegration:Providers:0:AuthUrl", "https://login.microsoftonline.com/contoso/oauth2/v2.0/authorize"));

        Assert.Equal(["499b84ac-1321-427f-aa17-267ca6975798/.default", "offline_access"], entra.Scopes);
        Assert.Equal("https://login.microsoftonline.com/contoso/oauth2/v2.0/token", entra.TokenUrl);
        Assert.Equal("https://login.microsoftonline.com/contoso/oauth2/v2.0/devicecode", entra.DeviceCodeUrl);
        Assert.Equal("https://app.vssps.visualstudio.com/_apis/profile/profiles/me?api-version=7.1", entra.ValidateUrl);
        Assert.Null(entra.RevokeUrl);
        Assert.Matches(entra.Regex!, "https://dev.azure.com/org/project/_git/repo");
    }

    [Fact]
    public void Bitbucket_server_oauth2_and_oauth1_are_told_apart_by_the_auth_url()
    {
        var oauth2 = Single(("GitIntegration:Providers:0:Type", "bitbucket-server"), ("GitIntegration:Providers:0:ClientId", "abc"),
            ("GitIntegration:Providers:0:AuthUrl", "https://bb.example/rest/oauth2/latest/authorize"));
        var oauth1 = Single(("GitIntegration:Providers:0:Type", "bitbucket-server"), ("GitIntegration:Providers:0:Id", "bb-old"),
            ("GitIntegration:Providers:0:AuthUrl", "https://bb.example/plugins/servlet/oauth/authorize"));

        Assert.False(oauth2.UsesOAuth1);
        Assert.Equal("https://bb.example/rest/oauth2/latest/token", oauth2.TokenUrl);
        Assert.Equal("https://bb.example", oauth2.ApiBaseUrl);
        Assert.False(oauth2.UsePkce);
        Assert.True(oauth1.UsesOAuth1);
        Assert.Equal("https://bb.example/plugins/servlet/oauth/access-token", oauth1.TokenUrl);
        Assert.Equal("GitIntegration", oauth1.ConsumerKey);
        Assert.Equal("GitIntegration", oauth1.ClientId);
        Assert.True(oauth1.NoRefresh);
        Assert.Matches(oauth1.Regex!, "https://bb.example/scm/proj/repo.git");
    }

    [Fact]
    public void Explicit_settings_win_over_defaults()
    {
        var config = Single(("GitIntegration:Providers:0:Type", "gitlab"), ("GitIntegration:Providers:0:ClientId", "abc"),
            ("GitIntegration:Providers:0:ClientSecret", "s3cret"), ("GitIntegration:Providers:0:Scopes", "read_user  api"),
            ("GitIntegration:Providers:0:Regex", "^https://code\\.example/"), ("GitIntegration:Providers:0:Pkce", "none"),
            ("GitIntegration:Providers:0:NoRefresh", "true"), ("GitIntegration:Providers:0:DeviceFlow", "true"),
            ("GitIntegration:Providers:0:DisplayName", "Code"), ("GitIntegration:Providers:0:AllowSignIn", "true"));

        Assert.Equal(["read_user", "api"], config.Scopes);
        Assert.False(config.UsePkce);
        Assert.True(config.NoRefresh);
        Assert.True(config.DeviceFlow);
        Assert.True(config.AllowSignIn);
        Assert.Equal("Code", config.DisplayName);
        Assert.Equal("s3cret", config.ClientSecret);
        Assert.Matches(config.Regex!, "https://code.example/x");
        Assert.DoesNotContain("s3cret", config.ToString());
    }

    [Fact]
    public void Generic_providers_take_everything_from_configuration()
    {
        var config = Single(("GitIntegration:Providers:0:Type", "generic"), ("GitIntegration:Providers:0:Id", "jira"),
            ("GitIntegration:Providers:0:ClientId", "abc"), ("GitIntegration:Providers:0:AuthUrl", "https://idp.example/authorize"),
            ("GitIntegration:Providers:0:TokenUrl", "https://idp.example/token"));

        Assert.Equal("jira", config.DisplayName);
        Assert.Null(config.ValidateUrl);
        Assert.Null(config.RevokeUrl);
        Assert.Null(config.Regex);
        Assert.True(config.UsePkce);
        Assert.Empty(config.Scopes);
    }

    [Fact]
    public void Coder_environment_form_is_read_like_coder()
    {
        var configuration = Config(
            ("CODER_EXTERNAL_AUTH_0_ID", "primary-github"), ("CODER_EXTERNAL_AUTH_0_TYPE", "github"),
            ("CODER_EXTERNAL_AUTH_0_CLIENT_ID", "gh-client"), ("CODER_EXTERNAL_AUTH_0_CLIENT_SECRET", "gh-secret"),
            ("CODER_EXTERNAL_AUTH_0_DEVICE_FLOW", "1"), ("CODER_EXTERNAL_AUTH_0_SCOPES", "repo read:org"),
            ("CODER_EXTERNAL_AUTH_0_PKCE_METHODS", "none"), ("CODER_EXTERNAL_AUTH_0_EXTRA_TOKEN_KEYS", "ignored"),
            ("CODER_EXTERNAL_AUTH_1_TYPE", "gitlab"), ("CODER_EXTERNAL_AUTH_1_CLIENT_ID", "gl-client"),
            ("CODER_EXTERNAL_AUTH_1_AUTH_URL", "https://gitlab.corp/oauth/authorize"), ("CODER_EXTERNAL_AUTH_1_NO_REFRESH", "TRUE"),
            ("CODER_EXTERNAL_AUTH_GITHUB_DEFAULT_PROVIDER_ENABLE", "false"),
            ("CODER_GITAUTH_0_ID", "old-gitea"), ("CODER_GITAUTH_0_TYPE", "gitea"), ("CODER_GITAUTH_0_CLIENT_ID", "gt-client"),
            ("GitIntegration:Providers:0:Type", "bitbucket-cloud"), ("GitIntegration:Providers:0:ClientId", "bb-client"));

        var configs = ProviderConfigurationReader.ReadConfigs(configuration);

        Assert.Equal(["bitbucket-cloud", "primary-github", "gitlab", "old-gitea"], configs.Select(c => c.Id));
        var github = configs[1];
        Assert.Equal("gh-client", github.ClientId);
        Assert.Equal("gh-secret", github.ClientSecret);
        Assert.True(github.DeviceFlow);
        Assert.False(github.UsePkce);
        Assert.Equal(["repo", "read:org"], github.Scopes);
        Assert.Equal("https://gitlab.corp/api/v4", configs[2].ApiBaseUrl);
        Assert.True(configs[2].NoRefresh);
        Assert.Equal(ProviderType.Gitea, configs[3].Type);
    }

    [Fact]
    public void Definitions_are_returned_with_their_effective_ids()
    {
        var definitions = ProviderConfigurationReader.ReadDefinitions(Config(
            ("GitIntegration:Providers:0:Type", "github"), ("GitIntegration:Providers:0:ClientId", "abc"),
            ("GitIntegration:Providers:0:ClientSecret", "s")));

        var github = Assert.Single(definitions);
        Assert.Equal("github", github.Id);
        Assert.Equal("s", github.ClientSecret);
    }

    [Fact]
    public void Coder_variables_can_come_from_a_plain_dictionary()
    {
        var environment = new Dictionary<string, string?>
        {
            ["CODER_EXTERNAL_AUTH_0_TYPE"] = "github",
            ["CODER_EXTERNAL_AUTH_0_CLIENT_ID"] = "abc",
            ["PATH"] = "/usr/bin",
        };

        var config = Assert.Single(ProviderConfigurationReader.ReadConfigs(Config(), environment));

        Assert.Equal("github", config.Id);
    }

    [Theory]
    [InlineData("GitIntegration:Providers:1:Type", "'githb' is not one of github, gitlab, bitbucket-cloud", "GitIntegration:Providers:1:Type", "githb")]
    [InlineData("GitIntegration:Providers:1:ClientId", "required", "GitIntegration:Providers:1:ClientId", "")]
    [InlineData("GitIntegration:Providers:1:Id", "not a valid provider id", "GitIntegration:Providers:1:Id", "My_Provider")]
    [InlineData("GitIntegration:Providers:1:Regex", "not a valid regular expression", "GitIntegration:Providers:1:Regex", "([a-z")]
    [InlineData("GitIntegration:Providers:1:TokenUrl", "not an absolute http(s) URL", "GitIntegration:Providers:1:TokenUrl", "ftp://x/token")]
    [InlineData("GitIntegration:Providers:1:AuthUrl", "not an absolute http(s) URL", "GitIntegration:Providers:1:AuthUrl", "/relative")]
    [InlineData("GitIntegration:Providers:1:NoRefresh", "is not true or false", "GitIntegration:Providers:1:NoRefresh", "sometimes")]
    [InlineData("GitIntegration:Providers:1:Pkce", "is not S256 or none", "GitIntegration:Providers:1:Pkce", "plain")]
    public void A_bad_setting_is_one_line_naming_its_key(string expectedKey, string expectedProblem, string key, string value)
    {
        var values = new List<(string, string)>
        {
            ("GitIntegration:Providers:0:Type", "github"), ("GitIntegration:Providers:0:ClientId", "abc"),
            ("GitIntegration:Providers:1:Type", "gitlab"), ("GitIntegration:Providers:1:ClientId", "def"),
        };
        values.RemoveAll(v => v.Item1 == key);
        values.Add((key, value));

        var error = Assert.Throws<ProviderConfigurationException>(() => ProviderConfigurationReader.ReadConfigs(Config([.. values])));

        Assert.StartsWith(expectedKey + ": ", error.Message);
        Assert.Contains(expectedProblem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Duplicate_ids_name_the_later_key()
    {
        var error = Assert.Throws<ProviderConfigurationException>(() => ProviderConfigurationReader.ReadConfigs(Config(
            ("CODER_EXTERNAL_AUTH_0_TYPE", "github"), ("CODER_EXTERNAL_AUTH_0_CLIENT_ID", "a"),
            ("CODER_EXTERNAL_AUTH_1_TYPE", "gitlab"), ("CODER_EXTERNAL_AUTH_1_CLIENT_ID", "b"),
            ("CODER_EXTERNAL_AUTH_2_TYPE", "github"), ("CODER_EXTERNAL_AUTH_2_CLIENT_ID", "c"))));

        Assert.Equal("CODER_EXTERNAL_AUTH_2_ID: duplicate provider id 'github'; give each provider a unique id.", error.Message);
    }

    [Fact]
    public void A_gap_in_coder_numbering_is_an_error()
    {
        var error = Assert.Throws<ProviderConfigurationException>(() => ProviderConfigurationReader.ReadConfigs(Config(
            ("CODER_EXTERNAL_AUTH_0_TYPE", "github"), ("CODER_EXTERNAL_AUTH_0_CLIENT_ID", "a"),
            ("CODER_EXTERNAL_AUTH_2_TYPE", "gitlab"), ("CODER_EXTERNAL_AUTH_2_CLIENT_ID", "b"))));

        Assert.StartsWith("CODER_EXTERNAL_AUTH_2_", error.Message);
        Assert.Contains("CODER_EXTERNAL_AUTH_1_* is missing", error.Message);
    }

    [Theory]
    [InlineData("CODER_EXTERNAL_AUTH_0_TYPE", "bogus", "CODER_EXTERNAL_AUTH_0_AUTH_URL: required for type bogus")]
    [InlineData("CODER_EXTERNAL_AUTH_0_ID", "My_Provider", "CODER_EXTERNAL_AUTH_0_ID: 'My_Provider' is not a valid provider id")]
    [InlineData("CODER_EXTERNAL_AUTH_GITHUB_DEFAULT_PROVIDER_ENABLE", "maybe", "CODER_EXTERNAL_AUTH_GITHUB_DEFAULT_PROVIDER_ENABLE: 'maybe' is not true or false")]
    [InlineData("CODER_EXTERNAL_AUTH_0_DEVICE_FLOW", "yes", "CODER_EXTERNAL_AUTH_0_DEVICE_FLOW: 'yes' is not true or false")]
    [InlineData("CODER_EXTERNAL_AUTH_0_PKCE_METHODS", "plain", "CODER_EXTERNAL_AUTH_0_PKCE_METHODS: 'plain' is not S256 or none")]
    [InlineData("CODER_EXTERNAL_AUTH_0_VALIDATE_URL", "nope", "CODER_EXTERNAL_AUTH_0_VALIDATE_URL: 'nope' is not an absolute http(s) URL")]
    public void Coder_form_errors_name_the_environment_variable(string key, string value, string expected)
    {
        var values = new Dictionary<string, string?> { ["CODER_EXTERNAL_AUTH_0_TYPE"] = "github", ["CODER_EXTERNAL_AUTH_0_CLIENT_ID"] = "a", [key] = value };

        var error = Assert.Throws<ProviderConfigurationException>(() => ProviderConfigurationReader.ReadConfigs(Config(), values));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Missing_requirements_name_their_keys()
    {
        Assert.StartsWith("GitIntegration:Providers:0:Type: required",
            Assert.Throws<ProviderConfigurationException>(() => Single(("GitIntegration:Providers:0:ClientId", "a"))).Message);
        Assert.StartsWith("GitIntegration:Providers:0:AuthUrl: required for type bitbucket-server",
            Assert.Throws<ProviderConfigurationException>(() => Single(("GitIntegration:Providers:0:Type", "bitbucket-server"),
                ("GitIntegration:Providers:0:ClientId", "a"))).Message);
        Assert.StartsWith("GitIntegration:Providers:0:TokenUrl: required for type generic",
            Assert.Throws<ProviderConfigurationException>(() => Single(("GitIntegration:Providers:0:Type", "generic"),
                ("GitIntegration:Providers:0:ClientId", "a"), ("GitIntegration:Providers:0:AuthUrl", "https://idp/authorize"))).Message);
        Assert.StartsWith("GitIntegration:Providers:0:DeviceCodeUrl: required when device flow is on",
            Assert.Throws<ProviderConfigurationException>(() => Single(("GitIntegration:Providers:0:Type", "gitea"),
                ("GitIntegration:Providers:0:ClientId", "a"), ("GitIntegration:Providers:0:DeviceFlow", "true"))).Message);
    }

    [Fact]
    public void Errors_never_show_the_client_secret()
    {
        var error = Assert.Throws<ProviderConfigurationException>(() => Single(("GitIntegration:Providers:0:Type", "gitlab"),
            ("GitIntegration:Providers:0:ClientSecret", "very-secret-value"), ("GitIntegration:Providers:0:TokenUrl", "bad")));

        Assert.DoesNotContain("very-secret-value", error.Message);
    }

    /// <summary>One provider of every type Coder knows, plus one Coder does not, as a Coder deployment sets them.</summary>
    private static Dictionary<string, string?> EveryCoderType() => new()
    {
        ["CODER_EXTERNAL_AUTH_0_TYPE"] = "github", ["CODER_EXTERNAL_AUTH_0_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_1_TYPE"] = "gitlab", ["CODER_EXTERNAL_AUTH_1_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_2_TYPE"] = "bitbucket", ["CODER_EXTERNAL_AUTH_2_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_3_TYPE"] = "bitbucket-server", ["CODER_EXTERNAL_AUTH_3_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_3_AUTH_URL"] = "https://bb.corp/rest/oauth2/latest/authorize",
        ["CODER_EXTERNAL_AUTH_4_TYPE"] = "azure-devops", ["CODER_EXTERNAL_AUTH_4_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_5_TYPE"] = "azure-devops-entra", ["CODER_EXTERNAL_AUTH_5_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_5_AUTH_URL"] = "https://login.microsoftonline.com/contoso/oauth2/authorize",
        ["CODER_EXTERNAL_AUTH_6_TYPE"] = "gitea", ["CODER_EXTERNAL_AUTH_6_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_7_TYPE"] = "jfrog", ["CODER_EXTERNAL_AUTH_7_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_7_AUTH_URL"] = "https://jfrog.corp/ui/authorization",
        ["CODER_EXTERNAL_AUTH_8_TYPE"] = "slack", ["CODER_EXTERNAL_AUTH_8_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_9_TYPE"] = "Custom", ["CODER_EXTERNAL_AUTH_9_CLIENT_ID"] = "a",
        ["CODER_EXTERNAL_AUTH_9_AUTH_URL"] = "https://idp.corp/authorize", ["CODER_EXTERNAL_AUTH_9_TOKEN_URL"] = "https://idp.corp/token",
        ["CODER_EXTERNAL_AUTH_GITHUB_DEFAULT_PROVIDER_ENABLE"] = "true",
    };

    [Fact]
    public void Coders_form_takes_every_type_coder_knows_and_any_other_as_generic_oauth2()
    {
        var configs = ProviderConfigurationReader.ReadConfigs(Config(), EveryCoderType());

        Assert.Equal(["github", "gitlab", "bitbucket", "bitbucket-server", "azure-devops", "azure-devops-entra", "gitea", "jfrog", "slack", "custom"],
            configs.Select(c => c.Id));
        Assert.Equal(["github", "gitlab", "bitbucket-cloud", "bitbucket-server", "azure-devops", "azure-devops-entra", "gitea", "jfrog", "slack", "custom"],
            configs.Select(c => c.TypeName));
        Assert.Equal([ProviderType.GitHub, ProviderType.GitLab, ProviderType.BitbucketCloud, ProviderType.BitbucketServer, ProviderType.AzureDevOps,
            ProviderType.AzureDevOpsEntra, ProviderType.Gitea, ProviderType.Generic, ProviderType.Generic, ProviderType.Generic], configs.Select(c => c.Type));
        var byId = configs.ToDictionary(c => c.Id);
        Assert.Equal("https://jfrog.corp/access/api/v1/integrations/a/token", byId["jfrog"].TokenUrl);
        Assert.Equal("https://jfrog.corp/access/api/v1/system/ping", byId["jfrog"].ValidateUrl);
        Assert.False(byId["jfrog"].UsePkce);
        Assert.Equal("https://slack.com/oauth/v2/authorize", byId["slack"].AuthUrl);
        Assert.Equal("https://slack.com/api/auth.revoke", byId["slack"].RevokeUrl);
        Assert.Equal(["authed_user"], byId["slack"].ExtraTokenKeys);
        Assert.False(byId["slack"].UsePkce);
        Assert.Equal("custom", byId["custom"].DisplayName);
        Assert.True(byId["custom"].UsePkce);
    }

    [Theory]
    [InlineData("github", "repo workflow", "https://api.github.com/user")]
    [InlineData("gitlab", "write_repository read_api", "https://gitlab.com/oauth/token/info")]
    [InlineData("bitbucket", "account repository:write", "https://api.bitbucket.org/2.0/user")]
    [InlineData("bitbucket-server", "PUBLIC_REPOS REPO_READ REPO_WRITE", "https://bb.corp/rest/api/latest/inbox/pull-requests/count")]
    [InlineData("azure-devops", "vso.code_write", null)]
    [InlineData("gitea", "read:repository write:repository read:user", "https://gitea.com/login/oauth/userinfo")]
    [InlineData("jfrog", "applied-permissions/user", "https://jfrog.corp/access/api/v1/system/ping")]
    [InlineData("slack", "", null)]
    public void A_provider_from_coders_form_asks_for_coders_scopes_and_validates_where_coder_does(string id, string scopes, string? validateUrl)
    {
        var config = ProviderConfigurationReader.ReadConfigs(Config(), EveryCoderType()).Single(c => c.Id == id);

        Assert.Equal(scopes, string.Join(' ', config.Scopes));
        Assert.Equal(validateUrl, config.ValidateUrl);
    }

    [Fact]
    public void This_services_form_keeps_its_own_scopes_and_the_ssh_scope_is_missing_only_from_coders()
    {
        var native = Single(("GitIntegration:Providers:0:Type", "github"), ("GitIntegration:Providers:0:ClientId", "a"));
        var coder = ProviderConfigurationReader.ReadConfigs(Config(), EveryCoderType()).ToDictionary(c => c.Id);

        Assert.Contains("admin:public_key", native.Scopes);
        Assert.Null(SshKeyScopes.Missing(native));
        Assert.Equal("admin:public_key", SshKeyScopes.Missing(coder["github"]));
        Assert.Equal("api", SshKeyScopes.Missing(coder["gitlab"]));
        Assert.Equal("write:user", SshKeyScopes.Missing(coder["gitea"]));
        Assert.Null(SshKeyScopes.Missing(coder["azure-devops"]));
        Assert.Null(SshKeyScopes.Missing(coder["slack"]));
    }

    [Fact]
    public void Extra_token_keys_are_read_space_separated_and_only_coders_form_has_them()
    {
        var configs = ProviderConfigurationReader.ReadConfigs(Config(("GitIntegration:Providers:0:Type", "gitlab"), ("GitIntegration:Providers:0:ClientId", "a")),
            new Dictionary<string, string?>
            {
                ["CODER_EXTERNAL_AUTH_0_TYPE"] = "github", ["CODER_EXTERNAL_AUTH_0_ID"] = "gh", ["CODER_EXTERNAL_AUTH_0_CLIENT_ID"] = "a",
                ["CODER_EXTERNAL_AUTH_0_EXTRA_TOKEN_KEYS"] = " scope  refresh_token_expires_in ",
                ["CODER_EXTERNAL_AUTH_1_TYPE"] = "slack", ["CODER_EXTERNAL_AUTH_1_CLIENT_ID"] = "a", ["CODER_EXTERNAL_AUTH_1_EXTRA_TOKEN_KEYS"] = "team",
            });

        Assert.Null(configs[0].ExtraTokenKeys);
        Assert.Equal(["scope", "refresh_token_expires_in"], configs[1].ExtraTokenKeys);
        Assert.Equal(["team"], configs[2].ExtraTokenKeys);
    }

    [Fact]
    public void Ids_may_have_upper_case_letters_as_in_coder()
    {
        var config = Assert.Single(ProviderConfigurationReader.ReadConfigs(Config(), new Dictionary<string, string?>
        {
            ["CODER_EXTERNAL_AUTH_0_ID"] = "GitHub-Corp", ["CODER_EXTERNAL_AUTH_0_TYPE"] = "GitHub", ["CODER_EXTERNAL_AUTH_0_CLIENT_ID"] = "a",
        }));

        Assert.Equal("GitHub-Corp", config.Id);
        Assert.Equal("github", config.TypeName);
        Assert.True(ProviderIds.IsValid("GitHub-Corp"));
        Assert.False(ProviderIds.IsValid("GitHub--Corp"));
        Assert.False(ProviderIds.IsValid("-github"));
    }

    [Fact]
    public void This_services_form_takes_coders_non_git_types_but_not_unknown_ones()
    {
        var slack = Single(("GitIntegration:Providers:0:Type", "slack"), ("GitIntegration:Providers:0:ClientId", "a"));
        var legacy = Single(("GitIntegration:Providers:0:Type", "bitbucket"), ("GitIntegration:Providers:0:ClientId", "a"));

        Assert.Equal(("slack", "slack", ProviderType.Generic), (slack.Id, slack.TypeName, slack.Type));
        Assert.Equal("bitbucket-cloud", legacy.Id); // unchanged for this service's own form: links made under it stay reachable
        Assert.StartsWith("GitIntegration:Providers:0:Type: 'custom' is not one of",
            Assert.Throws<ProviderConfigurationException>(() => Single(("GitIntegration:Providers:0:Type", "custom"), ("GitIntegration:Providers:0:ClientId", "a"))).Message);
    }
}
