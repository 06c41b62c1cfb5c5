namespace GitIntegration.Actors.Tests;

public sealed class PartitionHashTests
{
    [Fact]
    public void The_partition_of_a_grain_is_pinned_across_processes_and_releases()
    {
        // These values must never change: they decide which silo owns which stored grain.
        Assert.Equal(PartitionHash.PartitionOf("gitlink", "u1/github"), new GrainId("gitlink", "u1/github").Partition);
        Assert.Equal(Pinned.GitLink, PartitionHash.PartitionOf("gitlink", "u1/github"));
        Assert.Equal(Pinned.User, PartitionHash.PartitionOf("user", "u1"));
    }

    [Fact]
    public void Keys_spread_evenly_over_the_partitions()
    {
        var counts = new int[PartitionHash.PartitionCount];
        for (var i = 0; i < 102_400; i++)
            counts[PartitionHash.PartitionOf("gitlink", $"user-{i}/github")]++;

        Assert.All(counts, c => Assert.InRange(c, 50, 160)); // expected 100 each
    }

    [Fact]
    public void The_type_is_part_of_the_hash()
    {
        var differ = Enumerable.Range(0, 100).Count(i => PartitionHash.PartitionOf("a", $"k{i}") != PartitionHash.PartitionOf("b", $"k{i}"));
        Assert.True(differ > 90);
    }

    private static class Pinned
    {
        public const int GitLink = 349;
        public const int User = 915;
    }
}
