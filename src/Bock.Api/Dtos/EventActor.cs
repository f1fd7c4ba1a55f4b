namespace Bock.Api.Dtos;

public sealed record EventActor(string ID, IReadOnlyDictionary<string, string> Attributes);
