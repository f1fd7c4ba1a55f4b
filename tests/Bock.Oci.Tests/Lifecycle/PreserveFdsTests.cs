using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Lifecycle;

/// <summary><c>--preserve-fds N</c> passes fds 3..3+N-1 to the container, and nothing above them.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class PreserveFdsTests
{
    [Fact]
    public async Task Preserved_fds_reach_the_container_and_others_do_not()
    {
        await using var bundle = new TestBundle(["sh", "-c", "cat <&3; ls /proc/self/fd | tr '\\n' ' '"]);
        bundle.Write();
        var secret = Path.Combine(bundle.Directory, "passed.txt");
        File.WriteAllText(secret, "through-fd-3\n");
        // fd 3 is preserved; fd 4 is also open in the runtime but must not reach the container.
        var result = await Shell.RunAsync("/bin/sh", ["-c",
            $"exec 3<{secret} 4<{secret}; exec {OciBinary.Path} --root {bundle.StateRoot} run --preserve-fds 1 --bundle {bundle.Directory} {bundle.Id}"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("through-fd-3", lines[0]);
        // 0-2, the preserved 3, and 4 = the directory ls reads: the runtime's own fd 4 would be a fifth.
        Assert.Equal(["0", "1", "2", "3", "4"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
