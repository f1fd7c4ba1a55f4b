using System.Text;
using Bock.Cli.Stacks;

namespace Bock.Cli.Tests.Stacks;

public sealed class LogPrefixTests
{
    [Fact]
    public void The_prefix_is_the_name_without_its_project_padded_to_the_longest()
    {
        Assert.Equal("web-1", LogPrefix.ShortName("/shop-web-1", "shop"));
        Assert.Equal("other-web-1", LogPrefix.ShortName("other-web-1", "shop"));
        Assert.Equal("web-1     | ", LogPrefix.For("web-1", 9, 0, colour: false));
    }

    [Fact]
    public void Each_service_has_its_colour_on_a_terminal_and_the_text_is_the_same()
    {
        var first = LogPrefix.For("web-1", 8, 0, colour: true);
        var second = LogPrefix.For("worker-1", 8, 1, colour: true);
        Assert.Contains("\u001b[", first);
        Assert.NotEqual(first[..5], second[..5]);
        Assert.Equal("web-1    | ", Ansi.StripColours(first));
        Assert.Equal("worker-1 | ", Ansi.StripColours(second));
    }

    [Fact]
    public void Output_is_cut_into_whole_lines_each_with_its_prefix_even_when_chunks_split_lines()
    {
        var output = new StringWriter();
        var gate = new Lock();
        var web = new PrefixedLineStream(output, gate, "web-1    | ");
        var worker = new PrefixedLineStream(output, gate, "worker-1 | ");
        web.Write(Encoding.UTF8.GetBytes("GET / 2"));
        worker.Write(Encoding.UTF8.GetBytes("crash in 3s\ncrash"));
        web.Write(Encoding.UTF8.GetBytes("00\r\nGET /health 200\n"));
        worker.Write(Encoding.UTF8.GetBytes("ing now"));
        worker.End();
        web.End();
        Assert.Equal(
            "worker-1 | crash in 3s\nweb-1    | GET / 200\nweb-1    | GET /health 200\nworker-1 | crashing now\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_multibyte_character_split_between_chunks_arrives_whole()
    {
        var output = new StringWriter();
        var stream = new PrefixedLineStream(output, new Lock(), "a | ");
        var bytes = Encoding.UTF8.GetBytes("✔ ok\n");
        stream.Write(bytes.AsSpan(0, 2));
        stream.Write(bytes.AsSpan(2));
        Assert.Equal("a | ✔ ok\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
