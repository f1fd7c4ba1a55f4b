using System.Collections;
using Bock.Kernel.Native;

namespace Bock.Host;

/// <summary>
/// Caps the GC's gen0 budget. The GC sizes it from the L3 cache, and virtual machines report hundreds of MiB (260 MiB
/// on our CI machine): bockd would hardly ever collect, and its resident memory would grow with every request by the
/// garbage of it (measured: ~600 KiB per container started). The knob, <c>DOTNET_GCgen0size</c>, is read only from the
/// environment when the runtime starts (runtimeconfig.json has no name for it), so bockd re-executes itself once with
/// it set. An operator's own value is kept.
/// </summary>
internal static class GcBudget
{
    public const string Variable = "DOTNET_GCgen0size";

    /// <summary>1 MiB (hex, as the runtime parses it): a gen0 collection of a daemon's short-lived garbage is cheap.</summary>
    public const string Gen0Size = "0x100000";

    /// <summary>Returns only when the budget is already set, or when the re-exec failed (bockd then runs uncapped).</summary>
    public static void EnsureCapped(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.ProcessPath is not { } process)
            return;
        List<string> argv = [process];
        // Run as `dotnet bockd.dll`: the host needs the assembly again.
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            argv.Add(typeof(GcBudget).Assembly.Location);
        argv.AddRange(args);
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{Variable}={Gen0Size}")
            .ToList();
        var errno = Unistd.Execve(process, argv, environment);
        Console.Error.WriteLine($"bockd: cannot re-execute with {Variable} set ({new KernelException("execve", errno).Message}): the GC budget stays uncapped");
    }
}
