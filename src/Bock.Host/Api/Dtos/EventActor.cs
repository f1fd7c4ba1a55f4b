namespace Bock.Host.Api.Dtos;

public sealed record EventActor(string ID, IReadOnlyDictionary<string, string> Attributes);
