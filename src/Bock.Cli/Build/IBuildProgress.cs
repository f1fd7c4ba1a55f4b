using Bock.Api.Dtos;

namespace Bock.Cli.Build;

/// <summary>Shows a build's progress stream as it comes (on stderr): plain lines, a live terminal view, or nothing (-q).</summary>
internal interface IBuildProgress : IDisposable
{
    /// <summary>A <c>{"stream":…}</c> text: BuildKit-like plain lines (<c>#3 [busybox 2/6] RUN …</c>).</summary>
    void Stream(string text);

    void Step(BuildStepAux step);

    void Log(BuildLogAux log);

    /// <summary>The build ended well; <paramref name="imageId"/> if the daemon named one.</summary>
    void Complete(string? imageId);

    /// <summary>The build failed (or was cancelled) with <paramref name="message"/>: the view is finished, the caller prints the error.</summary>
    void Fail(string message);
}
