using System.Text.Json.Serialization;

namespace Bock.Builder.Graph;

/// <summary>What a stage starts from.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Image), "image")]
[JsonDerivedType(typeof(Stage), "stage")]
[JsonDerivedType(typeof(Scratch), "scratch")]
public abstract record StageBase
{

    /// <summary>An image reference as written after substitution (<c>busybox:latest</c>, <c>registry:5000/x@sha256:…</c>).</summary>
    public sealed record Image(string Reference) : StageBase;

    /// <summary>An earlier stage of the same spec, by name.</summary>
    public sealed record Stage(string Name) : StageBase;

    /// <summary>Nothing: an empty root filesystem and an empty config.</summary>
    public sealed record Scratch : StageBase;
}
