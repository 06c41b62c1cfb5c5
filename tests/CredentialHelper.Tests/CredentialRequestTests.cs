namespace GitIntegration.CredentialHelper.Tests;

public class CredentialRequestTests
{
    private static CredentialRequest Read(string input) => CredentialRequest.Read(new StringReader(input));

    [Fact]
    public void Reads_the_core_attributes()
    {
        var request = Read("protocol=https\nhost=example.test:8443\npath=org/repo.git\nusername=bob\npassword=old\n\n");

        Assert.Equal("https", request.Protocol);
        Assert.Equal("example.test:8443", request.Host);
        Assert.Equal("org/repo.git", request.Path);
        Assert.Equal("bob", request.Username);
        Assert.Equal("old", request.Password);
        Assert.Equal("https://example.test:8443/org/repo.git", request.RemoteUrl);
    }

    [Fact]
    public void Reads_the_newer_attributes_and_lists()
    {
        var request = Read(
            "capability[]=authtype\ncapability[]=state\nprotocol=https\nhost=h\n" +
            "wwwauth[]=Basic realm=\"GitHub\"\nwwwauth[]=Bearer\n" +
            "password_expiry_utc=1700000000\noauth_refresh_token=r1\n");

        Assert.Equal(["authtype", "state"], request.Capabilities);
        Assert.Equal(["Basic realm=\"GitHub\"", "Bearer"], request.WwwAuth);
        Assert.Equal("1700000000", request.PasswordExpiryUtc);
        Assert.Equal("r1", request.OAuthRefreshToken);
    }

    [Fact]
    public void An_empty_list_value_clears_the_list()
    {
        var request = Read("wwwauth[]=Basic\nwwwauth[]=\nwwwauth[]=Bearer\n");

        Assert.Equal(["Bearer"], request.WwwAuth);
    }

    [Fact]
    public void Unknown_attributes_and_lines_without_a_key_are_ignored()
    {
        var request = Read("protocol=https\nfuture_thing=1\nstate[]=x:y\nnot an attribute\n=nokey\nhost=example.test\n");

        Assert.Equal("https://example.test", request.RemoteUrl);
    }

    [Fact]
    public void Values_keep_everything_after_the_first_equals_sign()
    {
        var request = Read("password=a=b==c\nusername=\n");

        Assert.Equal("a=b==c", request.Password);
        Assert.Equal("", request.Username);
    }

    [Fact]
    public void Reading_stops_at_the_blank_line()
    {
        var reader = new StringReader("protocol=https\nhost=first.test\n\nhost=second.test\n");

        var request = CredentialRequest.Read(reader);

        Assert.Equal("first.test", request.Host);
        Assert.Equal("host=second.test", reader.ReadLine());
    }

    [Fact]
    public void End_of_input_ends_the_description_too_and_carriage_returns_are_dropped()
    {
        var request = Read("protocol=https\r\nhost=example.test");

        Assert.Equal("https://example.test", request.RemoteUrl);
    }

    [Fact]
    public void Later_attributes_override_earlier_ones()
    {
        var request = Read("host=first.test\nprotocol=http\nhost=second.test\n");

        Assert.Equal("http://second.test", request.RemoteUrl);
    }

    [Fact]
    public void Url_is_split_into_its_parts()
    {
        var request = Read("url=https://b%40b:p%3Dw@example.test:8443//org/repo%20x.git/\n");

        Assert.Equal("https", request.Protocol);
        Assert.Equal("example.test:8443", request.Host);
        Assert.Equal("org/repo x.git", request.Path);
        Assert.Equal("b@b", request.Username);
        Assert.Equal("p=w", request.Password);
    }

    [Fact]
    public void Url_replaces_what_came_before_and_later_attributes_win()
    {
        var request = Read("username=bob\npath=old.git\nurl=https://example.test\nhost=other.test\n");

        Assert.Null(request.Username);
        Assert.Null(request.Path);
        Assert.Equal("https://other.test", request.RemoteUrl);
    }

    [Fact]
    public void Url_without_path_or_with_query_keeps_only_what_it_has()
    {
        Assert.Equal("https://example.test", Read("url=https://example.test/\n").RemoteUrl);
        Assert.Equal("https://example.test", Read("url=https://example.test?x=1\n").RemoteUrl);
        Assert.Equal("https://example.test/a.git", Read("url=https://example.test/a.git?x=1#f\n").RemoteUrl);
        Assert.Equal("user", Read("url=https://user@example.test\n").Username);
    }

    [Fact]
    public void Url_without_a_scheme_leaves_nothing_to_answer()
    {
        var request = Read("protocol=https\nhost=example.test\nurl=example.test/repo.git\n");

        Assert.Null(request.RemoteUrl);
    }

    [Theory]
    [InlineData("protocol=ssh\nhost=example.test\n")]
    [InlineData("protocol=cert\nhost=\npath=etc/cert.pem\n")]
    [InlineData("protocol=https\n")]
    [InlineData("host=example.test\n")]
    public void Only_http_remotes_with_a_host_have_a_remote_url(string input)
    {
        Assert.Null(Read(input).RemoteUrl);
    }

    [Fact]
    public void Http_protocol_is_accepted_in_any_case()
    {
        Assert.Equal("http://example.test/x", Read("protocol=HTTP\nhost=example.test\npath=/x\n").RemoteUrl);
    }
}
