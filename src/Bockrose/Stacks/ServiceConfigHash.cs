using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bock.Api;
using Bock.Api.Dtos;

namespace Bockrose.Stacks;

/// <summary>
/// com.docker.compose.config-hash: sha256 of the container body a service maps to. Two loads of an unchanged file
/// give the same hash, so <c>up</c> again recreates only the services whose hash moved.
/// </summary>
public static class ServiceConfigHash
{
    public static string Of(ContainerCreateRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, BockApiJsonContext.Default.ContainerCreateRequest))));
}
