using GitIntegration.Actors;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Interfaces.Tests;

public sealed class GrainKeysTests
{
    [Theory]
    [InlineData("github", true)]
    [InlineData("demo-github", true)]
    [InlineData("ghe-2", true)]
    [InlineData("GitHub", false)]
    [InlineData("-github", false)]
    [InlineData("git--hub", false)]
    [InlineData("git hub", false)]
    [InlineData("", false)]
    public void Provider_ids_follow_coders_name_rule(string id, bool valid) => Assert.Equal(valid, GrainKeys.IsValidProviderId(id));

    [Fact]
    public void A_link_key_splits_back_into_user_and_provider_and_is_a_valid_grain_key()
    {
        var key = GrainKeys.Link(GrainKeys.NewUserId(), "demo-github");

        GrainKeyRules.Validate(key);
        var (userId, providerId) = GrainKeys.ParseLink(key);
        Assert.Equal("demo-github", providerId);
        Assert.Equal(key, GrainKeys.Link(userId, providerId));
    }

    [Fact]
    public void Provider_account_ids_outside_the_key_alphabet_are_escaped_into_it()
    {
        var key = GrainKeys.ExternalIdentity("bitbucket", "{4f7c1c2e-9a7b-4c1e-8d0e-1a2b3c4d5e6f}");

        GrainKeyRules.Validate(key);
        Assert.NotEqual(GrainKeys.ExternalIdentity("bitbucket", "{a}"), GrainKeys.ExternalIdentity("bitbucket", "{b}"));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("alice.smith_2", true)]
    [InlineData(".alice", false)]
    [InlineData("alice smith", false)]
    public void Usernames_are_checked(string name, bool valid) => Assert.Equal(valid, GrainKeys.IsValidUsername(name));
}
