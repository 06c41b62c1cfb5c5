using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>
/// Answers no provider should send (HTML error pages, truncated JSON, errors with HTTP 200, huge bodies) end in
/// the adapter's documented exception with a clear message, or an Unavailable validation: never another
/// exception type, never a token taken for valid. GitHub goes through Octokit, the others through Duende or by hand.
/// </summary>
public sealed class BadAnswerTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    private const string Html = "<!DOCTYPE html><html><body><h1>Sign in to the corporate proxy</h1></body></html>";
    private const string TruncatedToken = "{\"access_token\":\"gho_abc\",\"token_type\":\"bea";

    public static TheoryData<string> RefreshKinds => new("github-app", "gitlab", "generic");

    public static TheoryData<string> ApiKinds => new("github-oauth-app", "gitlab", "gitea");

    private static string Huge => "{\"padding\":\"" + new string('x', AdapterFixture.MaxResponseBytes + 1024) + "\"}";

    [Theory]
    [MemberData(nameof(RefreshKinds))]
    public async Task An_html_error_page_from_the_token_endpoint_is_a_transient_token_error(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 502, count: 1, body: Html, contentType: "text/html");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(502, error.HttpStatus);
        Assert.DoesNotContain("proxy", error.Message);
    }

    [Theory]
    [MemberData(nameof(RefreshKinds))]
    public async Task An_html_page_with_http_200_from_the_token_endpoint_is_an_invalid_response(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 200, count: 1, body: Html, contentType: "text/html");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(ProviderAnswerException.ErrorCode, error.ErrorCode);
        Assert.Contains("not JSON", error.Message);
    }

    [Theory]
    [MemberData(nameof(RefreshKinds))]
    public async Task Truncated_json_from_the_token_endpoint_is_an_invalid_response(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 200, count: 1, body: TruncatedToken, contentType: "application/json");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(ProviderAnswerException.ErrorCode, error.ErrorCode);
        Assert.DoesNotContain("gho_abc", error.Message);
    }

    [Theory]
    [MemberData(nameof(RefreshKinds))]
    public async Task A_huge_token_answer_is_refused_as_an_invalid_response(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 200, count: 1, body: Huge, contentType: "application/json");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderAnswerException.ErrorCode, error.ErrorCode);
        Assert.Contains("larger than this service accepts", error.Message);
    }

    [Theory]
    [InlineData("github-app", "bad_refresh_token")]
    [InlineData("gitlab", "invalid_grant")]
    public async Task An_error_sent_with_http_200_is_a_refusal_not_tokens(string kind, string code)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 200, count: 1, body: $"{{\"error\":\"{code}\",\"error_description\":\"no\"}}", contentType: "application/json");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal(code, error.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(ApiKinds))]
    public async Task Validation_that_gets_html_with_http_200_is_unavailable_not_valid(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("user", 200, count: 1, body: Html, contentType: "text/html");

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Unavailable, result.Outcome);
        Assert.Null(result.Account);
        Assert.Contains("not", result.Error);
    }

    [Theory]
    [MemberData(nameof(ApiKinds))]
    public async Task Validation_that_gets_truncated_json_is_unavailable(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("user", 200, count: 1, body: "{\"id\":1,\"login\":\"oc", contentType: "application/json");

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Unavailable, result.Outcome);
    }

    [Fact]
    public async Task Github_validation_that_gets_an_error_body_with_http_200_is_unavailable()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "github-app");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("user", 200, count: 1, body: "{\"message\":\"Bad credentials\"}", contentType: "application/json");

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Unavailable, result.Outcome);
        Assert.Contains("not a GitHub user", result.Error);
    }

    [Theory]
    [MemberData(nameof(ApiKinds))]
    public async Task A_huge_validation_answer_is_unavailable(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("user", 200, count: 1, body: Huge, contentType: "application/json");

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Unavailable, result.Outcome);
        Assert.Contains("larger than this service accepts", result.Error);
    }

    [Theory]
    [MemberData(nameof(ApiKinds))]
    public async Task Api_answers_that_cannot_be_read_are_transient_api_errors(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        var account = await sandbox.AccountAsync(tokens);
        await sandbox.AddFaultAsync("keys_list", 200, count: 1, body: "[{\"id\":1,\"key\":\"ssh-ed", contentType: "application/json");
        await sandbox.AddFaultAsync("keys_list", 200, count: 1, body: Html, contentType: "text/html");
        await sandbox.AddFaultAsync("keys_list", 200, count: 1, body: Huge, contentType: "application/json");

        var truncated = await Assert.ThrowsAsync<ProviderApiException>(() => sandbox.Adapter.ListSshKeysAsync(tokens, account, CancellationToken.None));
        var html = await Assert.ThrowsAsync<ProviderApiException>(() => sandbox.Adapter.ListSshKeysAsync(tokens, account, CancellationToken.None));
        var huge = await Assert.ThrowsAsync<ProviderApiException>(() => sandbox.Adapter.ListSshKeysAsync(tokens, account, CancellationToken.None));

        Assert.All([truncated, html, huge], e => Assert.True(e.Transient));
        Assert.Contains("larger than this service accepts", huge.Message);
        Assert.Contains("not JSON", html.Message);
    }
}
