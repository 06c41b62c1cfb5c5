using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>Reading token endpoint answers: Coder's permanent/transient rules and the shapes providers use.</summary>
public class TokenResponsesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProviderResponse Response(int status, string body, string contentType = "application/json", params (string, string)[] headers)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType };
        foreach (var (name, value) in headers)
            all[name] = value;
        return new ProviderResponse(status, all, body);
    }

    [Theory]
    [InlineData(200, "bad_refresh_token", ProviderErrorKind.Permanent)]
    [InlineData(400, "invalid_grant", ProviderErrorKind.Permanent)]
    [InlineData(400, "unauthorized_client", ProviderErrorKind.Permanent)]
    [InlineData(401, "invalid_client", ProviderErrorKind.Permanent)]
    [InlineData(400, "unsupported_grant_type", ProviderErrorKind.Permanent)]
    [InlineData(200, "incorrect_client_credentials", ProviderErrorKind.Permanent)]
    [InlineData(400, "invalid_request", ProviderErrorKind.Permanent)]
    [InlineData(403, "invalid_grant", ProviderErrorKind.Permanent)]
    [InlineData(403, "access_denied", ProviderErrorKind.Transient)]
    [InlineData(400, "temporarily_unavailable", ProviderErrorKind.Transient)]
    [InlineData(429, "slow_down", ProviderErrorKind.Transient)]
    [InlineData(500, "invalid_grant", ProviderErrorKind.Transient)]
    [InlineData(503, null, ProviderErrorKind.Transient)]
    [InlineData(401, null, ProviderErrorKind.Permanent)]
    [InlineData(404, null, ProviderErrorKind.Transient)]
    public void Errors_are_classified_like_coder(int status, string? code, ProviderErrorKind expected) =>
        Assert.Equal(expected, TokenResponses.Classify(status, code));

    [Fact]
    public void The_error_field_wins_over_http_200()
    {
        var response = Response(200, """{"error":"bad_refresh_token","error_description":"The refresh token passed is incorrect or expired."}""");

        var error = Assert.Throws<ProviderTokenException>(() => TokenResponses.Read(response, "github refresh", Now));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("bad_refresh_token", error.ErrorCode);
        Assert.Equal("github refresh failed: bad_refresh_token (The refresh token passed is incorrect or expired.), HTTP 200.", error.Message);
    }

    [Fact]
    public void Expiry_refresh_expiry_scope_and_extras_are_kept()
    {
        var response = Response(200,
            """{"access_token":"at","refresh_token":"rt","expires_in":7200,"refresh_token_expires_in":"15897600","scope":"repo,gist","token_type":"bearer","created_at":1700000000,"id_token":"jwt"}""");

        var tokens = TokenResponses.Read(response, "x", Now);

        Assert.Equal("at", tokens.AccessToken);
        Assert.Equal("rt", tokens.RefreshToken);
        Assert.Equal(Now.AddSeconds(7200), tokens.ExpiresAt);
        Assert.Equal(Now.AddSeconds(15897600), tokens.RefreshTokenExpiresAt);
        Assert.Equal("repo,gist", tokens.Scopes);
        Assert.Equal(new Dictionary<string, string> { ["created_at"] = "1700000000" }, tokens.Extra);
    }

    [Theory]
    [InlineData("""{"access_token":"at","expires_in":0}""")]
    [InlineData("""{"access_token":"at"}""")]
    public void No_or_zero_expires_in_means_no_expiry(string body) =>
        Assert.Null(TokenResponses.Read(Response(200, body), "x", Now).ExpiresAt);

    [Fact]
    public void Form_encoded_answers_are_read_too()
    {
        var tokens = TokenResponses.Read(Response(200, "access_token=gho_abc&scope=repo&token_type=bearer", "application/x-www-form-urlencoded"), "x", Now);

        Assert.Equal("gho_abc", tokens.AccessToken);
        Assert.Equal("repo", tokens.Scopes);
    }

    [Fact]
    public void A_429_carries_its_retry_after()
    {
        var error = Assert.Throws<ProviderTokenException>(() =>
            TokenResponses.Read(Response(429, "Retry later", "text/plain", ("Retry-After", "30")), "x", Now));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public void An_html_error_page_is_transient_and_not_quoted()
    {
        var error = Assert.Throws<ProviderTokenException>(() =>
            TokenResponses.Read(Response(502, "<html><body>Bad Gateway secret=1</body></html>", "text/html"), "x", Now));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void Coders_extra_token_keys_keep_exactly_those_fields_with_their_json_types()
    {
        var body = """{"access_token":"t","token_type":"bearer","authed_user":{"id":"U1","scope":"chat:write"},"team_size":3,"other":"x"}""";

        var tokens = TokenResponses.Read(Response(200, body), "x", Now, ["authed_user", "team_size", "absent"]);

        Assert.Equal(["absent", "authed_user", "team_size"], tokens.Extra!.Keys.Order());
        Assert.Equal("""{"id":"U1","scope":"chat:write"}""", tokens.Extra["authed_user"]);
        Assert.Equal("3", tokens.Extra["team_size"]);
        Assert.Equal("null", tokens.Extra["absent"]);
        Assert.Null(TokenResponses.Read(Response(200, body), "x", Now, []).Extra);
        Assert.Equal("\"x\"", TokenResponses.Read(Response(200, "access_token=t&other=x", "application/x-www-form-urlencoded"), "x", Now, ["other"]).Extra!["other"]);
    }
}
