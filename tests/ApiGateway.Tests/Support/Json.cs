using System.Text;
using System.Text.Json.Nodes;

namespace GitIntegration.ApiGateway.Tests.Support;

public static class Json
{
    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON body");
    }

    /// <summary>The object's property names, sorted, to compare with the contract's exact field names.</summary>
    public static string[] Fields(JsonNode? node) => node!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    public static string[] Sorted(params string[] names) => names.Order(StringComparer.Ordinal).ToArray();

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The JSON object with one member set to <paramref name="rawValue"/> (JSON text). Spliced in by hand, since a
    /// serializer would escape non-ASCII characters and so send a huge value at up to three times its size.</summary>
    public static string WithMember(string json, string name, string rawValue)
    {
        var others = JsonNode.Parse(json)!.AsObject();
        others.Remove(name);
        return $"{{\"{name}\":{rawValue}" + (others.Count == 0 ? "}" : "," + others.ToJsonString()[1..]);
    }

    /// <summary>Asserts the status and that the body is Coder's error shape {message, detail?, validations?} (detail and
    /// validations left out when empty, as codersdk.Response's omitempty); returns it.</summary>
    public static async Task<JsonNode> AssertErrorAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(text)!;
        Assert.Subset(Sorted("detail", "message", "validations").ToHashSet(), Fields(error).ToHashSet());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        if (error["detail"] is { } detail)
            Assert.False(string.IsNullOrEmpty(detail.GetValue<string>()), "an empty detail is left out");
        if (error["validations"] is { } validations)
            Assert.NotEmpty(validations.AsArray());
        return error;
    }
}
