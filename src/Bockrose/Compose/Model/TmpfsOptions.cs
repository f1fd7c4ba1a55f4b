namespace Bockrose.Compose.Model;

public sealed record TmpfsOptions(long? Size, int? Mode);
