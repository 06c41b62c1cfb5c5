namespace GitIntegration.CredentialHelper.Tests;

public class CredentialResponseTests
{
    private static string Write(CredentialResponse response)
    {
        var writer = new StringWriter();
        response.WriteTo(writer);
        return writer.ToString();
    }

    [Fact]
    public void Writes_username_password_and_expiry_as_git_lines()
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

        var text = Write(new CredentialResponse("oauth2", "tok=en", expires));

        Assert.Equal("username=oauth2\npassword=tok=en\npassword_expiry_utc=1900000000\n", text);
    }

    [Fact]
    public void Leaves_out_what_it_does_not_have()
    {
        Assert.Equal("password=secret\n", Write(new CredentialResponse(null, "secret", null)));
    }

    [Theory]
    [InlineData("x\nhost=evil.test")]
    [InlineData("x\r")]
    [InlineData("x\0")]
    public void Refuses_values_git_cannot_carry(string password)
    {
        var response = new CredentialResponse("u", password, null);

        Assert.False(response.CanBeWritten);
        Assert.Throws<InvalidOperationException>(() => Write(response));
    }

    [Fact]
    public void Service_credentials_map_to_git_attributes()
    {
        var answer = ServiceAnswer.FromSuccessBody(
            """{"provider_id":"gitlab","type":"gitlab","username":"oauth2","password":"glpat","access_token":"glpat","expires_at":"2030-01-02T03:04:05Z","token_extra":{"scope":"api"}}""");

        var credential = Assert.IsType<ServiceAnswer.Credentials>(answer).Credential;
        Assert.Equal(new CredentialResponse("oauth2", "glpat", DateTimeOffset.Parse("2030-01-02T03:04:05Z")), credential);
    }

    [Fact]
    public void Access_token_stands_in_for_a_missing_password()
    {
        var answer = ServiceAnswer.FromSuccessBody("""{"username":"x-access-token","password":"","access_token":"ghu_1"}""");

        Assert.Equal("ghu_1", Assert.IsType<ServiceAnswer.Credentials>(answer).Credential.Password);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"0001-01-01T00:00:00Z\"")]
    [InlineData("0")]
    public void No_expiry_when_the_service_has_none(string expiresAt)
    {
        var answer = ServiceAnswer.FromSuccessBody($$"""{"username":"u","password":"p","expires_at":{{expiresAt}}}""");

        Assert.Null(Assert.IsType<ServiceAnswer.Credentials>(answer).Credential.ExpiresAt);
    }

    [Fact]
    public void Expiry_may_come_as_unix_seconds()
    {
        var answer = ServiceAnswer.FromSuccessBody("""{"username":"u","password":"p","expires_at":1900000000}""");

        Assert.Equal(1_900_000_000, Assert.IsType<ServiceAnswer.Credentials>(answer).Credential.ExpiresAt?.ToUnixTimeSeconds());
    }

    [Fact]
    public void A_url_without_a_credential_asks_for_a_link()
    {
        var answer = ServiceAnswer.FromSuccessBody("""{"url":"https://service.test/external-auth/github","type":"github"}""");

        Assert.Equal("https://service.test/external-auth/github", Assert.IsType<ServiceAnswer.LinkRequired>(answer).Url);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"username":"u","password":"p\nprotocol=http"}""")]
    public void Unusable_bodies_fail(string body)
    {
        Assert.IsType<ServiceAnswer.Failed>(ServiceAnswer.FromSuccessBody(body));
    }
}
