using Bockrose.Cli;
using Bockrose.Compose;

namespace Bockrose.Tests;

public sealed class ConfigVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-config").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(bool services = false, bool quiet = false)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = ConfigVerb.Run(new LoadOptions { WorkingDirectory = _dir, ProjectName = "p" }, services, quiet, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public void Prints_the_model_and_warnings_apart()
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), "services:\n  b: {image: \"x:${T}\"}\n  a: {image: y}\n");
        var (code, output, errors) = Run();
        Assert.Equal(0, code);
        Assert.StartsWith("name: p\nnetworks:\n  default:\n    name: p_default\nservices:\n  a:\n", output);
        Assert.Equal("WARN The \"T\" variable is not set. Defaulting to a blank string.\n", errors.ReplaceLineEndings("\n"));
        Assert.Equal("a\nb\n", Run(services: true).Out.ReplaceLineEndings("\n"));
        Assert.Equal("", Run(quiet: true).Out);
    }

    [Fact]
    public void Errors_exit_non_zero_with_nothing_on_standard_output()
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), "services:\n  a: {image: y, depends_on: [a]}\n");
        var (code, output, errors) = Run();
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("compose.yaml:2:30: dependency cycle: a -> a\n", errors.ReplaceLineEndings("\n"));
    }
}
