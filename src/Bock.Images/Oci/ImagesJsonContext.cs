using System.Text.Json.Serialization;
using Bock.Images.Archives;
using Bock.Images.Content;
using Bock.Images.Registry;

namespace Bock.Images.Oci;

/// <summary>Source-generated JSON for every document this library reads or writes (NativeAOT: no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowTrailingCommas = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(TagIndexDocument))]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RegistryErrorDocument))]
[JsonSerializable(typeof(List<DockerArchiveManifestEntry>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
[JsonSerializable(typeof(OciLayoutFile))]
internal sealed partial class ImagesJsonContext : JsonSerializerContext;
