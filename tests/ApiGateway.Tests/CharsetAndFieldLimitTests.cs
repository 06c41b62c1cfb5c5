using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// Every route that reads a body, called anonymously, as a member, as an admin user and with the admin token: each
/// charset case of the Content-Type, and a 1 MB value in each field it keeps. No 5xx, each answer names the
/// problem, and the API shows the same data afterwards.
/// </summary>
public sealed class CharsetAndFieldLimitTests : IAsyncLifetime
{
    /// <summary>Bytes of UTF-8: under the default 1 MiB body limit, so the field limits answer, not the body limit.</summary>
    private const int OneMegabyte = 1_000_000;

    private TestGateway _gateway = null!;
    private TestUser _member = null!;
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _member = await _gateway.CreateUserAsync("alice");
        _admin = await _gateway.CreateUserAsync("root", "admin");
        await _gateway.LinkAsync(_member, "github");
        var extra = await _gateway.Admin.PostAsync("api/v2/admin/external-auth", Json.Body("""{"id":"extra","type":"github","client_id":"extra-client"}"""));
        Assert.Equal(HttpStatusCode.Created, extra.StatusCode);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Each_charset_case_on_each_route_that_reads_a_body_is_read_as_utf8_or_refused_with_415()
    {
        var before = await ApiView.TakeAsync(_gateway, _member, _admin);

        foreach (var route in Routes)
        foreach (var caller in Callers())
        foreach (var (parameters, isUtf8) in CharsetCases)
        {
            var what = $"{caller.Name}: {route.Method} /{route.Path} with 'application/json{parameters}'";
            var error = await SendAsync(caller, route, "application/json" + parameters, Encoding.UTF8.GetBytes(route.Parsed), isUtf8 ? 400 : 415, what);
            if (Refusal(route, caller) is not null)
                continue;
            if (isUtf8)
                Assert.True(FirstField(error) == route.ParsedField, $"{what}: the body was not read as JSON: {error.ToJsonString()}");
            else
                Assert.True(error.ToJsonString().Contains("charset", StringComparison.OrdinalIgnoreCase), $"{what}: the answer does not name the charset: {error.ToJsonString()}");
        }

        Assert.Equal(before, await ApiView.TakeAsync(_gateway, _member, _admin));
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/charset-probe"), 404);
    }

    [Fact]
    public async Task A_1_MB_value_in_any_field_is_a_400_naming_the_field_and_its_limit()
    {
        var before = await ApiView.TakeAsync(_gateway, _member, _admin);
        var values = new[] { "x", "é", "‹", "😀" }.Select(OneMegabyteOf).ToArray();
        var sent = 0;

        foreach (var route in Routes)
        foreach (var field in route.Fields)
        foreach (var caller in Callers())
        {
            var value = values[sent++ % values.Length];
            var what = $"{caller.Name}: {route.Method} /{route.Path} with a 1 MB {field}";
            var body = Encoding.UTF8.GetBytes(Json.WithMember(route.Valid, field, field == "roles" ? $"[\"{value}\"]" : $"\"{value}\""));
            var error = await SendAsync(caller, route, "application/json", body, 400, what);
            if (Refusal(route, caller) is not null)
                continue;
            Assert.True(FirstField(error) == field, $"{what}: the answer does not name the field: {error.ToJsonString()}");
            var detail = error["validations"]![0]!["detail"]!.GetValue<string>();
            Assert.True(field == "keygen_algorithm" || detail.StartsWith("at most ", StringComparison.Ordinal), $"{what}: the answer does not name the limit: {detail}");
            Assert.True(error.ToJsonString().Length < 1000, $"{what}: the answer repeats the value");
        }

        Assert.Equal(before, await ApiView.TakeAsync(_gateway, _member, _admin));
    }

    [Fact]
    public async Task A_quoted_utf8_charset_is_read_as_utf8()
    {
        const string name = "Gïthub ‹beta› 😀";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"type":"github","client_id":"extra-client","display_name":"{{name}}"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=\"UTF-8\"");

        var changed = await _gateway.Admin.PutAsync("api/v2/admin/external-auth/extra", content);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var stored = await Json.ReadAsync(await _gateway.Admin.GetAsync("api/v2/admin/external-auth/extra"));
        Assert.Equal(name, stored["display_name"]!.GetValue<string>());
    }

    /// <summary>Sends one request; asserts the status (the caller's refusal when it may not use the route) and the error body.</summary>
    private async Task<JsonNode> SendAsync(Caller caller, BodyRoute route, string contentType, byte[] body, int status, string what)
    {
        using var client = _gateway.Client(caller.Token);
        using var request = new HttpRequestMessage(route.Method, route.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var expected = Refusal(route, caller) ?? status;
        Assert.True((int)response.StatusCode == expected, $"{what}: expected {expected}, got {(int)response.StatusCode}: {text}");
        return await Json.AssertErrorAsync(response, expected);
    }

    private static string? FirstField(JsonNode error) =>
        error["validations"]!.AsArray() is [{ } first, ..] ? first["field"]!.GetValue<string>() : null;

    /// <summary>About 1 MB of UTF-8 made of one character (of 1 to 4 bytes).</summary>
    private static string OneMegabyteOf(string character) =>
        string.Concat(Enumerable.Repeat(character, OneMegabyte / Encoding.UTF8.GetByteCount(character)));

    /// <summary>401 or 403 when the caller may not use the route at all; null when the body is theirs to get wrong.</summary>
    private static int? Refusal(BodyRoute route, Caller caller) => route.Access switch
    {
        Access.Anyone => null,
        _ when caller.Token is null => 401,
        Access.Admin when !caller.IsAdmin => 403,
        _ => null,
    };

    private IEnumerable<Caller> Callers() =>
    [
        new("anonymous", null, IsAdmin: false),
        new("member", _member.Token, IsAdmin: false),
        new("admin user", _admin.Token, IsAdmin: true),
        new("admin token", TestGateway.AdminToken, IsAdmin: true),
    ];

    private sealed record Caller(string Name, string? Token, bool IsAdmin);

    private enum Access { Anyone, User, Admin }

    /// <summary>Parameters after application/json; UTF-8 in any spelling is read, any other charset refused.</summary>
    private static readonly (string Parameters, bool IsUtf8)[] CharsetCases =
    [
        ("", true),
        ("; charset=utf-8", true),
        ("; charset=\"utf-8\"", true),
        ("; charset=bogus", false),
        ("; charset=", false),
        ("; charset=utf-7", false),
    ];

    private static readonly string[] ProviderFields =
    [
        "id", "type", "display_name", "display_icon", "client_id", "client_secret", "auth_url", "token_url", "validate_url", "revoke_url",
        "api_base_url", "device_code_url", "scopes", "regex", "pkce", "app_install_url", "app_installations_url", "consumer_key",
    ];

    /// <summary>A route that reads a body. Parsed: a body it reads and refuses naming ParsedField, so that answer proves
    /// the body was read as JSON and stores nothing. Fields: the text fields it keeps or hands on. Valid: a body it
    /// would take, so that only the limit stands between one oversized field and storage.</summary>
    private sealed record BodyRoute(HttpMethod Method, string Path, Access Access, string Parsed, string ParsedField, string[] Fields, string Valid);

    private static readonly BodyRoute[] Routes =
    [
        new(HttpMethod.Post, "api/v2/users", Access.Admin, """{"username":"charset-probe","role":"owner"}""", "role", ["username", "role"],
            Valid: """{"username":"size-probe"}"""),
        new(HttpMethod.Put, "api/v2/users/me/roles", Access.Admin, """{"roles":["owner"]}""", "roles", ["roles"],
            Valid: """{"roles":["member"]}"""),
        new(HttpMethod.Post, "api/v2/users/me/keys", Access.User, """{"lifetime_seconds":1}""", "lifetime_seconds", ["token_name"],
            Valid: """{"token_name":"probe"}"""),
        new(HttpMethod.Post, "api/v2/external-auth/github/device", Access.User, """{"device_code":""}""", "device_code", ["device_code"],
            Valid: """{"device_code":"probe"}"""),
        new(HttpMethod.Put, "api/v2/external-auth/github/token", Access.User, """{"token":" "}""", "token", ["token", "username"],
            Valid: """{"token":"probe-token","username":"probe"}"""),
        new(HttpMethod.Post, "api/v2/sessions", Access.Anyone, """{"key":""}""", "key", [],
            Valid: """{"key":"probe"}"""),
        new(HttpMethod.Post, "api/v2/git/credentials/erase", Access.User, """{"url":""}""", "url", ["url", "password"],
            Valid: """{"url":"https://github.com/octo/hello.git","password":"probe"}"""),
        new(HttpMethod.Post, "api/v2/admin/external-auth", Access.Admin, """{"id":"Not Valid"}""", "id", ProviderFields,
            Valid: """{"id":"size-probe","type":"github","client_id":"probe"}"""),
        new(HttpMethod.Put, "api/v2/admin/external-auth/extra", Access.Admin, """{"id":"other"}""", "id", ProviderFields,
            Valid: """{"type":"github","client_id":"extra-client"}"""),
        new(HttpMethod.Put, "api/v2/admin/ssh", Access.Admin, """{"keygen_algorithm":"dsa"}""", "keygen_algorithm", ["keygen_algorithm"],
            Valid: """{"keygen_algorithm":"ecdsa"}"""),
    ];
}
