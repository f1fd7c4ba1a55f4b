using System.Text.Json.Serialization;

namespace Bock.Images.Oci;

/// <summary>The <c>oci-layout</c> marker file of an OCI image layout.</summary>
internal sealed record OciLayoutFile
{
    [JsonPropertyName("imageLayoutVersion")] public string ImageLayoutVersion { get; init; } = "1.0.0";
}
