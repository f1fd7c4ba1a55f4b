namespace Bock.Host.Api.Dtos;

public sealed record WaitError(string Message);
