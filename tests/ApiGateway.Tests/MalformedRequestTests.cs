using System.Net;
using System.Text;
using GitIntegration.ApiGateway.Tests.Support;
using Xunit.Abstractions;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// Thousands of randomized malformed requests across every route (bad tokens, bodies, Content-Type parameters,
/// oversized fields, paths, queries, methods): none gets a 5xx, each failure carries the error body, and the store
/// is exactly as it was before (same rows, same versions; and the same through the API).
/// </summary>
public sealed class MalformedRequestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int RequestCount = 5_000;
    private const int Seed = 20261121;

    private TestGateway _gateway = null!;
    private TestUser _member = null!;
    private TestUser _admin = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(new GatewaySetup { Settings = { ["GitIntegration:Limits:MaxRequestBodyBytes"] = "65536" } });
        _member = await _gateway.CreateUserAsync("alice");
        _admin = await _gateway.CreateUserAsync("root", "admin");
        await _gateway.LinkAsync(_member, "github");
        // Settle what a first request legitimately writes (SSH key made on first use, keys' last-use marks).
        await _member.Api.GetAsync("api/v2/users/me/gitsshkey");
        await _member.Api.GetAsync("api/v2/git/credentials?id=github");
        await _admin.Api.GetAsync("api/v2/users/me");
        await _gateway.Admin.GetAsync("api/v2/admin/ssh");
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Malformed_requests_never_get_a_5xx_and_change_nothing()
    {
        // The view first: listing links validates them with the provider (as Coder does), which the store records.
        var viewBefore = await ApiView.TakeAsync(_gateway, _member, _admin);
        var before = await StoreSnapshot.TakeAsync(_gateway.DatabasePath);
        var random = new Random(Seed);
        var requests = Enumerable.Range(0, RequestCount).Select(_ => MalformedRequest.Create(random, this)).ToList();

        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var kinds = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_gateway.BaseUrl + "/") };
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, _) =>
        {
            using var message = request.ToMessage();
            using var response = await http.SendAsync(message);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            kinds.AddOrUpdate($"{request.Kind} {status}", 1, (_, n) => n + 1);
            var body = await response.Content.ReadAsStringAsync();
            if (status >= 500)
                failures.Add($"{request}: {status} {body}");
            else if (status >= 400 && !body.Contains("\"message\""))
                failures.Add($"{request}: {status} without the error body: {body}");
            else if (status < 400 && !request.MayPass && !IsWebUiPage(response))
                failures.Add($"{request}: {status} for a malformed request");
        });

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        output.WriteLine(string.Join(", ", kinds.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        foreach (var failure in failures.Take(20))
            output.WriteLine(failure);
        Assert.Empty(failures.Take(20));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(_gateway.DatabasePath));
        Assert.Equal(viewBefore, await ApiView.TakeAsync(_gateway, _member, _admin));
    }

    /// <summary>A path that dot-segments resolve to one of the web UI's pages (/login/%2e%2e is /, /login/. is /login/)
    /// gets that page, as it should.</summary>
    private static bool IsWebUiPage(HttpResponseMessage response) =>
        response.RequestMessage?.RequestUri?.AbsolutePath is "/" or "/login/" && response.Content.Headers.ContentType?.MediaType == "text/html";

    internal string MemberToken => _member.Token;
    internal string AdminUserToken => _admin.Token;
    internal string EmulatorRemote => $"{_gateway.Emulator.InstanceUrl("gh")}/octo/hello.git";

    /// <summary>One request; MayPass marks the few shapes where a 2xx is a fine answer (junk that is simply ignored).</summary>
    private sealed record MalformedRequest(HttpMethod Method, string Path, string? Token, string? ContentType, byte[]? Body, bool MayPass, string Kind)
    {
        public override string ToString() => $"{Kind} {Method} /{Path} ({Body?.Length ?? 0} bytes {ContentType})";

        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(Method, Path);
            if (Token is not null)
                message.Headers.TryAddWithoutValidation("Coder-Session-Token", Token);
            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
            return message;
        }

        public static MalformedRequest Create(Random random, MalformedRequestTests test)
        {
            var route = Routes[random.Next(Routes.Length)];
            return random.Next(8) switch
            {
                _ when route.OnlyBadTokens => BadToken(random, route, test),
                0 => BadToken(random, route, test),
                1 when route.Body is not null => BadBody(random, route, test),
                6 when route.Body is not null => BadContentTypeParameters(random, route, test),
                7 when route.Body is not null => OversizedField(random, route, test),
                2 when route.Admin => MemberOnAdminRoute(random, route, test),
                3 when route.Method != HttpMethod.Get => WrongMethod(random, route, test),
                4 when route.Query => BadQuery(random, route, test),
                _ => BadPathValues(random, route, test),
            };
        }

        private static MalformedRequest BadToken(Random random, Route route, MalformedRequestTests test)
        {
            string?[] tokens = [null, "", "Bearer", AsciiJunk(random, 43), test.MemberToken[..42], test.MemberToken + "x", new string('A', 43), AsciiJunk(random, 300)];
            var (body, type) = route.Body is null ? (null, null) : ((byte[]?)"{}"u8.ToArray(), "application/json");
            return new MalformedRequest(route.Method, route.Fill(random, valid: true, test), tokens[random.Next(tokens.Length)], type, body,
                MayPass: route.Anonymous, "bad-token");
        }

        private static MalformedRequest BadBody(Random random, Route route, MalformedRequestTests test)
        {
            byte[][] bodies =
            [
                Encoding.UTF8.GetBytes(Junk(random, random.Next(1, 200))),
                Encoding.UTF8.GetBytes("{\"" + route.Body![0] + "\":"),
                Encoding.UTF8.GetBytes("{" + string.Join(',', route.Body.Select(f => $"\"{f}\":[1,{{\"a\":null}}]")) + "}"),
                Encoding.UTF8.GetBytes(new[] { "[]", "5", "\"text\"", "true", "[{}]" }[random.Next(5)]),
                Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)),
                Encoding.UTF8.GetBytes("{\"" + route.Body[0] + "\":\"" + new string('x', 70_000) + "\"}"),
                [0xff, 0xfe, 0x00, 0x7b],
            ];
            string?[] types = ["application/json", "application/json", "application/json", "text/plain", "application/xml", null, "multipart/form-data; boundary=x"];
            var body = bodies[random.Next(bodies.Length)];
            var type = types[random.Next(types.Length)];
            return new MalformedRequest(route.Method, route.Fill(random, valid: true, test), route.Admin ? TestGateway.AdminToken : test.MemberToken,
                type, body, MayPass: false, "bad-body");
        }

        /// <summary>A body the route reads and refuses (so a charset taken as UTF-8 stores nothing either), under
        /// Content-Type parameters HTTP allows or a careless client sends.</summary>
        private static MalformedRequest BadContentTypeParameters(Random random, Route route, MalformedRequestTests test)
        {
            string[] parameters =
            [
                "; charset=bogus", "; charset=", "; charset", "; charset=utf-7", "; charset=UTF-16", "; charset=iso-8859-1", "; charset=\"utf-8\"",
                "; charset=\"UTF8\"", "; charset=\"bogus", "; charset=utf-8; charset=latin1", ";;", "; boundary=x", "; q=0.5; charset=utf-8",
                " ; CHARSET = utf-8", "; charset=" + AsciiJunk(random, 200), "; " + AsciiJunk(random, 30),
            ];
            var body = random.Next(2) == 0 ? route.Refused : "{\"" + route.Body![0] + "\":";
            return new MalformedRequest(route.Method, route.Fill(random, valid: true, test), route.Admin ? TestGateway.AdminToken : test.MemberToken,
                "application/json" + parameters[random.Next(parameters.Length)], Encoding.UTF8.GetBytes(body), MayPass: false, "content-type-parameters");
        }

        /// <summary>A body the route would take but for one field longer than any field limit, of characters from 1 to 4
        /// UTF-8 bytes (some bodies then pass the body limit too).</summary>
        private static MalformedRequest OversizedField(Random random, Route route, MalformedRequestTests test)
        {
            string[] characters = ["a", "é", "‹", "😀", "\\u0001", "\\\""];
            var field = route.Body![random.Next(route.Body.Length)];
            var value = string.Concat(Enumerable.Repeat(characters[random.Next(characters.Length)], random.Next(8_193, 20_000)));
            var json = field == "roles" ? $"[\"{value}\"]" : $"\"{value}\"";
            return new MalformedRequest(route.Method, route.Fill(random, valid: true, test), route.Admin ? TestGateway.AdminToken : test.MemberToken,
                "application/json", Encoding.UTF8.GetBytes(Json.WithMember(route.Valid, field, json)), MayPass: false, "oversized-field");
        }

        private static MalformedRequest MemberOnAdminRoute(Random random, Route route, MalformedRequestTests test) =>
            new(route.Method, route.Fill(random, valid: true, test), test.MemberToken, "application/json", route.Body is null ? null : "{}"u8.ToArray(),
                MayPass: false, "member-on-admin");

        private static MalformedRequest WrongMethod(Random random, Route route, MalformedRequestTests test)
        {
            HttpMethod[] methods = [HttpMethod.Patch, new HttpMethod("PURGE"), HttpMethod.Options, HttpMethod.Trace];
            return new MalformedRequest(methods[random.Next(methods.Length)], route.Fill(random, valid: true, test), test.AdminUserToken, null, null,
                MayPass: false, "wrong-method");
        }

        private static MalformedRequest BadQuery(Random random, Route route, MalformedRequestTests test)
        {
            string[] queries =
            [
                "url=", "id=Bad%20Id", "url=" + Uri.EscapeDataString(Junk(random, 50)), "listen=true&timeout=-1", "listen=true&timeout=abc",
                "timeout=" + long.MaxValue, "page=0", "page=-3", "page=" + Junk(random, 5), "q=" + new string('q', 300), "redirect=//evil",
                "code=" + Junk(random, 20) + "&state=" + Junk(random, 20), "state=" + Junk(random, 10), "error=access_denied&state=x",
                "key=" + Junk(random, 43), "url=" + Uri.EscapeDataString("https://nowhere.example/x.git"),
            ];
            var path = route.Fill(random, valid: false, test) + "?" + queries[random.Next(queries.Length)];
            return new MalformedRequest(route.Method, path, route.Admin ? TestGateway.AdminToken : test.MemberToken,
                route.Body is null ? null : "application/json", route.Body is null ? null : "{"u8.ToArray(), MayPass: false, "bad-query");
        }

        private static MalformedRequest BadPathValues(Random random, Route route, MalformedRequestTests test)
        {
            var path = route.Fill(random, valid: false, test);
            if (!path.Contains('{') && route.Parameters == 0)
                path = route.Fill(random, valid: false, test) + "/" + Uri.EscapeDataString(Junk(random, 8));
            return new MalformedRequest(route.Method, path, route.Admin ? TestGateway.AdminToken : test.MemberToken,
                route.Body is null ? null : "application/json", route.Body is null ? null : "{"u8.ToArray(), MayPass: false, "bad-path");
        }

        /// <summary>Printable ASCII only: what an HTTP header can carry.</summary>
        private static string AsciiJunk(Random random, int length) =>
            new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x21, 0x7f)).ToArray());

        private static string Junk(Random random, int length)
        {
            const string alphabet = "abcXYZ019-_.~!*'();:@&=+$,/?%#[] \t\"<>\\^`{|}éü☃\u0001";
            return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }

        /// <summary>A route of the API: template, method, JSON body fields, who may call it, whether it reads the query.
        /// Refused: a JSON body the route reads and refuses; Valid: one it takes. OnlyBadTokens: any well-authenticated call is a valid one
        /// (sign-out), so only bad tokens are tried.</summary>
        private sealed record Route(HttpMethod Method, string Template, string[]? Body = null, bool Admin = false, bool Anonymous = false,
            bool Query = false, bool OnlyBadTokens = false, string Refused = "", string Valid = "{}")
        {
            public int Parameters => Template.Count(c => c == '{');

            /// <summary>Fills {user}, {externalauth}, {id} with real values, or with values that name nothing.</summary>
            public string Fill(Random random, bool valid, MalformedRequestTests test)
            {
                var path = Template;
                path = path.Replace("{user}", valid ? "me" : Invalid(random, "user"));
                path = path.Replace("{externalauth}", valid ? "github" : Invalid(random, "provider"));
                path = path.Replace("{id}", Invalid(random, "id"));
                return path;
            }

            private static string Invalid(Random random, string what) => random.Next(5) switch
            {
                0 => Uri.EscapeDataString(Junk(random, random.Next(1, 40))),
                1 => "no-such-" + what + "-" + random.Next(1_000_000),
                2 => new string('z', random.Next(65, 300)),
                3 => "%2e%2e",
                _ => Uri.EscapeDataString("..\\" + Junk(random, 5)),
            };
        }

        private static readonly string[] ProviderFields =
        [
            "id", "type", "display_name", "display_icon", "client_id", "client_secret", "auth_url", "token_url", "validate_url", "revoke_url",
            "api_base_url", "device_flow", "device_code_url", "scopes", "regex", "pkce", "app_install_url", "app_installations_url", "consumer_key",
        ];

        private static readonly Route[] Routes =
        [
            new(HttpMethod.Get, "api/v2/users/{user}"),
            new(HttpMethod.Post, "api/v2/users", ["username", "role"], Admin: true, Refused: """{"username":"probe","role":"owner"}""",
                Valid: """{"username":"size-probe"}"""),
            new(HttpMethod.Put, "api/v2/users/{user}/roles", ["roles"], Admin: true, Refused: """{"roles":["owner"]}""",
                Valid: """{"roles":["member"]}"""),
            new(HttpMethod.Get, "api/v2/users/{user}/keys"),
            new(HttpMethod.Post, "api/v2/users/{user}/keys", ["token_name", "lifetime_seconds"], Refused: """{"lifetime_seconds":1}""",
                Valid: """{"token_name":"probe"}"""),
            new(HttpMethod.Delete, "api/v2/users/{user}/keys/{id}"),
            new(HttpMethod.Post, "api/v2/users/{user}/login-link", Admin: true),
            new(HttpMethod.Get, "api/v2/users/{user}/gitsshkey/private"),
            new(HttpMethod.Get, "api/v2/external-auth/{externalauth}"),
            new(HttpMethod.Delete, "api/v2/external-auth/{externalauth}"),
            new(HttpMethod.Get, "api/v2/external-auth/{externalauth}/device"),
            new(HttpMethod.Post, "api/v2/external-auth/{externalauth}/device", ["device_code"], Refused: """{"device_code":""}""",
                Valid: """{"device_code":"probe"}"""),
            new(HttpMethod.Put, "api/v2/external-auth/{externalauth}/token", ["token", "username"], Refused: """{"token":" "}""",
                Valid: """{"token":"probe-token","username":"probe"}"""),
            new(HttpMethod.Get, "api/v2/external-auth/{externalauth}/repositories", Query: true),
            new(HttpMethod.Get, "api/v2/external-auth/{externalauth}/ssh-key"),
            new(HttpMethod.Post, "api/v2/external-auth/{externalauth}/ssh-key"),
            new(HttpMethod.Get, "external-auth/{externalauth}/callback", Anonymous: true, Query: true),
            new(HttpMethod.Get, "login/{externalauth}", Anonymous: true, Query: true),
            new(HttpMethod.Get, "login/token", Anonymous: true, Query: true),
            new(HttpMethod.Post, "login/token", ["key"], Anonymous: true, Refused: """{"key":""}""", Valid: """{"key":"probe"}"""),
            new(HttpMethod.Post, "logout", OnlyBadTokens: true),
            new(HttpMethod.Post, "api/v2/sessions", ["key"], Anonymous: true, Refused: """{"key":""}""",
                Valid: """{"key":"probe"}"""),
            new(HttpMethod.Get, "api/v2/sessions/providers", Anonymous: true),
            new(HttpMethod.Get, "api/v2/git/credentials", Query: true),
            new(HttpMethod.Post, "api/v2/git/credentials/erase", ["url", "password"], Refused: """{"url":""}""",
                Valid: """{"url":"https://github.com/octo/hello.git","password":"probe"}"""),
            new(HttpMethod.Get, "api/v2/admin/external-auth", Admin: true),
            new(HttpMethod.Post, "api/v2/admin/external-auth", ProviderFields, Admin: true, Refused: """{"id":"Not Valid"}""",
                Valid: """{"id":"size-probe","type":"github","client_id":"probe"}"""),
            new(HttpMethod.Get, "api/v2/admin/external-auth/{id}", Admin: true),
            new(HttpMethod.Put, "api/v2/admin/external-auth/{id}", ProviderFields, Admin: true, Refused: """{"id":"other"}""",
                Valid: """{"type":"github","client_id":"probe"}"""),
            new(HttpMethod.Delete, "api/v2/admin/external-auth/{id}", Admin: true),
            new(HttpMethod.Put, "api/v2/admin/ssh", ["keygen_algorithm"], Admin: true, Refused: """{"keygen_algorithm":"dsa"}""",
                Valid: """{"keygen_algorithm":"ecdsa"}"""),
            new(HttpMethod.Get, "api/v2/admin/bitbucket-server/public-key", Admin: true),
        ];
    }
}
