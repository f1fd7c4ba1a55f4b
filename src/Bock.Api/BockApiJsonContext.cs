using System.Text.Json.Serialization;
using Bock.Api.Dtos;

namespace Bock.Api;

/// <summary>Source-generated JSON for every API body; names are Docker's (PascalCase unless a DTO says otherwise).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(WaitResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(InfoResponse))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(EventMessage))]
public sealed partial class BockApiJsonContext : JsonSerializerContext;
