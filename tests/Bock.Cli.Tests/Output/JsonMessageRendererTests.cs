using System.Text;
using Bock.Cli.Output;

namespace Bock.Cli.Tests.Output;

public sealed class JsonMessageRendererTests
{
    private const string Pull = """
        {"status":"Pulling from library/busybox","id":"latest"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"aaaaaaaaaaaa"}
        {"status":"Downloading","progressDetail":{"current":10,"total":100},"progress":"[=>   ]","id":"aaaaaaaaaaaa"}
        {"status":"Download complete","progressDetail":{},"id":"aaaaaaaaaaaa"}
        {"status":"Pull complete","progressDetail":{},"id":"aaaaaaaaaaaa"}
        {"status":"Digest: sha256:1234"}
        """;

    private static string Render(string stream, bool terminal)
    {
        var output = new StringWriter();
        new JsonMessageRenderer(output, terminal).RenderAsync(new MemoryStream(Encoding.UTF8.GetBytes(stream))).GetAwaiter().GetResult();
        return output.ToString();
    }

    [Fact]
    public void Plain_output_has_one_line_per_step_and_no_byte_counts()
    {
        var lines = Render(Pull, terminal: false).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([
            "latest: Pulling from library/busybox",
            "aaaaaaaaaaaa: Pulling fs layer",
            "aaaaaaaaaaaa: Download complete",
            "aaaaaaaaaaaa: Pull complete",
            "Digest: sha256:1234",
        ], lines);
    }

    [Fact]
    public void A_terminal_gets_the_bar_rewritten_in_place()
    {
        var text = Render(Pull, terminal: true);
        Assert.Contains("aaaaaaaaaaaa: Downloading [=>   ]", text);
        Assert.Contains("\u001b[1A", text); // the layer's line is rewritten, not appended
    }

    [Fact]
    public void An_error_in_the_stream_ends_it_with_the_daemons_message()
    {
        var error = Assert.Throws<JsonMessageException>(() => Render("""
            {"status":"Pulling fs layer","id":"a"}
            {"errorDetail":{"message":"registry 127.0.0.1:1: connection refused"},"error":"registry 127.0.0.1:1: connection refused"}
            """, terminal: false));
        Assert.Equal("registry 127.0.0.1:1: connection refused", error.Message);
    }
}
