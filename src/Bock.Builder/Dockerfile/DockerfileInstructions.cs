using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>The instruction keywords the Dockerfile front end knows, and the error for one it does not.</summary>
internal static class DockerfileInstructions
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG",
        "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    };

    public static BuildSpecException Unknown(RawInstruction instruction) => instruction.Keyword == "MAINTAINER"
        // Deprecated since Docker 1.13; it sets the config's Author field, which the build graph does not carry.
        ? new BuildSpecException(instruction.Location, "MAINTAINER is deprecated and not supported: use LABEL maintainer=\"…\"")
        : new BuildSpecException(instruction.Location, $"unknown instruction: {instruction.Keyword}");
}
