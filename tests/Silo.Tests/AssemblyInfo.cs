// Each test runs a whole cluster of processes; two at once would starve each other on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
