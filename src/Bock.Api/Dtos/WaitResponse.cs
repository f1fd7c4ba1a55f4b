namespace Bock.Api.Dtos;

public sealed record WaitResponse(int StatusCode, WaitError? Error = null);
