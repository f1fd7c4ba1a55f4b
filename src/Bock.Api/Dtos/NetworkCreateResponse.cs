namespace Bock.Api.Dtos;

public sealed record NetworkCreateResponse(string Id, string Warning);
