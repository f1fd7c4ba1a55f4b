using Bock.Api.Dtos;

namespace Bock.Cli.Build;

/// <summary><c>--progress plain</c>: the daemon's lines as they come; the structured events repeat them, so they are skipped.</summary>
internal sealed class PlainBuildProgress(TextWriter output) : IBuildProgress
{
    public void Stream(string text)
    {
        output.Write(text.EndsWith('\n') ? text : text + "\n");
        output.Flush();
    }

    public void Step(BuildStepAux step)
    {
    }

    public void Log(BuildLogAux log)
    {
    }

    public void Complete(string? imageId)
    {
    }

    public void Fail(string message)
    {
    }

    public void Dispose()
    {
    }
}
