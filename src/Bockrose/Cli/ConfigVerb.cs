using Bockrose.Compose;
using Bockrose.Compose.Output;

namespace Bockrose.Cli;

/// <summary>
/// <c>bockrose config</c>: load the project and print it resolved, or with <c>--services</c> only the enabled
/// service names, or with <c>--quiet</c> nothing (validation only). Warnings and errors go to standard error;
/// nothing is created. The command-line front end parses flags into <see cref="LoadOptions"/> and calls this.
/// </summary>
public static class ConfigVerb
{
    public static int Run(LoadOptions options, bool servicesOnly, bool quiet, TextWriter output, TextWriter errors)
    {
        LoadedProject loaded;
        try
        {
            loaded = ComposeLoader.Load(options);
        }
        catch (ComposeException e)
        {
            errors.WriteLine(e.Message);
            return 1;
        }
        foreach (var warning in loaded.Warnings) errors.WriteLine($"WARN {warning}");
        if (quiet) return 0;
        if (servicesOnly)
            foreach (var name in loaded.Project.Services.Keys) output.WriteLine(name);
        else
            output.Write(ConfigRenderer.Render(loaded.Project));
        return 0;
    }
}
