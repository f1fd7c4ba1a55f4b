using System.Text;
using Bock.Api.Dtos;
using Bock.Cli.Stacks;

namespace Bock.Cli.Tests.Stacks;

public sealed class ProgressRenderingTests
{
    private static MemoryStream Lines(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    private static string Line(string resource, string name, string status) =>
        $$$"""{"id":"bock.stack","aux":{"Resource":"{{{resource}}}","Name":"{{{name}}}","Status":"{{{status}}}"}}""";

    [Fact]
    public async Task Without_a_terminal_each_change_is_one_plain_line()
    {
        var output = new StringWriter();
        var code = await new StackProgressRenderer(output, terminal: false).RenderAsync(Lines(
            Line("network", "p_default", "Creating"), Line("network", "p_default", "Created"),
            Line("container", "p-web-1", "Creating"), """{"status":"Downloading","progressDetail":{"current":1,"total":2}}""",
            Line("container", "p-web-1", "Started")), TextWriter.Null, CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Equal(" Network p_default  Creating\n Network p_default  Created\n Container p-web-1  Creating\n Container p-web-1  Started\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task On_a_terminal_lines_are_rewritten_in_place_with_compose_marks_and_times()
    {
        var output = new StringWriter();
        var now = TimeSpan.Zero;
        var renderer = new StackProgressRenderer(output, terminal: true, "Running", () => now);
        renderer.Render(new StackProgress { Resource = "network", Name = "p_default", Status = "Creating" });
        now = TimeSpan.FromMilliseconds(100);
        renderer.Render(new StackProgress { Resource = "network", Name = "p_default", Status = "Created" });
        renderer.Render(new StackProgress { Resource = "container", Name = "p-web-1", Status = "Starting" });
        now = TimeSpan.FromMilliseconds(500);
        renderer.Render(new StackProgress { Resource = "container", Name = "p-web-1", Status = "Started" });
        renderer.Finish();
        var screen = Ansi.Screen(output.ToString());
        Assert.Equal(3, screen.Count);
        Assert.Equal("[+] Running 2/2", screen[0]);
        Assert.Matches(@"^ ✔ Network p_default  Created\s+0\.1s$", screen[1]);
        Assert.Matches(@"^ ✔ Container p-web-1  Started\s+0\.4s$", screen[2]);
    }

    [Fact]
    public async Task A_step_in_progress_shows_a_spinner_and_an_error_a_cross()
    {
        var output = new StringWriter();
        var renderer = new StackProgressRenderer(output, terminal: true, "Running", () => TimeSpan.Zero);
        renderer.Render(new StackProgress { Resource = "container", Name = "p-db-1", Status = "Waiting" });
        renderer.Render(new StackProgress { Resource = "container", Name = "p-web-1", Status = "Error", Message = "exec failed" });
        var screen = Ansi.Screen(output.ToString());
        Assert.Equal("[+] Running 1/2", screen[0]);
        Assert.DoesNotContain("✔", screen[1]);
        Assert.Contains("Container p-db-1", screen[1]);
        Assert.StartsWith(" ✘ Container p-web-1  Error   exec failed", screen[2]);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_last_error_line_is_printed_and_makes_the_exit_code_1()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await new StackProgressRenderer(output, terminal: false).RenderAsync(Lines(
            Line("container", "p-web-1", "Creating"),
            """{"errorDetail":{"message":"pull access denied for nope"},"error":"pull access denied for nope"}"""), errors, CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Equal("pull access denied for nope", errors.ToString().Trim());
    }

    [Fact]
    public void A_step_about_a_service_alone_is_shown_by_its_name_as_compose_pull_does()
    {
        var output = new StringWriter();
        var renderer = new StackProgressRenderer(output, terminal: false);
        renderer.Render(new StackProgress { Resource = "", Name = "web", Status = "Pulled" });
        Assert.Equal(" web  Pulled\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
