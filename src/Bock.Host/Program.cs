using Bock.Actors.Kernel;

namespace Bock.Host;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        GcBudget.EnsureCapped(args);
        DaemonOptions options;
        try
        {
            options = DaemonOptions.Parse(args);
            options.Validate();
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"bockd: {e.Message}\n\n{DaemonOptions.Usage}");
            return 2;
        }
        if (options.Help)
        {
            await Console.Out.WriteLineAsync(DaemonOptions.Usage);
            return 0;
        }
        string bockOci;
        try
        {
            bockOci = options.FindBockOci();
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"bockd: {e.Message}");
            return 1;
        }
        var runtime = new ShimContainerRuntime(DaemonHost.ShimRuntimeOptions(options, bockOci));
        await using var app = DaemonHost.Build(options, runtime);
        await app.RunAsync();
        return 0;
    }
}
