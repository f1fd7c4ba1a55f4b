using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// Whether a <c>from</c> names a stage or an image. A name of a stage is that stage (as in a Dockerfile). Anything
/// else with a tag, digest, registry or path (<c>:</c> <c>@</c> <c>/</c> <c>.</c>) is an image. A bare word is an image
/// only as a stage's base (<c>from: debian</c>); as a copy or mount source it must be a stage, so a misspelt stage name
/// is an error there rather than a pull of a non-existent image. A bare word one or two edits from a stage name is an
/// error everywhere.
/// </summary>
internal static class StageReference
{
    public static bool IsStage(string reference, SpecNode at, IReadOnlyCollection<string> stages, bool bareWordIsImage)
    {
        if (stages.Contains(reference)) return true;
        if (reference.Length == 0) throw at.Error("an image or stage name is needed, found an empty value");
        if (reference.IndexOfAny([':', '@', '/', '.']) >= 0) return false;
        if (NearestName.Find(reference, stages) is { } near)
            throw at.Error($"unknown stage '{reference}'; did you mean '{near}'? (an image of that name is written with a tag: '{reference}:latest')");
        return bareWordIsImage
            ? false
            : throw at.Error($"unknown stage '{reference}' (stages: {string.Join(", ", stages)}; an image is written with a tag: '{reference}:latest')");
    }
}
