using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>
/// A Go struct of Coder's SDK as the JSON encoding/json makes of it: each field and the JSON kinds its Go type can
/// produce (string → string, bool → true/false, int/int64 → number, pointer/map/slice → also null).
/// </summary>
public sealed record CoderType(string Name, IReadOnlyDictionary<string, JsonValueKind[]> Fields)
{
    /// <summary>
    /// Field by field: every field of the Go type is there with a kind the Go type produces, so Coder's typed
    /// clients decode the answer; any other field must be one of this service's documented additions (Go ignores it).
    /// </summary>
    public void AssertMatches(JsonNode? node, params string[] additions)
    {
        Assert.NotNull(node);
        var json = JsonSerializer.SerializeToElement(node);
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        foreach (var (field, kinds) in Fields)
        {
            Assert.True(json.TryGetProperty(field, out var value), $"{Name}.{field} is missing from {node.ToJsonString()}");
            Assert.True(kinds.Contains(value.ValueKind), $"{Name}.{field} is {value.ValueKind}; Coder's type makes {string.Join(" or ", kinds)}");
            if (kinds.SequenceEqual(CoderTypes.Int64))
                Assert.True(value.TryGetInt64(out _), $"{Name}.{field} = {value} does not fit Go's int64");
        }
        var extra = json.EnumerateObject().Select(p => p.Name).Where(n => !Fields.ContainsKey(n)).Order().ToArray();
        Assert.Equal(additions.Order().ToArray(), extra);
    }
}

/// <summary>The types of Coder's SDK this service's answers must decode into (codersdk, agentsdk; newest fields).</summary>
public static class CoderTypes
{
    private static readonly JsonValueKind[] String = [JsonValueKind.String];
    private static readonly JsonValueKind[] Bool = [JsonValueKind.True, JsonValueKind.False];
    internal static readonly JsonValueKind[] Int64 = [JsonValueKind.Number];
    private static readonly JsonValueKind[] Time = [JsonValueKind.String];
    private static readonly JsonValueKind[] Map = [JsonValueKind.Object, JsonValueKind.Null];
    private static readonly JsonValueKind[] Pointer = [JsonValueKind.Object, JsonValueKind.Null];
    private static readonly JsonValueKind[] Slice = [JsonValueKind.Array, JsonValueKind.Null];

    /// <summary>agentsdk.ExternalAuthResponse.</summary>
    public static readonly CoderType AgentExternalAuthResponse = new("agentsdk.ExternalAuthResponse", new Dictionary<string, JsonValueKind[]>
    {
        ["access_token"] = String, ["token_extra"] = Map, ["url"] = String, ["type"] = String, ["username"] = String, ["password"] = String,
    });

    /// <summary>codersdk.ExternalAuth.</summary>
    public static readonly CoderType ExternalAuth = new("codersdk.ExternalAuth", new Dictionary<string, JsonValueKind[]>
    {
        ["authenticated"] = Bool, ["device"] = Bool, ["display_name"] = String, ["supports_revocation"] = Bool, ["user"] = Pointer,
        ["app_installable"] = Bool, ["installations"] = Slice, ["app_install_url"] = String,
    });

    /// <summary>codersdk.ExternalAuthUser.</summary>
    public static readonly CoderType ExternalAuthUser = new("codersdk.ExternalAuthUser", new Dictionary<string, JsonValueKind[]>
    {
        ["id"] = Int64, ["login"] = String, ["avatar_url"] = String, ["profile_url"] = String, ["name"] = String,
    });

    /// <summary>codersdk.ExternalAuthLinkProvider.</summary>
    public static readonly CoderType ExternalAuthLinkProvider = new("codersdk.ExternalAuthLinkProvider", new Dictionary<string, JsonValueKind[]>
    {
        ["id"] = String, ["type"] = String, ["device"] = Bool, ["display_name"] = String, ["display_icon"] = String, ["allow_refresh"] = Bool,
        ["allow_validate"] = Bool, ["supports_revocation"] = Bool, ["code_challenge_methods_supported"] = Slice,
    });

    /// <summary>codersdk.ExternalAuthLink.</summary>
    public static readonly CoderType ExternalAuthLink = new("codersdk.ExternalAuthLink", new Dictionary<string, JsonValueKind[]>
    {
        ["provider_id"] = String, ["created_at"] = Time, ["updated_at"] = Time, ["has_refresh_token"] = Bool, ["expires"] = Time,
        ["authenticated"] = Bool, ["validate_error"] = String,
    });

    /// <summary>codersdk.Response, Coder's error body: detail and validations are omitempty.</summary>
    public static readonly CoderType Response = new("codersdk.Response", new Dictionary<string, JsonValueKind[]>
    {
        ["message"] = String,
    });
}
