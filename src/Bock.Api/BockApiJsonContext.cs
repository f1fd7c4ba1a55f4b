using System.Text.Json.Serialization;
using Bock.Api.Dtos;

namespace Bock.Api;

/// <summary>Source-generated JSON for every API body; names are Docker's (PascalCase unless a DTO says otherwise).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(WaitResponse))]
[JsonSerializable(typeof(ContainerPruneResponse))]
[JsonSerializable(typeof(PathStatDto))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(InfoResponse))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(IReadOnlyList<ImageSummary>))]
[JsonSerializable(typeof(ImageInspectResponse))]
[JsonSerializable(typeof(IReadOnlyList<ImageDeleteResponseItem>))]
[JsonSerializable(typeof(IReadOnlyList<ImageHistoryItem>))]
[JsonSerializable(typeof(ImagePruneResponse))]
[JsonSerializable(typeof(ProgressMessage))]
[JsonSerializable(typeof(AuthConfigDto))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(VolumeDto))]
[JsonSerializable(typeof(VolumeCreateRequest))]
[JsonSerializable(typeof(VolumeListResponse))]
[JsonSerializable(typeof(VolumePruneResponse))]
[JsonSerializable(typeof(SystemDfResponse))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecCreateResponse))]
[JsonSerializable(typeof(ExecStartRequest))]
[JsonSerializable(typeof(ExecInspectResponse))]
[JsonSerializable(typeof(ContainerTopResponse))]
[JsonSerializable(typeof(ContainerStatsResponse))]
public sealed partial class BockApiJsonContext : JsonSerializerContext;
