using System.Reflection;
using GitIntegration.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GitIntegration.Grains.Interfaces.Tests;

/// <summary>
/// Grain calls cross processes through Orleans' serializer (gateway mode, other services): every interface and
/// method carries a stable alias, and every record and exception a grain exchanges survives a round trip with its
/// type and contents, built the way the grains build them.
/// </summary>
public sealed class WireContractTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public static TheoryData<Type> GrainInterfaces => new(typeof(IGitLinkGrain).Assembly.GetTypes()
        .Where(t => t.IsInterface && typeof(IGrainWithStringKey).IsAssignableFrom(t)));

    [Theory, MemberData(nameof(GrainInterfaces))]
    public void Every_grain_interface_and_method_has_a_stable_alias(Type grainInterface)
    {
        Assert.NotNull(grainInterface.GetCustomAttribute<AliasAttribute>());
        Assert.All(grainInterface.GetMethods(), m => Assert.NotNull(m.GetCustomAttribute<AliasAttribute>()));
    }

    [Fact]
    public void Records_exchanged_with_grains_survive_a_round_trip()
    {
        var account = new ExternalAccount("42", "octo", "Octo Cat", "octo@example.test", "https://a/1.png", "https://p/octo");
        var status = new LinkStatus("github", true, LinkMethod.WebFlow, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1),
            true, DateTimeOffset.UnixEpoch.AddHours(8), true, null, false, null, account);
        RoundTrips(status);
        RoundTrips(new LinkDetails(status, true, "https://install", [new AppInstallation(7, account, "https://configure")]));
        RoundTrips(new TokenResult(TokenOutcome.TemporarilyUnavailable, null, null, null, null, new Dictionary<string, string> { ["a"] = "b" }, "down", TimeSpan.FromSeconds(30)));
        RoundTrips(new WebFlowCallback("state", "code", null, null, new Dictionary<string, string> { ["oauth_verifier"] = "v" }));
        RoundTrips(new ImportedTokens("t", "r", DateTimeOffset.UnixEpoch, "repo", account, LinkMethod.SignIn));
        RoundTrips(new ProviderCatalog(3, [new ProviderDefinition { Id = "github", Type = "github", DeviceFlow = true, Scopes = "repo" }], "ed25519"));
        RoundTrips(new UserProfile("u1", "alice", Roles.Member, DateTimeOffset.UnixEpoch, [.. new[] { "github" }]));
        RoundTrips(new ApiKeyRecord("k1", "u1", "laptop", DateTimeOffset.UnixEpoch, null, false));
        RoundTrips(new[] { new RepositoryInfo("o/r", "https://h/o/r", "https://h/o/r.git", "git@h:o/r.git", true, "main") });
    }

    [Fact]
    public void Exceptions_keep_their_type_and_message()
    {
        Exception[] errors =
        [
            new InvalidRequestException("username: too long"), new OAuthFlowException("state"), new ProviderFeatureException("no device flow"),
            new InvalidTokenException("bad token"), new NotFoundException("no link"), new ConflictException("taken"),
            new ProviderUnavailableException("down"),
        ];
        foreach (var error in errors)
        {
            var back = Serializer.Deserialize<Exception>(Serializer.SerializeToArray<Exception>(error));
            Assert.IsType(error.GetType(), back);
            Assert.Equal(error.Message, back.Message);
        }
    }

    private static void RoundTrips<T>(T value)
    {
        var back = Serializer.Deserialize<T>(Serializer.SerializeToArray(value));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Json.JsonSerializer.Serialize(back));
    }
}
