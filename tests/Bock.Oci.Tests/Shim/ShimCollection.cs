namespace Bock.Oci.Tests.Shim;

/// <summary>
/// The shim tests run on their own, after the parallel ones: each starts several detached processes, and that extra
/// load widened two races elsewhere (the shared /bock-test cgroup parent being removed by one test's cleanup while
/// another creates a child in it; SignalForwardingTests signalling before `run` has its handlers in place).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ShimCollection
{
    public const string Name = "shim";
}
