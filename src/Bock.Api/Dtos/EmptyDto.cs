namespace Bock.Api.Dtos;

/// <summary>Docker's <c>{}</c> in maps used as sets (Volumes, ExposedPorts).</summary>
public sealed record EmptyDto;
