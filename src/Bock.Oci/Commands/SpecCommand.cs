using Bock.Kernel.Spec;
using Bock.Oci.Cli;
using Bock.Oci.Runtime;

namespace Bock.Oci.Commands;

public sealed class SpecCommand : ICommand
{
    public string Name => "spec";
    public string Summary => "write a default config.json for a bundle";
    public string Usage => """
        Usage: bock-oci spec [--bundle DIR]

          -b, --bundle DIR   where to write config.json; default: the current directory
        """;

    public int Run(GlobalOptions global, IReadOnlyList<string> args)
    {
        var reader = new ArgReader().Value("bundle", "b").Flag("rootless").Parse(args, Name);
        if (reader.Has("rootless"))
            throw new OciException("spec: rootless containers are not supported yet");
        var path = Path.Combine(reader.Get("bundle") ?? Directory.GetCurrentDirectory(), "config.json");
        if (File.Exists(path))
            throw new OciException($"{path} exists already: remove it first");
        File.WriteAllText(path, SpecLoader.Serialize(DefaultSpec.Create()) + "\n");
        return 0;
    }
}
