using Orleans.Runtime;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Interfaces.Tests;

public sealed class GrainKeysTests
{
    [Fact]
    public void A_link_key_splits_back_into_user_and_provider()
    {
        var key = GrainKeys.Link(GrainKeys.NewUserId(), "demo-github");

        var (userId, providerId) = GrainKeys.ParseLink(key);
        Assert.Equal("demo-github", providerId);
        Assert.Equal(key, GrainKeys.Link(userId, providerId));
    }

    [Fact]
    public void Provider_account_ids_are_escaped_so_distinct_accounts_stay_distinct()
    {
        var key = GrainKeys.ExternalIdentity("bitbucket", "{4f7c1c2e-9a7b-4c1e-8d0e-1a2b3c4d5e6f}");

        Assert.DoesNotContain('+', key);
        Assert.NotEqual(GrainKeys.ExternalIdentity("bitbucket", "{a}"), GrainKeys.ExternalIdentity("bitbucket", "{b}"));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("alice.smith_2", true)]
    [InlineData(".alice", false)]
    [InlineData("alice smith", false)]
    public void Usernames_are_checked(string name, bool valid) => Assert.Equal(valid, GrainKeys.IsValidUsername(name));

    // Orleans' ADO.NET storage reads a key made of hex digits (before any '+') as a number and a 32-hex-digit key as
    // a GUID, so "abc" and "0abc" would share a stored row. Every key this service forms must stay a plain string.
    public static TheoryData<string> KeysFromHexLookingInput => new()
    {
        GrainKeys.Username("abc"),
        GrainKeys.Username("0abc"),
        GrainKeys.Username("deadbeefdeadbeefdeadbeefdeadbeef"),
        GrainKeys.ApiKey(new string('0', 60) + "abcd"),
        GrainKeys.ApiKey(Guid.NewGuid().ToString("N")),
        GrainKeys.ExternalIdentity("abc", "123"),
        GrainKeys.ExternalIdentity("abc", "12+34"),
        GrainKeys.Link(GrainKeys.NewUserId(), "abc"),
        GrainKeys.NewUserId(),
        GrainKeys.Catalog,
    };

    [Theory, MemberData(nameof(KeysFromHexLookingInput))]
    public void No_key_can_be_read_as_a_number_or_a_guid(string key)
    {
        var id = GrainId.Create("any", key);

        Assert.False(id.TryGetIntegerKey(out _, out _), $"'{key}' parses as an integer key");
        Assert.False(id.TryGetGuidKey(out _, out _), $"'{key}' parses as a GUID key");
    }
}
