// One container workload at a time: the leftover checks look at the whole host (mounts, cgroups).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
