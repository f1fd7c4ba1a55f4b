namespace Bock.Api.Dtos;

/// <summary><c>{}</c>: the value of Docker's set-like maps (ExposedPorts, Volumes).</summary>
public sealed record EmptyJsonObject;
