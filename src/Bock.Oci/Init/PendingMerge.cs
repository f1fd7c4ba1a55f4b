// TEMPORARY: stands in for the procsec branch until it is merged. Deleted at merge.
namespace Bock.Kernel.Hooks
{
    public sealed class HookException(string m) : Exception(m);
    public static class HookRunner
    {
        public static void RunAll(IReadOnlyList<Bock.Kernel.Spec.HookSpec>? hooks, Bock.Kernel.Spec.ContainerState state, string stage)
        {
            if (hooks is { Count: > 0 }) throw new HookException("hooks pending merge");
        }
    }
}
namespace Bock.Kernel.Terminal
{
    public static class ConsoleSocket
    {
        public static void SendMaster(string socketPath, int fd) => throw new NotSupportedException();
    }
}
