using System.Text.Json.Serialization;

namespace Bock.Kernel.Spec;

/// <summary>Source-generated JSON for the spec model: no reflection, so bock-oci stays NativeAOT-clean.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(ProcessSpec))]
[JsonSerializable(typeof(ContainerState))]
public sealed partial class SpecJsonContext : JsonSerializerContext;
