using System.Reflection;
using System.Text.Json;
using GitIntegration.Actors;
using GitIntegration.Actors.Runtime;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Interfaces.Tests;

/// <summary>
/// Grain calls cross processes as JSON (System.Text.Json, web defaults) in a cluster, so every grain interface
/// must be callable through the runtime and every record it exchanges must survive a round trip unchanged.
/// </summary>
public sealed class WireContractTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<Type> GrainInterfaces => new(typeof(IGitLinkGrain).Assembly.GetTypes()
        .Where(t => t.IsInterface && typeof(IGrainWithStringKey).IsAssignableFrom(t)));

    [Theory, MemberData(nameof(GrainInterfaces))]
    public void Every_grain_interface_is_accepted_by_the_runtime_with_a_pinned_type_name(Type grainInterface)
    {
        var info = new GrainTypeRegistry().GetInterface(grainInterface);

        Assert.NotNull(grainInterface.GetCustomAttribute<GrainTypeAttribute>());
        Assert.NotEmpty(info.Methods);
    }

    [Fact]
    public void Records_exchanged_with_grains_survive_a_json_round_trip()
    {
        var account = new ExternalAccount("42", "octo", "Octo Cat", "octo@example.test", "https://a/1.png", "https://p/octo");
        var status = new LinkStatus("github", true, LinkMethod.WebFlow, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1),
            true, DateTimeOffset.UnixEpoch.AddHours(8), true, null, false, null, account);
        RoundTrips(status);
        RoundTrips(new LinkDetails(status, true, "https://install", [new AppInstallation(7, account, "https://configure")]));
        RoundTrips(new TokenResult(TokenOutcome.TemporarilyUnavailable, null, null, null, null, new Dictionary<string, string> { ["a"] = "b" }, "down", TimeSpan.FromSeconds(30)));
        RoundTrips(new WebFlowCallback("state", "code", null, null, new Dictionary<string, string> { ["oauth_verifier"] = "v" }));
        RoundTrips(new ImportedTokens("t", "r", DateTimeOffset.UnixEpoch, "repo", account, LinkMethod.SignIn));
        RoundTrips(new ProviderDefinition { Id = "github", Type = "github", DeviceFlow = true, Scopes = "repo" });
        RoundTrips(new ApiKeyRecord("k1", "u1", "laptop", DateTimeOffset.UnixEpoch, null, false));
    }

    private static void RoundTrips<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, Json);
        var back = JsonSerializer.Deserialize<T>(json, Json);
        Assert.Equal(json, JsonSerializer.Serialize(back, Json));
    }
}
