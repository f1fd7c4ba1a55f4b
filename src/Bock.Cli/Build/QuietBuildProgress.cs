using System.Text;
using Bock.Api.Dtos;

namespace Bock.Cli.Build;

/// <summary><c>-q</c>: nothing while it builds; the output is kept and shown only if the build fails, as docker does.</summary>
internal sealed class QuietBuildProgress(TextWriter error) : IBuildProgress
{
    private readonly StringBuilder _kept = new();

    public void Stream(string text) => _kept.Append(text.EndsWith('\n') ? text : text + "\n");

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
        error.Write(_kept.ToString());
        error.Flush();
    }

    public void Dispose()
    {
    }
}
