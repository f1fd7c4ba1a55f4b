using Bock.Builder.Dockerfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Execution;

/// <summary>
/// A base image's ONBUILD triggers as steps of the stage built FROM it: each trigger is read by the Dockerfile front
/// end as if written right after that FROM (as Docker does), with the default shell and no ARG in scope yet.
/// ONBUILD, FROM and MAINTAINER are refused as triggers, as Docker refuses them.
/// </summary>
internal static class OnbuildTriggers
{
    private static readonly HashSet<string> NotTriggers = ["ONBUILD", "FROM", "MAINTAINER"];

    public static IReadOnlyList<BuildStep> Compile(IReadOnlyList<string> triggers, string image, SourceLocation from)
    {
        var steps = new List<BuildStep>();
        foreach (var trigger in triggers)
        {
            var text = trigger.TrimStart();
            var end = 0;
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            var keyword = text[..end].ToUpperInvariant();
            if (keyword.Length == 0 || NotTriggers.Contains(keyword))
                throw new BuildFailedException(from, $"{image}: {(keyword.Length == 0 ? "an empty" : keyword)} ONBUILD trigger is not allowed");
            try
            {
                var graph = DockerfileFrontEnd.Parse("FROM scratch\n" + text + "\n", $"{image} ONBUILD", new Dictionary<string, string>(), null);
                steps.AddRange(graph.Stages[^1].Steps);
            }
            catch (BuildSpecException e)
            {
                throw new BuildFailedException(from, $"{image}: ONBUILD {text}: {e.Message}");
            }
        }
        return steps;
    }
}
