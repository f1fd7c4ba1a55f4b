namespace Bock.Cli.Tests.Build;

public sealed class BockRuntimeTests
{
    private static (int Code, string Out, string Error) Run(string program, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = BockCli.RunAsync(program, args, stdout, stderr, CancellationToken.None).GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("/usr/local/bin/bock-runtime", "bock-runtime")]
    [InlineData("bock-runtime", "bock-runtime")]
    [InlineData("/usr/local/bin/bock", "bock")]
    [InlineData(null, "bock")]
    [InlineData("bock-runtime-old", "bock")]
    public void Argv0_picks_the_program(string? argv0, string program) => Assert.Equal(program, BockCli.ProgramFor(argv0));

    [Fact]
    public void Bock_runtime_offers_build_and_the_image_commands_only()
    {
        var (code, help, _) = Run("bock-runtime", "--help");
        Assert.Equal(0, code);
        var commands = help.Split('\n').SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Trim().Split(' ')[0]);
        Assert.Equal(["build", "images", "push", "tag", "rmi", "inspect"], commands);
        var (runCode, _, error) = Run("bock-runtime", "run", "busybox");
        Assert.Equal(125, runCode);
        Assert.Contains("'run' is not a bock-runtime command", error);
        Assert.Equal(125, Run("bock-runtime", "image", "ls").Code); // no management groups
    }

    [Fact]
    public void Build_is_in_bock_and_bock_image_too()
    {
        Assert.Contains("\n  build ", Run("bock", "--help").Out);
        Assert.Contains("\n  build ", Run("bock", "image", "--help").Out);
        var (code, help, _) = Run("bock", "image", "build", "--help");
        Assert.Equal(0, code);
        Assert.StartsWith("Usage:  bock image build [OPTIONS] PATH | -", help);
    }

    [Fact]
    public void A_build_without_a_context_is_a_usage_error()
    {
        var (code, _, error) = Run("bock-runtime", "build");
        Assert.Equal(125, code);
        Assert.Contains("\"bock-runtime build\" requires exactly 1 argument.", error);
    }
}
