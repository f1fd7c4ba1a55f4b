namespace Bock.Api.Dtos;

public sealed record WaitError(string Message);
